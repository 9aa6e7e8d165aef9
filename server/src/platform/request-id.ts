/**
 * Every request gets an id, echoed in X-Request-Id and stamped on its log lines, so a user's
 * "it failed, request id …" leads straight to the log. A caller (a proxy, the client) may supply
 * one to stitch its own logs to ours; we keep it only if it is short and plain, so it cannot be
 * used to inject text into logs or headers.
 */
import crypto from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from './context';
import type { Logger } from './logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

export function requestId(): Middleware<AppState> {
  return async function assignRequestId(ctx, next) {
    const id = requestIdFrom(ctx.get(REQUEST_ID_HEADER));
    ctx.state.requestId = id;
    ctx.set(REQUEST_ID_HEADER, id);
    await next();
  };
}

/**
 * Gives the request its own child logger and writes one access line when the response is done.
 * The query string is left out of the line: it can carry personal data (phone numbers in search).
 */
export function requestLogging({ logger }: { logger: Logger }): Middleware<AppState> {
  return async function logRequest(ctx, next) {
    const started = process.hrtime.bigint();
    // Most requests never log anything of their own: build their child logger only when asked.
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (child ??= logger.child({ requestId: ctx.state.requestId })),
      configurable: true,
      enumerable: true,
    });
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round(durationMs * 10) / 10,
        ...(ctx.state.errorCode ? { errorCode: ctx.state.errorCode } : {}),
      };
      const stamped = { requestId: ctx.state.requestId, ...line };
      if (ctx.status >= 500) logger.error(stamped, 'request failed');
      else logger.info(stamped, 'request completed');
    }
  };
}
