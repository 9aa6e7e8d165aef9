/**
 * The demo seed builds 幸福里社区 through the services, and running it again adds nothing.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { addDays, shanghaiDate } from '../meals/booking-window';
import { tokenFor } from '../meals/test-factories';
import { demoTestServices } from './test-services';
import { DEMO_MENU_DAYS, DEMO_PASSWORD, birthDateYearsAgo, seedDemo } from './seed';
import mongoose from 'mongoose';
import { UserModel } from '../identity/user-model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** The services wired as modules/index.ts wires them, over the test server's database. */
function services() {
  return demoTestServices(api).seed;
}

async function counts() {
  const db = mongoose.connection.db!;
  const names = [
    'communities',
    'buildings',
    'households',
    'providers',
    'users',
    'memberships',
    'carerlinks',
    'auditentries',
    'menus',
    'subsidypolicies',
    'canteensettings',
  ];
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()])),
  );
}

it('seeds the demo community once; a second run adds nothing', async () => {
  const first = await seedDemo(services());
  const after = await counts();
  expect(after).toMatchObject({
    communities: 1,
    buildings: 3,
    households: 60,
    providers: 2,
    memberships: 4,
    carerlinks: 1,
    menus: DEMO_MENU_DAYS * 2,
    subsidypolicies: 1,
    canteensettings: 1,
  });
  expect(after.users).toBe(10); // 6 staff (the property team: an operator, two technicians) and 4 residents
  await seedDemo(services());
  expect(await counts()).toEqual(after);
  expect(first.password).toBe(DEMO_PASSWORD);

  // The committee account signs in with the printed password and sees its community.
  const signIn = await request(api.url)
    .post('/api/v1/auth/staff')
    .send({ username: 'committee', password: DEMO_PASSWORD });
  expect(signIn.status).toBe(200);
  const token = signIn.body.accessToken;
  const residents = await request(api.url)
    .get(`/api/v1/communities/${first.communityId}/residents`)
    .set(api.bearer(token));
  const names = residents.body.items.map((r: { displayName: string }) => r.displayName);
  expect(names).toEqual(expect.arrayContaining(['王奶奶', '王建国', '李阿姨', '赵先生']));
  expect(residents.body.items.find((r: { displayName: string }) => r.displayName === '王奶奶').tags).toEqual([
    'livingAlone',
  ]);
  const links = await request(api.url)
    .get('/api/v1/carer-links')
    .query({ communityId: first.communityId, status: 'confirmed' })
    .set(api.bearer(token));
  expect(links.body.items).toEqual([
    expect.objectContaining({ carerName: '王建国', elderName: '王奶奶', status: 'confirmed' }),
  ]);
  const households = await request(api.url)
    .get(`/api/v1/communities/${first.communityId}/households`)
    .query({ pageSize: 5 })
    .set(api.bearer(token));
  expect(households.body.items[0]).toMatchObject({
    unit: expect.stringMatching(/^\d-10\d$/),
    area: expect.stringMatching(/^\d+\.\d\d$/),
  });
});

it('makes the elder 82 by the clock', () => {
  api.clock.set('2026-11-22T02:00:00Z');
  expect(birthDateYearsAgo(api.clock, 82)).toBe('1944-11-22');
  api.clock.set('2028-02-29T03:00:00Z');
  expect(birthDateYearsAgo(api.clock, 82)).toBe('1946-02-28');
});

it("gives the canteen a bookable week: 王奶奶 books tomorrow's lunch with her subsidy, and a later boot tops the week up", async () => {
  api.clock.set('2031-03-04T00:30:00Z'); // 08:30 in Shanghai, before the lunch cutoff
  await seedDemo(services());
  const today = shanghaiDate(api.clock.now());
  const tomorrow = addDays(today, 1);
  const grandma = await UserModel.findOne({ displayName: '王奶奶' }).lean();
  const son = await UserModel.findOne({ displayName: '王建国' }).lean();
  const token = await tokenFor(api, String(grandma!._id));

  const menus = await request(api.url).get('/api/v1/meals/menus').set(api.bearer(token));
  expect(menus.status).toBe(200);
  const days = menus.body.items.map((m: { date: string; meal: string }) => `${m.date} ${m.meal}`);
  for (let d = 0; d < DEMO_MENU_DAYS; d += 1)
    expect(days).toEqual(
      expect.arrayContaining([`${addDays(today, d)} lunch`, `${addDays(today, d)} dinner`]),
    );
  const lunch = menus.body.items.find(
    (m: { date: string; meal: string }) => m.date === tomorrow && m.meal === 'lunch',
  );
  // The resident sees which canteen cooks it, by name, and where and when it serves.
  expect(lunch).toMatchObject({ status: 'published', basePriceFen: 1500, canteenName: '幸福里长者食堂' });
  expect(menus.body.canteens).toEqual([
    {
      providerId: lunch.providerId,
      name: '幸福里长者食堂',
      address: '幸福里社区服务中心一楼（幸福路 88 号）',
      servingHours: { lunch: { from: '11:00', to: '12:30' }, dinner: { from: '17:00', to: '18:00' } },
    },
  ]);
  expect(lunch.dishes.length).toBeGreaterThan(0);

  // She is 82 and lives alone: 80+ tier (¥6) plus living alone (¥1) off ¥15; delivered to 1号楼.
  const booked = await request(api.url)
    .post('/api/v1/meals/bookings')
    .set(api.bearer(token))
    .send({ menuId: lunch.id, mode: 'delivery' });
  expect(booked.status).toBe(201);
  expect(booked.body.price).toMatchObject({ baseFen: 1500, subsidyFen: 700, payableFen: 800 });
  expect(booked.body.pickupCode).toMatch(/^\d{6}$/);

  // Her son, her confirmed carer, sees it among his bookings.
  const mine = await request(api.url)
    .get('/api/v1/meals/bookings/mine')
    .set(api.bearer(await tokenFor(api, String(son!._id))));
  expect(mine.body.items.map((b: { id: string }) => b.id)).toContain(booked.body.id);

  // Three days later a boot adds the days that came into the week, and nothing else.
  const before = await counts();
  api.clock.set('2031-03-07T00:30:00Z');
  await seedDemo(services());
  const after = await counts();
  expect(after.menus).toBe(before.menus + 3 * 2);
  expect({ ...after, menus: 0 }).toEqual({ ...before, menus: 0 });
});
