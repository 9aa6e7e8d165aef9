/**
 * Standing orders over HTTP with the real store: setting one up (for oneself or an elder one cares
 * for), bookings made on publication through the normal booking path, a full or closed day skipped
 * and told live, the booking window's rule for standing orders, pause and resume, deleting, hundreds
 * of orders on one menu, and who may see and change an order.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident } from '../identity/test-factories';
import { BookingModel } from './booking-model';
import { MenuModel } from './menu-model';
import { StandingOrderModel } from './standing-order-model';
import {
  bornYearsBefore,
  makeCanteen,
  makeElder,
  makeEldersInBulk,
  makeMenu,
  setPolicy,
  type CanteenWorld,
} from './test-factories';
import { as, closeAll, eventsNamed, listen, makeCarer } from './test-people';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** Monday 3 March 2031, 10:00 in Shanghai (after Monday's 09:30 lunch cutoff). */
const START = '2031-03-03T02:00:00Z';
const TUESDAY = '2031-03-04';
const WEDNESDAY = '2031-03-05';
beforeEach(() => api.clock.set(START));

const order = async (world: CanteenWorld, userId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post('/api/v1/meals/standing-orders')
    .set(await as(api, userId))
    .send({ providerId: world.canteen.id, meal: 'lunch', mode: 'dine-in', ...body });
const act = async (userId: string, orderId: string, action: 'pause' | 'resume' | 'delete') =>
  action === 'delete'
    ? request(api.url)
        .delete(`/api/v1/meals/standing-orders/${orderId}`)
        .set(await as(api, userId))
    : request(api.url)
        .post(`/api/v1/meals/standing-orders/${orderId}/${action}`)
        .set(await as(api, userId));
const mine = async (userId: string) =>
  (
    await request(api.url)
      .get('/api/v1/meals/bookings/mine')
      .set(await as(api, userId))
  ).body.items as { id: string; menuId: string; source: string; bookedBy: string; elder: { id: string } }[];
const ordersOf = async (userId: string) =>
  (
    await request(api.url)
      .get('/api/v1/meals/standing-orders/mine')
      .set(await as(api, userId))
  ).body.items as { id: string; elder: { id: string }; status: string; actions: string[] }[];
/** A draft menu for `date`, then published by its own route, as a canteen does. */
const publishDraft = async (world: CanteenWorld, date: string, extra: Record<string, unknown> = {}) => {
  const operator = await as(api, world.operator.id);
  const created = await request(api.url)
    .post('/api/v1/meals/menus')
    .set(operator)
    .send({
      providerId: world.canteen.id,
      date,
      meal: 'lunch',
      basePriceFen: 1500,
      seatCapacity: 50,
      deliveryCapacity: 0,
      dishes: [{ name: '番茄炒蛋' }],
      ...extra,
    });
  expect(created.status).toBe(201);
  const published = await request(api.url)
    .post(`/api/v1/meals/menus/${created.body.id}/publish`)
    .set(operator);
  expect(published.status).toBe(200);
  return published.body as { id: string };
};
/** Publication honours standing orders in the background; this waits for that work to finish. */
const honoured = () => api.running.events.drain();

describe('standing orders', () => {
  it('books every active order matching a published menu, through the normal booking path', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 400 }], monthlyCapFen: 100_000 });
    const tuesdays = await makeElder(api, world, { age: 70 });
    const mondays = await makeElder(api, world, { age: 70 });
    const dinners = await makeElder(api, world, { age: 70 });
    const resting = await makeElder(api, world, { age: 70 });
    const cared = await makeElder(api, world, { age: 88 });
    const son = await makeCarer(api, cared.id);

    const created = await order(world, tuesdays.id, {
      weekdays: [2, 4],
      mode: 'pickup',
      dietaryNote: '少油',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      elder: { id: tuesdays.id },
      createdBy: tuesdays.id,
      providerId: world.canteen.id,
      canteenName: '幸福食堂',
      weekdays: [2, 4],
      meal: 'lunch',
      mode: 'pickup',
      dietaryNote: '少油',
      status: 'active',
      actions: ['pause', 'delete'],
    });
    expect((await order(world, mondays.id, { weekdays: [1] })).status).toBe(201);
    expect((await order(world, dinners.id, { weekdays: [2], meal: 'dinner' })).status).toBe(201);
    const paused = await order(world, resting.id, { weekdays: [2] });
    expect((await act(resting.id, paused.body.id, 'pause')).status).toBe(200);
    const bySon = await order(world, son.id, { weekdays: [5, 2], elderUserId: cared.id });
    expect(bySon.status).toBe(201);
    expect(bySon.body).toMatchObject({ elder: { id: cared.id }, createdBy: son.id, weekdays: [2, 5] });

    const tallies: unknown[] = [];
    const stop = api.running.events.on('meal.standingOrdersHonoured', (t) => void tallies.push(t));
    const lunch = await publishDraft(world, TUESDAY);
    await honoured();
    stop();
    expect(tallies).toEqual([{ menuId: lunch.id, booked: 2, alreadyBooked: 0, skipped: 0, inactive: 0 }]);

    const [own] = await mine(tuesdays.id);
    expect(own).toMatchObject({
      menuId: lunch.id,
      source: 'standingOrder',
      bookedBy: tuesdays.id,
      mode: 'pickup',
      dietaryNote: '少油',
      status: 'booked',
      pickupCode: expect.stringMatching(/^\d{6}$/),
      price: { baseFen: 1500, subsidyFen: 400, payableFen: 1100 },
    });
    expect(await mine(son.id)).toEqual([
      expect.objectContaining({
        menuId: lunch.id,
        source: 'standingOrder',
        bookedBy: son.id,
        elder: expect.objectContaining({ id: cared.id }),
      }),
    ]);
    for (const nobody of [mondays, dinners, resting]) expect(await mine(nobody.id)).toEqual([]);
    const menu = await MenuModel.findById(lunch.id).lean();
    expect(menu!.seatsTaken).toBe(2);
    expect(await BookingModel.countDocuments({ menuId: lunch.id, active: true })).toBe(2);

    // createMenu with publish: true honours them too: here the dinner order.
    await makeMenu(api, world, { date: TUESDAY, meal: 'dinner' });
    await honoured();
    expect((await mine(dinners.id)).map((b) => b.source)).toEqual(['standingOrder']);
  });

  it('skips a full day and tells the elder and their carers live why; the older order gets the place', async () => {
    const world = await makeCanteen(api);
    const first = await makeElder(api, world, { age: 70 });
    const second = await makeElder(api, world, { age: 80 });
    const daughter = await makeCarer(api, second.id);
    expect((await order(world, first.id, { weekdays: [2] })).status).toBe(201);
    const late = await order(world, daughter.id, { weekdays: [2], elderUserId: second.id });
    expect(late.status).toBe(201);
    const neighbour = await makeResident(api);

    const clients = await listen(api, [first.id, second.id, daughter.id, neighbour.id]);
    try {
      const menu = await makeMenu(api, world, { date: TUESDAY, seatCapacity: 1 });
      await honoured();
      const [firstC, secondC, daughterC, neighbourC] = clients;
      expect((await firstC.event('meal.bookingChanged')).payload).toMatchObject({
        menuId: menu.id,
        status: 'booked',
      });
      const told = {
        standingOrderId: late.body.id,
        menuId: menu.id,
        date: TUESDAY,
        meal: 'lunch',
        code: 'MEAL_SLOT_FULL',
        reason: {
          'zh-CN': expect.stringContaining('名额已满'),
          en: expect.stringContaining('no dine-in/pickup places left'),
        },
      };
      expect((await secondC.event('meal.standingOrderSkipped')).payload).toMatchObject(told);
      expect((await daughterC.event('meal.standingOrderSkipped')).payload).toMatchObject(told);
      expect(eventsNamed(firstC, 'meal.standingOrderSkipped')).toEqual([]);
      expect(neighbourC.received.some((r) => r.event.startsWith('meal.'))).toBe(false);
      expect(await mine(second.id)).toEqual([]);
    } finally {
      closeAll(clients);
    }
  });

  it('leaves an elder who already booked that meal as they are: one booking, nothing to tell', async () => {
    const world = await makeCanteen(api);
    const menu = await makeMenu(api, world, { date: TUESDAY });
    const elder = await makeElder(api, world, { age: 75 });
    const booked = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(api, elder.id))
      .send({ menuId: menu.id, mode: 'dine-in' });
    expect(booked.status).toBe(201);
    const [client] = await listen(api, [elder.id]);
    try {
      // Creating the order honours it on the menus already published: this one is already booked.
      expect((await order(world, elder.id, { weekdays: [2] })).status).toBe(201);
      await honoured();
      expect((await mine(elder.id)).map((b) => [b.id, b.source])).toEqual([[booked.body.id, 'direct']]);
      expect(eventsNamed(client, 'meal.standingOrderSkipped')).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('is honoured at publication before the public window opens, but never after the cutoff', async () => {
    const world = await makeCanteen(api);
    await request(api.url)
      .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
      .set(await as(api, world.operator.id))
      .send({ opensDaysAhead: 1, cutoffs: { lunch: '09:30', dinner: '15:30' }, deliveryBuildingIds: [] })
      .expect(200);
    const standing = await makeElder(api, world, { age: 70 });
    const walkIn = await makeElder(api, world, { age: 70 });
    const other = await makeElder(api, world, { age: 70 });
    expect((await order(world, standing.id, { weekdays: [2] })).status).toBe(201);

    // A week ahead: the public window opens on 10 March, the standing order books now.
    const nextWeek = await makeMenu(api, world, { date: '2031-03-11' });
    await honoured();
    expect((await mine(standing.id)).map((b) => b.menuId)).toEqual([nextWeek.id]);
    const early = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(api, walkIn.id))
      .send({ menuId: nextWeek.id, mode: 'dine-in' });
    expect(early.body.error.code).toBe('MEAL_BOOKING_CLOSED');

    // Tuesday's lunch published at 10:00 that day, after its 09:30 cutoff: skipped, and told.
    api.clock.set('2031-03-04T02:00:00Z');
    const [client] = await listen(api, [standing.id]);
    try {
      const tooLate = await makeMenu(api, world, { date: TUESDAY });
      await honoured();
      expect((await client.event('meal.standingOrderSkipped')).payload).toMatchObject({
        menuId: tooLate.id,
        code: 'MEAL_BOOKING_CLOSED',
        reason: { 'zh-CN': expect.stringContaining('截止') },
      });
      expect((await mine(standing.id)).map((b) => b.menuId)).toEqual([nextWeek.id]);

      // An order set up after a published menu's cutoff leaves that menu alone, without a word.
      const [otherClient] = await listen(api, [other.id]);
      try {
        expect((await order(world, other.id, { weekdays: [2] })).status).toBe(201);
        await honoured();
        expect((await mine(other.id)).map((b) => b.menuId)).toEqual([nextWeek.id]);
        expect(eventsNamed(otherClient, 'meal.standingOrderSkipped')).toEqual([]);
      } finally {
        otherClient.close();
      }
    } finally {
      client.close();
    }
  });

  it('books nothing while paused; resuming books the matching menus already published', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 70 });
    const created = await order(world, elder.id, { weekdays: [2, 3] });
    const paused = await act(elder.id, created.body.id, 'pause');
    expect(paused.body).toMatchObject({ status: 'paused', actions: ['resume', 'delete'] });
    const twice = await act(elder.id, created.body.id, 'pause');
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('已暂停');

    const tuesday = await makeMenu(api, world, { date: TUESDAY });
    await honoured();
    expect(await mine(elder.id)).toEqual([]);

    const resumed = await act(elder.id, created.body.id, 'resume');
    expect(resumed.body).toMatchObject({ status: 'active', actions: ['pause', 'delete'] });
    expect((await mine(elder.id)).map((b) => [b.menuId, b.source])).toEqual([[tuesday.id, 'standingOrder']]);
    expect((await act(elder.id, created.body.id, 'resume')).status).toBe(409);

    const wednesday = await publishDraft(world, WEDNESDAY);
    await honoured();
    expect((await mine(elder.id)).map((b) => b.menuId).sort()).toEqual([tuesday.id, wednesday.id].sort());
  });

  it('books nothing more once deleted, and keeps what it booked', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 70 });
    const created = await order(world, elder.id, { weekdays: [2, 3] });
    const tuesday = await makeMenu(api, world, { date: TUESDAY });
    await honoured();
    expect((await act(elder.id, created.body.id, 'delete')).status).toBe(204);
    expect(await ordersOf(elder.id)).toEqual([]);
    await makeMenu(api, world, { date: WEDNESDAY });
    await honoured();
    expect((await mine(elder.id)).map((b) => b.menuId)).toEqual([tuesday.id]);
    expect((await act(elder.id, created.body.id, 'pause')).status).toBe(404);
  });

  it('finishes at the next start a publication’s run that a stopped process cut short, and only that', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 75 });
    expect((await order(world, elder.id, { weekdays: [2, 3] })).status).toBe(201);
    // Tuesday's run dies before it has tried anyone (the store goes away, or the process stops).
    const find = jest.spyOn(StandingOrderModel, 'find').mockImplementationOnce(() => {
      throw new Error('store went away');
    });
    const tuesday = await makeMenu(api, world, { date: TUESDAY });
    await honoured();
    find.mockRestore();
    const wednesday = await makeMenu(api, world, { date: WEDNESDAY });
    await honoured();
    expect((await mine(elder.id)).map((b) => b.menuId)).toEqual([wednesday.id]);
    expect((await MenuModel.findById(tuesday.id).lean())!.standingOrdersHonouredAt).toBeUndefined();

    const runs: { menuId: string }[] = [];
    const stop = api.running.events.on('meal.standingOrdersHonoured', (t) => void runs.push(t));
    await api.running.events.emit('system.started', {});
    await honoured();
    stop();
    // Only Tuesday's run is done again; Wednesday's finished, and is not repeated (nor its news).
    expect(runs.map((r) => r.menuId)).toEqual([tuesday.id]);
    expect((await mine(elder.id)).map((b) => b.menuId).sort()).toEqual([tuesday.id, wednesday.id].sort());
    expect((await MenuModel.findById(tuesday.id).lean())!.standingOrdersHonouredAt).toBeInstanceOf(Date);
  });

  it('two instances starting at once finish a cut-short run once: the menu is claimed first', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 75 });
    const full = await makeElder(api, world, { age: 80 });
    expect((await order(world, elder.id, { weekdays: [2] })).status).toBe(201);
    expect((await order(world, full.id, { weekdays: [2] })).status).toBe(201);
    const find = jest.spyOn(StandingOrderModel, 'find').mockImplementationOnce(() => {
      throw new Error('store went away');
    });
    const tuesday = await makeMenu(api, world, { date: TUESDAY, seatCapacity: 1 });
    await honoured();
    find.mockRestore();

    const runs: { menuId: string }[] = [];
    const skips: { elderId: string }[] = [];
    const stops = [
      api.running.events.on('meal.standingOrdersHonoured', (t) => void runs.push(t)),
      api.running.events.on('meal.standingOrderSkipped', (t) => void skips.push(t)),
    ];
    // Two starts racing through the store, as two instances booting together do.
    await Promise.all([
      api.running.events.emit('system.started', {}),
      api.running.events.emit('system.started', {}),
    ]);
    await honoured();
    for (const stop of stops) stop();
    expect(runs.filter((r) => r.menuId === tuesday.id)).toHaveLength(1);
    // One seat: the later order is skipped, and its elder is told so once.
    expect(skips.map((s) => s.elderId)).toEqual([full.id]);
    expect((await mine(elder.id)).map((b) => b.menuId)).toEqual([tuesday.id]);
  });

  it('a run claimed by an instance that then died is finished once its lease is over', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 75 });
    expect((await order(world, elder.id, { weekdays: [2] })).status).toBe(201);
    const find = jest.spyOn(StandingOrderModel, 'find').mockImplementationOnce(() => {
      throw new Error('store went away');
    });
    const tuesday = await makeMenu(api, world, { date: TUESDAY });
    await honoured();
    find.mockRestore();
    // The instance that claimed it died holding the claim (a failure here would have released it).
    const held = new Date(api.clock.now().getTime() + 60_000);
    await MenuModel.updateOne({ _id: tuesday.id }, { $set: { standingOrdersClaimUntil: held } });

    await api.running.events.emit('system.started', {});
    await honoured();
    expect(await mine(elder.id)).toEqual([]);
    api.clock.advance(2 * 60_000);
    await api.scheduler.runDue();
    await honoured();
    expect((await mine(elder.id)).map((b) => b.menuId)).toEqual([tuesday.id]);
  });

  it('honours hundreds of orders on one menu, oldest first, and never overbooks', async () => {
    const world = await makeCanteen(api);
    const elders = await makeEldersInBulk(api, world, 150, bornYearsBefore(TUESDAY, 72));
    const ids: string[] = [];
    for (const elder of elders) {
      const res = await request(api.url)
        .post('/api/v1/meals/standing-orders')
        .set(api.bearer(elder.token))
        .send({ providerId: world.canteen.id, weekdays: [2], meal: 'lunch', mode: 'pickup' });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const tallies: { booked: number; skipped: number }[] = [];
    const stop = api.running.events.on('meal.standingOrdersHonoured', (t) => void tallies.push(t));
    const menu = await makeMenu(api, world, { date: TUESDAY, seatCapacity: 100 });
    await honoured();
    stop();
    expect(tallies).toEqual([{ menuId: menu.id, booked: 100, alreadyBooked: 0, skipped: 50, inactive: 0 }]);
    const booked = await BookingModel.find({ menuId: menu.id, active: true }).lean();
    expect(booked).toHaveLength(100);
    expect((await MenuModel.findById(menu.id).lean())!.seatsTaken).toBe(100);
    // Four at a time, in order of creation: the first 96 orders cannot have been overtaken.
    const bookedOrders = new Set(booked.map((b) => String(b.standingOrderId)));
    expect(ids.slice(0, 96).every((id) => bookedOrders.has(id))).toBe(true);
  }, 90_000);
});

