/**
 * The errors domain code throws. Each carries a shared error code and the parameters its message
 * needs; the error middleware (error-middleware.ts) turns it into the response. Throw, don't
 * build responses by hand: `throw NotFound('mealSlot')`, `throw Conflict({ 'zh-CN': '该餐次已约满', en: 'the slot is full' })`.
 *
 * The `message` on the Error object itself is for logs and developers (English); people read the
 * localized message rendered from code + params.
 */
import {
  ERROR_STATUS,
  ErrorCode,
  RESOURCE_NAMES,
  SERVICE_NAMES,
  type FieldReason,
  type LocalizedText,
  type MessageParams,
} from '@linli/shared';

/** A field problem before it is put into words (the middleware localizes it). */
export interface FieldProblem {
  location: 'body' | 'query' | 'params';
  /** Dotted path inside that part of the request, '' for the part as a whole. */
  path: string;
  reason: FieldReason;
  params?: MessageParams;
}

export interface AppErrorOptions {
  params?: MessageParams;
  /** Facts the client may use (shown in `error.details`); never anything private. */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After, Allow. */
  headers?: Record<string, string>;
  fields?: FieldProblem[];
  cause?: unknown;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly params: MessageParams;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;
  readonly fields: FieldProblem[] | undefined;

  constructor(
    readonly code: ErrorCode,
    logMessage: string,
    options: AppErrorOptions = {},
  ) {
    super(logMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = ERROR_STATUS[code];
    this.params = options.params ?? {};
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.fields = options.fields;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Text for a message: a plain string is shown as-is in both languages. */
type Reason = string | LocalizedText;
const both = (text: Reason): LocalizedText => (typeof text === 'string' ? { 'zh-CN': text, en: text } : text);
const english = (text: Reason) => (typeof text === 'string' ? text : text.en);

/** The request makes no sense for a reason not covered by validation. */
export const BadRequest = (reason: Reason, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.BAD_REQUEST, `bad request: ${english(reason)}`, {
    params: { reason: both(reason) },
    details,
  });

export const MalformedJson = () => new AppError(ErrorCode.MALFORMED_JSON, 'request body is not valid JSON');

export const ValidationFailed = (fields: FieldProblem[]) =>
  new AppError(
    ErrorCode.VALIDATION_FAILED,
    `validation failed: ${fields.map((f) => `${f.location}${f.path ? '.' + f.path : ''} ${f.reason}`).join('; ')}`,
    { params: { count: fields.length }, fields },
  );

export const Unauthorized = () => new AppError(ErrorCode.UNAUTHORIZED, 'authentication required');

export const Forbidden = (why = 'not permitted') => new AppError(ErrorCode.FORBIDDEN, `forbidden: ${why}`);

/** `resource` is a RESOURCE_NAMES key ('mealSlot') or the noun in both languages. */
export const NotFound = (resource: string | LocalizedText = 'resource') =>
  new AppError(ErrorCode.NOT_FOUND, `${typeof resource === 'string' ? resource : resource.en} not found`, {
    params: { resource: typeof resource === 'string' ? (RESOURCE_NAMES[resource] ?? resource) : resource },
  });

/** The request clashes with the current state (slot full, already voted, wrong status). */
export const Conflict = (reason: Reason, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.CONFLICT, `conflict: ${english(reason)}`, {
    params: { reason: both(reason) },
    details,
  });

export const RouteNotFound = (method: string, path: string) =>
  new AppError(ErrorCode.ROUTE_NOT_FOUND, `no route ${method} ${path}`, { params: { method, path } });

export const MethodNotAllowed = (method: string, allowed: string[]) =>
  new AppError(ErrorCode.METHOD_NOT_ALLOWED, `${method} not allowed`, {
    params: { method, allowed: allowed.join(', ') },
    details: { allowed },
    headers: { Allow: allowed.join(', ') },
  });

export const PayloadTooLarge = (limit: string) =>
  new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `body exceeds ${limit}`, {
    params: { limit },
    details: { limit },
  });

export const UnsupportedMediaType = (type: string) =>
  new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `unsupported content type ${type}`);

export const TooManyRequests = (retryAfterSeconds: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(ErrorCode.TOO_MANY_REQUESTS, 'rate limit exceeded', {
    params: { retryAfter: seconds },
    details: { retryAfterSeconds: seconds },
    headers: { 'Retry-After': String(seconds) },
  });
};

/** A service we depend on (WeChat, the database) failed; `service` is a SERVICE_NAMES key. */
export const BadGateway = (service: string, cause?: unknown) =>
  new AppError(ErrorCode.BAD_GATEWAY, `${service} failed`, {
    params: { service: SERVICE_NAMES[service] ?? service },
    cause,
  });

export const ServiceUnavailable = (why = 'unavailable') =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, `service unavailable: ${why}`);

/** The database is unreachable; the caller may retry after a few seconds (the API reconnects by itself). */
export const DatabaseUnavailable = (cause?: unknown) =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'service unavailable: database unreachable', {
    details: { service: 'database', retryAfterSeconds: 5 },
    headers: { 'Retry-After': '5' },
    cause,
  });
