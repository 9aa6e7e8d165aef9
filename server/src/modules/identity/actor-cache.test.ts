/**
 * The actor cache's own rules, without servers: it serves from memory within its TTL, a drop
 * counts at once, a read that started before a drop does not put stale rights back, and nothing
 * is served from memory while drops from other instances cannot arrive.
 */
import type { Actor } from '../../platform/context';
import { localInvalidations, type Invalidations } from '../../platform/invalidations';
import { createActorCache } from './actor-cache';

const actor = (grants: Actor['grants'] = []): Actor => ({ userId: 'u1', grants, homes: [], tags: [] });

function setup(invalidations: Invalidations = localInvalidations()) {
  let now = 0;
  let reads = 0;
  const cache = createActorCache({ ttlMs: 5000, invalidations, now: () => now });
  const load = async () => (reads++, actor());
  return { cache, load, reads: () => reads, advance: (ms: number) => (now += ms) };
}

it('reads once within the TTL, again after it, and again at once after a drop', async () => {
  const t = setup();
  await t.cache.get('u1', t.load);
  await t.cache.get('u1', t.load);
  expect(t.reads()).toBe(1);
  t.advance(5001);
  await t.cache.get('u1', t.load);
  expect(t.reads()).toBe(2);
  t.cache.drop('u1');
  await t.cache.get('u1', t.load);
  expect(t.reads()).toBe(3);
});

it('does not keep what a read started before a drop returned', async () => {
  const t = setup();
  let finish!: (a: Actor) => void;
  const slow = t.cache.get('u1', () => new Promise<Actor>((resolve) => (finish = resolve)));
  t.cache.drop('u1');
  finish(actor([{ role: 'admin' }]));
  expect((await slow).grants).toEqual([{ role: 'admin' }]);
  // The stale admin grant was not cached: the next request reads the records.
  expect((await t.cache.get('u1', t.load)).grants).toEqual([]);
  expect(t.reads()).toBe(1);
});

it('serves nothing from memory while drops from other instances cannot arrive', async () => {
  let live = true;
  const local = localInvalidations();
  const t = setup({ ...local, live: () => live });
  await t.cache.get('u1', t.load);
  live = false;
  await t.cache.get('u1', t.load);
  await t.cache.get('u1', t.load);
  expect(t.reads()).toBe(3);
  live = true;
  await t.cache.get('u1', t.load);
  await t.cache.get('u1', t.load);
  expect(t.reads()).toBe(4);
});
