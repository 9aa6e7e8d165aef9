/**
 * Wellness alerts over HTTP and socket.io with the real store and the fake WeChat: a delivery where
 * nobody answered reaches the elder's carers and the community's committee at once (live, and by
 * WeChat to those who granted it), only the canteen's own operator may record it, and the committee
 * acknowledges it once.
 */
import request from 'supertest';
import { connectClient, type TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident } from '../identity/test-factories';
import { committeeOf } from '../membership/test-factories';
import { makeCarer } from './test-people';
import { makeCanteen, makeElder, makeMenu, setPolicy, tokenFor, type CanteenWorld } from './test-factories';
import { WellnessAlertModel, WellnessMessageModel } from './wellness-model';

let api: TestApi;
const clients: TestClient[] = [];
beforeAll(async () => {
  api = await startTestApi({ WECHAT_WELLNESS_TEMPLATE_ID: 'tpl-wellness' });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await api.stop();
});

/** Booking happens the day before (10:00 in Shanghai); the round is at noon on the meal date. */
const BOOKING_TIME = '2031-03-03T02:00:00Z';
const MEAL_DATE = '2031-03-04';
const DELIVERY_ROUND = '2031-03-04T04:00:00Z';
beforeEach(() => api.clock.set(BOOKING_TIME));

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));

async function connect(userId: string): Promise<TestClient> {
  const client = await connectClient(api.url, { token: await tokenFor(api, userId) });
  clients.push(client);
  await client.caughtUp();
  return client;
}

/** A canteen delivering to the elder's building, a delivery menu, and an elder who booked it. */
async function deliveryBooked(world?: CanteenWorld) {
  const w = world ?? (await makeCanteen(api));
  await request(api.url)
    .put(`/api/v1/meals/canteens/${w.canteen.id}/settings`)
    .set(await as(w.operator.id))
    .send({
      opensDaysAhead: 7,
      cutoffs: { lunch: '09:30', dinner: '15:30' },
      deliveryBuildingIds: [w.building.id],
    });
  await setPolicy(api, w, { ageTiers: [{ minAge: 60, subsidyFen: 500 }], monthlyCapFen: 500 });
  const menu = await makeMenu(api, w, { date: MEAL_DATE });
  const elder = await makeElder(api, w, { age: 84 });
  const booked = await request(api.url)
    .post('/api/v1/meals/bookings')
    .set(await as(elder.id))
    .send({ menuId: menu.id, mode: 'delivery', dietaryNote: '软烂' });
  if (booked.status !== 201) throw new Error(`booking failed: ${JSON.stringify(booked.body)}`);
  return { world: w, menu, elder, booking: booked.body as { id: string; price: { subsidyFen: number } } };
}

