import {
  ApiClient,
  REFRESH_PATH,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './api-client';
import { ApiError, errorFromResponse, fieldMessagesOf } from './api-error';
import { createMemoryTokenStore, createTaroTokenStore } from './token-store';
import { setLocale } from '../i18n';

const USER = {
  id: '6b025f65169ffc6f5782408e',
  displayName: '王奶奶',
  wechatLinked: false,
  grants: [],
  homes: [],
  tags: [],
  demo: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function session(n: number) {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user: USER };
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, requestId: 'req-1', ...extra } };
}

/**
 * A fake server: /api/v1/me answers 200 only to the current access token; refresh rotates tokens
 * and, like the real server, treats a refresh token presented twice as reuse.
 */
function fakeServer(options: { refreshDelayMs?: number; refuseRefresh?: boolean } = {}) {
  let generation = 1;
  const used = new Set<string>();
  const calls: TransportRequest[] = [];
  const transport: Transport = async (request) => {
    calls.push(request);
    const path = request.url.replace('http://api.test', '');
    if (path === REFRESH_PATH) {
      const { refreshToken } = request.data as { refreshToken: string };
      if (options.refreshDelayMs) await new Promise((r) => setTimeout(r, options.refreshDelayMs));
      if (options.refuseRefresh || used.has(refreshToken) || refreshToken !== `refresh-${generation}`) {
        return { statusCode: 401, data: errorBody('REFRESH_TOKEN_REUSED', '登录已失效，请重新登录。') };
      }
      used.add(refreshToken);
      generation += 1;
      return { statusCode: 200, data: session(generation) };
    }
    if (request.header.Authorization !== `Bearer access-${generation}`) {
      return { statusCode: 401, data: errorBody('TOKEN_EXPIRED', '登录已过期，请重新登录。') };
    }
    return { statusCode: 200, data: { ok: true, path } };
  };
  return {
    transport,
    calls,
    refreshCalls: () => calls.filter((c) => c.url.endsWith(REFRESH_PATH)).length,
    get generation() {
      return generation;
    },
  };
}

function client(server: ReturnType<typeof fakeServer>, tokens = createMemoryTokenStore()) {
  const onSignedOut = jest.fn();
  const api = new ApiClient({ baseUrl: 'http://api.test', transport: server.transport, tokens, onSignedOut });
  return { api, tokens, onSignedOut };
}

beforeEach(() => setLocale('zh-CN'));

