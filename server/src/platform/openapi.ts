/**
 * The OpenAPI 3 document, generated from the same route declarations that serve requests
 * (routes.ts). Nothing here is written by hand per route.
 */
import {
  OpenAPIRegistry,
  OpenApiGeneratorV3,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { ERROR_STATUS, ErrorBodySchema, ErrorCode } from '@linli/shared';
import { joinPath, responseSchema, type ApiModule, type FileUploadSpec, type Route } from './routes';

export interface OpenApiInfo {
  version: string;
  /** Defaults to the server the document is fetched from. */
  serverUrl?: string;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export function buildOpenApiDocument(modules: readonly ApiModule[], info: OpenApiInfo): OpenApiDocument {
  // Shared schemas carry their component name in zod's .meta({ id }) (ErrorBody, Health, ...), so
  // they become $refs without extending zod's prototype.
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  for (const module of modules) {
    for (const r of module.routes) registry.registerPath(toPathConfig(module, r));
  }

  const document = new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: '邻里通 Linli community services API',
      version: info.version,
      description:
        'Every error answers `{ error: { code, message, details, requestId } }`; `message` follows Accept-Language (zh-CN by default, or en).',
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    tags: modules.map((m) => ({ name: m.name })),
  });
  refuseFlaggedPatterns(document);
  return document;
}

/**
 * OpenAPI's `pattern` is a regular expression without flags. The generator writes a zod regex as
 * its `toString()` minus the slashes, so `/^[0-9a-f]{24}$/i` became the pattern `^[0-9a-f]{24}$/i`,
 * which matches nothing and makes every generated client reject every id. A flag cannot be carried
 * over, so a schema that uses one stops the boot here, naming it; write the pattern without flags
 * (`[0-9a-fA-F]` for a case-insensitive hex digit).
 */
function refuseFlaggedPatterns(document: OpenApiDocument): void {
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}/${i}`));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      // A source never holds an unescaped "/", so "…/flags" at the end is the flags leaking in.
      if (key === 'pattern' && typeof value === 'string' && /(^|[^\\])(\\\\)*\/[dgimsuvy]+$/.test(value)) {
        throw new Error(
          `OpenAPI: the pattern ${JSON.stringify(value)} at ${where} carries regex flags; ` +
            'write the zod regex without flags (e.g. [0-9a-fA-F] instead of the i flag)',
        );
      }
      walk(value, `${where}/${key}`);
    }
  };
  walk(document, '#');
}

function toPathConfig(module: ApiModule, r: Route): RouteConfig {
  const { body, query, params } = r.input;
  return {
    method: r.method,
    path: joinPath(module.basePath, r.path).replace(/:(\w+)/g, '{$1}'),
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: [module.name],
    // Public routes opt out of the bearer requirement explicitly.
    security: r.auth === 'public' ? [] : [{ bearerAuth: [] }],
    // Who may call it, machine-readable: 'public', 'signedIn', or the staff roles that may. The
    // client shows it in the docs; the route-wide authorization test walks it.
    'x-access': r.auth,
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(body ? { body: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      ...(r.fileUpload ? { body: multipartBody(r.fileUpload) } : {}),
    },
    responses: { ...successResponses(r), ...errorResponses(r) },
  };
}

/** One file in one form field: what zod cannot describe (bytes), written as plain OpenAPI. */
function multipartBody(upload: FileUploadSpec) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: [upload.field],
          properties: {
            [upload.field]: { type: 'string' as const, format: 'binary', description: upload.description },
          },
        },
      },
    },
  };
}

function successResponses(r: Route): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const schema = responseSchema(spec);
    const description =
      spec !== null &&
      typeof spec === 'object' &&
      'description' in spec &&
      typeof spec.description === 'string'
        ? spec.description
        : Number(status) === 204
          ? 'No content'
          : 'Success';
    out[status] = schema ? { description, content: { 'application/json': { schema } } } : { description };
  }
  return out;
}

/** The errors every route can produce, plus the ones it declares, grouped by status. */
function errorResponses(r: Route): Record<string, ResponseConfig> {
  const codes = new Set<ErrorCode>(r.errors);
  const { body, query, params } = r.input;
  if (body || query || params) codes.add(ErrorCode.VALIDATION_FAILED);
  if (body) {
    codes.add(ErrorCode.MALFORMED_JSON);
    codes.add(ErrorCode.PAYLOAD_TOO_LARGE);
  }
  codes.add(ErrorCode.TOO_MANY_REQUESTS);
  codes.add(ErrorCode.INTERNAL);

  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, ResponseConfig> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `Error: ${list.join(', ')}`,
      content: { 'application/json': { schema: ErrorBodySchema } },
    };
  }
  return out;
}
