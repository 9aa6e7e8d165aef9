/**
 * Sorting by a sort specification with MongoDB's cross-type order. An array field sorts by its
 * smallest element ascending and its largest descending, as mongod does.
 */
import type { Document } from 'bson';
import { bsonType, compareValues, isPlainObject, toNumber, typeRank, valuesAtParts } from './values';

/**
 * A value reduced once to something cheap to compare: rank plus a number or string where the type
 * allows (an ObjectId's hex costs ~0.4 µs to compute, far too much to redo on every comparison).
 */
interface SortKey {
  rank: number;
  simple: number | string | undefined;
  value: unknown;
}

function toSortKey(v: unknown): SortKey {
  const rank = typeRank(v);
  let simple: number | string | undefined;
  if (rank === 2) simple = 0;
  else if (rank === 3) simple = toNumber(v) ?? Number(v);
  else if (rank === 4) simple = String(v);
  else if (rank === 8 && bsonType(v) === 'ObjectId') simple = (v as { toHexString(): string }).toHexString();
  else if (rank === 9) simple = v ? 1 : 0;
  else if (rank === 10) simple = (v as Date).getTime();
  return { rank, simple, value: v };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.simple !== undefined && b.simple !== undefined)
    return a.simple < b.simple ? -1 : a.simple > b.simple ? 1 : 0;
  return compareValues(a.value, b.value);
}

function sortKey(doc: Document, parts: string[], direction: number): SortKey {
  const values = valuesAtParts(doc, parts);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best);
    if (direction > 0 ? c < 0 : c > 0) best = values[i];
  }
  return toSortKey(best);
}

interface Decorated {
  doc: Document;
  i: number;
  keys: SortKey[];
}

/**
 * Sorted documents; with `keep`, only the first `keep` of them (a bounded insertion keeps
 * "newest 20 of 100k" from sorting all 100k).
 */
export function sortDocuments(docs: Document[], spec: Document | undefined, keep = Infinity): Document[] {
  if (!spec || !isPlainObject(spec)) return docs;
  if (Object.keys(spec).length === 1 && spec.$natural !== undefined) {
    return Number(spec.$natural) < 0 ? [...docs].reverse() : docs;
  }
  const fields = Object.keys(spec)
    .filter((f) => f !== '$natural' && typeof spec[f] !== 'object')
    .map((f) => ({ parts: f.split('.'), direction: Number(spec[f]) < 0 ? -1 : 1 }));
  if (fields.length === 0) return docs;
  const compare = (a: Decorated, b: Decorated): number => {
    for (let k = 0; k < fields.length; k++) {
      const c = compareKeys(a.keys[k], b.keys[k]);
      if (c !== 0) return c * fields[k].direction;
    }
    return a.i - b.i;
  };
  const decorate = (doc: Document, i: number): Decorated => ({
    doc,
    i,
    keys: fields.map((f) => sortKey(doc, f.parts, f.direction)),
  });
  if (keep < docs.length / 4) {
    const best: Decorated[] = [];
    docs.forEach((doc, i) => {
      const item = decorate(doc, i);
      if (best.length >= keep && compare(item, best[best.length - 1]) >= 0) return;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(best[mid], item) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, item);
      if (best.length > keep) best.pop();
    });
    return best.map((d) => d.doc);
  }
  const decorated = docs.map(decorate);
  decorated.sort(compare);
  return decorated.map((d) => d.doc);
}
