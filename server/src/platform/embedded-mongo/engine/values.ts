/**
 * BSON values as the engine sees them: canonical form, cloning, hashing for indexes, and the BSON
 * comparison order used for sorting.
 *
 * Values are recognised by `_bsontype` rather than `instanceof`, so a second copy of the bson
 * package (another helper's, or the driver's) cannot make equal values look different.
 */
import { Long, type Document } from 'bson';

type BsonValue = { _bsontype: string } & Record<string, unknown>;

export function bsonType(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

/** A document or sub-document: a plain object, not a Date, RegExp, buffer or bson value. */
export function isPlainObject(v: unknown): v is Document {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return false;
  return bsonType(v) === undefined;
}

/**
 * A fresh copy of an incoming value with numeric wrappers unwrapped: mingo compares `new Int32(1)`
 * and `1` as different values, so everything stored or queried holds plain numbers. Longs beyond
 * 2^53 stay Longs because a number would lose digits.
 */
export function canonicalize(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(canonicalize);
  if (v instanceof Date) return new Date(v.getTime());
  const t = bsonType(v);
  if (t !== undefined) {
    if (t === 'Int32' || t === 'Double') return (v as unknown as { valueOf(): number }).valueOf();
    if (t === 'Long') {
      const long = v as unknown as Long;
      const n = long.toNumber();
      return Number.isSafeInteger(n) ? n : v;
    }
    return v;
  }
  if (v instanceof RegExp || ArrayBuffer.isView(v)) return v;
  const out: Document = {};
  for (const key of Object.keys(v)) {
    const value = (v as Document)[key];
    if (value !== undefined) out[key] = canonicalize(value);
  }
  return out;
}

export function canonicalDoc(v: unknown): Document {
  return isPlainObject(v) ? (canonicalize(v) as Document) : {};
}

/** Deep copy that keeps bson class instances (treated as immutable) and copies Dates. */
export function clone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Document = {};
  for (const key in v) out[key] = clone((v as Document)[key]);
  return out as T;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const t = bsonType(v);
  if (t === 'Long' || t === 'Int32' || t === 'Double')
    return Number((v as unknown as { toString(): string }).toString());
  if (t === 'Decimal128') return Number((v as unknown as { toString(): string }).toString());
  return undefined;
}

/**
 * A string equal for exactly the values MongoDB's equality treats as equal (1, 1.0 and Long(1)
 * alike; missing and null alike), used as the hash key of indexes and for distinct.
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'N';
  switch (typeof v) {
    case 'number':
      return 'n' + (v === 0 ? 0 : v);
    case 'string':
      return 's' + v;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + v.toString();
    default:
      break;
  }
  if (Array.isArray(v)) return 'a' + JSON.stringify(v.map(keyOf));
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  const t = bsonType(v);
  if (t !== undefined) {
    const value = v as BsonValue;
    switch (t) {
      case 'ObjectId':
        return 'o' + (value as unknown as { toHexString(): string }).toHexString();
      case 'Long':
      case 'Int32':
      case 'Double':
      case 'Decimal128': {
        const n = numberOf(v);
        const exact = t === 'Long' ? Number.isSafeInteger(n) : true;
        return exact ? 'n' + (n === 0 ? 0 : n) : 'L' + String(value.toString());
      }
      case 'Binary': {
        const bin = value as unknown as { sub_type: number; toString(enc: 'base64'): string };
        return 'B' + bin.sub_type + ':' + bin.toString('base64');
      }
      default:
        return t + ':' + JSON.stringify(value);
    }
  }
  if (isPlainObject(v)) {
    const parts: string[] = [];
    for (const key of Object.keys(v)) parts.push(JSON.stringify(key), keyOf(v[key]));
    return 'O' + parts.join(',');
  }
  return 'x' + String(v);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return keyOf(a) === keyOf(b);
}

/** MongoDB's cross-type sort order (the numbers are ranks, not BSON type codes). */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    default:
      break;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsonType(v)) {
    case undefined:
      return ArrayBuffer.isView(v) ? 7 : 5;
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    default:
      return 5;
  }
}

function cmpPrimitive<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order over values following MongoDB's comparison order for the common types. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2:
    case 1:
    case 13:
      return 0;
    case 3:
      return cmpPrimitive(numberOf(a) ?? Number(a), numberOf(b) ?? Number(b));
    case 4:
      return cmpPrimitive(String(a), String(b));
    case 5: {
      const ka = Object.keys(a as Document);
      const kb = Object.keys(b as Document);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const byName = cmpPrimitive(ka[i], kb[i]);
        if (byName !== 0) return byName;
        const byValue = compareValues((a as Document)[ka[i]], (b as Document)[kb[i]]);
        if (byValue !== 0) return byValue;
      }
      return cmpPrimitive(ka.length, kb.length);
    }
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return cmpPrimitive(xa.length, xb.length);
    }
    case 8:
      return cmpPrimitive(
        (a as { toHexString(): string }).toHexString(),
        (b as { toHexString(): string }).toHexString(),
      );
    case 9:
      return cmpPrimitive(Number(a), Number(b));
    case 10:
      return cmpPrimitive((a as Date).getTime(), (b as Date).getTime());
    default:
      return cmpPrimitive(keyOf(a), keyOf(b));
  }
}

/**
 * Every value a dotted path reaches, descending into arrays of sub-documents the way MongoDB's
 * index keys and equality matches do. A terminal array contributes its elements (multikey), an
 * empty one itself; a missing field contributes `undefined`.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  return valuesAtParts(doc, path.split('.'));
}

/** `valuesAtPath` with the path already split, for callers testing many documents. */
export function valuesAtParts(doc: unknown, parts: string[]): unknown[] {
  const out: unknown[] = [];
  collect(doc, parts, 0, out);
  return out;
}

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    // An empty array is its own key (mongod's `undefined`), distinct from null and missing.
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(v);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return;
  }
  const part = parts[i];
  if (Array.isArray(v)) {
    if (/^\d+$/.test(part)) {
      collect(v[Number(part)], parts, i + 1, out);
      return;
    }
    let any = false;
    for (const e of v) {
      if (isPlainObject(e)) {
        any = true;
        collect(e[part], parts, i + 1, out);
      }
    }
    if (!any) out.push(undefined);
    return;
  }
  if (isPlainObject(v)) {
    collect(v[part], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** The single value at a dotted path without array traversal (for update checks and projections). */
export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isPlainObject(v)) v = v[part];
    else return undefined;
  }
  return v;
}

export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = target[parts[i]];
    if (!isPlainObject(next)) target[parts[i]] = {};
    target = target[parts[i]] as Document;
  }
  target[parts[parts.length - 1]] = value;
}

/** How mongod prints a value inside an error message, e.g. the `dup key: { email: "x" }` part. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  const t = bsonType(v);
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (t !== undefined) return String((v as { toString(): string }).toString());
  if (isPlainObject(v)) {
    const fields = Object.keys(v).map((k) => `${k}: ${formatValue(v[k])}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  return String(v);
}

export function toNumber(v: unknown): number | undefined {
  return numberOf(v);
}

export function makeLong(n: number): Long {
  return Long.fromNumber(n);
}
