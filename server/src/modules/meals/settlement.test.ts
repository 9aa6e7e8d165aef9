/**
 * The monthly settlement's subtotals per age tier, over HTTP: they go by each served meal's own
 * tier (an elder who turns 70 mid-month counts in both), skip what was not served, and add up to
 * the grand totals to the fen, in the JSON and in the spreadsheet.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import {
  bornYearsBefore,
  makeCanteen,
  makeElder,
  makeMenu,
  setPolicy,
  tokenFor,
  type CanteenWorld,
} from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  api.clock.set('2031-03-03T02:00:00Z');
});
afterAll(() => api.stop());

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));

async function bookAndServe(world: CanteenWorld, elderId: string, menuId: string) {
  const booked = await request(api.url)
    .post('/api/v1/meals/bookings')
    .set(await as(elderId))
    .send({ menuId, mode: 'pickup' });
  if (booked.status !== 201) throw new Error(`booking failed: ${JSON.stringify(booked.body)}`);
  const served = await request(api.url)
    .post(`/api/v1/meals/menus/${menuId}/serve`)
    .set(await as(world.operator.id))
    .send({ pickupCode: booked.body.pickupCode });
  if (served.status !== 200) throw new Error(`serving failed: ${JSON.stringify(served.body)}`);
  return booked.body;
}

describe('settlement subtotals per age tier', () => {
  it('add up to the grand totals to the fen, in JSON and CSV', async () => {
    const world = await makeCanteen(api);
    await setPolicy(api, world, {
      eligibilityAge: 55,
      ageTiers: [
        { minAge: 60, maxAge: 69, subsidyFen: 333 },
        { minAge: 70, maxAge: 79, subsidyFen: 517 },
        { minAge: 80, subsidyFen: 801 },
      ],
      tagExtras: { lowIncome: 149 },
      monthlyCapFen: 100_000,
    });
    const [mar4, mar6] = [
      await makeMenu(api, world, { date: '2031-03-04', basePriceFen: 1299 }),
      await makeMenu(api, world, { date: '2031-03-06', basePriceFen: 1301 }),
    ];
    const young = await makeElder(api, world, { age: 58 });
    const sixties = await makeElder(api, world, { age: 66 });
    const turning70 = await makeElder(api, world, { birthDate: bornYearsBefore('2031-03-05', 70) });
    const eighties = await makeElder(api, world, { age: 88 });
    await request(api.url)
      .put(`/api/v1/residents/${eighties.id}/tags`)
      .set(await as(world.committee.id))
      .send({ communityId: world.community.id, tags: ['lowIncome'] });
    for (const menu of [mar4, mar6]) {
      for (const elder of [young, sixties, turning70, eighties]) await bookAndServe(world, elder.id, menu.id);
    }
    // Booked but not served: in no subtotal.
    const absent = await makeElder(api, world, { age: 72 });
    await request(api.url)
      .post('/api/v1/meals/bookings')
      .set(await as(absent.id))
      .send({ menuId: mar6.id, mode: 'pickup' });

    const report = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/settlement?month=2031-03`)
      .set(await as(world.operator.id));
    expect(report.status).toBe(200);
    const { tiers, totals } = report.body as {
      tiers: {
        tier: string;
        mealsServed: number;
        baseFen: number;
        subsidyFen: number;
        payableFen: number;
        subsidyByLine: Record<string, number>;
      }[];
      totals: Record<'mealsServed' | 'baseFen' | 'subsidyFen' | 'payableFen', number>;
    };
    expect(tiers.map((t) => [t.tier, t.mealsServed])).toEqual([
      ['60–69岁', 3],
      ['70–79岁', 1],
      ['80岁以上', 2],
      ['无补贴年龄段', 2],
    ]);
    for (const field of ['mealsServed', 'baseFen', 'subsidyFen', 'payableFen'] as const)
      expect(tiers.reduce((sum, t) => sum + t[field], 0)).toBe(totals[field]);
    expect(totals).toEqual({
      mealsServed: 8,
      baseFen: 4 * 1299 + 4 * 1301,
      subsidyFen: 3 * 333 + 517 + 2 * (801 + 149),
      payableFen: 4 * 1299 + 4 * 1301 - (3 * 333 + 517 + 2 * (801 + 149)),
    });
    const eightiesTier = tiers.find((t) => t.tier === '80岁以上')!;
    expect(eightiesTier).toEqual({
      tier: '80岁以上',
      mealsServed: 2,
      baseFen: 2600,
      subsidyByLine: { '80岁以上': 1602, 低收入: 298 },
      subsidyFen: 1900,
      payableFen: 700,
    });
    for (const t of tiers)
      expect(Object.values(t.subsidyByLine).reduce((a, b) => a + b, 0)).toBe(t.subsidyFen);

    const csv = await request(api.url)
      .get(`/api/v1/meals/canteens/${world.canteen.id}/settlement/csv?month=2031-03`)
      .set(await as(world.operator.id));
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    // Tags in words, as civil affairs reads them, not the API's codes.
    expect(rows.some((r) => r[2] === '低收入')).toBe(true);
    expect(csv.text).not.toContain('lowIncome');
    const subtotalRows = rows.filter((r) => r[0] === '小计');
    const totalRow = rows.find((r) => r[0] === '合计')!;
    expect(subtotalRows.map((r) => r[1])).toEqual(tiers.map((t) => t.tier));
    // Every money column (from 原价 on) of the subtotals adds up to the 合计 row, to the fen.
    const fen = (cell: string) => Math.round(Number(cell) * 100);
    for (let column = 4; column < totalRow.length; column += 1)
      expect(subtotalRows.reduce((sum, r) => sum + fen(r[column]), 0)).toBe(fen(totalRow[column]));
    expect(subtotalRows.reduce((sum, r) => sum + Number(r[3]), 0)).toBe(Number(totalRow[3]));
  });
});
