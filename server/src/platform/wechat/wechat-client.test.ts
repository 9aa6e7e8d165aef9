import { FakeWeChatServer } from './fake-wechat-server';
import { WeChatApiError, WeChatClient, WeChatErrcode } from './wechat-client';

describe('WeChatClient against a fake WeChat on 127.0.0.1', () => {
  let wechat: FakeWeChatServer;
  let now: number;
  let client: WeChatClient;

  beforeEach(async () => {
    wechat = await new FakeWeChatServer().start();
    now = Date.UTC(2026, 10, 22, 8, 0, 0);
    client = new WeChatClient({
      apiBase: wechat.apiBase,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
      now: () => now,
    });
  });
  afterEach(() => wechat.stop());

  it('exchanges a login code for the openid and unionid, and never returns the session key', async () => {
    const identity = await client.code2Session(wechat.issueCode('o-resident-1', 'u-resident-1'));
    expect(identity).toEqual({ openid: 'o-resident-1', unionid: 'u-resident-1' });
    expect(JSON.stringify(identity)).not.toContain('session');
  });

  it('reports an invalid code and a reused code as a bad login code', async () => {
    const bad = await client.code2Session('made-up').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WeChatApiError);
    expect((bad as WeChatApiError).errcode).toBe(WeChatErrcode.InvalidCode);
    expect((bad as WeChatApiError).isBadLoginCode).toBe(true);

    const code = wechat.issueCode('o-resident-2');
    await client.code2Session(code);
    const reused = (await client.code2Session(code).catch((e: unknown) => e)) as WeChatApiError;
    expect(reused.errcode).toBe(WeChatErrcode.CodeUsed);
    expect(reused.isBadLoginCode).toBe(true);
  });

  it('reports WeChat rate limiting as retryable, not as the user’s fault', async () => {
    wechat.failNext('code2session', WeChatErrcode.RateLimited, 'api minute-quota reach limit');
    const error = (await client
      .code2Session(wechat.issueCode('o-3'))
      .catch((e: unknown) => e)) as WeChatApiError;
    expect(error.errcode).toBe(45011);
    expect(error.isRetryable).toBe(true);
    expect(error.isBadLoginCode).toBe(false);
  });

  it('reports an unreachable WeChat distinctly', async () => {
    const apiBase = wechat.apiBase;
    await wechat.stop();
    const offline = new WeChatClient({ apiBase, appId: 'a', appSecret: 'b', timeoutMs: 1000 });
    const error = (await offline.code2Session('x').catch((e: unknown) => e)) as WeChatApiError;
    expect(error.errcode).toBe(WeChatErrcode.Unreachable);
    await wechat.start(); // afterEach stops it again
  });

  it('sends subscribe messages with one cached access token until it nears expiry', async () => {
    const send = (n: number) =>
      client.sendSubscribeMessage({
        toOpenid: `o-${n}`,
        templateId: 'tpl-notice',
        data: { thing1: `通知 ${n}` },
      });
    await Promise.all([send(1), send(2), send(3)]);
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.sentMessages.map((m) => m.touser).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(wechat.sentMessages[0].data.thing1.value).toMatch(/^通知 \d$/);

    now += 7200 * 1000; // past expiry
    await send(4);
    expect(wechat.tokenRequests).toBe(2);
  });

  it('refreshes a revoked token once and retries the message', async () => {
    await client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 't', data: {} });
    wechat.revokeTokens();
    await client.sendSubscribeMessage({ toOpenid: 'o-2', templateId: 't', data: {} });
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.sentMessages).toHaveLength(2);
  });

  it('passes on a refusal from WeChat (user has no credit left) without retrying', async () => {
    wechat.failNext('subscribeSend', WeChatErrcode.UserRefused, 'user refuse to accept the msg');
    const error = (await client
      .sendSubscribeMessage({ toOpenid: 'o-1', templateId: 't', data: {} })
      .catch((e: unknown) => e)) as WeChatApiError;
    expect(error.errcode).toBe(43101);
    expect(wechat.sentMessages).toHaveLength(0);
  });
});

describe('WeChatClient when WeChat is slow or failing', () => {
  let wechat: FakeWeChatServer;
  let client: WeChatClient;
  const TIMEOUT_MS = 300;

  beforeEach(async () => {
    wechat = await new FakeWeChatServer().start();
    client = new WeChatClient({
      apiBase: wechat.apiBase,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
      timeoutMs: TIMEOUT_MS,
      retries: 2,
      retryBaseMs: 20,
    });
  });
  afterEach(() => wechat.stop());

  const timed = async <T>(work: () => Promise<T>) => {
    const started = Date.now();
    const outcome = await work().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    return { ...outcome, ms: Date.now() - started };
  };

  it('gives up on a slow login exchange at the timeout, once: a single-use code is never retried', async () => {
    wechat.faultNext('code2session', { delayMs: 2000 });
    const { error, ms } = await timed(() => client.code2Session(wechat.issueCode('o-slow')));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(WeChatErrcode.Unreachable);
    expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    expect(wechat.calls.code2session).toBe(1);
  });

  it('does not retry a login exchange whose connection dropped or that met an HTTP error', async () => {
    wechat.faultNext('code2session', { hangUp: true });
    const dropped = await client.code2Session(wechat.issueCode('o-drop')).catch((e: unknown) => e);
    expect((dropped as WeChatApiError).errcode).toBe(WeChatErrcode.Unreachable);
    wechat.faultNext('code2session', { httpStatus: 502 });
    const gateway = await client.code2Session(wechat.issueCode('o-gw')).catch((e: unknown) => e);
    expect((gateway as WeChatApiError).errmsg).toMatch(/HTTP 502/);
    expect(wechat.calls.code2session).toBe(2);
  });

  it('retries fetching the access token with back-off (safe to repeat), then sends once', async () => {
    wechat.faultNext('token', { httpStatus: 502 });
    wechat.faultNext('token', { delayMs: 1000 });
    await client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 'tpl', data: { thing1: 'x' } });
    expect(wechat.calls.token).toBe(3);
    expect(wechat.sentMessages).toHaveLength(1);
  });

  it('stops retrying the token after its budget, within a bound', async () => {
    for (let i = 0; i < 3; i++) wechat.faultNext('token', { hangUp: true });
    const { error, ms } = await timed(() =>
      client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 'tpl', data: { thing1: 'x' } }),
    );
    expect((error as WeChatApiError).operation).toBe('accessToken');
    expect(wechat.calls.token).toBe(3);
    expect(ms).toBeLessThan(3 * TIMEOUT_MS + 1000);
    expect(wechat.sentMessages).toHaveLength(0);
  });

  it('retries a send only when WeChat said it did not send (busy); never after a timeout', async () => {
    wechat.failNext('subscribeSend', WeChatErrcode.SystemBusy, 'system busy');
    await client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 'tpl', data: { thing1: 'busy' } });
    expect(wechat.calls.subscribeSend).toBe(2);
    expect(wechat.sentMessages).toHaveLength(1);

    // Slow: the request times out here, but WeChat may still deliver it; a retry would send twice.
    wechat.faultNext('subscribeSend', { delayMs: 800 });
    const { error, ms } = await timed(() =>
      client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 'tpl', data: { thing1: 'slow' } }),
    );
    expect((error as WeChatApiError).errcode).toBe(WeChatErrcode.Unreachable);
    expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    expect(wechat.calls.subscribeSend).toBe(3);
    // And no retry arrives later either.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(wechat.calls.subscribeSend).toBe(3);
  });
});
