/**
 * Health probes arrive from every load balancer and every monitor, sometimes hundreds a second.
 * Each one pinging the database would turn a monitoring storm into database load and make health
 * the slowest route we have. Instead callers share one ping: a ping in flight is joined, and its
 * result is reused for `maxAgeMs`. Health can therefore be at most that stale, which is far below
 * any probe interval.
 */
export type DatabaseCheck = () => Promise<void>;

export function sharedDatabaseCheck(
  ping: () => Promise<void>,
  { maxAgeMs = 1000, now = Date.now }: { maxAgeMs?: number; now?: () => number } = {},
): DatabaseCheck {
  let current: { result: Promise<void>; settledAt?: number } | undefined;
  return () => {
    const fresh = current && (current.settledAt === undefined || now() - current.settledAt < maxAgeMs);
    if (!fresh) {
      const entry: { result: Promise<void>; settledAt?: number } = { result: Promise.resolve() };
      entry.result = ping().finally(() => {
        entry.settledAt = now();
      });
      // Nobody may be awaiting it when it fails; the rejection is read by the next caller.
      entry.result.catch(() => undefined);
      current = entry;
    }
    return current!.result;
  };
}
