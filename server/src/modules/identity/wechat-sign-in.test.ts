import request from 'supertest';
import { WeChatErrcode } from '../../platform/wechat/wechat-client';
import { startTestApi, type TestApi } from '../../test-support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const signIn = (code: string) => request(api.url).post('/api/v1/auth/wechat').send({ code });

describe('WeChat sign-in', () => {
  it('creates an account on first sign-in and finds the same one the next time', async () => {
    const first = await signIn(api.wechat.issueCode('openid-new-1'));
    expect(first.status).toBe(200);
    expect(first.body.isNewUser).toBe(true);
    expect(first.body.user.displayName).toMatch(/^居民[0-9A-F]{4}$/);
    expect(first.body.user.wechatLinked).toBe(true);
    expect(first.body.accessToken).toEqual(expect.any(String));
    expect(first.body.refreshToken).toEqual(expect.any(String));
    expect(first.body.expiresIn).toBe(900);
    // Nothing of WeChat's session travels back.
    expect(JSON.stringify(first.body)).not.toMatch(/session_key|sessionKey|openid/);

    const again = await signIn(api.wechat.issueCode('openid-new-1'));
    expect(again.status).toBe(200);
    expect(again.body.isNewUser).toBe(false);
    expect(again.body.user.id).toBe(first.body.user.id);

    const me = await request(api.url).get('/api/v1/me').set(api.bearer(again.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(first.body.user.id);
  });

  it('prefers the unionid: the same person from another openid is the same account', async () => {
    const first = await signIn(api.wechat.issueCode('openid-app-a', 'union-1'));
    const other = await signIn(api.wechat.issueCode('openid-app-b', 'union-1'));
    expect(other.status).toBe(200);
    expect(other.body.isNewUser).toBe(false);
    expect(other.body.user.id).toBe(first.body.user.id);
  });

  it('links a unionid to an account first seen without one', async () => {
    const first = await signIn(api.wechat.issueCode('openid-late-union'));
    const withUnion = await signIn(api.wechat.issueCode('openid-late-union', 'union-late'));
    expect(withUnion.body.user.id).toBe(first.body.user.id);
    const byUnionOnly = await signIn(api.wechat.issueCode('openid-elsewhere', 'union-late'));
    expect(byUnionOnly.body.user.id).toBe(first.body.user.id);
  });

  it('answers 400 WECHAT_CODE_INVALID for an unknown code and for a code used twice', async () => {
    const unknown = await signIn('code-never-issued');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('WECHAT_CODE_INVALID');
    expect(unknown.body.error.message).toContain('重新登录');

    const code = api.wechat.issueCode('openid-reuse');
    expect((await signIn(code)).status).toBe(200);
    const reused = await signIn(code).set('Accept-Language', 'en');
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('WECHAT_CODE_INVALID');
    expect(reused.body.error.message).toMatch(/expired or was already used/);
  });

  it.each([
    ['rate limited', WeChatErrcode.RateLimited],
    ['busy', WeChatErrcode.SystemBusy],
  ])('answers 502 WECHAT_UNAVAILABLE when WeChat is %s, and creates no account', async (_what, errcode) => {
    api.wechat.failNext('code2session', errcode);
    const res = await signIn(api.wechat.issueCode(`openid-fail-${errcode}`));
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(res.body.error.message).toContain('稍后');
  });

  it('answers 400 VALIDATION_FAILED naming the field when the code is missing', async () => {
    const res = await request(api.url).post('/api/v1/auth/wechat').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toMatchObject({ path: 'code', reason: 'required' });
  });

  it.each([
    ['drops the connection', { hangUp: true as const }],
    ['answers an HTTP error page', { httpStatus: 504 }],
  ])(
    'answers 502 WECHAT_UNAVAILABLE at once when WeChat %s, and tries the code once',
    async (_what, fault) => {
      const before = api.wechat.calls.code2session;
      api.wechat.faultNext('code2session', fault);
      const started = Date.now();
      const res = await signIn(api.wechat.issueCode(`openid-fault-${before}`));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
      expect(api.wechat.calls.code2session).toBe(before + 1);
    },
  );

  // Last in this file: it stops the fake WeChat.
  it('answers 502 WECHAT_UNAVAILABLE when WeChat does not answer at all', async () => {
    const code = api.wechat.issueCode('openid-offline');
    await api.wechat.stop();
    const res = await signIn(code);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
  });
});
