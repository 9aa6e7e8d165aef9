/**
 * Senior meals over HTTP with the real store: capacity under real concurrency, one booking per
 * elder, the booking window at its exact boundaries, cancelling, carers, subsidies frozen at
 * booking, who may see and serve a canteen's bookings, and the settlement to the fen.
 */
import request from 'supertest';
import { connectClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeHousehold, makeBuilding } from '../communities/test-factories';
import { makeResident } from '../identity/test-factories';
import { MenuModel } from './menu-model';
import { BookingModel } from './booking-model';
import {
  bornYearsBefore,
  makeCanteen,
  makeElder,
  makeEldersInBulk,
  makeMenu,
  setPolicy,
  tokenFor,
  type CanteenWorld,
} from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** 10:00 in Shanghai on 3 March; menus below are for lunch on 4 March (cutoff 09:30 that day). */
const START = '2031-03-03T02:00:00Z';
const MEAL_DATE = '2031-03-04';
const LUNCH_CUTOFF = '2031-03-04T01:30:00Z';
beforeEach(() => api.clock.set(START));

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));
const book = async (userId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post('/api/v1/meals/bookings')
    .set(await as(userId))
    .send({ mode: 'dine-in', ...body });
const cancel = async (userId: string, bookingId: string, body: Record<string, unknown> = {}) =>
  request(api.url)
    .post(`/api/v1/meals/bookings/${bookingId}/cancel`)
    .set(await as(userId))
    .send(body);
const get = async (userId: string | undefined, path: string) => {
  const req = request(api.url).get(`/api/v1${path}`);
  return userId ? req.set(await as(userId)) : req;
};
const menuCounters = async (menuId: string) => {
  const menu = await MenuModel.findById(menuId).lean();
  const active = await BookingModel.countDocuments({ menuId, active: true, mode: { $ne: 'delivery' } });
  return { seatsTaken: menu!.seatsTaken, activeSeatBookings: active };
};

describe('capacity', () => {
  it('books exactly 200 of 500 simultaneous requests for 200 seats; the rest get MEAL_SLOT_FULL', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 200 });
    const elders = await makeEldersInBulk(api, world, 500, bornYearsBefore(MEAL_DATE, 70));

    const answers = await Promise.all(
      elders.map(({ token }) =>
        request(api.url)
          .post('/api/v1/meals/bookings')
          .set(api.bearer(token))
          .send({ menuId: menu.id, mode: 'pickup' }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(200);
    expect(statuses.filter((s) => s === 409)).toHaveLength(300);
    const full = answers.find((r) => r.status === 409)!;
    expect(full.body.error).toMatchObject({
      code: 'MEAL_SLOT_FULL',
      details: { remaining: { seats: 0, deliveries: 10 } },
    });
    expect(await menuCounters(menu.id)).toEqual({ seatsTaken: 200, activeSeatBookings: 200 });
    const codes = answers.filter((r) => r.status === 201).map((r) => r.body.pickupCode);
    expect(new Set(codes).size).toBe(200);
    expect(codes.every((c: string) => /^\d{6}$/.test(c))).toBe(true);
    // 500 bookings with everything they set off: a guard against a hang, not a speed test.
  }, 120_000);

  it('keeps one booking when the same elder books twice at once, and the counter matches', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 20 });
    const elder = await makeElder(api, world, { age: 75 });
    const token = await tokenFor(api, elder.id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(api.url)
          .post('/api/v1/meals/bookings')
          .set(api.bearer(token))
          .send({ menuId: menu.id, mode: 'dine-in' }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'MEAL_ALREADY_BOOKED'),
    ).toBe(true);
    expect(await menuCounters(menu.id)).toEqual({ seatsTaken: 1, activeSeatBookings: 1 });
  });

  it('counts deliveries separately and delivers only to buildings the canteen serves', async () => {
    const world = await makeCanteen(api);
    const elsewhere = await makeBuilding(world.community, '9号楼');
    const put = await request(api.url)
      .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
      .set(await as(world.operator.id))
      .send({
        opensDaysAhead: 7,
        cutoffs: { lunch: '09:30', dinner: '15:30' },
        deliveryBuildingIds: [world.building.id],
      });
    expect(put.status).toBe(200);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 0, deliveryCapacity: 1 });
    const near = await makeElder(api, world, { age: 80 });
    const far = await makeElder(api, world, {
      age: 80,
      household: await makeHousehold({ building: elsewhere }),
    });
    const refused = await book(far.id, { menuId: menu.id, mode: 'delivery' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('MEAL_NOT_ELIGIBLE');
    expect((await book(far.id, { menuId: menu.id, mode: 'dine-in' })).body.error.code).toBe('MEAL_SLOT_FULL');
    const delivered = await book(near.id, { menuId: menu.id, mode: 'delivery', dietaryNote: '少盐' });
    expect(delivered.status).toBe(201);
    const another = await makeElder(api, world, { age: 80 });
    expect((await book(another.id, { menuId: menu.id, mode: 'delivery' })).body.error).toMatchObject({
      code: 'MEAL_SLOT_FULL',
      details: { remaining: { seats: 0, deliveries: 0 } },
    });
  });
});

