/**
 * The monthly subsidy cap over HTTP with the real store: bookings racing for one elder (the elder
 * and their carer, different menus) never pass the cap together, the ledger always equals the
 * subsidy frozen on the bookings that count, and cancelling or a no-show gives it back.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { startTestApi, type TestApi } from '../../test-support/api';
import { BookingModel } from './booking-model';
import { makeCarer } from './test-people';
import { SubsidyLedgerModel } from './subsidy-ledger';
import { makeCanteen, makeElder, makeMenu, setPolicy, tokenFor, type CanteenWorld } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** 10:00 in Shanghai on 3 March; every menu below is later in March. */
const START = '2031-03-03T02:00:00Z';
beforeEach(() => api.clock.set(START));

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));
const book = async (userId: string, body: Record<string, unknown>) =>
  request(api.url)
    .post('/api/v1/meals/bookings')
    .set(await as(userId))
    .send({ mode: 'dine-in', ...body });

async function ledgerOf(world: CanteenWorld, elderId: string, month = '2031-03') {
  const doc = await SubsidyLedgerModel.findOne({
    elderId: new Types.ObjectId(elderId),
    communityId: new Types.ObjectId(world.community.id),
    month,
  }).lean();
  return doc?.heldFen;
}

/** What the elder's bookings that still count (booked, served) hold, summed from the bookings. */
async function frozenSubsidy(elderId: string) {
  const bookings = await BookingModel.find({ elderId, status: { $in: ['booked', 'served'] } }).lean();
  return bookings.reduce((sum, b) => sum + b.price.subsidyFen, 0);
}

/** A canteen whose booking opens 30 days ahead, and `count` lunch and dinner menus from 4 March. */
async function canteenWithMenus(count: number) {
  const world = await makeCanteen(api);
  await request(api.url)
    .put(`/api/v1/meals/canteens/${world.canteen.id}/settings`)
    .set(await as(world.operator.id))
    .send({ opensDaysAhead: 30, cutoffs: { lunch: '09:30', dinner: '15:30' }, deliveryBuildingIds: [] });
  const menus = [];
  for (let i = 0; i < count; i += 1) {
    const date = `2031-03-${String(4 + Math.floor(i / 2)).padStart(2, '0')}`;
    menus.push(await makeMenu(api, world, { date, meal: i % 2 ? 'dinner' : 'lunch', basePriceFen: 1500 }));
  }
  return { world, menus };
}

describe('the monthly subsidy cap', () => {
  it('holds under 20 simultaneous bookings by an elder and their carer; cancelling gives it back', async () => {
    const { world, menus } = await canteenWithMenus(20);
    // 500 per meal, capped at 1500: three subsidised meals a month.
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 500 }], monthlyCapFen: 1500 });
    const elder = await makeElder(api, world, { age: 82 });
    const carer = await makeCarer(api, elder.id);
    const [elderAuth, carerAuth] = [await as(elder.id), await as(carer.id)];

    const answers = await Promise.all(
      menus.map((menu, i) =>
        request(api.url)
          .post('/api/v1/meals/bookings')
          .set(i % 2 ? carerAuth : elderAuth)
          .send({ menuId: menu.id, mode: 'pickup', ...(i % 2 ? { elderUserId: elder.id } : {}) }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(menus.map(() => 201));
    const subsidies = answers.map((r) => r.body.price.subsidyFen as number);
    expect(subsidies.reduce((a, b) => a + b, 0)).toBe(1500);
    expect(subsidies.filter((fen) => fen > 0)).toEqual([500, 500, 500]);
    expect(await ledgerOf(world, elder.id)).toBe(1500);
    expect(await frozenSubsidy(elder.id)).toBe(1500);

    // The carer cancels a subsidised meal (whoever of the two won it): its 500 is free again, and
    // the next booking gets it.
    const subsidised = answers.find((r) => r.body.price.subsidyFen > 0)!;
    const cancelled = await request(api.url)
      .post(`/api/v1/meals/bookings/${subsidised.body.id}/cancel`)
      .set(carerAuth)
      .send({});
    expect(cancelled.status).toBe(200);
    expect(await ledgerOf(world, elder.id)).toBe(1000);
    const again = await book(elder.id, { menuId: subsidised.body.menuId });
    expect(again.status).toBe(201);
    expect(again.body.price).toEqual({
      baseFen: 1500,
      lines: [{ kind: 'age', label: '60岁以上', fen: 500 }],
      subsidyFen: 500,
      payableFen: 1000,
    });
    expect(await ledgerOf(world, elder.id)).toBe(1500);
    expect(await frozenSubsidy(elder.id)).toBe(1500);
  }, 60_000);

  it('gives the booking that reaches the cap mid-month a partial line, then nothing', async () => {
    const { world, menus } = await canteenWithMenus(4);
    await setPolicy(api, world, {
      ageTiers: [{ minAge: 60, subsidyFen: 400 }],
      tagExtras: { livingAlone: 100 },
      monthlyCapFen: 1200,
    });
    const elder = await makeElder(api, world, { age: 75 });
    await request(api.url)
      .put(`/api/v1/residents/${elder.id}/tags`)
      .set(await as(world.committee.id))
      .send({ communityId: world.community.id, tags: ['livingAlone'] });

    const prices = [];
    for (const menu of menus) prices.push((await book(elder.id, { menuId: menu.id })).body.price);
    expect(prices.map((p) => p.subsidyFen)).toEqual([500, 500, 200, 0]);
    // The age line comes first and takes what is left of the cap; the tag line has no room.
    expect(prices[2]).toEqual({
      baseFen: 1500,
      lines: [{ kind: 'age', label: '60岁以上', fen: 200 }],
      subsidyFen: 200,
      payableFen: 1300,
    });
    expect(prices[3]).toEqual({ baseFen: 1500, lines: [], subsidyFen: 0, payableFen: 1500 });
    expect(await ledgerOf(world, elder.id)).toBe(1200);
  });

  it('releases a no-show’s subsidy (it is never settled), and only once', async () => {
    const { world, menus } = await canteenWithMenus(3);
    await setPolicy(api, world, { ageTiers: [{ minAge: 60, subsidyFen: 600 }], monthlyCapFen: 1200 });
    const elder = await makeElder(api, world, { age: 70 });
    const first = await book(elder.id, { menuId: menus[0].id });
    expect((await book(elder.id, { menuId: menus[1].id })).body.price.subsidyFen).toBe(600);
    expect((await book(elder.id, { menuId: menus[2].id })).body.price.subsidyFen).toBe(0);
    expect(await ledgerOf(world, elder.id)).toBe(1200);

    const operator = await as(world.operator.id);
    const noShow = () =>
      request(api.url).post(`/api/v1/meals/bookings/${first.body.id}/no-show`).set(operator);
    const [a, b] = await Promise.all([noShow(), noShow()]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await ledgerOf(world, elder.id)).toBe(600);
    expect(await frozenSubsidy(elder.id)).toBe(600);
  });
});