describe('ApiClient', () => {
  it('attaches the access token and the language', async () => {
    const server = fakeServer();
    const { api } = client(
      server,
      createMemoryTokenStore({ accessToken: 'access-1', refreshToken: 'refresh-1' }),
    );
    await expect(api.get('/api/v1/me')).resolves.toEqual({ ok: true, path: '/api/v1/me' });
    expect(server.calls[0].header).toMatchObject({
      Authorization: 'Bearer access-1',
      'Accept-Language': 'zh-CN',
    });
  });

  it('on 401 refreshes once, stores the new tokens and retries', async () => {
    const server = fakeServer();
    // Stored access token is stale (server is at generation 1 but we hold an old one).
    const { api, tokens, onSignedOut } = client(
      server,
      createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' }),
    );
    await expect(api.get('/api/v1/me')).resolves.toMatchObject({ ok: true });
    expect(server.refreshCalls()).toBe(1);
    expect(tokens.get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(server.calls.map((c) => c.url.replace('http://api.test', ''))).toEqual([
      '/api/v1/me',
      REFRESH_PATH,
      '/api/v1/me',
    ]);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('serialises refresh: concurrent 401s share one refresh and all succeed', async () => {
    const server = fakeServer({ refreshDelayMs: 20 });
    const { api, tokens, onSignedOut } = client(
      server,
      createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' }),
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => api.get(`/api/v1/thing/${n}`)));
    expect(results).toHaveLength(5);
    expect(server.refreshCalls()).toBe(1);
    expect(tokens.get()?.refreshToken).toBe('refresh-2');
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('does not refresh again when another request already did', async () => {
    const server = fakeServer();
    const tokens = createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' });
    const slow: Transport = async (request) => {
      // The first request's 401 arrives only after a second request has refreshed.
      if (request.url.endsWith('/slow')) await new Promise((r) => setTimeout(r, 30));
      return server.transport(request);
    };
    const api = new ApiClient({ baseUrl: 'http://api.test', transport: slow, tokens });
    const first = api.get('/slow');
    await api.get('/fast');
    await expect(first).resolves.toMatchObject({ ok: true });
    expect(server.refreshCalls()).toBe(1);
  });

  it('signs out when the refresh is refused, with a readable message', async () => {
    const server = fakeServer({ refuseRefresh: true });
    const { api, tokens, onSignedOut } = client(
      server,
      createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' }),
    );
    const error = await api.get('/api/v1/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toBe('登录已过期，请重新登录。');
    expect(tokens.get()).toBeNull();
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(server.refreshCalls()).toBe(1);
  });

  it('concurrent requests on a refused refresh sign out once', async () => {
    const server = fakeServer({ refuseRefresh: true, refreshDelayMs: 10 });
    const { api, onSignedOut } = client(
      server,
      createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' }),
    );
    const outcomes = await Promise.allSettled([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(server.refreshCalls()).toBe(1);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    const tokens = createMemoryTokenStore({ accessToken: 'access-0', refreshToken: 'refresh-1' });
    const transport: Transport = async (request) => {
      if (request.url.endsWith(REFRESH_PATH)) throw new Error('request:fail');
      return { statusCode: 401, data: errorBody('TOKEN_EXPIRED', 'expired') };
    };
    const onSignedOut = jest.fn();
    const api = new ApiClient({ baseUrl: '', transport, tokens, onSignedOut });
    const error = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toBe('网络连接失败，请检查网络后重试。');
    expect(tokens.get()).not.toBeNull();
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('does not refresh for calls made without a session', async () => {
    const server = fakeServer();
    const { api } = client(server);
    const error = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(server.refreshCalls()).toBe(0);
  });
});

describe('error messages', () => {
  const answer =
    (response: TransportResponse): Transport =>
    async () =>
      response;

  it("uses the server's sentence, keeps the code for logic", async () => {
    const api = new ApiClient({
      baseUrl: '',
      tokens: createMemoryTokenStore(),
      transport: answer({ statusCode: 401, data: errorBody('INVALID_CREDENTIALS', '用户名或密码不正确。') }),
    });
    const error = (await api
      .post('/api/v1/auth/staff', {}, { auth: false })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('用户名或密码不正确。');
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.requestId).toBe('req-1');
  });

  it('renders the catalogue text when the message is missing or is just the code', async () => {
    const api = new ApiClient({
      baseUrl: '',
      tokens: createMemoryTokenStore(),
      transport: answer({ statusCode: 429, data: errorBody('TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS') }),
    });
    const error = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.message).not.toContain('TOO_MANY_REQUESTS');
    expect(error.message.length).toBeGreaterThan(4);
  });

  it('lists the bad fields of a validation failure', async () => {
    const api = new ApiClient({
      baseUrl: '',
      tokens: createMemoryTokenStore(),
      transport: answer({
        statusCode: 400,
        data: errorBody('VALIDATION_FAILED', '提交的内容有误，请修改后重试。', {
          details: { fields: [{ location: 'body', path: 'phone', reason: 'regex', message: '格式不正确' }] },
        }),
      }),
    });
    const error = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('提交的内容有误，请修改后重试。 (phone: 格式不正确)');
  });

  it('never shows a raw body: unknown shapes become a sentence with the status', async () => {
    setLocale('en');
    const api = new ApiClient({
      baseUrl: '',
      tokens: createMemoryTokenStore(),
      transport: answer({ statusCode: 502, data: '<html>Bad Gateway</html>' }),
    });
    const error = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Something unexpected happened (status 502). Please try again later.');
  });

  it('rejects an answer that does not match its schema', async () => {
    const { SessionSchema } = await import('@linli/shared/identity-api');
    const api = new ApiClient({
      baseUrl: '',
      tokens: createMemoryTokenStore(),
      transport: answer({ statusCode: 200, data: { accessToken: 1 } }),
    });
    await expect(api.post('/x', {}, { schema: SessionSchema, auth: false })).rejects.toBeInstanceOf(ApiError);
  });
});

describe('fieldMessagesOf', () => {
  it("maps a 400's body fields to their messages, the first per field, and nothing for other failures", () => {
    const details = {
      fields: [
        { location: 'body', path: 'servingHours.lunch.to', message: '结束时间须晚于开始时间' },
        { location: 'body', path: 'servingHours.lunch.to', message: 'second' },
        { location: 'query', path: 'page', message: 'not a body field' },
        { location: 'body', path: 'address', message: '至少 1 个字' },
      ],
    };
    const invalid = new ApiError('有 3 处填写不符合要求', 400, 'VALIDATION_FAILED', 'r1', details);
    expect(fieldMessagesOf(invalid)).toEqual({
      'servingHours.lunch.to': '结束时间须晚于开始时间',
      address: '至少 1 个字',
    });
    expect(fieldMessagesOf(errorFromResponse(409, { error: { code: 'CONFLICT', message: 'x' } }))).toEqual(
      {},
    );
    expect(fieldMessagesOf(new Error('network'))).toEqual({});
  });
});

describe('Taro token store', () => {
  it('keeps tokens in Taro storage and forgets them on clear', () => {
    const store = createTaroTokenStore('test.tokens');
    expect(store.get()).toBeNull();
    store.set({ accessToken: 'a', refreshToken: 'r' });
    expect(createTaroTokenStore('test.tokens').get()).toEqual({ accessToken: 'a', refreshToken: 'r' });
    store.clear();
    expect(store.get()).toBeNull();
  });
});