describe('the booking window', () => {
  it('opens at 00:00 N days ahead and closes at the cutoff, to the minute', async () => {
    const world = await makeCanteen(api);
    await request(api.url)
      .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
      .set(await as(world.operator.id))
      .send({ opensDaysAhead: 1, cutoffs: { lunch: '09:30', dinner: '15:30' }, deliveryBuildingIds: [] });
    const menu = await makeMenu(api, world, { date: '2031-03-05' });
    const [a, b, c] = [
      await makeElder(api, world, { age: 70 }),
      await makeElder(api, world, { age: 70 }),
      await makeElder(api, world, { age: 70 }),
    ];
    // Opens 2031-03-04 00:00 in Shanghai = 2031-03-03T16:00Z.
    api.clock.set('2031-03-03T15:59:00Z');
    const early = await book(a.id, { menuId: menu.id });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'MEAL_BOOKING_CLOSED',
      details: { opensAt: '2031-03-03T16:00:00.000Z' },
    });
    api.clock.set('2031-03-03T16:00:00Z');
    expect((await book(a.id, { menuId: menu.id })).status).toBe(201);
    // Cutoff 2031-03-05 09:30 in Shanghai = 01:30Z.
    api.clock.set('2031-03-05T01:29:00Z');
    expect((await book(b.id, { menuId: menu.id })).status).toBe(201);
    api.clock.set('2031-03-05T01:30:00Z');
    const late = await book(c.id, { menuId: menu.id });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('MEAL_BOOKING_CLOSED');
    expect(late.body.error.message).toContain('截止');
  });
});

describe('cancelling', () => {
  it('frees the seat before the cutoff; after it only the operator cancels, with a reason', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 1 });
    const elder = await makeElder(api, world, { age: 72 });
    const other = await makeElder(api, world, { age: 72 });

    const first = await book(elder.id, { menuId: menu.id });
    expect(first.body.actions).toEqual(['cancel']);
    expect((await book(other.id, { menuId: menu.id })).body.error.code).toBe('MEAL_SLOT_FULL');
    const cancelled = await cancel(elder.id, first.body.id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', actions: [] });
    expect(await menuCounters(menu.id)).toEqual({ seatsTaken: 0, activeSeatBookings: 0 });

    // The freed seat can be taken, and a cancelled booking does not block booking again later.
    const taken = await book(other.id, { menuId: menu.id });
    expect(taken.status).toBe(201);
    expect((await cancel(other.id, taken.body.id)).status).toBe(200);
    const again = await book(elder.id, { menuId: menu.id });
    expect(again.status).toBe(201);

    api.clock.set(LUNCH_CUTOFF);
    const refused = await cancel(elder.id, again.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MEAL_BOOKING_CLOSED');
    expect(refused.body.error.message).toContain('联系食堂');
    const noReason = await cancel(world.operator.id, again.body.id);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0]).toMatchObject({ path: 'reason' });
    const byCanteen = await cancel(world.operator.id, again.body.id, { reason: '燃气故障停业' });
    expect(byCanteen.status).toBe(200);
    expect(byCanteen.body).toMatchObject({ status: 'cancelled', cancelReason: '燃气故障停业' });
    expect(await menuCounters(menu.id)).toEqual({ seatsTaken: 0, activeSeatBookings: 0 });
  });
});

