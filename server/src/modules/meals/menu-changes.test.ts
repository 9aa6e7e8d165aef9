/**
 * A canteen changing a menu, over HTTP with the real store: editing a draft and a published menu
 * (never below the places taken, even against bookings racing the edit; prices already booked stay
 * frozen; those booked are told live and can catch up), withdrawing a published menu (every booking
 * cancelled with the reason and told, places given back exactly once, an interrupted withdrawal
 * finished by running it again), deleting drafts, and reusing a withdrawn meal's slot.
 */
import request from 'supertest';
import { connectClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident } from '../identity/test-factories';
import { BookingModel } from './booking-model';
import { MenuModel } from './menu-model';
import { SubsidyLedgerModel } from './subsidy-ledger';
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
import { as, closeAll, eventsNamed, listen, makeCarer } from './test-people';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** 10:00 in Shanghai on 3 March; menus below are for lunch on 4 March (cutoff 09:30 that day). */
const START = '2031-03-03T02:00:00Z';
const MEAL_DATE = '2031-03-04';
beforeEach(() => api.clock.set(START));
afterEach(() => jest.restoreAllMocks());

const book = async (userId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post('/api/v1/meals/bookings')
    .set(await as(api, userId))
    .send({ mode: 'dine-in', ...body });
const edit = async (world: CanteenWorld, menuId: string, body: Record<string, unknown>) =>
  request(api.url)
    .patch(`/api/v1/meals/menus/${menuId}`)
    .set(await as(api, world.operator.id))
    .send(body);
const withdraw = async (operatorId: string, menuId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post(`/api/v1/meals/menus/${menuId}/withdraw`)
    .set(await as(api, operatorId))
    .send(body);
const draft = async (world: CanteenWorld, date = MEAL_DATE) => {
  const res = await request(api.url)
    .post('/api/v1/meals/menus')
    .set(await as(api, world.operator.id))
    .send({
      providerId: world.canteen.id,
      date,
      meal: 'lunch',
      basePriceFen: 1500,
      seatCapacity: 10,
      deliveryCapacity: 0,
      dishes: [{ name: '红烧肉' }],
    });
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string };
};
const deliverToBuilding = async (world: CanteenWorld) =>
  request(api.url)
    .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
    .set(await as(api, world.operator.id))
    .send({
      opensDaysAhead: 7,
      cutoffs: { lunch: '09:30', dinner: '15:30' },
      deliveryBuildingIds: [world.building.id],
    })
    .expect(200);
/** Makes the `nth` call of a model's method fail as if the store went away; the others go through. */
function failOnCall(model: typeof BookingModel, method: 'findOneAndUpdate' | 'updateOne', nth: number) {
  const original = (model[method] as (...args: unknown[]) => unknown).bind(model);
  let calls = 0;
  jest.spyOn(model, method).mockImplementation(((...args: unknown[]) => {
    calls += 1;
    if (calls === nth) throw new Error('store went away');
    return original(...args);
  }) as never);
}
/** The menu's counters beside the active bookings they must equal. */
const places = async (menuId: string) => {
  const menu = await MenuModel.findById(menuId).lean();
  const active = await BookingModel.find({ menuId, active: true }).lean();
  return {
    seatsTaken: menu!.seatsTaken,
    seatBookings: active.filter((b) => b.mode !== 'delivery').length,
    deliveriesTaken: menu!.deliveriesTaken,
    deliveryBookings: active.filter((b) => b.mode === 'delivery').length,
  };
};
const residentsMenus = async (userId: string) =>
  (
    await request(api.url)
      .get(`/api/v1/meals/menus?from=${MEAL_DATE}&to=${MEAL_DATE}`)
      .set(await as(api, userId))
  ).body.items.map((m: { id: string }) => m.id);

describe('editing a menu', () => {
  it('changes a draft freely, and says what changed', async () => {
    const world = await makeCanteen(api);
    const menu = await draft(world);
    const res = await edit(world, menu.id, {
      dishes: [{ name: '清蒸鲈鱼', tags: ['soft'] }],
      basePriceFen: 1800,
      seatCapacity: 0,
      deliveryCapacity: 5,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      changed: ['dishes', 'basePriceFen', 'seatCapacity', 'deliveryCapacity'],
      bookingsTold: 0,
      menu: {
        id: menu.id,
        status: 'draft',
        dishes: [{ name: '清蒸鲈鱼', tags: ['soft'], allergens: [] }],
        basePriceFen: 1800,
        remaining: { seats: 0, deliveries: 5 },
      },
    });
    // The same values again change nothing.
    const again = await edit(world, menu.id, {
      basePriceFen: 1800,
      dishes: [{ name: '清蒸鲈鱼', tags: ['soft'] }],
    });
    expect(again.body.changed).toEqual([]);
  });

  it('refuses an empty edit, a field that cannot change, and a capacity below what is booked', async () => {
    const world = await makeCanteen(api);
    await deliverToBuilding(world);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 5, deliveryCapacity: 2 });
    for (let i = 0; i < 3; i += 1)
      expect((await book((await makeElder(api, world, { age: 70 })).id, { menuId: menu.id })).status).toBe(
        201,
      );
    const delivered = await makeElder(api, world, { age: 70 });
    expect((await book(delivered.id, { menuId: menu.id, mode: 'delivery' })).status).toBe(201);

    const empty = await edit(world, menu.id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].message).toContain('至少修改一项');
    const moved = await edit(world, menu.id, { date: '2031-03-05' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.fields[0]).toMatchObject({ reason: 'unrecognized_keys' });

    const tooFewSeats = await edit(world, menu.id, { seatCapacity: 2 });
    expect(tooFewSeats.status).toBe(409);
    expect(tooFewSeats.body.error.message).toContain('已有 3 份堂食/自取订餐，座位数不能少于 3');
    expect(tooFewSeats.body.error.details).toEqual({ taken: { seats: 3, deliveries: 1 } });
    const inEnglish = await request(api.url)
      .patch(`/api/v1/meals/menus/${menu.id}`)
      .set(await as(api, world.operator.id))
      .set('Accept-Language', 'en')
      .send({ deliveryCapacity: 0 });
    expect(inEnglish.status).toBe(409);
    expect(inEnglish.body.error.message).toContain('1 deliveries are already booked');

    // Nothing of a refused edit is applied, not even its other fields.
    const mixed = await edit(world, menu.id, { basePriceFen: 99, seatCapacity: 1 });
    expect(mixed.status).toBe(409);
    expect((await MenuModel.findById(menu.id).lean())!.basePriceFen).toBe(1500);

    const exact = await edit(world, menu.id, { seatCapacity: 3 });
    expect(exact.status).toBe(200);
    expect(exact.body.menu.remaining).toEqual({ seats: 0, deliveries: 1 });
    const late = await book((await makeElder(api, world, { age: 70 })).id, { menuId: menu.id });
    expect(late.body.error.code).toBe('MEAL_SLOT_FULL');
  });

  it('never leaves more bookings than seats when the capacity is lowered while people book', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 60 });
    const elders = await makeEldersInBulk(api, world, 60, bornYearsBefore(MEAL_DATE, 70));
    const operator = await as(api, world.operator.id);
    const [lowered, ...answers] = await Promise.all([
      request(api.url).patch(`/api/v1/meals/menus/${menu.id}`).set(operator).send({ seatCapacity: 20 }),
      ...elders.map(({ token }) =>
        request(api.url)
          .post('/api/v1/meals/bookings')
          .set(api.bearer(token))
          .send({ menuId: menu.id, mode: 'pickup' }),
      ),
    ]);
    const booked = answers.filter((r) => r.status === 201).length;
    const after = await MenuModel.findById(menu.id).lean();
    expect(await places(menu.id)).toMatchObject({ seatsTaken: booked, seatBookings: booked });
    expect(after!.seatsTaken).toBeLessThanOrEqual(after!.seatCapacity);
    if (lowered.status === 200) {
      expect(after!.seatCapacity).toBe(20);
      expect(booked).toBeLessThanOrEqual(20);
    } else {
      expect(lowered.status).toBe(409);
      expect(lowered.body.error.details.taken.seats).toBeGreaterThan(20);
      expect(after!.seatCapacity).toBe(60);
      expect(booked).toBe(60);
    }
    expect(answers.every((r) => r.status === 201 || r.body.error.code === 'MEAL_SLOT_FULL')).toBe(true);
  }, 90_000);

  it('keeps the price of bookings already made and prices new ones at the new base price', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 500 }], monthlyCapFen: 100_000 });
    const menu = await makeMenu(api, world, { date: MEAL_DATE, basePriceFen: 1500 });
    const early = await makeElder(api, world, { age: 75 });
    const first = await book(early.id, { menuId: menu.id });
    expect(first.body.price).toMatchObject({ baseFen: 1500, subsidyFen: 500, payableFen: 1000 });

    const res = await edit(world, menu.id, { basePriceFen: 2000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      changed: ['basePriceFen'],
      bookingsTold: 1,
      menu: { basePriceFen: 2000 },
    });

    const mine = await request(api.url)
      .get('/api/v1/meals/bookings/mine')
      .set(await as(api, early.id));
    expect(mine.body.items[0].price).toEqual(first.body.price);
    const later = await book((await makeElder(api, world, { age: 75 })).id, { menuId: menu.id });
    expect(later.body.price).toMatchObject({ baseFen: 2000, subsidyFen: 500, payableFen: 1500 });
  });

  it('tells each booked elder, whoever booked and their carers live what changed, and keeps it for catch-up', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 82 });
    const son = await makeCarer(api, elder.id);
    const daughter = await makeCarer(api, elder.id);
    const byHerself = await makeElder(api, world, { age: 70 });
    const cancelledOne = await makeElder(api, world, { age: 70 });
    const rival = await makeCanteen(api);
    const bySon = await book(son.id, { menuId: menu.id, elderUserId: elder.id, mode: 'pickup' });
    expect(bySon.status).toBe(201);
    const herOwn = await book(byHerself.id, { menuId: menu.id });
    const gone = await book(cancelledOne.id, { menuId: menu.id });
    await request(api.url)
      .post(`/api/v1/meals/bookings/${gone.body.id}/cancel`)
      .set(await as(api, cancelledOne.id))
      .send({})
      .expect(200);

    const clients = await listen(api, [
      elder.id,
      son.id,
      daughter.id,
      byHerself.id,
      cancelledOne.id,
      world.operator.id,
      rival.operator.id,
    ]);
    const [elderC, sonC, daughterC, herC, cancelledC, staffC, rivalC] = clients;
    try {
      // A capacity change does not touch a booked place: only the roster hears of it.
      expect((await edit(world, menu.id, { seatCapacity: 40 })).body.bookingsTold).toBe(0);
      await staffC.event('meal.rosterChanged');
      const res = await edit(world, menu.id, { dishes: [{ name: '小米粥' }] });
      expect(res.body).toMatchObject({ changed: ['dishes'], bookingsTold: 2 });
      const told = { menuId: menu.id, date: MEAL_DATE, meal: 'lunch', changed: ['dishes'] };
      for (const client of [elderC, sonC, daughterC])
        expect((await client.event('meal.menuChanged')).payload).toMatchObject({
          ...told,
          bookingId: bySon.body.id,
        });
      expect((await herC.event('meal.menuChanged')).payload).toMatchObject({
        ...told,
        bookingId: herOwn.body.id,
      });
      await api.running.events.drain();
      // One announcement each: the capacity edit before it sent none to them.
      for (const client of [elderC, sonC, daughterC, herC])
        expect(eventsNamed(client, 'meal.menuChanged')).toHaveLength(1);
      expect(eventsNamed(cancelledC, 'meal.menuChanged')).toEqual([]);
      expect(rivalC.received.some((r) => r.event.startsWith('meal.'))).toBe(false);

      // Someone who was offline catches up on reconnecting with the last seq they had.
      const lastSeq = (eventsNamed(daughterC, 'meal.menuChanged')[0].seq as number) - 1;
      daughterC.close();
      const back = await connectClient(api.url, { token: await tokenFor(api, daughter.id), lastSeq });
      try {
        expect((await back.event('meal.menuChanged')).payload).toMatchObject(told);
        expect(await back.caughtUp()).toMatchObject({ complete: true });
      } finally {
        back.close();
      }
    } finally {
      closeAll(clients);
    }
  });

  it('refuses to edit or delete a withdrawn menu', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    expect((await withdraw(world.operator.id, menu.id, { reason: '停水' })).status).toBe(200);
    const res = await edit(world, menu.id, { basePriceFen: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已撤回');
    const del = await request(api.url)
      .delete(`/api/v1/meals/menus/${menu.id}`)
      .set(await as(api, world.operator.id));
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain('新建这一餐的菜单');
  });
});

