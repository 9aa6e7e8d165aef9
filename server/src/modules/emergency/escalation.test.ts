/**
 * Escalation on the scheduler: nobody acknowledging within the community's minutes (default 3)
 * escalates a call once; an acknowledged call never escalates; two schedulers running due work
 * at the same moment escalate it once.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { captureLogger } from '../../platform/testing';
import { createScheduler, DatabaseScheduler, type JobHandler } from '../../platform/scheduler';
import type { TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { closeAll, eventsNamed, listen } from '../meals/test-people';
import { makeStaff } from '../identity/test-factories';
import { ESCALATE_JOB } from './service';
import { as, makeCallWorld, raise } from './test-factories';

// The handlers the server registers, so a second scheduler (another instance) can run the same job.
const registered = new Map<string, JobHandler>();
const originalHandle = DatabaseScheduler.prototype.handle;
jest.spyOn(DatabaseScheduler.prototype, 'handle').mockImplementation(function (
  this: DatabaseScheduler,
  kind: string,
  handler: JobHandler,
) {
  registered.set(kind, handler);
  originalHandle.call(this, kind, handler);
});

let api: TestApi;
const clients: TestClient[] = [];
beforeAll(async () => {
  api = await startTestApi();
  api.clock.set('2031-03-04T02:00:00Z');
});
afterAll(async () => {
  closeAll(clients);
  await api.stop();
});

const get = async (userId: string, path: string) =>
  request(api.url)
    .get(`/api/v1${path}`)
    .set(await as(api, userId));

it('escalates an unanswered call once, after 3 minutes by default, to every duty member', async () => {
  const w = await makeCallWorld(api);
  const [dutyClient, carerClient] = await listen(api, [w.onDuty.id, w.carer.id]);
  clients.push(dutyClient, carerClient);
  const { body } = await raise(api, w.elder.id);
  const id = body.alert.id;
  // A second duty member put on duty after the call was raised is told by the escalation.
  const late = await makeStaff(api, {
    grants: [{ role: 'committee', communityId: w.community.id, duty: true }],
  });

  api.clock.advance(3 * 60_000 - 1000);
  await api.scheduler.runDue();
  expect((await get(w.onDuty.id, `/emergency/alerts/${id}`)).body.escalated).toBe(false);

  api.clock.advance(1000);
  await api.scheduler.runDue();
  const view = (await get(w.onDuty.id, `/emergency/alerts/${id}`)).body;
  expect(view).toMatchObject({ escalated: true, escalatedAt: api.clock.now().toISOString(), status: 'open' });
  const escalatedTo = view.told
    .filter((t: { round: string }) => t.round === 'escalated')
    .map((t: { person: { id: string } }) => t.person.id)
    .sort();
  expect(escalatedTo).toEqual([w.carer.id, w.onDuty.id, late.id].sort());
  await dutyClient.next((r) => r.event === 'emergency.alertChanged' && r.payload.change === 'escalated');

  // Running again later changes nothing.
  api.clock.advance(10 * 60_000);
  await api.scheduler.runDue();
  const again = (await get(w.onDuty.id, `/emergency/alerts/${id}`)).body;
  expect(again.told).toHaveLength(view.told.length);
  expect(
    eventsNamed(carerClient, 'emergency.alertChanged').filter((p) => p.change === 'escalated'),
  ).toHaveLength(1);
});

it('never escalates an acknowledged call, and uses the minutes the community set', async () => {
  const w = await makeCallWorld(api);
  const set = await request(api.url)
    .put(`/api/v1/emergency/communities/${w.community.id}/settings`)
    .set(await as(api, w.committee.id))
    .send({ escalateAfterMinutes: 5 });
  expect(set.status).toBe(200);
  const refused = await request(api.url)
    .put(`/api/v1/emergency/communities/${w.community.id}/settings`)
    .set(await as(api, w.committee.id))
    .send({ escalateAfterMinutes: 0 });
  expect(refused.status).toBe(400);

  const first = (await raise(api, w.elder.id)).body.alert.id;
  api.clock.advance(4 * 60_000);
  await api.scheduler.runDue();
  expect((await get(w.onDuty.id, `/emergency/alerts/${first}`)).body.escalated).toBe(false);
  api.clock.advance(60_000);
  await api.scheduler.runDue();
  expect((await get(w.onDuty.id, `/emergency/alerts/${first}`)).body.escalated).toBe(true);

  const other = await makeCallWorld(api);
  const second = (await raise(api, other.elder.id)).body.alert.id;
  await request(api.url)
    .post(`/api/v1/emergency/alerts/${second}/acknowledge`)
    .set(await as(api, other.onDuty.id))
    .expect(200);
  api.clock.advance(10 * 60_000);
  await api.scheduler.runDue();
  expect((await get(other.onDuty.id, `/emergency/alerts/${second}`)).body).toMatchObject({
    escalated: false,
    status: 'acknowledged',
  });
});

it('two schedulers running due work at the same moment escalate a call once', async () => {
  const w = await makeCallWorld(api);
  const { body } = await raise(api, w.elder.id);
  const second = createScheduler({
    connection: mongoose.connection,
    clock: api.clock,
    logger: captureLogger().logger,
    owner: 'second-instance',
  });
  const handler = registered.get(ESCALATE_JOB);
  expect(handler).toBeDefined();
  second.handle(ESCALATE_JOB, handler!);

  api.clock.advance(3 * 60_000);
  const [here, there] = await Promise.all([api.scheduler.runDue(), second.runDue()]);
  expect(here + there).toBeGreaterThanOrEqual(1);
  const view = (await get(w.onDuty.id, `/emergency/alerts/${body.alert.id}`)).body;
  expect(view.escalated).toBe(true);
  expect(view.told.filter((t: { round: string }) => t.round === 'escalated')).toHaveLength(2);

  // And the handler itself, run twice at once (a job taken over after a lease), escalates once.
  const third = await makeCallWorld(api);
  const call = (await raise(api, third.elder.id)).body.alert.id;
  api.clock.advance(3 * 60_000);
  const job = { kind: ESCALATE_JOB, key: call, dueAt: api.clock.now(), payload: {}, attempts: 1 };
  await Promise.all([handler!(job), handler!(job), handler!(job)]);
  const thrice = (await get(third.onDuty.id, `/emergency/alerts/${call}`)).body;
  expect(thrice.told.filter((t: { round: string }) => t.round === 'escalated')).toHaveLength(2);
});