describe('live updates', () => {
  it("tells the elder, their carer and the canteen's staff room when the canteen cancels", async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 77 });
    const daughter = await makeResident(api);
    const asked = await request(api.url)
      .post('/api/v1/carer-links')
      .set(await as(daughter.id))
      .send({ elderUserId: elder.id });
    await request(api.url)
      .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
      .set(await as(elder.id));
    const booked = await book(elder.id, { menuId: menu.id });
    const rival = await makeCanteen(api);
    const [elderClient, daughterClient, staffClient, rivalClient] = await Promise.all(
      [elder.id, daughter.id, world.operator.id, rival.operator.id].map(async (id) => {
        const client = await connectClient(api.url, { token: await tokenFor(api, id) });
        await client.caughtUp();
        return client;
      }),
    );
    try {
      api.clock.set(LUNCH_CUTOFF);
      expect((await cancel(world.operator.id, booked.body.id, { reason: '停电' })).status).toBe(200);
      const told = { bookingId: booked.body.id, menuId: menu.id, status: 'cancelled', reason: '停电' };
      expect((await elderClient.event('meal.bookingChanged')).payload).toMatchObject(told);
      expect((await daughterClient.event('meal.bookingChanged')).payload).toMatchObject(told);
      expect((await staffClient.event('meal.rosterChanged')).payload).toMatchObject({
        providerId: world.canteen.id,
        menuId: menu.id,
        date: MEAL_DATE,
        meal: 'lunch',
      });
      expect(rivalClient.received.some((r) => r.event.startsWith('meal.'))).toBe(false);
    } finally {
      for (const client of [elderClient, daughterClient, staffClient, rivalClient]) client.close();
    }
  });
});

describe('who may book', () => {
  it('lets a confirmed carer book for their elder; not a stranger, not someone under age', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 88 });
    const son = await makeResident(api);
    const stranger = await makeResident(api);
    const asked = await request(api.url)
      .post('/api/v1/carer-links')
      .set(await as(son.id))
      .send({ elderUserId: elder.id });
    await request(api.url)
      .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
      .set(await as(elder.id));

    const byStranger = await book(stranger.id, { menuId: menu.id, elderUserId: elder.id });
    expect(byStranger.status).toBe(403);
    const bySon = await book(son.id, { menuId: menu.id, elderUserId: elder.id, mode: 'pickup' });
    expect(bySon.status).toBe(201);
    expect(bySon.body).toMatchObject({
      bookedBy: son.id,
      elder: { id: elder.id },
      pickupCode: expect.any(String),
    });
    const mine = await get(son.id, '/meals/bookings/mine');
    expect(mine.body.items.map((b: { id: string }) => b.id)).toEqual([bySon.body.id]);
    expect((await cancel(stranger.id, bySon.body.id)).status).toBe(404);

    const young = await makeElder(api, world, { age: 59 });
    const tooYoung = await book(young.id, { menuId: menu.id });
    expect(tooYoung.status).toBe(403);
    expect(tooYoung.body.error.code).toBe('MEAL_NOT_ELIGIBLE');
    const outsider = await makeResident(api, { birthDate: '1940-01-01' });
    expect((await book(outsider.id, { menuId: menu.id })).body.error.code).toBe('MEAL_NOT_ELIGIBLE');
  });
});

