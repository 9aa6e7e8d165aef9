/**
 * Builds the Koa application from its dependencies. It never listens: main.ts puts it behind an
 * HTTP server, tests drive app.callback() through supertest.
 *
 * Middleware order matters and reads top to bottom as a request travels:
 *   request id → access log → error rendering → security headers → CORS → rate limit → body →
 *   routes (validation, handler).
 * Error rendering sits inside the request id and log, so every error answer carries the id and is
 * logged with its final status; everything that can fail sits inside error rendering.
 */
import Router from '@koa/router';
import Koa from 'koa';
import { version } from '../package.json';
import { PROBE_PATHS, systemModule } from './modules/system/routes';
import type { Authenticator } from './platform/auth';
import type { Config } from './platform/config';
import type { AppContext, AppState } from './platform/context';
import type { DatabaseProbe } from './platform/database';
import { mountDocs } from './platform/docs';
import { errorMiddleware } from './platform/error-middleware';
import type { Logger } from './platform/logger';
import { buildOpenApiDocument } from './platform/openapi';
import { createMemoryRateLimiter, rateLimit, type RateLimiter } from './platform/rate-limit';
import { requestId, requestLogging } from './platform/request-id';
import { mountModules, type ApiModule } from './platform/routes';
import { corsPolicy, securityHeaders } from './platform/security';
import { parseBodies } from './platform/body-parser';
import { staticApp } from './platform/static-app';

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseProbe;
  /** Defaults to an in-memory limiter from config; pass a Redis-backed one to share across instances. */
  rateLimiter?: RateLimiter;
  /** Turns bearer tokens into actors; the identity module provides it. Without one, only public routes work. */
  authenticator?: Authenticator;
  /** The service modules' routes (from modules/index.ts). */
  modules?: readonly ApiModule[];
  /** Modules mounted after the built-in ones (tests use this to add routes of their own). */
  extraModules?: readonly ApiModule[];
  /** The h5 build served at `/` (default client/dist/h5; served only once it holds index.html). */
  h5Dir?: string;
}

export type App = Koa<AppState, AppContext>;

export function createApp(deps: AppDeps): App {
  const { config, logger, database } = deps;
  const app: App = new Koa<AppState, AppContext>();
  // Behind a reverse proxy, ctx.ip must come from X-Forwarded-For or every client shares one budget.
  app.proxy = config.http.trustProxy;

  const modules: ApiModule[] = [
    systemModule({ database, version }),
    ...(deps.modules ?? []),
    ...(deps.extraModules ?? []),
  ];

  const router = new Router<AppState>();
  mountModules(router, modules, { authenticator: deps.authenticator });
  // Built eagerly: a schema the generator cannot handle should stop the boot, not the docs page.
  mountDocs(router, buildOpenApiDocument(modules, { version }), { enabled: config.docs.enabled });

  app.use(requestId());
  app.use(requestLogging({ logger }));
  app.use(errorMiddleware({ logger }));
  app.use(securityHeaders());
  app.use(corsPolicy({ origins: config.cors.origins }));
  app.use(
    rateLimit({
      limiter: deps.rateLimiter ?? createMemoryRateLimiter(config.rateLimit),
      skip: (path) => PROBE_PATHS.includes(path),
    }),
  );
  app.use(parseBodies({ jsonLimit: config.http.jsonLimit, formLimit: config.http.formLimit }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  // After the routes: the h5 app only sees what no API route answered.
  app.use(staticApp({ dir: deps.h5Dir }));

  // Errors are rendered by errorMiddleware; this only sees failures after the response started
  // (e.g. a client hanging up mid-stream), which are worth a line but not a stack dump.
  app.on('error', (err: Error, ctx?: AppContext) => {
    (ctx?.state.log ?? logger).warn({ err }, 'response stream error');
  });

  return app;
}
