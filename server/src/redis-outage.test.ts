/**
 * Redis stopped under two instances (this test's server A and a server process B, one store, one
 * Redis): both keep serving HTTP without waiting on it; realtime falls back to each instance's own
 * sockets; rights are read afresh while drops cannot travel (a revocation still counts on both);
 * and when Redis is back, events cross instances again. No socket ever gets an event twice.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { connectClient, type TestClient } from './platform/realtime/testing';
import { makeCommunity } from './modules/communities/test-factories';
import { committeeOf, makeAdmin, makeResident } from './modules/membership/test-factories';
import { startTestApi, type TestApi } from './test-support/api';
import {
  startServerProcess,
  startStoreAndRedis,
  type ServerProcess,
  type StoreAndRedis,
} from './test-support/instances';

const SHARED = { ACTOR_CACHE_MS: '60000', RATE_LIMIT_POINTS: '100000' };
/** A request that waited on the missing Redis would take seconds; every answer here comes sooner. */
const ANSWER_WITHIN_MS = 2000;
let cluster: StoreAndRedis;
let a: TestApi;
let b: ServerProcess;
const clients: TestClient[] = [];
const startedAt = Date.now();

beforeAll(async () => {
  cluster = await startStoreAndRedis();
  a = await startTestApi({ ...cluster.env, ...SHARED, DEMO_MODE: 'false' });
  b = await startServerProcess({ ...cluster.env, ...SHARED, CLOCK_START: a.clock.now().toISOString() });
}, 120_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await b?.stop();
  await a?.stop();
  await cluster?.stop();
  console.log(`redis-outage.test: ${((Date.now() - startedAt) / 1000).toFixed(1)} s with its processes`);
});

const timed = async (req: request.Test) => {
  const started = Date.now();
  const res = await req;
  return { res, ms: Date.now() - started };
};

let probes = 0;
/** Announces a decision for `userId` through A's event bus: realtime delivers it to their sockets. */
function probeFromA(userId: string): string {
  const membershipId = `probe-${++probes}`;
  void a.running.events.emit('membership.decided', {
    membershipId,
    userId,
    householdId: new Types.ObjectId().toHexString(),
    communityId: new Types.ObjectId().toHexString(),
    status: 'approved',
    decidedBy: new Types.ObjectId().toHexString(),
  });
  return membershipId;
}

const probesOf = (client: TestClient) =>
  client.received.filter((r) => r.event === 'membership.decided').map((r) => String(r.payload.membershipId));

it('keeps serving on both, delivers locally, refuses a revoked right on both, and shares again when Redis is back', async () => {
  const resident = await makeResident(a);
  const community = await makeCommunity();
  const committee = await committeeOf(a, community);
  const admin = await makeAdmin(a);
  const residents = `/api/v1/communities/${community.id}/residents`;
  const onA = await connectClient(a.url, { token: resident.accessToken });
  const onB = await connectClient(b.url, { token: resident.accessToken });
  clients.push(onA, onB);
  await Promise.all([onA.caughtUp(), onB.caughtUp()]);
  // Both instances have the committee's rights cached before Redis goes.
  for (const url of [a.url, b.url])
    expect((await request(url).get(residents).set(a.bearer(committee.accessToken))).status).toBe(200);
  const before = probeFromA(resident.id);
  for (const socket of [onA, onB]) await socket.next((r) => r.payload.membershipId === before);

  await cluster.redis.stop();

  // HTTP on both, without waiting on Redis (the request budget falls back to counting locally).
  for (const url of [a.url, b.url]) {
    const health = await timed(request(url).get('/api/health'));
    expect(health.res.status).toBe(200);
    expect(health.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const me = await timed(request(url).get('/api/v1/me').set(a.bearer(resident.accessToken)));
    expect(me.res.status).toBe(200);
    expect(me.ms).toBeLessThan(ANSWER_WITHIN_MS);
  }

  // A revocation cannot be announced to B now, so B no longer trusts what it cached.
  const revoked = await request(a.url)
    .patch(`/api/v1/admin/staff/${committee.id}/grants`)
    .set(a.bearer(admin.accessToken))
    .send({ grants: [] });
  expect(revoked.status).toBe(200);
  for (const url of [a.url, b.url])
    expect((await request(url).get(residents).set(a.bearer(committee.accessToken))).status).toBe(403);

  // Realtime: A's own socket hears A's event at once.
  const during = probeFromA(resident.id);
  await onA.next((r) => r.payload.membershipId === during);

  await cluster.redis.restart();
  // Until both instances are back on Redis, probes reach A's socket only; then B's socket too.
  let resumed: string | undefined;
  const giveUpAt = Date.now() + 20_000;
  while (!resumed && Date.now() < giveUpAt) {
    const probe = probeFromA(resident.id);
    await onA.next((r) => r.payload.membershipId === probe);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (probesOf(onB).includes(probe)) resumed = probe;
  }
  expect(resumed).toBeDefined();
  // The drops channel is back too: both instances cache again (and dropped what they kept before).
  const back = (lines: Record<string, unknown>[]) =>
    lines.some((line) => String(line.msg).startsWith('invalidation channel back'));
  while (!(back(a.logLines) && back(b.logLines)) && Date.now() < giveUpAt)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect([back(a.logLines), back(b.logLines)]).toEqual([true, true]);
  const after = probeFromA(resident.id);
  for (const socket of [onA, onB]) await socket.next((r) => r.payload.membershipId === after);
  await new Promise((resolve) => setTimeout(resolve, 300));

  // A's socket heard every probe once, in order; B's heard each at most once.
  expect(probesOf(onA)).toEqual(Array.from({ length: probes }, (_, i) => `probe-${i + 1}`));
  const heardOnB = probesOf(onB);
  expect(new Set(heardOnB).size).toBe(heardOnB.length);
  expect(heardOnB).toEqual(expect.arrayContaining([before, resumed, after]));
}, 90_000);
