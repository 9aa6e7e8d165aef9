/**
 * What every request carries through the middleware chain, typed once.
 */
import type { Context, DefaultContext, ParameterizedContext } from 'koa';
import type { ErrorCode, Home, Locale, ResidentTag, RoleGrant } from '@linli/shared';
import type { Logger } from './logger';

/**
 * The authenticated caller, as the Authenticator (auth.ts; implemented by the identity module)
 * builds it for each request from the access token and the current records. Policies decide with
 * it: grants say what staff may do and where; homes say which households, buildings and
 * communities a resident belongs to. Built per request, so an approval or a revoked grant counts
 * on the very next request rather than when a token expires.
 */
export interface Actor {
  userId: string;
  /** Staff rights; empty for a resident. */
  grants: readonly RoleGrant[];
  /** Households the user is an approved member of. */
  homes: readonly Home[];
  /** Set by the committee (living alone, low income, disability). */
  tags: readonly ResidentTag[];
  /**
   * The caller's own profile as authentication read it, so a request about themselves (an elder
   * booking their own meal) needs no second read. Absent on actors not built from a sign-in (a
   * standing order acting for its creator): read the user then.
   */
  profile?: ActorProfile;
}

export interface ActorProfile {
  displayName: string;
  phone?: string;
  /** 'YYYY-MM-DD'; ages are computed from it on the date that matters. */
  birthDate?: string;
}

export interface AppState {
  /** From a sane incoming X-Request-Id or generated; echoed in the response and every log line. */
  requestId: string;
  /** The request's logger: a child carrying requestId. Use it instead of the root logger. */
  log: Logger;
  /** Set by authentication for non-public routes; undefined on public ones. */
  actor: Actor | undefined;
  /** Set by the error middleware when the answer is an error, so the access log can show it. */
  errorCode?: ErrorCode;
}

export type AppContext = ParameterizedContext<AppState, DefaultContext>;
export type { Context };
export type { Locale };
