/**
 * The actor (user, homes, tags, grants) kept per process for a few seconds, so a burst of requests
 * from one person reads their records once. Every write that changes what an actor may do drops it
 * at once, here and on every other instance (platform/invalidations), so a revoked right stops
 * working on the next request everywhere; the TTL only bounds what a missed drop could cost.
 *
 * The TTL is on the process's monotonic clock, not the injected Clock: it is a cache lifetime, not
 * a rule about the day, and a test's ManualClock standing still must not keep entries for ever.
 */
import type { Actor } from '../../platform/context';
import type { Invalidations } from '../../platform/invalidations';

export const ACTOR_TOPIC = 'actor';

/** Past this many people the cache is emptied rather than swept: it is refilled in a few seconds. */
const MAX_ENTRIES = 20_000;

export interface ActorCache {
  /** The cached actor, or what `load` reads (kept unless a drop for this user came meanwhile). */
  get(userId: string, load: () => Promise<Actor>): Promise<Actor>;
  /** Drops the user's actor here at once; resolves once every instance has been told. */
  drop(userId: string): Promise<void>;
}

export function createActorCache(deps: {
  ttlMs: number;
  invalidations: Invalidations;
  now?: () => number;
}): ActorCache {
  const { ttlMs, invalidations, now = () => performance.now() } = deps;
  const entries = new Map<string, { actor: Actor; expiresAt: number }>();
  // A read that started before a drop must not put back what it read: each drop moves the user's
  // generation (and a drop of everything moves the epoch), and a load stores only if neither moved.
  const generations = new Map<string, number>();
  let epoch = 0;

  invalidations.subscribe(ACTOR_TOPIC, (userId) => {
    if (userId === undefined) {
      epoch++;
      entries.clear();
      generations.clear();
      return;
    }
    entries.delete(userId);
    generations.set(userId, (generations.get(userId) ?? 0) + 1);
  });

  return {
    async get(userId, load) {
      if (ttlMs <= 0) return load();
      // Drops from other instances cannot reach us now (Redis is down): read every time.
      const live = invalidations.live();
      const hit = entries.get(userId);
      if (live && hit && hit.expiresAt > now()) return hit.actor;
      if (hit) entries.delete(userId);
      const startedAt = { epoch, generation: generations.get(userId) ?? 0 };
      const actor = await load();
      if (
        live &&
        invalidations.live() &&
        startedAt.epoch === epoch &&
        startedAt.generation === (generations.get(userId) ?? 0)
      ) {
        if (entries.size >= MAX_ENTRIES) {
          entries.clear();
          generations.clear();
          epoch++;
        }
        entries.set(userId, { actor, expiresAt: now() + ttlMs });
      }
      return actor;
    },
    drop: (userId) => invalidations.publish(ACTOR_TOPIC, userId),
  };
}
