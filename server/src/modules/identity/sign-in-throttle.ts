/**
 * Repeated failed sign-ins per username: after `maxFailures` within `windowMs`, further attempts
 * are refused until the window ends, whether the password is right or not. Kept in memory per
 * instance and timed by the injected Clock (so tests can step past the window); with several
 * instances each keeps its own count, which still bounds guessing to maxFailures × instances.
 */
import type { Clock } from '../../platform/clock';

export function createSignInThrottle({
  clock,
  maxFailures = 5,
  windowMs = 15 * 60 * 1000,
}: {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
}) {
  const failures = new Map<string, { count: number; windowEndsAt: number }>();

  function current(key: string) {
    const entry = failures.get(key);
    if (entry && entry.windowEndsAt <= clock.now().getTime()) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
    retryAfterSeconds(key: string): number {
      const entry = current(key);
      if (!entry || entry.count < maxFailures) return 0;
      return Math.ceil((entry.windowEndsAt - clock.now().getTime()) / 1000);
    },
    recordFailure(key: string): void {
      const entry = current(key);
      if (entry) entry.count++;
      else failures.set(key, { count: 1, windowEndsAt: clock.now().getTime() + windowMs });
    },
    reset(key: string): void {
      failures.delete(key);
    },
  };
}
