/**
 * The one typed API client. It wraps a Taro.request-like transport, attaches the access token,
 * and on a 401 refreshes the session once, then retries the request once.
 *
 * Refreshing is serialised: the server rotates refresh tokens and revokes the whole sign-in when one
 * refresh token is presented twice, so concurrent 401s must share one refresh. A request whose
 * 401 arrives after someone else already refreshed just retries with the new token.
 * When the refresh is refused the session is over: tokens are cleared and onSignedOut runs.
 */
import type { z } from 'zod';
import { SessionSchema, type Session } from '@linli/shared/identity-api';
import { getLocale, t } from '../i18n';
import { ApiError, errorFromResponse, networkError } from './api-error';
import type { StoredTokens, TokenStore } from './token-store';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  url: string;
  method: HttpMethod;
  data?: unknown;
  header: Record<string, string>;
}
export interface TransportResponse {
  statusCode: number;
  data: unknown;
}
/** Taro.request's shape, narrowed to what we use. Rejects when the server cannot be reached. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export interface RequestOptions<T> {
  body?: unknown;
  /** Validates and types the answer; without one the answer is returned as unknown-cast T. */
  schema?: z.ZodType<T>;
  /** Send the access token (default true). */
  auth?: boolean;
}

export interface ApiClientOptions {
  baseUrl: string;
  transport: Transport;
  tokens: TokenStore;
  /** Called once when a refresh is refused and the session is cleared. */
  onSignedOut?: () => void;
}

export const REFRESH_PATH = '/api/v1/auth/refresh';

export class ApiClient {
  private refreshing: Promise<StoredTokens | null> | null = null;

  constructor(private readonly options: ApiClientOptions) {}

  get tokens(): TokenStore {
    return this.options.tokens;
  }

  get<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('POST', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('PUT', path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('PATCH', path, { ...options, body });
  }

  delete<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('DELETE', path, options);
  }

  /** Stores the tokens of a fresh sign-in. */
  startSession(session: Pick<Session, 'accessToken' | 'refreshToken'>): void {
    this.options.tokens.set({ accessToken: session.accessToken, refreshToken: session.refreshToken });
  }

  /** Forgets the session locally (the caller tells the server first if it can). */
  endSession(): void {
    this.options.tokens.clear();
  }

  /**
   * New tokens for another channel (the realtime socket) whose `staleAccessToken` was refused:
   * shares the one refresh with concurrent requests. Null when the session is over.
   */
  async refreshFor(staleAccessToken: string): Promise<StoredTokens | null> {
    const current = this.options.tokens.get();
    if (!current) return null;
    return this.refreshAfter({ ...current, accessToken: staleAccessToken });
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions<T> = {}): Promise<T> {
    const auth = options.auth ?? true;
    const sentWith = auth ? this.options.tokens.get() : null;
    let response = await this.send(method, path, options.body, sentWith?.accessToken);

    if (response.statusCode === 401 && auth && sentWith) {
      const fresh = await this.refreshAfter(sentWith);
      if (!fresh) throw this.sessionExpired(response);
      response = await this.send(method, path, options.body, fresh.accessToken);
      if (response.statusCode === 401) {
        this.signOut();
        throw this.sessionExpired(response);
      }
    }
    return this.parse(response, options.schema);
  }

  private async send(method: HttpMethod, path: string, body: unknown, accessToken?: string) {
    const header: Record<string, string> = { 'Accept-Language': getLocale() };
    if (body !== undefined) header['Content-Type'] = 'application/json';
    if (accessToken) header.Authorization = `Bearer ${accessToken}`;
    try {
      return await this.options.transport({ url: this.options.baseUrl + path, method, data: body, header });
    } catch {
      throw networkError();
    }
  }

  private parse<T>(response: TransportResponse, schema?: z.ZodType<T>): T {
    const { statusCode, data } = response;
    if (statusCode < 200 || statusCode >= 300) throw errorFromResponse(statusCode, data);
    if (statusCode === 204 || !schema) return data as T;
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new ApiError(t('errorUnknown', { status: statusCode }), statusCode);
    return parsed.data;
  }

  /**
   * New tokens after `stale` was refused, refreshing at most once for everyone who was refused
   * with the same tokens. Null when the session is over.
   */
  private async refreshAfter(stale: StoredTokens): Promise<StoredTokens | null> {
    if (this.refreshing) return this.refreshing;
    const current = this.options.tokens.get();
    if (!current) return null;
    // Someone refreshed while our request was in flight: use their tokens.
    if (current.accessToken !== stale.accessToken) return current;

    this.refreshing = this.refresh(current.refreshToken).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(refreshToken: string): Promise<StoredTokens | null> {
    // An unreachable server throws here and keeps the session: the person can retry.
    const response = await this.send('POST', REFRESH_PATH, { refreshToken });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const parsed = SessionSchema.safeParse(response.data);
      if (parsed.success) {
        const tokens = { accessToken: parsed.data.accessToken, refreshToken: parsed.data.refreshToken };
        this.options.tokens.set(tokens);
        return tokens;
      }
    }
    if (response.statusCode >= 500 || response.statusCode === 429) {
      // The server is struggling, not refusing the session: report it, keep the tokens.
      throw errorFromResponse(response.statusCode, response.data);
    }
    this.signOut();
    return null;
  }

  private signOut(): void {
    const hadSession = this.options.tokens.get() !== null;
    this.options.tokens.clear();
    if (hadSession) this.options.onSignedOut?.();
  }

  private sessionExpired(response: TransportResponse): ApiError {
    const original = errorFromResponse(response.statusCode, response.data);
    return new ApiError(t('errorSessionExpired'), 401, original.code, original.requestId);
  }
}
