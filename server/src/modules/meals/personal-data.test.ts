/**
 * Meals in "download my data" and "delete my account", over HTTP with the real app: the export
 * carries the elder's bookings and standing orders; deleting the account cancels what is still
 * booked (the place freed, carers told), deletes standing orders, keeps served meals so the
 * month's settlement still adds up (under an erased name), and can be run again after failing
 * half-way without giving a place back twice.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { BookingModel } from './booking-model';
import { MenuModel } from './menu-model';
import { StandingOrderModel } from './standing-order-model';
import { makeCanteen, makeElder, makeMenu, setPolicy, tokenFor, type CanteenWorld } from './test-factories';
import { as, closeAll, listen, makeCarer } from './test-people';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const START = '2031-03-03T02:00:00Z';
beforeEach(() => api.clock.set(START));
afterEach(() => jest.restoreAllMocks());

/** An elder with a served (subsidised) lunch, a lunch still booked, and two standing orders. */
async function elderWithHistory(world: CanteenWorld) {
  const served = await makeMenu(api, world, { date: '2031-03-04', basePriceFen: 1500 });
  const coming = await makeMenu(api, world, { date: '2031-03-06', seatCapacity: 2 });
  const elder = await makeElder(api, world, { age: 81 });
  const son = await makeCarer(api, elder.id);
  const neighbour = await makeElder(api, world, { age: 70 });
  const book = async (by: string, body: Record<string, unknown>) => {
    const res = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(api, by))
      .send({ mode: 'dine-in', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; pickupCode: string };
  };
  const lunch = await book(son.id, { menuId: served.id, elderUserId: elder.id, dietaryNote: '低糖软烂' });
  const theirs = await book(neighbour.id, { menuId: served.id });
  for (const code of [lunch.pickupCode, theirs.pickupCode])
    await request(api.url)
      .post(`/api/v1/meals/menus/${served.id}/serve`)
      .set(await as(api, world.operator.id))
      .send({ pickupCode: code })
      .expect(200);
  const booked = await book(elder.id, { menuId: coming.id, dietaryNote: '不吃葱' });
  await book(neighbour.id, { menuId: coming.id });
  for (const [by, body] of [
    [elder.id, { weekdays: [1, 3] }],
    [son.id, { weekdays: [5], meal: 'dinner', elderUserId: elder.id }],
  ] as const)
    await request(api.url)
      .post('/api/v1/meals/standing-orders')
      .set(await as(api, by))
      .send({ providerId: world.canteen.id, meal: 'lunch', mode: 'pickup', ...body })
      .expect(201);
  return { elder, son, neighbour, served, coming, lunch, booked };
}

const settlement = async (world: CanteenWorld) =>
  (
    await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/settlement?month=2031-03`)
      .set(await as(api, world.operator.id))
  ).body;
const deleteAccount = async (userId: string) =>
  request(api.url)
    .delete('/api/v1/me')
    .set(api.bearer(await tokenFor(api, userId)))
    .send({ confirm: 'DELETE' });
/** A menu's counters beside the active bookings they must equal. */
const places = async (menuId: string) => ({
  seatsTaken: (await MenuModel.findById(menuId).lean())!.seatsTaken,
  activeBookings: await BookingModel.countDocuments({ menuId, active: true }),
});

describe('my meals data', () => {
  it('is in my export: my bookings and my standing orders, and those I set up for an elder', async () => {
    const world = await makeCanteen(api);
    const { elder, son, lunch, booked } = await elderWithHistory(world);
    const res = await request(api.url)
      .get('/api/v1/me/export')
      .set(await as(api, elder.id));
    expect(res.status).toBe(200);
    expect(res.body.meals.bookings).toEqual([
      expect.objectContaining({
        id: lunch.id,
        status: 'served',
        bookedBy: son.id,
        dietaryNote: '低糖软烂',
        date: '2031-03-04',
        price: expect.objectContaining({ baseFen: 1500 }),
        servedAt: expect.any(String),
      }),
      expect.objectContaining({ id: booked.id, status: 'booked', dietaryNote: '不吃葱', source: 'direct' }),
    ]);
    expect(res.body.meals.bookings[0]).not.toHaveProperty('pickupCode');
    expect(res.body.meals.standingOrders).toEqual([
      expect.objectContaining({ elderId: elder.id, createdBy: elder.id, weekdays: [1, 3], meal: 'lunch' }),
      expect.objectContaining({ elderId: elder.id, createdBy: son.id, weekdays: [5], meal: 'dinner' }),
    ]);

    const sons = await request(api.url)
      .get('/api/v1/me/export')
      .set(await as(api, son.id));
    expect(sons.body.meals).toEqual({
      bookings: [],
      standingOrders: [expect.objectContaining({ elderId: elder.id, createdBy: son.id })],
      wellnessAlerts: [],
    });
  });

  it('when I delete my account: cancels what is still booked, drops standing orders, keeps the settlement whole', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 600 }], monthlyCapFen: 100_000 });
    const { elder, son, coming, lunch, booked } = await elderWithHistory(world);
    const before = await settlement(world);
    expect(before.totals).toMatchObject({ mealsServed: 2, subsidyFen: 1200 });
    expect(await places(coming.id)).toEqual({ seatsTaken: 2, activeBookings: 2 });

    const clients = await listen(api, [son.id, world.operator.id]);
    try {
      // The first try fails half-way: the place of the cancelled booking is given back, but the
      // store goes away before that is noted on the booking.
      const updateOne = BookingModel.updateOne.bind(BookingModel);
      let calls = 0;
      jest.spyOn(BookingModel, 'updateOne').mockImplementation(((...args: Parameters<typeof updateOne>) => {
        calls += 1;
        if (calls === 1) throw new Error('store went away');
        return updateOne(...args);
      }) as never);
      expect((await deleteAccount(elder.id)).status).toBe(500);
      jest.restoreAllMocks();
      expect(await places(coming.id)).toEqual({ seatsTaken: 1, activeBookings: 1 });

      // Running it again finishes the job, and gives no place back twice.
      expect((await deleteAccount(elder.id)).status).toBe(204);
      expect(await places(coming.id)).toEqual({ seatsTaken: 1, activeBookings: 1 });

      const [sonC, staffC] = clients;
      expect((await sonC.event('meal.bookingChanged')).payload).toMatchObject({
        bookingId: booked.id,
        status: 'cancelled',
        reason: '长者已注销账户',
      });
      expect((await staffC.event('meal.rosterChanged')).payload).toMatchObject({ menuId: coming.id });
    } finally {
      closeAll(clients);
    }

    expect(await BookingModel.findById(booked.id).lean()).toMatchObject({
      status: 'cancelled',
      active: false,
      dietaryNote: '',
    });
    expect(await StandingOrderModel.countDocuments({ elderId: elder.id })).toBe(0);
    const kept = await BookingModel.findById(lunch.id).lean();
    expect(kept).toMatchObject({ status: 'served', dietaryNote: '', price: { subsidyFen: 600 } });

    const after = await settlement(world);
    expect(after.totals).toEqual(before.totals);
    expect(after.elders.map((e: { name: string }) => e.name).sort()).toEqual(['已***户', '张*姨']);
    expect(JSON.stringify(after)).not.toContain(elder.id);

    // The freed place is there for someone else.
    const newcomer = await makeElder(api, world, { age: 66 });
    const res = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(api, newcomer.id))
      .send({ menuId: coming.id, mode: 'dine-in' });
    expect(res.status).toBe(201);
  });
});
