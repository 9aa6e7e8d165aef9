/**
 * The server's side of WeChat: exchanging a `wx.login` code for the user's openid, and sending
 * subscribe messages with an access token that is fetched once and reused until it expires.
 *
 * `apiBase` is configurable (WECHAT_API_BASE) so tests point it at a fake server on 127.0.0.1;
 * production leaves it at WeChat's own host. `session_key` is deliberately not part of what this
 * returns: nothing downstream needs it, and it must never reach a client.
 */

export interface WeChatClientOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Per request; WeChat normally answers in well under a second. */
  timeoutMs?: number;
  /**
   * Further attempts for calls that are safe to repeat (see `call`), spaced by `retryBaseMs`,
   * doubling, with jitter. Defaults: 2 more attempts from 200 ms.
   */
  retries?: number;
  retryBaseMs?: number;
}

export interface WeChatIdentity {
  openid: string;
  unionid?: string;
}

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  /** Mini-program page opened when the user taps the message, e.g. `pages/notices/detail?id=…`. */
  page?: string;
  /** Template fields, e.g. `{ thing1: '停水通知', time2: '2026-11-22 09:00' }`. */
  data: Record<string, string>;
  /** developer | trial | formal */
  state?: 'developer' | 'trial' | 'formal';
}

/** What WeChat answered, when it was not success. `errcode` is WeChat's own number. */
export class WeChatApiError extends Error {
  constructor(
    readonly operation: 'code2session' | 'accessToken' | 'subscribeSend',
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${operation} failed: ${errcode} ${errmsg}`);
    this.name = 'WeChatApiError';
  }

  /** The code came from the client and is wrong, used or expired: the user should sign in again. */
  get isBadLoginCode(): boolean {
    return this.errcode === WeChatErrcode.InvalidCode || this.errcode === WeChatErrcode.CodeUsed;
  }

  /** WeChat is throttling us or is busy: worth retrying later, not the user's fault. */
  get isRetryable(): boolean {
    return this.errcode === WeChatErrcode.RateLimited || this.errcode === WeChatErrcode.SystemBusy;
  }
}

export const WeChatErrcode = {
  SystemBusy: -1,
  InvalidCredential: 40001,
  InvalidAccessToken: 40014,
  InvalidCode: 40029,
  CodeUsed: 40163,
  AccessTokenExpired: 42001,
  RateLimited: 45011,
  UserRefused: 43101,
  /** Not WeChat's: the request never got a JSON answer (network, timeout, HTTP error). */
  Unreachable: -2,
} as const;

const TOKEN_REJECTED = new Set<number>([
  WeChatErrcode.InvalidCredential,
  WeChatErrcode.InvalidAccessToken,
  WeChatErrcode.AccessTokenExpired,
]);

/** Refresh a little before WeChat's stated expiry so a token never dies mid-request. */
const TOKEN_EARLY_REFRESH_MS = 5 * 60 * 1000;

export class WeChatClient {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private cachedToken: { value: string; expiresAt: number } | undefined;
  /** One refresh in flight at a time: concurrent senders share it instead of stampeding. */
  private tokenRequest: Promise<string> | undefined;

  constructor(private readonly options: WeChatClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /**
   * One attempt, never retried: a login code is single-use, so if WeChat took it and the answer was
   * lost, a retry could only fail (40163). The user taps again instead (a fresh code), after a 502.
   */
  async code2Session(jsCode: string): Promise<WeChatIdentity> {
    const body = await this.call('code2session', 'GET', '/sns/jscode2session', {
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    if (typeof body.openid !== 'string' || body.openid === '') {
      throw new WeChatApiError('code2session', WeChatErrcode.Unreachable, 'answer carried no openid');
    }
    return typeof body.unionid === 'string' && body.unionid
      ? { openid: body.openid, unionid: body.unionid }
      : { openid: body.openid };
  }

  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    const payload = {
      touser: message.toOpenid,
      template_id: message.templateId,
      page: message.page,
      miniprogram_state: message.state ?? 'formal',
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
    };
    try {
      await this.sendWithToken(payload, await this.accessToken());
    } catch (error) {
      // A token can be revoked early (e.g. someone else fetched a new one with the same secret):
      // drop ours and try exactly once more with a fresh one.
      if (error instanceof WeChatApiError && TOKEN_REJECTED.has(error.errcode)) {
        this.cachedToken = undefined;
        await this.sendWithToken(payload, await this.accessToken());
        return;
      }
      throw error;
    }
  }

  /**
   * Retried only when WeChat answered that it did not send (busy, throttled). A timeout or a
   * dropped connection is not retried: the message may have gone out, and a resident must not
   * get it twice.
   */
  private async sendWithToken(payload: object, token: string): Promise<void> {
    await this.withRetries(
      () =>
        this.call(
          'subscribeSend',
          'POST',
          '/cgi-bin/message/subscribe/send',
          { access_token: token },
          payload,
        ),
      (error) => error.isRetryable,
    );
  }

  private accessToken(): Promise<string> {
    if (this.cachedToken && this.cachedToken.expiresAt > this.now())
      return Promise.resolve(this.cachedToken.value);
    this.tokenRequest ??= this.fetchAccessToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  /** Fetching a token is safe to repeat: retried when WeChat is unreachable, busy or throttling. */
  private async fetchAccessToken(): Promise<string> {
    const body = await this.withRetries(
      () =>
        this.call('accessToken', 'GET', '/cgi-bin/token', {
          grant_type: 'client_credential',
          appid: this.options.appId,
          secret: this.options.appSecret,
        }),
      (error) => error.isRetryable || error.errcode === WeChatErrcode.Unreachable,
    );
    if (typeof body.access_token !== 'string') {
      throw new WeChatApiError('accessToken', WeChatErrcode.Unreachable, 'answer carried no access_token');
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 7200) * 1000;
    this.cachedToken = {
      value: body.access_token,
      expiresAt: this.now() + Math.max(0, lifetimeMs - TOKEN_EARLY_REFRESH_MS),
    };
    return body.access_token;
  }

  private async withRetries<T>(
    attempt: () => Promise<T>,
    retryable: (error: WeChatApiError) => boolean,
  ): Promise<T> {
    const retries = this.options.retries ?? 2;
    const base = this.options.retryBaseMs ?? 200;
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof WeChatApiError) || !retryable(error) || n >= retries) throw error;
        // Exponential back-off with jitter, so many instances do not retry in step.
        const delay = base * 2 ** n * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async call(
    operation: WeChatApiError['operation'],
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    json?: object,
  ): Promise<Record<string, unknown>> {
    const url = new URL(path, this.options.apiBase);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: json ? { 'content-type': 'application/json' } : undefined,
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new WeChatApiError(operation, WeChatErrcode.Unreachable, (error as Error).message);
    }
    let body: Record<string, unknown>;
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      throw new WeChatApiError(operation, WeChatErrcode.Unreachable, `HTTP ${response.status} without JSON`);
    }
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0) throw new WeChatApiError(operation, errcode, String(body.errmsg ?? ''));
    if (!response.ok)
      throw new WeChatApiError(operation, WeChatErrcode.Unreachable, `HTTP ${response.status}`);
    return body;
  }
}