describe('setting one up', () => {
  let world: CanteenWorld;
  beforeAll(async () => {
    api.clock.set(START);
    world = await makeCanteen(api);
  });

  it('answers bad input with a 400 that names the field', async () => {
    const elder = await makeElder(api, world, { age: 70 });
    for (const [body, path] of [
      [{ weekdays: [] }, 'weekdays'],
      [{ weekdays: [0, 8] }, 'weekdays.0'],
      [{ weekdays: [1, 1] }, 'weekdays'],
      [{ weekdays: [1], meal: 'breakfast' }, 'meal'],
      [{ weekdays: [1], mode: 'drone' }, 'mode'],
    ] as const) {
      const res = await order(world, elder.id, { ...body });
      expect({ path, status: res.status, field: res.body.error.details.fields[0].path }).toEqual({
        path,
        status: 400,
        field: path,
      });
    }
    const twice = await order(world, elder.id, { weekdays: [1, 1] });
    expect(twice.body.error.details.fields[0].message).toBe('星期不能重复');
  });

  it('refuses what booking would refuse every time: too young, not served here, no delivery there', async () => {
    const young = await makeElder(api, world, { age: 59 });
    const tooYoung = await order(world, young.id, { weekdays: [1] });
    expect(tooYoung.status).toBe(403);
    expect(tooYoung.body.error.code).toBe('MEAL_NOT_ELIGIBLE');
    const outsider = await makeResident(api, { birthDate: '1940-01-01' });
    expect((await order(world, outsider.id, { weekdays: [1] })).body.error.code).toBe('MEAL_NOT_ELIGIBLE');
    const elder = await makeElder(api, world, { age: 70 });
    const delivery = await order(world, elder.id, { weekdays: [1], mode: 'delivery' });
    expect(delivery.status).toBe(403);
    expect(delivery.body.error.message).toContain('不送餐');
    const nowhere = await order(world, elder.id, { providerId: '665f1c2ab7e4a1d2c3b4a5f6', weekdays: [1] });
    expect(nowhere.status).toBe(404);
    expect(await StandingOrderModel.countDocuments({ elderId: elder.id })).toBe(0);
  });

  it('keeps one order per elder, canteen and meal', async () => {
    const elder = await makeElder(api, world, { age: 70 });
    expect((await order(world, elder.id, { weekdays: [1] })).status).toBe(201);
    const again = await order(world, elder.id, { weekdays: [3] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已有这一餐的长期订餐');
    expect((await order(world, elder.id, { weekdays: [3], meal: 'dinner' })).status).toBe(201);
  });
});

describe('who may see and change a standing order', () => {
  it('is the elder and their confirmed carers; others get 403 to create and 404 to touch', async () => {
    const world = await makeCanteen(api);
    const elder = await makeElder(api, world, { age: 80 });
    const son = await makeCarer(api, elder.id);
    const stranger = await makeResident(api);
    const rival = await makeCanteen(api);

    const byStranger = await order(world, stranger.id, {
      providerId: world.canteen.id,
      weekdays: [1],
      elderUserId: elder.id,
    });
    expect(byStranger.status).toBe(403);
    const byRival = await order(world, rival.operator.id, {
      providerId: world.canteen.id,
      weekdays: [1],
      elderUserId: elder.id,
    });
    expect(byRival.status).toBe(403);
    const bySon = await order(world, son.id, { weekdays: [2], elderUserId: elder.id });
    expect(bySon.status).toBe(201);
    const id = bySon.body.id;

    expect((await ordersOf(elder.id)).map((o) => o.id)).toEqual([id]);
    expect((await ordersOf(son.id)).map((o) => o.id)).toEqual([id]);
    expect(await ordersOf(stranger.id)).toEqual([]);
    expect(await ordersOf(world.operator.id)).toEqual([]);
    for (const outsider of [stranger.id, rival.operator.id, world.operator.id])
      for (const action of ['pause', 'resume', 'delete'] as const) {
        const res = await act(outsider, id, action);
        expect({ action, status: res.status, code: res.body.error?.code }).toEqual({
          action,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
    expect((await act(elder.id, id, 'pause')).status).toBe(200);
    expect((await act(son.id, id, 'resume')).status).toBe(200);

    // A carer whose link is revoked loses the order, and their order no longer books or tells them.
    await request(api.url)
      .post(`/api/v1/carer-links/${son.linkId}/revoke`)
      .set(await as(api, elder.id))
      .send({})
      .expect(200);
    expect(await ordersOf(son.id)).toEqual([]);
    expect((await act(son.id, id, 'pause')).status).toBe(404);
    const clients = await listen(api, [elder.id, son.id]);
    try {
      await makeMenu(api, world, { date: TUESDAY });
      await honoured();
      const [elderC, sonC] = clients;
      expect((await elderC.event('meal.standingOrderSkipped')).payload).toMatchObject({
        standingOrderId: id,
        code: 'FORBIDDEN',
        reason: {
          'zh-CN': expect.stringContaining('不再代办'),
          en: expect.stringContaining('no longer acts'),
        },
      });
      expect(sonC.received.some((r) => r.event.startsWith('meal.'))).toBe(false);
      expect(await mine(elder.id)).toEqual([]);
    } finally {
      closeAll(clients);
    }
  });
});