describe('subsidies', () => {
  const tiers = [
    { minAge: 60, maxAge: 69, subsidyFen: 300 },
    { minAge: 70, maxAge: 79, subsidyFen: 500 },
    { minAge: 80, subsidyFen: 800 },
  ];

  it('prices by age on the meal date and tags, freezes the price, and respects the monthly cap', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: tiers, tagExtras: { livingAlone: 200 }, monthlyCapFen: 900 });
    const menu = await makeMenu(api, world, { date: MEAL_DATE, basePriceFen: 1500 });
    const dinner = await makeMenu(api, world, { date: MEAL_DATE, meal: 'dinner', basePriceFen: 1500 });
    const turning70 = await makeElder(api, world, { birthDate: bornYearsBefore(MEAL_DATE, 70) });
    const dayBefore = await makeElder(api, world, { birthDate: bornYearsBefore('2031-03-05', 70) });
    await request(api.url)
      .put(`/api/v1/residents/${turning70.id}/tags`)
      .set(await as(world.committee.id))
      .send({ communityId: world.community.id, tags: ['livingAlone'] });

    const b70 = await book(turning70.id, { menuId: menu.id });
    expect(b70.body.price).toEqual({
      baseFen: 1500,
      lines: [
        { kind: 'age', label: '70–79岁', fen: 500 },
        { kind: 'tag', label: '独居', fen: 200 },
      ],
      subsidyFen: 700,
      payableFen: 800,
    });
    const b69 = await book(dayBefore.id, { menuId: menu.id });
    expect(b69.body.price).toMatchObject({
      lines: [{ kind: 'age', label: '60–69岁', fen: 300 }],
      payableFen: 1200,
    });

    // Only 200 of the 900 cap is left this month for the first elder.
    const capped = await book(turning70.id, { menuId: dinner.id });
    expect(capped.body.price).toMatchObject({
      subsidyFen: 200,
      payableFen: 1300,
      lines: [{ kind: 'age', fen: 200 }],
    });

    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 1 }], monthlyCapFen: 1 });
    const mine = await get(turning70.id, '/meals/bookings/mine');
    const frozen = mine.body.items.find((b: { id: string }) => b.id === b70.body.id);
    expect(frozen.price).toEqual(b70.body.price);
  });
});

describe("the canteen's day", () => {
  let world: CanteenWorld;
  let menuId: string;
  let elderBooking: { id: string; pickupCode: string };
  beforeAll(async () => {
    api.clock.set(START);
    world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 400 }], monthlyCapFen: 10_000 });
    await request(api.url)
      .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
      .set(await as(world.operator.id))
      .send({
        opensDaysAhead: 7,
        cutoffs: { lunch: '09:30', dinner: '15:30' },
        deliveryBuildingIds: [world.building.id],
      });
    menuId = (await makeMenu(api, world, { date: MEAL_DATE, basePriceFen: 1234 })).id;
    const elder = await makeElder(api, world, { age: 81 });
    const res = await book(elder.id, { menuId, mode: 'delivery', dietaryNote: '软烂' });
    elderBooking = res.body;
  });

  it('shows the roster only to the canteen’s operators (401, 403, 404 without a leak, 200)', async () => {
    const path = `/meals/canteens/${world.canteen.id}/roster?date=${MEAL_DATE}&meal=lunch`;
    const resident = await makeResident(api);
    const rival = await makeCanteen(api);
    expect((await get(undefined, path)).status).toBe(401);
    expect((await get(resident.id, path)).status).toBe(403);
    const foreign = await get(rival.operator.id, path);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(elderBooking.id);
    const roster = await get(world.operator.id, path);
    expect(roster.status).toBe(200);
    expect(roster.body.counts).toMatchObject({
      total: 1,
      byMode: { delivery: 1 },
      byDish: { 清蒸鱼: 1, 青菜豆腐: 1 },
    });
    expect(roster.body.deliveries).toEqual([
      {
        buildingName: '1号楼',
        entries: [expect.objectContaining({ dietaryNote: '软烂', unit: expect.any(String) })],
      },
    ]);
    expect(JSON.stringify(roster.body)).not.toContain(elderBooking.pickupCode);

    const csv = await get(
      world.operator.id,
      `/meals/canteens/${world.canteen.id}/roster/csv?date=${MEAL_DATE}&meal=lunch`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('软烂');

    const serveForeign = await request(api.url)
      .post(`/api/v1/meals/menus/${menuId}/serve`)
      .set(await as(rival.operator.id))
      .send({ pickupCode: elderBooking.pickupCode });
    expect(serveForeign.status).toBe(404);
  });

  it('serves by pickup code once (wrong code 404, twice 409), marks no-shows, and settles to the fen', async () => {
    const serve = async (pickupCode: string) =>
      request(api.url)
        .post(`/api/v1/meals/menus/${menuId}/serve`)
        .set(await as(world.operator.id))
        .send({ pickupCode });
    const wrong = elderBooking.pickupCode === '000000' ? '000001' : '000000';
    expect((await serve(wrong)).status).toBe(404);
    const served = await serve(elderBooking.pickupCode);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ status: 'served', actions: [] });
    expect((await serve(elderBooking.pickupCode)).status).toBe(409);

    const others = [await makeElder(api, world, { age: 66 }), await makeElder(api, world, { age: 90 })];
    const [servedToo, absent] = [
      (await book(others[0].id, { menuId })).body,
      (await book(others[1].id, { menuId, mode: 'pickup' })).body,
    ];
    expect((await serve(servedToo.pickupCode)).status).toBe(200);
    const noShow = await request(api.url)
      .post(`/api/v1/meals/bookings/${absent.id}/no-show`)
      .set(await as(world.operator.id));
    expect(noShow.body.status).toBe('noShow');

    const report = await get(
      world.operator.id,
      `/meals/canteens/${world.canteen.id}/settlement?month=2031-03`,
    );
    expect(report.status).toBe(200);
    const servedBookings = await BookingModel.find({ providerId: world.canteen.id, status: 'served' }).lean();
    const sum = (pick: (b: (typeof servedBookings)[number]) => number) =>
      servedBookings.reduce((s, b) => s + pick(b), 0);
    expect(report.body.totals).toEqual({
      mealsServed: 2,
      baseFen: 2468,
      subsidyFen: sum((b) => b.price.subsidyFen),
      payableFen: sum((b) => b.price.payableFen),
    });
    expect(report.body.totals).toMatchObject({ subsidyFen: 800, payableFen: 1668 });
    expect(report.body.elders[0].name).toMatch(/^张\*姨$/);
    const foreign = await get(
      (await makeCanteen(api)).operator.id,
      `/meals/canteens/${world.canteen.id}/settlement?month=2031-03`,
    );
    expect(foreign.status).toBe(404);
    const csv = await get(
      world.operator.id,
      `/meals/canteens/${world.canteen.id}/settlement/csv?month=2031-03`,
    );
    expect(csv.text).toContain('合计,,,2,24.68');
  });
});

