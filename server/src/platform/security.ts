/**
 * Response hardening headers (helmet) and cross-origin rules (CORS).
 */
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * One policy for API answers and the docs page alike. The docs page loads only its own scripts and
 * styles from this server (no CDN, no inline script); Swagger UI sets inline styles and shows
 * data: images, which is what the two relaxations below are for.
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    // Mini-program and h5 clients call the API from other origins; CORS decides who may read.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

/**
 * Browsers on the listed origins (the h5 build, the admin console) may call the API. The WeChat
 * mini-program is not a browser origin and is unaffected. '*' allows any origin (development only).
 */
export function corsPolicy({ origins }: { origins: readonly string[] }): Middleware {
  const allowAny = origins.includes('*');
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      // An empty answer means "no CORS headers": the browser then refuses the cross-origin read.
      return allowAny || allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept-Language', REQUEST_ID_HEADER],
    exposeHeaders: [
      REQUEST_ID_HEADER,
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
    // Headers set before an error stay on the error response, so browsers can read error bodies.
    keepHeadersOnError: true,
  });
}