describe('withdrawing a menu', () => {
  it('takes it off residents’ menus, cancels every active booking with the reason, frees the places and tells each', async () => {
    const world = await makeCanteen(api);
    await deliverToBuilding(world);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 5, deliveryCapacity: 3 });
    const elder = await makeElder(api, world, { age: 85 });
    const son = await makeCarer(api, elder.id);
    const neighbour = await makeElder(api, world, { age: 66 });
    const changedMind = await makeElder(api, world, { age: 66 });
    const bySon = await book(son.id, { menuId: menu.id, elderUserId: elder.id, mode: 'delivery' });
    const own = await book(neighbour.id, { menuId: menu.id });
    const dropped = await book(changedMind.id, { menuId: menu.id });
    await request(api.url)
      .post(`/api/v1/meals/bookings/${dropped.body.id}/cancel`)
      .set(await as(api, changedMind.id))
      .send({})
      .expect(200);
    expect(await residentsMenus(neighbour.id)).toContain(menu.id);

    const noReason = await withdraw(world.operator.id, menu.id, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0]).toMatchObject({ path: 'reason' });
    const blank = await withdraw(world.operator.id, menu.id, { reason: '   ' });
    expect(blank.status).toBe(400);

    const clients = await listen(api, [elder.id, son.id, neighbour.id, world.operator.id]);
    try {
      const res = await withdraw(world.operator.id, menu.id, { reason: '燃气检修，停餐一天' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        bookingsCancelled: 2,
        menu: {
          status: 'withdrawn',
          withdrawReason: '燃气检修，停餐一天',
          remaining: { seats: 5, deliveries: 3 },
        },
      });
      const told = { status: 'cancelled', reason: '燃气检修，停餐一天' };
      const [elderC, sonC, neighbourC, staffC] = clients;
      expect((await elderC.event('meal.bookingChanged')).payload).toMatchObject({
        ...told,
        bookingId: bySon.body.id,
      });
      expect((await sonC.event('meal.bookingChanged')).payload).toMatchObject({
        ...told,
        bookingId: bySon.body.id,
      });
      expect((await neighbourC.event('meal.bookingChanged')).payload).toMatchObject({
        ...told,
        bookingId: own.body.id,
      });
      expect((await staffC.event('meal.rosterChanged')).payload).toMatchObject({ menuId: menu.id });
    } finally {
      closeAll(clients);
    }

    expect(await residentsMenus(neighbour.id)).not.toContain(menu.id);
    const operatorList = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/menus?from=${MEAL_DATE}&to=${MEAL_DATE}`)
      .set(await as(api, world.operator.id));
    expect(operatorList.body.items).toEqual([
      expect.objectContaining({ id: menu.id, status: 'withdrawn', withdrawReason: '燃气检修，停餐一天' }),
    ]);
    const mine = await request(api.url)
      .get('/api/v1/meals/bookings/mine')
      .set(await as(api, son.id));
    expect(mine.body.items[0]).toMatchObject({
      status: 'cancelled',
      cancelReason: '燃气检修，停餐一天',
      actions: [],
    });
    expect(await places(menu.id)).toEqual({
      seatsTaken: 0,
      seatBookings: 0,
      deliveriesTaken: 0,
      deliveryBookings: 0,
    });
    const tooLate = await book(changedMind.id, { menuId: menu.id });
    expect(tooLate.status).toBe(404);

    // Each cancellation is a staff change to a resident's record.
    const audit = await request(api.url)
      .get(`/api/v1/audit?communityId=${world.community.id}`)
      .set(await as(api, world.committee.id));
    expect(audit.status).toBe(200);
    const cancels = audit.body.items.filter((e: { action: string }) => e.action === 'mealBooking.cancel');
    expect(cancels.map((e: { actorId: string }) => e.actorId)).toEqual([
      world.operator.id,
      world.operator.id,
    ]);
  });

  it('finishes an interrupted withdrawal when run again, giving each place and subsidy back exactly once', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 400 }], monthlyCapFen: 10_000 });
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 10 });
    const dinner = await makeMenu(api, world, { date: MEAL_DATE, meal: 'dinner' });
    const elders = await Promise.all(Array.from({ length: 6 }, () => makeElder(api, world, { age: 70 })));
    for (const e of elders) expect((await book(e.id, { menuId: menu.id })).status).toBe(201);
    // The first elder's dinner keeps its subsidy held whatever happens to the lunch.
    expect((await book(elders[0].id, { menuId: dinner.id })).status).toBe(201);
    expect((await places(menu.id)).seatsTaken).toBe(6);
    const held = async (elderId: string) =>
      (await SubsidyLedgerModel.findOne({ elderId, month: MEAL_DATE.slice(0, 7) }).lean())?.heldFen;
    expect(await held(elders[0].id)).toBe(800);

    // The store fails on the third booking it is asked to cancel…
    failOnCall(BookingModel, 'findOneAndUpdate', 3);
    const broken = await withdraw(world.operator.id, menu.id, { reason: '设备故障' });
    expect(broken.status).toBe(500);
    jest.restoreAllMocks();
    expect(await residentsMenus(elders[0].id)).not.toContain(menu.id);
    expect(await BookingModel.countDocuments({ menuId: menu.id, status: 'booked' })).toBeGreaterThan(0);

    // …and, on another try, after giving a place back but before noting it was given.
    failOnCall(BookingModel, 'updateOne', 2);
    expect((await withdraw(world.operator.id, menu.id, { reason: '设备故障' })).status).toBe(500);
    jest.restoreAllMocks();

    const finished = await withdraw(world.operator.id, menu.id, { reason: '另一个原因' });
    expect(finished.status).toBe(200);
    expect(finished.body.menu).toMatchObject({ status: 'withdrawn', withdrawReason: '设备故障' });
    expect(await places(menu.id)).toEqual({
      seatsTaken: 0,
      seatBookings: 0,
      deliveriesTaken: 0,
      deliveryBookings: 0,
    });
    const all = await BookingModel.find({ menuId: menu.id }).lean();
    expect(all.map((b) => [b.status, b.cancelReason, b.placeToFree])).toEqual(
      all.map(() => ['cancelled', '设备故障', undefined]),
    );
    const freedFor = (await MenuModel.findById(menu.id).lean())!.freedFor!.map(String);
    expect(new Set(freedFor)).toEqual(new Set(all.map((b) => String(b._id))));
    expect(freedFor).toHaveLength(6);
    expect(await held(elders[0].id)).toBe(400);
    for (const e of elders.slice(1)) expect(await held(e.id)).toBe(0);
    // Once more changes nothing.
    const again = await withdraw(world.operator.id, menu.id, { reason: '设备故障' });
    expect(again.body.bookingsCancelled).toBe(0);
    expect((await places(menu.id)).seatsTaken).toBe(0);
    expect(await held(elders[0].id)).toBe(400);
  });

  it('leaves no active booking behind when people book while it is withdrawn', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE, seatCapacity: 200 });
    const elders = await makeEldersInBulk(api, world, 80, bornYearsBefore(MEAL_DATE, 70));
    const operator = await as(api, world.operator.id);
    const [withdrawn, ...answers] = await Promise.all([
      request(api.url).post(`/api/v1/meals/menus/${menu.id}/withdraw`).set(operator).send({ reason: '停电' }),
      ...elders.map(({ token }) =>
        request(api.url)
          .post('/api/v1/meals/bookings')
          .set(api.bearer(token))
          .send({ menuId: menu.id, mode: 'dine-in' }),
      ),
    ]);
    expect(withdrawn.status).toBe(200);
    expect(answers.every((r) => r.status === 201 || r.status === 404)).toBe(true);
    expect(await places(menu.id)).toEqual({
      seatsTaken: 0,
      seatBookings: 0,
      deliveriesTaken: 0,
      deliveryBookings: 0,
    });
  }, 90_000);

  it('is refused once the canteen has started serving the meal', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 70 });
    const booked = await book(elder.id, { menuId: menu.id });
    await request(api.url)
      .post(`/api/v1/meals/menus/${menu.id}/serve`)
      .set(await as(api, world.operator.id))
      .send({ pickupCode: booked.body.pickupCode })
      .expect(200);
    const res = await withdraw(world.operator.id, menu.id, { reason: '晚了' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已开始发餐');
  });

  it('lets the canteen set a new menu for a withdrawn meal, which elders book afresh', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const elder = await makeElder(api, world, { age: 70 });
    expect((await book(elder.id, { menuId: menu.id })).status).toBe(201);
    expect((await withdraw(world.operator.id, menu.id, { reason: '食材未到' })).status).toBe(200);
    const fresh = await makeMenu(api, world, { date: MEAL_DATE, basePriceFen: 1200, seatCapacity: 8 });
    expect(fresh).toMatchObject({ status: 'published', remaining: { seats: 8, deliveries: 10 } });
    expect(fresh).not.toHaveProperty('withdrawReason');
    expect(await residentsMenus(elder.id)).toContain(fresh.id);
    const again = await book(elder.id, { menuId: fresh.id });
    expect(again.status).toBe(201);
    expect(again.body.price.baseFen).toBe(1200);
  });
});

describe('drafts', () => {
  it('deletes a draft; a draft is not withdrawn and a published menu is not deleted', async () => {
    const world = await makeCanteen(api);
    const menu = await draft(world);
    const notPublished = await withdraw(world.operator.id, menu.id, { reason: '不要了' });
    expect(notPublished.status).toBe(409);
    expect(notPublished.body.error.message).toContain('直接删除');
    const del = await request(api.url)
      .delete(`/api/v1/meals/menus/${menu.id}`)
      .set(await as(api, world.operator.id));
    expect(del.status).toBe(204);
    expect(await MenuModel.exists({ _id: menu.id })).toBeNull();
    expect(
      (
        await request(api.url)
          .delete(`/api/v1/meals/menus/${menu.id}`)
          .set(await as(api, world.operator.id))
      ).status,
    ).toBe(404);

    const published = await makeMenu(api, world, { date: MEAL_DATE });
    const refused = await request(api.url)
      .delete(`/api/v1/meals/menus/${published.id}`)
      .set(await as(api, world.operator.id));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('撤回');
  });
});

describe('who may change a menu', () => {
  it('is the operator of its canteen only: a resident 403, another canteen’s operator 404 without a leak', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: MEAL_DATE });
    const draftMenu = await draft(world, '2031-03-05');
    const resident = await makeResident(api);
    const rival = await makeCanteen(api);
    const attempts = [
      { method: 'patch', path: `/api/v1/meals/menus/${menu.id}`, body: { basePriceFen: 1 } },
      { method: 'post', path: `/api/v1/meals/menus/${menu.id}/withdraw`, body: { reason: 'x' } },
      { method: 'delete', path: `/api/v1/meals/menus/${draftMenu.id}`, body: {} },
    ] as const;
    const call = async (userId: string, { method, path, body }: (typeof attempts)[number]) => {
      const agent = request(api.url);
      return agent[method](path)
        .set(await as(api, userId))
        .send(body);
    };
    for (const attempt of attempts) {
      const { path } = attempt;
      const byResident = await call(resident.id, attempt);
      expect({ path, status: byResident.status }).toEqual({ path, status: 403 });
      const byRival = await call(rival.operator.id, attempt);
      expect({ path, status: byRival.status, code: byRival.body.error.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(JSON.stringify(byRival.body)).not.toContain('红烧肉');
    }
    const untouched = await MenuModel.findById(menu.id).lean();
    expect(untouched).toMatchObject({ status: 'published', basePriceFen: 1500 });
    expect(await MenuModel.exists({ _id: draftMenu.id })).not.toBeNull();
  });
});
