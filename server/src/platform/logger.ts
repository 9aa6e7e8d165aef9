/**
 * Structured JSON logs (pino), one line per event. Secrets and personal data are redacted at the
 * logger, not at each call site, because the call site that forgets is the one that leaks.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/** Field names that never reach a log line, at the top level or up to three levels down. */
const SENSITIVE_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'jwtSecret',
  'secret',
  'phone',
  'phoneNumber',
  'mobile',
  'idCard',
];

const SENSITIVE = new Set(SENSITIVE_FIELDS.map((field) => field.toLowerCase()));
const REDACTED = '[redacted]';
/** Deep enough for `req.headers.authorization` or `user.profile.password`; log objects are small. */
const MAX_DEPTH = 4;

/**
 * Returns `value` with every sensitive field, at any depth up to MAX_DEPTH, replaced by
 * '[redacted]'. Copy-on-write: objects with nothing to hide are returned as they are, so the
 * common access-log line costs a handful of Set lookups. (pino's own wildcard redaction does the
 * same job but, with a path per field and depth, took a fifth of the CPU of a whole request.)
 * Only plain objects and arrays are walked; Errors and other class instances go to their serializers.
 */
export function redactSensitive<T>(value: T, depth = 0): T {
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redactSensitive(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    });
    return (copy ?? value) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const redacted = SENSITIVE.has(key.toLowerCase()) ? REDACTED : redactSensitive(item, depth + 1);
    if (redacted !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = redacted;
  }
  return (copy ?? value) as T;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'linli-server' },
      formatters: { log: (object) => redactSensitive(object) },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Error objects under `err` keep their type, message and stack in the line.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
