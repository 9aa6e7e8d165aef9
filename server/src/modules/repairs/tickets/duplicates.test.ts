/**
 * Public-area duplicates: the open reports of the same category and place offered while reporting,
 * "me too" counted once per resident (also 50 at once from 50 residents), merging a duplicate
 * into a survivor (its reporter and "me too"s follow), and every one of them told of progress
 * live and, where they granted it, by WeChat subscribe message.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { makeEldersInBulk } from '../../meals/test-factories';
import {
  as,
  eventually,
  inboxOf,
  makeRepairWorld,
  move,
  reportLift,
  residentOf,
  type RepairWorld,
} from '../test-factories';

let api: TestApi;
let world: RepairWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000', WECHAT_REPAIR_TEMPLATE_ID: 'tpl-repair' });
  world = await makeRepairWorld(api);
});
afterAll(() => api.stop());

it('offers the open reports of the same category and place before a new one is filed', async () => {
  const first = await residentOf(api, world);
  const t = await reportLift(api, world, first, { assetCode: 'DT-9-1' });
  const second = await residentOf(api, world);
  const q = `/repairs/tickets/similar?categoryId=${world.lift.id}&buildingId=${world.building.id}&assetCode=DT-9-1`;
  const offered = (await (await as(api, second)).get(q)).body.items;
  expect(offered.map((x: { id: string }) => x.id)).toEqual([t.id]);
  expect(offered[0]).toMatchObject({ reporterName: null, actions: ['meToo'] });
  const elsewhere = (
    await (await as(api, second)).get(`/repairs/tickets/similar?categoryId=${world.lift.id}&assetCode=DT-2-2`)
  ).body;
  expect(elsewhere.items).toEqual([]);
  const outsider = await residentOf(api, await makeRepairWorld(api));
  expect((await (await as(api, outsider)).get(q)).body.items).toEqual([]);
});

it('counts a second "me too" from the same resident once, and none from the reporter', async () => {
  const reporter = await residentOf(api, world);
  const t = await reportLift(api, world, reporter, { assetCode: 'DT-7-1' });
  const neighbour = await residentOf(api, world);
  const [a, b] = await Promise.all([
    (await as(api, neighbour)).post(`/repairs/tickets/${t.id}/me-too`),
    (await as(api, neighbour)).post(`/repairs/tickets/${t.id}/me-too`),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  const again = await (await as(api, neighbour)).post(`/repairs/tickets/${t.id}/me-too`);
  expect(again.body).toMatchObject({ meTooCount: 1, iSaidMeToo: true });
  expect(again.body.actions).not.toContain('meToo');
  expect((await (await as(api, reporter)).post(`/repairs/tickets/${t.id}/me-too`)).body.meTooCount).toBe(1);
  const mine = (await (await as(api, neighbour)).get('/repairs/tickets/mine')).body;
  expect(mine.items.map((x: { id: string }) => x.id)).toContain(t.id);
});

it('counts 50 concurrent "me too"s from 50 residents as 50', async () => {
  const reporter = await residentOf(api, world);
  const t = await reportLift(api, world, reporter, { assetCode: 'DT-5-5' });
  const residents = await makeEldersInBulk(
    api,
    { community: world.community, building: world.building } as Parameters<typeof makeEldersInBulk>[1],
    50,
    '1950-01-01',
  );
  const results = await Promise.all(
    residents.map((r) =>
      request(api.url).post(`/api/v1/repairs/tickets/${t.id}/me-too`).set(api.bearer(r.token)),
    ),
  );
  expect(results.map((r) => r.status).every((s) => s === 200)).toBe(true);
  expect((await (await as(api, reporter)).get(`/repairs/tickets/${t.id}`)).body.meTooCount).toBe(50);
});

it('merges a duplicate into the survivor: its reporter and "me too"s follow, counted once, and hear of progress', async () => {
  const a = await residentOf(api, world);
  const b = await residentOf(api, world);
  const c = await residentOf(api, world);
  const survivor = await reportLift(api, world, a, { assetCode: 'DT-1-1' });
  const duplicate = await reportLift(api, world, b, { assetCode: 'DT-1-1', description: '电梯不动了' });
  await (await as(api, c)).post(`/repairs/tickets/${duplicate.id}/me-too`);
  await (await as(api, c)).post(`/repairs/tickets/${survivor.id}/me-too`);
  expect((await move(api, b, duplicate.id, { action: 'merge', intoTicketId: survivor.id })).status).toBe(403);
  const merged = await move(api, world.operator, duplicate.id, {
    action: 'merge',
    intoTicketId: survivor.id,
  });
  expect(merged.body).toMatchObject({ status: 'merged', mergedInto: survivor.id });
  const after = (await (await as(api, a)).get(`/repairs/tickets/${survivor.id}`)).body;
  expect(after.meTooCount).toBe(2); // c once (already there), b joins
  expect(
    (await move(api, world.operator, survivor.id, { action: 'merge', intoTicketId: survivor.id })).status,
  ).toBe(400);

  // Progress on the survivor reaches everyone on it, live and by WeChat where granted.
  await (await as(api, b)).post('/notifications/subscriptions', { template: 'repair', accepted: true });
  const sentBefore = api.wechat.sentMessages.length;
  await move(api, world.techA, survivor.id, { action: 'claim' });
  for (const who of [a, b, c])
    await eventually(async () =>
      expect(
        (await inboxOf(who.id, 'repair.ticketChanged')).some(
          (e) => e.payload.ticketId === survivor.id && e.payload.status === 'assigned',
        ),
      ).toBe(true),
    );
  await eventually(async () => expect(api.wechat.sentMessages.length).toBe(sentBefore + 1));
  const sent = api.wechat.sentMessages.at(-1)!;
  expect(sent).toMatchObject({ touser: b.openid, template_id: 'tpl-repair' });
  expect(await inboxOf(world.techA.id, 'repair.ticketChanged')).toEqual(
    expect.not.arrayContaining([
      expect.objectContaining({ payload: expect.objectContaining({ action: 'claim' }) }),
    ]),
  );
});

it('tells the resident live when staff file a report on their behalf', async () => {
  const elder = await residentOf(api, world);
  const res = await (
    await as(api, world.operator)
  ).post('/repairs/tickets', {
    categoryId: world.plumbing.id,
    householdId: elder.household.id,
    description: '代报：水管漏水',
    urgency: 'urgent',
    fields: { room: '厨房' },
    onBehalfOf: elder.id,
  });
  expect(res.status).toBe(201);
  await eventually(async () =>
    expect((await inboxOf(elder.id, 'repair.ticketChanged')).map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ ticketId: res.body.id, action: 'report', onBehalf: true }),
    ),
  );
});
