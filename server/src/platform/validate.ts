/**
 * Request input checked against zod schemas before a handler runs. The handler reads the parsed,
 * typed result from `ctx.input` (never ctx.request.body / ctx.query directly), so what it sees is
 * exactly what the schema promised. Every bad field in body, query and params is reported at once.
 */
import type { Middleware } from 'koa';
import { VALUE_KINDS, isLocalizedText, type MessageParams } from '@linli/shared';
import type { z } from 'zod';
import type { AppState } from './context';
import { ValidationFailed, type FieldProblem } from './errors';

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
}

/** What a handler receives: each declared part parsed; undeclared parts are undefined. */
export type InputOf<S extends InputSchemas> = {
  body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
  query: S['query'] extends z.ZodType ? z.output<S['query']> : undefined;
  params: S['params'] extends z.ZodType ? z.output<S['params']> : undefined;
};

export interface InputContext<S extends InputSchemas> {
  input: InputOf<S>;
}

type Location = FieldProblem['location'];

export function validate<S extends InputSchemas>(schemas: S): Middleware<AppState, InputContext<S>> {
  return async function validateInput(ctx, next) {
    const raw: Record<Location, unknown> = {
      body: ctx.request.body,
      // URLs carry only text: turn "2" into 2 and "true" into true where the schema wants that.
      query: schemas.query ? coerceTextFields(schemas.query, { ...ctx.query }) : undefined,
      params: schemas.params
        ? coerceTextFields(schemas.params, { ...(ctx as { params?: object }).params })
        : undefined,
    };
    const input: Record<string, unknown> = { body: undefined, query: undefined, params: undefined };
    const problems: FieldProblem[] = [];
    for (const location of ['params', 'query', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const result = await schema.safeParseAsync(raw[location]);
      if (result.success) input[location] = result.data;
      else
        problems.push(...result.error.issues.map((issue) => describeIssue(issue, location, raw[location])));
    }
    if (problems.length > 0) throw ValidationFailed(problems);
    ctx.input = input as InputOf<S>;
    await next();
  };
}

/** Turns one zod complaint into a reason key + params the error middleware can put into words. */
export function describeIssue(issue: z.core.$ZodIssue, location: Location, value: unknown): FieldProblem {
  const path = issue.path.map(String).join('.');
  const at = (reason: FieldProblem['reason'], params?: MessageParams): FieldProblem => ({
    location,
    path,
    reason,
    ...(params ? { params } : {}),
  });
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(value, issue.path) === undefined) return at('required');
      return at('invalid_type', { expected: VALUE_KINDS[issue.expected] ?? issue.expected });
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const limit = { [small ? 'minimum' : 'maximum']: Number(bound) };
      if (issue.origin === 'string') return at(small ? 'too_small_string' : 'too_big_string', limit);
      if (issue.origin === 'array' || issue.origin === 'set')
        return at(small ? 'too_small_array' : 'too_big_array', limit);
      if (issue.inclusive === false) {
        return at(small ? 'too_small_number_exclusive' : 'too_big_number_exclusive', limit);
      }
      return at(small ? 'too_small_number' : 'too_big_number', limit);
    }
    case 'invalid_format': {
      // A regex check may name its format through its message (see ObjectIdSchema in shared).
      const format = issue.format === 'regex' && VALUE_KINDS[issue.message] ? issue.message : issue.format;
      return at('invalid_format', { format: VALUE_KINDS[format] ?? format });
    }
    case 'invalid_value':
      return at('invalid_value', { options: issue.values.map((v) => String(v)).join(', ') });
    case 'not_multiple_of':
      return at('not_multiple_of', { divisor: Number(issue.divisor) });
    case 'unrecognized_keys':
      return at('unrecognized_keys', { keys: issue.keys.join(', ') });
    case 'custom': {
      const text = (issue.params as { text?: unknown } | undefined)?.text;
      return isLocalizedText(text) ? at('custom', { text }) : at('invalid');
    }
    default:
      return at('invalid');
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Query and path values arrive as strings (or arrays of strings for repeated keys). For each field
 * the schema declares: numbers and booleans are converted when the text is clearly one; a single
 * value becomes a one-item list where a list is expected; anything else is left for zod to reject
 * with a proper message. Empty strings count as absent, so `?page=` falls back to the default.
 */
export function coerceTextFields(
  schema: z.ZodObject,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    if (!(key in out)) continue;
    out[key] = coerceText(baseType(fieldSchema as z.ZodType), out[key]);
  }
  return out;
}

function coerceText(schema: z.ZodType, value: unknown): unknown {
  if (value === '') return undefined;
  const type = schema._zod.def.type;
  if (type === 'array') {
    const element = baseType((schema._zod.def as unknown as { element: z.ZodType }).element);
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => coerceText(element, item));
  }
  if (typeof value !== 'string') return value;
  if (type === 'number' && /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value.trim())) return Number(value);
  if (type === 'bigint' && /^-?\d+$/.test(value.trim())) return BigInt(value);
  if (type === 'boolean') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
  }
  return value;
}

/** Looks through optional(), default(), nullable() and the input side of pipes to the real type. */
function baseType(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as unknown as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (
      def.innerType &&
      ['optional', 'default', 'nullable', 'prefault', 'catch', 'readonly'].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      break;
    }
  }
  return current;
}