describe("the canteen's address and serving hours", () => {
  it('are kept when the operator gives them, shown to residents beside the menus, and checked', async () => {
    api.clock.set(START);
    const world = await makeCanteen(api);
    const settings = (body: Record<string, unknown>) =>
      as(world.operator.id).then((auth) =>
        request(api.url)
          .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
          .set(auth)
          .send({
            opensDaysAhead: 7,
            cutoffs: { lunch: '09:30', dinner: '15:30' },
            deliveryBuildingIds: [],
            ...body,
          }),
      );
    // Before the operator says, the defaults: no address, the usual hours.
    const before = await settings({});
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      address: '',
      servingHours: { lunch: { from: '11:00', to: '13:00' } },
    });

    const hours = { lunch: { from: '11:15', to: '12:45' }, dinner: { from: '17:00', to: '18:15' } };
    const saved = await settings({ address: ' 和平路 9 号一楼 ', servingHours: hours });
    expect(saved.body).toMatchObject({ address: '和平路 9 号一楼', servingHours: hours });
    // Left out, they stay as they were.
    expect((await settings({ opensDaysAhead: 5 })).body).toMatchObject({
      address: '和平路 9 号一楼',
      servingHours: hours,
    });

    const backwards = await settings({ servingHours: { ...hours, dinner: { from: '18:00', to: '17:00' } } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0]).toMatchObject({
      path: 'servingHours.dinner.to',
      message: '结束时间须晚于开始时间',
    });

    await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 75 });
    const menus = await request(api.url)
      .get(`/api/v1/meals/menus?from=${MEAL_DATE}&to=${MEAL_DATE}`)
      .set(await as(elder.id));
    expect(menus.body.canteens).toEqual([
      {
        providerId: world.canteen.id,
        name: world.canteen.name,
        address: '和平路 9 号一楼',
        servingHours: hours,
      },
    ]);
  });
});
