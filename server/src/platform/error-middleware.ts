/**
 * The one place errors become responses. Everything below it in the chain may throw; what reaches
 * the client is always `{ error: { code, message, details, requestId } }`:
 *  - an AppError answers with its status and a message in the caller's language;
 *  - the few foreign errors we expect (Koa's http-errors) are mapped onto the same codes, and the
 *    database being unreachable becomes a 503 SERVICE_UNAVAILABLE with Retry-After;
 *  - anything else is a bug: it is logged in full with the request id, and the client gets a plain
 *    500 that says nothing about what failed (no message, no stack, no class name).
 */
import type { Middleware } from 'koa';
import {
  ERROR_MESSAGES,
  ErrorCode,
  FIELD_REASONS,
  formatMessage,
  type ErrorBody,
  type FieldIssue,
  type Locale,
} from '@linli/shared';
import type { AppState } from './context';
import {
  AppError,
  BadRequest,
  Forbidden,
  isAppError,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  RouteNotFound,
  TooManyRequests,
  Unauthorized,
  UnsupportedMediaType,
  DatabaseUnavailable,
  type FieldProblem,
} from './errors';
import { isDatabaseUnavailable } from './database-errors';
import { localeOf } from './i18n';
import type { Logger } from './logger';

export function errorMiddleware({ logger }: { logger: Logger }): Middleware<AppState> {
  return async function handleErrors(ctx, next) {
    try {
      await next();
      // Nothing answered: either no route matched, or the router found the path under other methods.
      if (ctx.body == null && ctx.status === 404) throw RouteNotFound(ctx.method, ctx.path);
      if (ctx.body == null && (ctx.status === 405 || ctx.status === 501)) {
        throw MethodNotAllowed(
          ctx.method,
          (ctx.response.get('Allow') || '').split(/\s*,\s*/).filter(Boolean),
        );
      }
    } catch (thrown) {
      const log = ctx.state.log ?? logger;
      const error = toAppError(thrown);
      if (!error) {
        log.error({ err: thrown, requestId: ctx.state.requestId }, 'unhandled error');
      } else if (error.status >= 500) {
        log.error({ err: error, requestId: ctx.state.requestId }, error.message);
      }
      const answer = error ?? new AppError(ErrorCode.INTERNAL, 'internal error');
      ctx.state.errorCode = answer.code;
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = renderError(answer, localeOf(ctx), ctx.state.requestId);
    }
  };
}

export function renderError(error: AppError, locale: Locale, requestId?: string): ErrorBody {
  const details: Record<string, unknown> = { ...error.details };
  if (error.fields) details.fields = error.fields.map((field) => renderField(field, locale));
  return {
    error: {
      code: error.code,
      message: formatMessage(ERROR_MESSAGES[error.code][locale], error.params, locale),
      ...(Object.keys(details).length > 0 ? { details } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}

function renderField(field: FieldProblem, locale: Locale): FieldIssue {
  return {
    location: field.location,
    path: field.path,
    reason: field.reason,
    message: formatMessage(FIELD_REASONS[field.reason][locale], field.params, locale),
  };
}

/**
 * Our own errors pass through. Errors Koa and its middleware raise with `expose: true` are client
 * errors by definition; map them by status. Everything else is unexpected: undefined.
 */
function toAppError(thrown: unknown): AppError | undefined {
  if (isAppError(thrown)) return thrown;
  if (isDatabaseUnavailable(thrown)) return DatabaseUnavailable(thrown);
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { status, expose, headers } = thrown as { status?: unknown; expose?: unknown; headers?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (status) {
    case 401:
      return Unauthorized();
    case 403:
      return Forbidden();
    case 404:
      return NotFound();
    case 405:
      return MethodNotAllowed('', []);
    case 413:
      return PayloadTooLarge('?');
    case 415:
      return UnsupportedMediaType('?');
    case 429: {
      const retry = Number((headers as Record<string, string> | undefined)?.['Retry-After'] ?? 60);
      return TooManyRequests(Number.isFinite(retry) ? retry : 60);
    }
    default:
      return BadRequest({ 'zh-CN': '请求格式不正确', en: 'the request is malformed' });
  }
}
