/**
 * Serves the h5 build of the client (client/dist/h5) at `/`, mounted after the API routes so
 * /api/* and /socket.io are never shadowed: anything the routes did not answer falls through here,
 * and a miss falls through again to the API's ROUTE_NOT_FOUND.
 *
 * Caching: index.html is never cached (it names the current hashed bundles); js/css under the
 * hashed output folders are cached for a year. The HTML carries its own CSP: scripts from this
 * origin plus the hashes of the build's inline scripts (Taro's rem setup), connections to this
 * origin over HTTP and WebSocket.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

export const DEFAULT_H5_DIR = path.resolve(__dirname, '../../../client/dist/h5');

const HASHED_ASSET = /^\/(js|css|static)\/.+\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** 'sha256-…' sources for every inline script in the page, for the CSP. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)]
    .map((match) => match[1])
    .filter((body) => body.length > 0)
    .map((body) => `'sha256-${crypto.createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}

export function appContentSecurityPolicy(html: string, host: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    // blob:: Taro's h5 uploadFile reads the picked photo (a blob: URL of this page) with an XHR.
    `connect-src 'self' ws://${host} wss://${host} blob:`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p.startsWith('/socket.io');
}

/** The middleware; it does nothing until the directory holds an index.html. */
export function staticApp({ dir = DEFAULT_H5_DIR }: { dir?: string } = {}): Middleware {
  const indexFile = path.join(dir, 'index.html');
  const assets = serve(dir, {
    index: false,
    maxage: 365 * 24 * 3600 * 1000,
    setHeaders(res, filePath) {
      const rel = '/' + path.relative(dir, filePath).split(path.sep).join('/');
      if (HASHED_ASSET.test(rel)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      else res.setHeader('Cache-Control', 'no-cache');
    },
  });

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path) || ctx.body != null) {
      return next();
    }
    if (ctx.path === '/' || ctx.path === '/index.html') {
      let html: string;
      try {
        html = await fs.promises.readFile(indexFile, 'utf8');
      } catch {
        return next();
      }
      ctx.status = 200;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache, no-store, must-revalidate');
      ctx.set('Content-Security-Policy', appContentSecurityPolicy(html, ctx.host));
      ctx.body = ctx.method === 'HEAD' ? null : html;
      return;
    }
    return assets(ctx, next);
  };
}
