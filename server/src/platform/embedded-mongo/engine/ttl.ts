/**
 * TTL indexes: mongod's TTL monitor wakes every 60 s and deletes documents whose indexed date is
 * older than `expireAfterSeconds`. We have no timer of our own; the engine runs the same pass
 * before the first command of each new minute, inside that command's write, so the removals are
 * journaled like any other.
 */
import type { Document } from 'bson';
import type { Catalog, Writer } from './catalog';
import { toNumber, valuesAtPath } from './values';

export const TTL_INTERVAL_MS = 60_000;

/** The earliest date at `field` (arrays: their earliest date), or undefined when there is none. */
function earliestDate(doc: Document, field: string): number | undefined {
  let earliest: number | undefined;
  for (const v of valuesAtPath(doc, field)) {
    if (v instanceof Date && (earliest === undefined || v.getTime() < earliest)) earliest = v.getTime();
  }
  return earliest;
}

export function removeExpired(catalog: Catalog, writer: Writer, now: Date): void {
  for (const colls of catalog.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const seconds = toNumber(index.spec.expireAfterSeconds);
        if (seconds === undefined || index.fields.length !== 1) continue;
        const cutoff = now.getTime() - seconds * 1000;
        const expired: unknown[] = [];
        for (const doc of coll.docs.values()) {
          const at = earliestDate(doc, index.fields[0]);
          if (at !== undefined && at <= cutoff) expired.push(doc._id);
        }
        for (const id of expired) writer.remove(coll, id);
      }
    }
  }
}
