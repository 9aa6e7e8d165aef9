/**
 * Repairs in "download my data" and "delete my account", over HTTP: my tickets (with their photos'
 * references) and my "me too"s are in my export; deleting my account strips my in-home tickets of
 * the home and of me (an open one is cancelled), keeps my public-area ones without me, and takes
 * back my "me too"s. Run twice, it changes nothing more.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { repairsPersonalData } from './personal-data';
import {
  as,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
  tokenFor,
  type RepairWorld,
} from './test-factories';

let api: TestApi;
let world: RepairWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeRepairWorld(api);
});
afterAll(() => api.stop());

const deleteAccount = async (userId: string) =>
  request(api.url)
    .delete('/api/v1/me')
    .set(api.bearer(await tokenFor(api, userId)))
    .send({ confirm: 'DELETE' });

it('puts my tickets and my "me too"s in my export', async () => {
  const me = await residentOf(api, world);
  const home = await reportHome(api, world, me);
  const neighbour = await residentOf(api, world);
  const theirs = await reportLift(api, world, neighbour);
  await (await as(api, me)).post(`/repairs/tickets/${theirs.id}/me-too`);
  const res = await (await as(api, me)).get('/me/export');
  expect(res.status).toBe(200);
  expect(res.body.repairs.tickets).toEqual([
    expect.objectContaining({
      id: home.id,
      description: '厨房水管接头漏水',
      householdId: me.household.id,
      photos: [],
      fields: { room: '厨房' },
    }),
  ]);
  expect(res.body.repairs.meToo).toEqual([expect.objectContaining({ ticketId: theirs.id })]);
  const theirExport = (await (await as(api, neighbour)).get('/me/export')).body.repairs;
  expect(theirExport.tickets.map((t: { id: string }) => t.id)).toEqual([theirs.id]);
});

it('on deletion: in-home tickets lose the home and the person, public ones stay without the person', async () => {
  const me = await residentOf(api, world);
  const home = await reportHome(api, world, me);
  const done = await reportHome(api, world, me);
  for (const body of [{ action: 'claim' }, { action: 'depart' }, { action: 'start' }, { action: 'resolve' }])
    await move(api, world.techA, done.id, body);
  await move(api, me, done.id, { action: 'confirm', rating: 4, note: '还行，我电话13900001111' });
  const lift = await reportLift(api, world, me);
  const neighbour = await residentOf(api, world);
  const theirs = await reportLift(api, world, neighbour, { assetCode: 'DT-X' });
  await (await as(api, me)).post(`/repairs/tickets/${theirs.id}/me-too`);

  expect((await deleteAccount(me.id)).status).toBe(204);
  const op = await as(api, world.operator);
  const openHome = (await op.get(`/repairs/tickets/${home.id}`)).body;
  expect(openHome).toMatchObject({
    status: 'cancelled',
    reporterName: null,
    householdId: null,
    description: '（报修人已注销）',
    fields: {},
    preferredTimes: [],
  });
  const closedHome = (await op.get(`/repairs/tickets/${done.id}`)).body;
  expect(closedHome).toMatchObject({ status: 'closed', rating: 4, comment: null, reporterName: null });
  expect(
    closedHome.history
      .filter((h: { role: string; byName: string | null }) => h.role === 'reporter')
      .every((h: { byName: string | null }) => h.byName === null),
  ).toBe(true);
  const publicOne = (await op.get(`/repairs/tickets/${lift.id}`)).body;
  expect(publicOne).toMatchObject({ status: 'submitted', reporterName: null, description: '电梯门关不上' });
  expect((await (await as(api, neighbour)).get(`/repairs/tickets/${theirs.id}`)).body.meTooCount).toBe(0);

  // Run again (a retried deletion): nothing moves twice.
  await repairsPersonalData({ clock: api.clock, uploads: undefined }).erase(me.id);
  expect((await (await as(api, neighbour)).get(`/repairs/tickets/${theirs.id}`)).body.meTooCount).toBe(0);
  expect(
    (await op.get(`/repairs/tickets/${home.id}`)).body.history.filter(
      (h: { action: string }) => h.action === 'erase',
    ),
  ).toHaveLength(1);
});
