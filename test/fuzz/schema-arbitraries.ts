/**
 * fast-check arbitraries read off the OpenAPI document's JSON schemas: a plausible value for a
 * schema (so one broken field travels next to well-formed ones and reaches deeper code), and the
 * hostile values a careless or malicious client sends. Nothing here knows a route; everything is
 * derived from the schema the route publishes.
 */
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/** Resolves `#/components/schemas/X` against the document. */
export type Resolve = (schema: JsonSchema) => JsonSchema;

export function resolverFor(doc: { components?: { schemas?: Record<string, JsonSchema> } }): Resolve {
  const resolve: Resolve = (schema) => {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 20; depth++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = doc.components?.schemas?.[name] ?? {};
    }
    return current;
  };
  return resolve;
}

/** A 24-hex id pattern, however the document spells it (flags leaked into the text included). */
export const looksLikeObjectId = (schema: JsonSchema) =>
  typeof schema.pattern === 'string' && /0-9a-f\]\{24\}/i.test(schema.pattern);

/** Where a plausible value finds real ids: the walk hands in ids that exist in the store. */
export interface IdSource {
  /** An id that exists (or a fresh one when none is known), for a field or parameter named `name`. */
  real(name: string): fc.Arbitrary<string>;
}

const dates = fc.constantFrom('2031-03-05', '2031-03-04', '2031-04-01', '2030-12-31');
const dateTimes = fc.constantFrom('2031-03-05T04:00:00.000Z', '2031-03-10T00:00:00Z');
const months = fc.constantFrom('2031-03', '2031-02');

/** A value that matches `schema` as far as a schema can say (names give ids their collection). */
export function plausible(
  schema: JsonSchema,
  resolve: Resolve,
  ids: IdSource,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (depth > 6) return fc.constant(null);
  if (s.enum && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((v) => plausible(v, resolve, ids, name, depth + 1)));
  if (s.allOf && s.allOf.length > 0) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf.map(resolve)) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
    }
    return plausible(merged, resolve, ids, name, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return plausibleString(s, ids, name);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? Math.max(min + 100, 100);
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 1_000_000)) })
        : fc.double({ min, max: Math.min(max, min + 1_000_000), noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = s.items ?? {};
      return fc.array(plausible(item, resolve, ids, name, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)),
      });
    }
    case 'object':
    default: {
      if (!s.properties) return type === 'object' ? fc.constant({}) : fc.constant('x');
      const required = new Set(s.required ?? []);
      const entries = Object.entries(s.properties).map(
        ([key, value]) => [key, plausible(value, resolve, ids, key, depth + 1)] as const,
      );
      return fc.record(Object.fromEntries(entries), {
        requiredKeys: [...required].filter((k) => k in s.properties!),
      });
    }
  }
}

function plausibleString(s: JsonSchema, ids: IdSource, name: string): fc.Arbitrary<string> {
  if (looksLikeObjectId(s)) return ids.real(name);
  if (s.format === 'date' || /YYYY-MM-DD|\\d\{4\}-\\d\{2\}-\\d\{2\}\$/.test(s.pattern ?? '')) return dates;
  if (s.format === 'date-time') return dateTimes;
  if (/\\d\{4\}-\\d\{2\}\$/.test(s.pattern ?? '')) return months;
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).map((v) => v.slice(0, s.maxLength ?? 200));
    } catch {
      // A pattern JavaScript cannot read: any text (the server will say what it wanted).
    }
  }
  const minLength = s.minLength ?? 1;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 20, 20)) });
}

// ---- hostile values -------------------------------------------------------------------------

/** Built so that the printed form of a failing case says exactly what was sent. */
export const longText = (length: number, char = 'x') => char.repeat(length);

/** `[[[…[1]…]]]` or `{"a":{"a":…}}` nested `depth` deep. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Keys that reach Object.prototype when code copies them with plain assignment. */
export const prototypeKeys = () =>
  JSON.parse(
    '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
  ) as Record<string, unknown>;

export const operatorObjects = fc.constantFrom<Record<string, unknown>>(
  { $gt: '' },
  { $where: '1' },
  { $ne: null },
  { $regex: '.*' },
  { $in: [] },
  { $expr: { $eq: [1, 1] } },
);

const unicodeTexts = fc.constantFrom(
  '👵🏻👨‍👩‍👧‍👦🏳️‍🌈',
  '\u202eRTL override\u202c',
  'مرحبا بالعالم',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'e\u0301\u0301\u0301',
  '\ufeff\u200b\u2028\u2029',
  '王奶奶'.repeat(50),
);

const edgeNumbers = fc.constantFrom(
  -1,
  0,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 31) - 1,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
);

/** Anything a hostile or broken client might put where a value belongs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  operatorObjects,
  fc.constant(longText(100_000)),
  fc
    .integer({ min: 50, max: 3000 })
    .chain((depth) =>
      fc.constantFrom('array', 'object').map((kind) => nested(depth, kind as 'array' | 'object')),
    ),
  unicodeTexts,
  edgeNumbers,
  fc.double(),
  fc.constantFrom<unknown>(null, true, false, '', [], {}, [1, 'a', null], 'null', 'true', '0'),
  fc.constant(null).map(() => prototypeKeys()),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.anything({ maxDepth: 3 }),
);

/** Hostile text for a URL (query values and path segments). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: unicodeTexts, weight: 4 },
  { arbitrary: fc.constant(longText(4000)), weight: 4 },
  // Past the HTTP parser's header limit: refused before routing, so rarer than the rest.
  { arbitrary: fc.constant(longText(100_000)), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      '{"$gt":""}',
      '{"$where":"1"}',
      '-1',
      '1e308',
      'NaN',
      'Infinity',
      '0x10',
      '1.5',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      '%00',
      "' OR 1=1 --",
    ),
    weight: 4,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 4 },
);

/** Ids in path parameters: malformed, and well-formed but pointing at nothing. */
export const malformedId = fc.oneof(
  fc.constantFrom(
    'not-an-id',
    '0',
    '665f1c2ab7e4a1d2c3b4a5f',
    '665f1c2ab7e4a1d2c3b4a5f66',
    '665F1C2AB7E4A1D2C3B4A5F6',
    'zzzzzzzzzzzzzzzzzzzzzzzz',
    '__proto__',
    'constructor',
    '{"$gt":""}',
    'a\u0000b',
    '👵',
    longText(3000, 'a'),
  ),
  hostileText,
);
export const missingId = fc.stringMatching(/^[0-9a-f]{24}$/);
