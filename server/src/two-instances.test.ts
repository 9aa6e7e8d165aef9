/**
 * Two API instances acting as one: this test's server (A) and a server process (B, `tsx
 * src/main.ts`, its scheduler sweeping every 20 ms) on one embedded store process and one Redis,
 * behind a "proxy" (TRUST_PROXY, so each test's client has its own X-Forwarded-For address).
 * A person may sign in on one and refresh on the other; the request budget is one budget; events
 * raised on either reach sockets on both, once; a due job runs once with both sweeping.
 * (Two instances finishing a cut-short standing-orders run at start: meals/standing-orders.test.ts.)
 */
import request from 'supertest';
import mongoose from 'mongoose';
import type { Session } from '@linli/shared';
import { connectClient, type TestClient } from './platform/realtime/testing';
import { makeCommunity, makeHousehold } from './modules/communities/test-factories';
import { EmergencyAlertModel } from './modules/emergency/model';
import { ESCALATE_JOB } from './modules/emergency/service';
import { makeCallWorld, raise } from './modules/emergency/test-factories';
import { committeeOf, makeResident, makeStaff } from './modules/membership/test-factories';
import { STAFF_PASSWORD } from './modules/identity/test-factories';
import { startTestApi, type TestApi } from './test-support/api';
import {
  startServerProcess,
  startStoreAndRedis,
  type ServerProcess,
  type StoreAndRedis,
} from './test-support/instances';

/** The production default budget, per address per minute. */
const POINTS = 300;
const SHARED = { RATE_LIMIT_POINTS: String(POINTS), TRUST_PROXY: 'true', ACTOR_CACHE_MS: '5000' };
let cluster: StoreAndRedis;
let a: TestApi;
let b: ServerProcess;
const clients: TestClient[] = [];
const startedAt = Date.now();

beforeAll(async () => {
  cluster = await startStoreAndRedis();
  a = await startTestApi({ ...cluster.env, ...SHARED, DEMO_MODE: 'false' });
  b = await startServerProcess({
    ...cluster.env,
    ...SHARED,
    CLOCK_START: a.clock.now().toISOString(),
    SCHEDULER_POLL_MS: '20',
  });
}, 120_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await b?.stop();
  await a?.stop();
  await cluster?.stop();
  console.log(`two-instances.test: ${((Date.now() - startedAt) / 1000).toFixed(1)} s with its processes`);
});

let addresses = 0;
/** A client of its own behind the proxy: its own budget. */
const clientAddress = () => `198.51.100.${++addresses}`;

it('signs in on A and refreshes on B; the new tokens work on both, the spent refresh token on neither', async () => {
  const staff = await makeStaff(a, { grants: [{ role: 'admin' }] });
  const from = clientAddress();
  const signedIn = await request(a.url)
    .post('/api/v1/auth/staff')
    .set('X-Forwarded-For', from)
    .send({ username: staff.username, password: STAFF_PASSWORD });
  expect(signedIn.status).toBe(200);
  const first = signedIn.body as Session;

  const refreshed = await request(b.url)
    .post('/api/v1/auth/refresh')
    .set('X-Forwarded-For', from)
    .send({ refreshToken: first.refreshToken });
  expect(refreshed.status).toBe(200);
  const second = refreshed.body as Session;
  for (const url of [a.url, b.url]) {
    const me = await request(url)
      .get('/api/v1/me')
      .set('X-Forwarded-For', from)
      .set(a.bearer(second.accessToken));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(staff.id);
  }
  // The first refresh token was spent on B: presenting it again on A is refused (rotation).
  const replayed = await request(a.url)
    .post('/api/v1/auth/refresh')
    .set('X-Forwarded-For', from)
    .send({ refreshToken: first.refreshToken });
  expect(replayed.status).toBe(401);
});

it(`one budget for both: a client alternating between A and B is refused at request ${POINTS + 1}, not ${2 * POINTS + 1}`, async () => {
  const from = clientAddress();
  const statuses: number[] = [];
  let lastRemaining = '';
  for (let i = 0; i < POINTS + 2; i++) {
    const res = await request(i % 2 === 0 ? a.url : b.url)
      .get('/api/v1/me')
      .set('X-Forwarded-For', from);
    statuses.push(res.status);
    if (i === POINTS - 1) lastRemaining = String(res.headers['ratelimit-remaining']);
  }
  // Unauthenticated: 401 while within the budget, then 429 on both instances.
  expect(statuses.slice(0, POINTS).every((s) => s === 401)).toBe(true);
  expect(lastRemaining).toBe('0');
  expect(statuses.slice(POINTS)).toEqual([429, 429]);
  // Another client is not affected.
  expect((await request(b.url).get('/api/v1/me').set('X-Forwarded-For', clientAddress())).status).toBe(401);
}, 120_000);

it('an event raised on A reaches the person’s sockets on A and B, and one raised on B too, each once', async () => {
  const community = await makeCommunity();
  const committee = await committeeOf(a, community);
  const resident = await makeResident(a);
  const [first, second] = [await makeHousehold({ community }), await makeHousehold({ community })];
  const ask = async (householdId: string) => {
    const res = await request(a.url)
      .post('/api/v1/memberships')
      .set(a.bearer(resident.accessToken))
      .send({ householdId, relation: 'owner' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const [one, two] = [await ask(first.id), await ask(second.id)];
  const onA = await connectClient(a.url, { token: resident.accessToken });
  const onB = await connectClient(b.url, { token: resident.accessToken });
  clients.push(onA, onB);
  await Promise.all([onA.caughtUp(), onB.caughtUp()]);

  expect(
    (await request(a.url).post(`/api/v1/memberships/${one}/approve`).set(a.bearer(committee.accessToken)))
      .status,
  ).toBe(200);
  expect(
    (await request(b.url).post(`/api/v1/memberships/${two}/approve`).set(a.bearer(committee.accessToken)))
      .status,
  ).toBe(200);
  for (const socket of [onA, onB]) {
    await socket.next((r) => r.event === 'membership.decided' && r.payload.membershipId === one);
    await socket.next((r) => r.event === 'membership.decided' && r.payload.membershipId === two);
  }
  // A moment for any second copy to arrive, then each socket has each decision once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const socket of [onA, onB])
    expect(
      socket.received
        .filter((r) => r.event === 'membership.decided')
        .map((r) => r.payload.membershipId)
        .sort(),
    ).toEqual([one, two].sort());
});

it('a due job runs once while both instances sweep', async () => {
  const w = await makeCallWorld(a);
  const call = await raise(a, w.elder.id);
  expect(call.status).toBe(201);
  const alertId = call.body.alert.id as string;
  // Due now for both clocks (B's runs on from where A's stood when B started).
  await a.scheduler.schedule({
    kind: ESCALATE_JOB,
    key: alertId,
    dueAt: new Date(a.clock.now().getTime() - 1000),
    payload: { alertId },
  });
  let ranOnA = 0;
  const until = Date.now() + 2000;
  while (Date.now() < until) ranOnA += await a.scheduler.runDue();
  const job = await mongoose.connection
    .collection('scheduled_jobs')
    .findOne({ kind: ESCALATE_JOB, key: alertId });
  expect(job).toMatchObject({ status: 'done', attempts: 1 });
  expect(ranOnA).toBeLessThanOrEqual(1);
  expect(await EmergencyAlertModel.findById(alertId).lean()).toMatchObject({ escalated: true });
});
