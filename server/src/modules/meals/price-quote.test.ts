/**
 * The price for me on the residents' menu list: each menu carries what the diner would pay (the
 * resident, or with `for` an elder who confirmed the asker as carer), priced by the server's
 * pricing with the subsidies named, before anyone books; nobody else's prices can be asked for.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCanteen, makeElder, makeMenu, setPolicy, tokenFor, type CanteenWorld } from './test-factories';

let api: TestApi;
let world: CanteenWorld;
let menuId: string;
let wang: { id: string };
let son: { id: string };
let li: { id: string };
let stranger: { id: string };

/** 10:00 in Shanghai the day before the lunch quoted. */
const START = '2031-03-03T02:00:00Z';
const MEAL_DATE = '2031-03-04';

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));
const menus = async (userId: string, forId?: string) =>
  request(api.url)
    .get('/api/v1/meals/menus')
    .query({ from: MEAL_DATE, to: MEAL_DATE, ...(forId ? { for: forId } : {}) })
    .set(await as(userId));
const quoteOf = (res: request.Response) =>
  (res.body.items as { id: string; quote: unknown }[]).find((m) => m.id === menuId)?.quote;

beforeAll(async () => {
  api = await startTestApi();
  api.clock.set(START);
  world = await makeCanteen(api);
  // The demo community's policy: 80+ ¥6, living alone +¥1.
  await setPolicy(api, world, {
    ageTiers: [
      { minAge: 60, maxAge: 69, subsidyFen: 200 },
      { minAge: 70, maxAge: 79, subsidyFen: 400 },
      { minAge: 80, subsidyFen: 600 },
    ],
    tagExtras: { livingAlone: 100, lowIncome: 300 },
    monthlyCapFen: 30_000,
  });
  menuId = (await makeMenu(api, world, { date: MEAL_DATE, basePriceFen: 1500 })).id;
  wang = await makeElder(api, world, { age: 82, onDate: MEAL_DATE });
  const tagged = await request(api.url)
    .put(`/api/v1/residents/${wang.id}/tags`)
    .set(await as(world.committee.id))
    .send({ communityId: world.community.id, tags: ['livingAlone'] });
  expect(tagged.status).toBe(200);
  son = await makeElder(api, world, { age: 52, onDate: MEAL_DATE });
  li = await makeElder(api, world, { age: 66, onDate: MEAL_DATE });
  stranger = await makeElder(api, world, { age: 45, onDate: MEAL_DATE });
  // The son asks to care for her and she confirms; the stranger asks and is never confirmed.
  const asked = await request(api.url)
    .post('/api/v1/carer-links')
    .set(await as(son.id))
    .send({ elderUserId: wang.id });
  expect(asked.status).toBe(201);
  const confirmed = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(await as(wang.id));
  expect(confirmed.status).toBe(200);
  const unconfirmed = await request(api.url)
    .post('/api/v1/carer-links')
    .set(await as(stranger.id))
    .send({ elderUserId: wang.id });
  expect(unconfirmed.status).toBe(201);
});
afterAll(() => api.stop());

const WANG_PRICE = {
  baseFen: 1500,
  lines: [
    { kind: 'age', label: '80岁以上', fen: 600 },
    { kind: 'tag', label: '独居', fen: 100 },
  ],
  subsidyFen: 700,
  payableFen: 800,
};

describe('the price for me on the menu list', () => {
  it('quotes an 82-year-old living alone ¥8 of ¥15 with both subsidies named', async () => {
    const res = await menus(wang.id);
    expect(res.status).toBe(200);
    expect(quoteOf(res)).toEqual({ elderId: wang.id, elderName: expect.any(String), price: WANG_PRICE });
    // The base price stays on the menu as the canteen set it.
    expect(res.body.items.find((m: { id: string }) => m.id === menuId).basePriceFen).toBe(1500);
  });

  it('gives her confirmed carer the same price when he asks for her', async () => {
    const res = await menus(son.id, wang.id);
    expect(res.status).toBe(200);
    expect(quoteOf(res)).toEqual({ elderId: wang.id, elderName: expect.any(String), price: WANG_PRICE });
  });

  it('quotes each resident their own subsidy, and none to someone under the eligibility age', async () => {
    const own = await menus(li.id);
    expect(quoteOf(own)).toMatchObject({
      elderId: li.id,
      price: { lines: [{ kind: 'age', label: '60–69岁', fen: 200 }], payableFen: 1300 },
    });
    // The son himself is 52: he cannot book for himself, so no price is quoted for him.
    expect(quoteOf(await menus(son.id))).toBeNull();
  });

  it('refuses prices for an elder who did not confirm the asker, and for another resident', async () => {
    const unconfirmed = await menus(stranger.id, wang.id);
    expect(unconfirmed.status).toBe(403);
    expect(unconfirmed.body.error.code).toBe('FORBIDDEN');
    expect((await menus(li.id, wang.id)).status).toBe(403);
  });

  it('is the price the booking then fixes', async () => {
    const booked = await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(son.id))
      .send({ menuId, mode: 'dine-in', elderUserId: wang.id });
    expect(booked.status).toBe(201);
    expect(booked.body.price).toEqual(WANG_PRICE);
  });
});
