/**
 * Our own evaluation of the filters apps send most (equality, $ne, $in, $nin, ranges, $exists on
 * scalar operands, combined with $and, $or and $nor). mingo needs ~23 µs to compile a query and
 * ~400 ns per document tested; this needs neither. Any other shape returns undefined and mingo
 * takes it, so behaviour only has to match mingo/MongoDB on these shapes (fast-filter.test.ts
 * checks it against mingo).
 */
import type { Document } from 'bson';
import { bsonType, compareValues, isPlainObject, keyOf, typeRank, valuesAtParts } from './values';

export type Matcher = (doc: Document) => boolean;

const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);
const SUPPORTED = new Set(['$eq', '$ne', '$in', '$nin', '$exists', ...RANGE]);

/** Operand values compared by plain key equality: no regex, sub-document or array. */
export function isScalar(v: unknown): boolean {
  if (v === null) return true;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (v instanceof Date) return true;
  const bt = bsonType(v);
  return bt === 'ObjectId' || bt === 'Long' || bt === 'Decimal128';
}

/** Equality against a scalar as MongoDB means it: the value or an array element; null ≡ missing. */
function equalsScalar(target: unknown): (v: unknown) => boolean {
  const want = keyOf(target);
  const scalar = (v: unknown): boolean => {
    if (v === target) return true;
    if (v === undefined || v === null) return want === 'N';
    if (typeof v !== 'object') return typeof v === typeof target ? false : keyOf(v) === want;
    return !Array.isArray(v) && keyOf(v) === want;
  };
  return (v) => (Array.isArray(v) ? v.some(scalar) : scalar(v));
}

/**
 * Membership in an `$in` list, with the meaning of `equalsScalar` for each entry. A short list is
 * tried entry by entry; a long one (a delivery reading 5,000 counters by `_id`) is looked up in
 * sets, or every document would pay for every entry: 25 million comparisons for that read.
 */
function inList(operand: readonly unknown[]): (v: unknown) => boolean {
  if (operand.length <= 8) {
    const eqs = operand.map(equalsScalar);
    return (v) => eqs.some((eq) => eq(v));
  }
  // equalsScalar's rules, by set: a primitive matches an identical entry (===) or, across types,
  // an entry with its key (1 and Long(1)); an object matches by key; null and missing match null.
  const identical = new Set<unknown>();
  const keysByType = new Map<string, Set<string>>();
  const allKeys = new Set<string>();
  for (const target of operand) {
    const key = keyOf(target);
    allKeys.add(key);
    if (typeof target !== 'object') identical.add(target);
    const type = typeof target;
    let keys = keysByType.get(type);
    if (!keys) keysByType.set(type, (keys = new Set()));
    keys.add(key);
  }
  const scalar = (v: unknown): boolean => {
    if (v === undefined || v === null) return allKeys.has('N');
    const type = typeof v;
    if (type === 'object') return !Array.isArray(v) && allKeys.has(keyOf(v));
    // A Set equates NaN with NaN where === does not: NaN only matches across types, as before.
    if (!(type === 'number' && Number.isNaN(v)) && identical.has(v)) return true;
    return otherTypeHas(v, type);
  };
  const otherTypeHas = (v: unknown, type: string): boolean => {
    let key: string | undefined;
    for (const [t, keys] of keysByType) {
      if (t === type) continue;
      key ??= keyOf(v);
      if (keys.has(key)) return true;
    }
    return false;
  };
  return (v) => (Array.isArray(v) ? v.some(scalar) : scalar(v));
}

/** Whether the path reaches anything (an empty array counts), through arrays of sub-documents. */
function exists(v: unknown, parts: string[], i: number): boolean {
  if (i === parts.length) return v !== undefined;
  if (Array.isArray(v)) {
    if (/^\d+$/.test(parts[i]) && exists(v[Number(parts[i])], parts, i + 1)) return true;
    return v.some((e) => isPlainObject(e) && exists(e[parts[i]], parts, i + 1));
  }
  return isPlainObject(v) && exists(v[parts[i]], parts, i + 1);
}

function rangeTest(op: string, operand: unknown): (v: unknown) => boolean {
  const rank = typeRank(operand);
  return (v) => {
    // Comparisons only hold within a type bracket: { $gt: 5 } never matches a string.
    if (typeRank(v) !== rank) return false;
    const c = compareValues(v, operand);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  };
}

function fieldMatcher(field: string, condition: unknown): Matcher | undefined {
  const parts = field.split('.');
  const top = parts.length === 1 ? field : undefined;
  const values = (doc: Document): unknown[] => (top !== undefined ? [doc[top]] : valuesAtParts(doc, parts));

  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    if (!isScalar(condition)) return undefined;
    const eq = equalsScalar(condition);
    return (doc) => values(doc).some(eq);
  }
  const tests: Matcher[] = [];
  for (const op of Object.keys(condition)) {
    if (!SUPPORTED.has(op)) return undefined;
    const operand = condition[op];
    if (op === '$exists') {
      const want = Boolean(operand);
      tests.push((doc) => exists(doc, parts, 0) === want);
    } else if (op === '$eq' || op === '$ne') {
      if (!isScalar(operand)) return undefined;
      const eq = equalsScalar(operand);
      tests.push(op === '$eq' ? (doc) => values(doc).some(eq) : (doc) => !values(doc).some(eq));
    } else if (op === '$in' || op === '$nin') {
      if (!Array.isArray(operand) || !operand.every(isScalar)) return undefined;
      const member = inList(operand);
      const any = (doc: Document) => values(doc).some(member);
      tests.push(op === '$in' ? any : (doc) => !any(doc));
    } else {
      // Null and cross-type bounds have special rules; leave them to mingo.
      if (!isScalar(operand) || operand === null) return undefined;
      const test = rangeTest(op, operand);
      const flat = (doc: Document): unknown[] => {
        const vs = values(doc);
        return top !== undefined && Array.isArray(vs[0]) ? (vs[0] as unknown[]) : vs;
      };
      tests.push((doc) => flat(doc).some(test));
    }
  }
  if (tests.length === 1) return tests[0];
  return (doc) => tests.every((t) => t(doc));
}

/** A matcher for `filter`, or undefined when the filter uses anything we leave to mingo. */
export function compileFastFilter(filter: Document): Matcher | undefined {
  const tests: Matcher[] = [];
  for (const field of Object.keys(filter)) {
    const condition = filter[field];
    if (field === '$and' || field === '$or' || field === '$nor') {
      if (!Array.isArray(condition) || condition.length === 0) return undefined;
      const subs: Matcher[] = [];
      for (const sub of condition) {
        const m = isPlainObject(sub) ? compileFastFilter(sub) : undefined;
        if (!m) return undefined;
        subs.push(m);
      }
      if (field === '$and') tests.push(...subs);
      else if (field === '$or') tests.push((doc) => subs.some((m) => m(doc)));
      else tests.push((doc) => !subs.some((m) => m(doc)));
      continue;
    }
    if (field.startsWith('$')) return undefined;
    const m = fieldMatcher(field, condition);
    if (!m) return undefined;
    tests.push(m);
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0];
  return (doc) => tests.every((t) => t(doc));
}
