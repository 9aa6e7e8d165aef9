/**
 * GET /api/openapi.json and a browsable page at /api/docs. Swagger UI's files come from the
 * swagger-ui-dist package on this machine (no CDN: deployments may be offline), and only the few
 * files the page needs are served, by name, so nothing else in that folder is reachable.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Router from '@koa/router';
import type { AppState } from './context';
import type { OpenApiDocument } from './openapi';

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

export const DOCS_PATH = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>邻里通 API</title>
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

// A file rather than an inline script, so the CSP can forbid inline scripts everywhere.
const INIT = `window.ui = SwaggerUIBundle({
  url: '${OPENAPI_PATH}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

export function mountDocs(
  router: Router<AppState>,
  document: OpenApiDocument,
  { enabled }: { enabled: boolean },
) {
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.body = document;
  });
  if (!enabled) return;
  router.get([DOCS_PATH, `${DOCS_PATH}/`], (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get(`${DOCS_PATH}/init.js`, (ctx) => {
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.body = INIT;
  });
  router.get(`${DOCS_PATH}/:asset`, (ctx, next) => {
    const type = ASSETS[ctx.params.asset];
    if (!type) return next();
    ctx.type = type;
    // The package version is in the dependency tree, not the URL: cache for a day, not forever.
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = fs.createReadStream(path.join(SWAGGER_DIR, ctx.params.asset));
  });
}
