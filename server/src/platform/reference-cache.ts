/**
 * A short-lived, per-process cache for reference records: the few documents nearly every request
 * of a kind reads and that people change rarely (a canteen, its booking settings, a community's
 * subsidy policy). Every booking used to read all three; under load those reads cost more than the
 * booking's own writes.
 *
 * What it promises: a change made through this process drops its entry at once (the service that
 * writes calls `forget`), so a single instance never answers from a record older than its last
 * write. Other API instances (several behind a load balancer) see the change within
 * REFERENCE_TTL_MS. Concurrent misses for one key share one read. Absent records and failed reads
 * are not kept, so something created a moment ago is found at once.
 *
 * Hand-written rather than lru-cache: lru-cache aborts an in-flight fetch when its key is deleted,
 * failing every caller waiting on it, and here a write must never fail a concurrent reader.
 *
 * Values are shared between callers: treat them as read-only.
 */

/** How stale another instance may be after a change; small enough for a person not to notice. */
export const REFERENCE_TTL_MS = 5_000;
/** Reference records are few (canteens, communities); this only bounds a mistake. */
const MAX_ENTRIES = 10_000;

export interface ReferenceCache<V> {
  get(key: string): Promise<V | undefined>;
  /** Drop the entry after a write, so this process reads the new record next time. */
  forget(key: string): void;
}

interface Entry<V> {
  value: Promise<V | undefined>;
  expiresAt: number;
}

export function referenceCache<V>(
  read: (key: string) => Promise<V | undefined>,
  now: () => number = () => performance.now(),
): ReferenceCache<V> {
  const entries = new Map<string, Entry<V>>();
  const dropIfStill = (key: string, entry: Entry<V>) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  return {
    get(key) {
      const cached = entries.get(key);
      if (cached && cached.expiresAt > now()) return cached.value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const entry: Entry<V> = { value: read(key), expiresAt: now() + REFERENCE_TTL_MS };
      entries.set(key, entry);
      entry.value.then(
        (value) => value === undefined && dropIfStill(key, entry),
        () => dropIfStill(key, entry),
      );
      return entry.value;
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