const recordOutcome = async (operatorId: string, bookingId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post(`/api/v1/meals/bookings/${bookingId}/delivery-outcome`)
    .set(await as(operatorId))
    .send(body);

const grant = async (userId: string, template: 'notice' | 'wellness') =>
  request(api.url)
    .post('/api/v1/notifications/subscriptions')
    .set(await as(userId))
    .send({ template, accepted: true })
    .expect(200);

/** The day's lunch roster as the canteen downloads it, one object per row keyed by the header. */
async function rosterCsv(world: CanteenWorld): Promise<Record<string, string>[]> {
  const csv = await request(api.url)
    .get(`/api/v1/meals/canteens/${world.canteen.id}/roster/csv?date=${MEAL_DATE}&meal=lunch`)
    .set(await as(world.operator.id));
  expect(csv.status).toBe(200);
  const [header, ...rows] = csv.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

const wellnessEvents = (client: TestClient) =>
  client.received.filter((r) => r.event === 'meal.wellnessAlert');

describe('nobody answered the door', () => {
  it('alerts the carers and the committee at once, live and by WeChat to the carer who granted it', async () => {
    const { world, elder, booking } = await deliveryBooked();
    const granted = await makeCarer(api, elder.id);
    const notGranted = await makeCarer(api, elder.id);
    await grant(granted.id, 'wellness');
    await grant(notGranted.id, 'notice'); // a consent for notices is not one for alerts
    const otherCommittee = await committeeOf(api, (await makeCanteen(api)).community);
    const stranger = await makeResident(api);

    api.clock.set(DELIVERY_ROUND);
    const [carerClient, committeeClient, otherCommitteeClient, strangerClient] = await Promise.all(
      [granted.id, world.committee.id, otherCommittee.id, stranger.id].map(connect),
    );
    const sentBefore = api.wechat.sentMessages.length;

    const res = await recordOutcome(world.operator.id, booking.id, {
      outcome: 'nobodyAnswered',
      note: '敲门三次，电话未接',
    });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({
      id: booking.id,
      status: 'noShow',
      deliveryOutcome: 'nobodyAnswered',
    });
    expect(res.body.alert).toMatchObject({
      elder: { id: elder.id },
      bookingId: booking.id,
      communityId: world.community.id,
      date: MEAL_DATE,
      meal: 'lunch',
      buildingName: '1号楼',
      reportNote: '敲门三次，电话未接',
      status: 'open',
      raisedBy: world.operator.id,
    });
    const told = {
      alertId: res.body.alert.id,
      elderId: elder.id,
      bookingId: booking.id,
      communityId: world.community.id,
      status: 'open',
      seq: expect.any(Number),
    };
    expect((await carerClient.event('meal.wellnessAlert')).payload).toEqual(told);
    expect((await committeeClient.event('meal.wellnessAlert')).payload).toEqual(told);

    await api.running.events.drain();
    expect(api.wechat.sentMessages.slice(sentBefore)).toEqual([
      expect.objectContaining({
        touser: granted.openid,
        template_id: 'tpl-wellness',
        // The page the client registers in client/src/app.config.ts (main package).
        page: `pages/wellness/index?id=${res.body.alert.id}`,
        data: expect.objectContaining({ thing2: { value: '送餐无人应答，请确认老人安好' } }),
      }),
    ]);
    const credits = async (userId: string) =>
      (
        await request(api.url)
          .post('/api/v1/notifications/subscriptions')
          .set(await as(userId))
          .send({ template: 'wellness', accepted: false })
      ).body.credits;
    expect(await credits(granted.id)).toBe(0);
    expect(wellnessEvents(otherCommitteeClient)).toEqual([]);
    expect(wellnessEvents(strangerClient)).toEqual([]);

    // Not served, so not settled, and the subsidy it held is the elder's again.
    const settlement = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/settlement?month=2031-03`)
      .set(await as(world.operator.id));
    expect(settlement.body.totals.mealsServed).toBe(0);
    expect(booking.price.subsidyFen).toBe(500);
    const dinner = await makeMenu(api, world, { date: MEAL_DATE, meal: 'dinner' });
    const next = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(elder.id))
      .send({ menuId: dinner.id, mode: 'delivery' });
    expect(next.body.price.subsidyFen).toBe(500);
  });

  it("is the canteen's own operator's to record, once, for a delivery due today", async () => {
    const { world, menu, elder, booking } = await deliveryBooked();
    const rival = await makeCanteen(api);
    const dineIn = await makeElder(api, world, { age: 70 });
    const dineInBooking = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(dineIn.id))
      .send({ menuId: menu.id, mode: 'dine-in' });

    const early = await recordOutcome(world.operator.id, booking.id, { outcome: 'nobodyAnswered' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain(MEAL_DATE);

    api.clock.set(DELIVERY_ROUND);
    const foreign = await recordOutcome(rival.operator.id, booking.id, { outcome: 'nobodyAnswered' });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(elder.id);
    const byElder = await recordOutcome(elder.id, booking.id, { outcome: 'nobodyAnswered' });
    expect(byElder.status).toBe(403);
    const notDelivery = await recordOutcome(world.operator.id, dineInBooking.body.id, {
      outcome: 'nobodyAnswered',
    });
    expect(notDelivery.status).toBe(409);
    expect(notDelivery.body.error.message).toContain('取餐码');
    const bad = await recordOutcome(world.operator.id, booking.id, { outcome: 'maybe' });
    expect(bad.status).toBe(400);

    const [a, b] = await Promise.all([
      recordOutcome(world.operator.id, booking.id, { outcome: 'nobodyAnswered' }),
      recordOutcome(world.operator.id, booking.id, { outcome: 'nobodyAnswered' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const committee = await request(api.url)
      .get(`/api/v1/meals/communities/${world.community.id}/wellness-alerts`)
      .set(await as(world.committee.id));
    expect(committee.body.items.map((x: { bookingId: string }) => x.bookingId)).toEqual([booking.id]);
    // The spreadsheet says which door did not answer; the dine-in row has no outcome.
    expect(await rosterCsv(world)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 餐次: '午餐', 方式: '送餐', 状态: '未到', 送餐结果: '无人应答' }),
        expect.objectContaining({ 方式: '堂食', 状态: '已预订', 送餐结果: '' }),
      ]),
    );
    const afterwards = await recordOutcome(world.operator.id, booking.id, { outcome: 'delivered' });
    expect(afterwards.status).toBe(409);
  });

  it('records a delivered meal as served, settled like any other', async () => {
    const { world, booking } = await deliveryBooked();
    api.clock.set(DELIVERY_ROUND);
    const res = await recordOutcome(world.operator.id, booking.id, { outcome: 'delivered' });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ status: 'served', deliveryOutcome: 'delivered' });
    expect(res.body.alert).toBeUndefined();
    // The round's list shows what was recorded, so the courier does not knock twice.
    const roster = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/roster?date=${MEAL_DATE}&meal=lunch`)
      .set(await as(world.operator.id));
    expect(roster.body.deliveries[0].entries[0]).toMatchObject({
      bookingId: booking.id,
      status: 'served',
      deliveryOutcome: 'delivered',
    });
    // And so does the day's spreadsheet, for whoever files what was handed over.
    expect(await rosterCsv(world)).toEqual([
      expect.objectContaining({ 方式: '送餐', 状态: '已取餐', 送餐结果: '已送达' }),
    ]);
    const settlement = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/settlement?month=2031-03`)
      .set(await as(world.operator.id));
    expect(settlement.body.totals).toMatchObject({ mealsServed: 1, subsidyFen: 500 });
  });
});

describe('acknowledging an alert', () => {
  it('lists open alerts to the committee, takes one acknowledgement, and shows the carer what was found', async () => {
    const { world, elder, booking } = await deliveryBooked();
    const carer = await makeCarer(api, elder.id);
    const secondMember = await committeeOf(api, world.community);
    const otherCommittee = await committeeOf(api, (await makeCanteen(api)).community);
    api.clock.set(DELIVERY_ROUND);
    const raised = await recordOutcome(world.operator.id, booking.id, { outcome: 'nobodyAnswered' });
    const alertId = raised.body.alert.id as string;
    const list = async (userId: string, communityId: string, status?: string) =>
      request(api.url)
        .get(`/api/v1/meals/communities/${communityId}/wellness-alerts${status ? `?status=${status}` : ''}`)
        .set(await as(userId));
    const acknowledge = async (userId: string, note: string) =>
      request(api.url)
        .post(`/api/v1/meals/wellness-alerts/${alertId}/acknowledge`)
        .set(await as(userId))
        .send({ note });

    const open = await list(world.committee.id, world.community.id);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ total: 1, items: [{ id: alertId, status: 'open' }] });
    expect((await list(otherCommittee.id, world.community.id)).status).toBe(403);
    expect((await acknowledge(otherCommittee.id, '看过了')).status).toBe(404);
    const empty = await acknowledge(world.committee.id, '  ');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0]).toMatchObject({ path: 'note' });

    const committeeClient = await connect(secondMember.id);
    const [first, second] = await Promise.all([
      acknowledge(world.committee.id, '已上门，老人去医院复诊了，平安'),
      acknowledge(secondMember.id, '电话联系上了'),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    expect(winner.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: DELIVERY_ROUND.replace('Z', '.000Z'),
    });
    const again = await acknowledge(world.committee.id, '再确认一次');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    await committeeClient.next(
      (r) => r.event === 'meal.wellnessAlert' && r.payload.status === 'acknowledged',
    );

    expect((await list(world.committee.id, world.community.id)).body.total).toBe(0);
    const done = await list(world.committee.id, world.community.id, 'acknowledged');
    expect(done.body.items).toEqual([expect.objectContaining({ id: alertId, note: winner.body.note })]);

    const mine = await request(api.url)
      .get('/api/v1/meals/wellness-alerts/mine')
      .set(await as(carer.id));
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: alertId,
        elder: expect.objectContaining({ id: elder.id }),
        status: 'acknowledged',
      }),
    ]);
    const stranger = await makeResident(api);
    const none = await request(api.url)
      .get('/api/v1/meals/wellness-alerts/mine')
      .set(await as(stranger.id));
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('puts the alerts about an elder in their data export, and deletes them with their account', async () => {
    const { world, elder, booking } = await deliveryBooked();
    const carer = await makeCarer(api, elder.id);
    await grant(carer.id, 'wellness');
    api.clock.set(DELIVERY_ROUND);
    const raised = await recordOutcome(world.operator.id, booking.id, {
      outcome: 'nobodyAnswered',
      note: '敲门无人应',
    });
    expect(raised.status).toBe(200);
    await request(api.url)
      .post(`/api/v1/meals/wellness-alerts/${raised.body.alert.id}/acknowledge`)
      .set(await as(world.committee.id))
      .send({ note: '已联系上，平安' })
      .expect(200);
    await api.running.events.drain(); // the WeChat message to the carer is recorded

    const exported = await request(api.url)
      .get('/api/v1/me/export')
      .set(await as(elder.id));
    expect(exported.body.meals.wellnessAlerts).toEqual([
      {
        id: raised.body.alert.id,
        bookingId: booking.id,
        date: MEAL_DATE,
        meal: 'lunch',
        raisedAt: DELIVERY_ROUND.replace('Z', '.000Z'),
        reportNote: '敲门无人应',
        status: 'acknowledged',
        acknowledgedAt: DELIVERY_ROUND.replace('Z', '.000Z'),
        note: '已联系上，平安',
      },
    ]);
    expect(await WellnessMessageModel.countDocuments({ alert: raised.body.alert.id })).toBe(1);

    await request(api.url)
      .delete('/api/v1/me')
      .set(await as(elder.id))
      .send({ confirm: 'DELETE' })
      .expect(204);
    expect(await WellnessAlertModel.countDocuments({ elderId: elder.id })).toBe(0);
    expect(await WellnessMessageModel.countDocuments({ alert: raised.body.alert.id })).toBe(0);
    const committeeView = await request(api.url)
      .get(`/api/v1/meals/communities/${world.community.id}/wellness-alerts?status=acknowledged`)
      .set(await as(world.committee.id));
    expect(committeeView.body.total).toBe(0);
  });
});
