/**
 * The operator console's figures for a month and the CSV: counts by status now, the month's
 * overdue, median minutes to resolve, average rating as an exact fraction, per technician and per
 * category, and day-by-day series; only the operator's own team sees them.
 */
import { startTestApi, type TestApi } from '../../../test-support/api';
import {
  as,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
  type RepairWorld,
} from '../test-factories';
import { medianOf, monthRange } from './figures';

const HOUR = 3_600_000;

describe('figures, as numbers', () => {
  it('takes the median of whole minutes, rounding down between two', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([7])).toBe(7);
    expect(medianOf([30, 10, 20])).toBe(20);
    expect(medianOf([10, 21])).toBe(15);
  });
  it('bounds a month in China Standard Time', () => {
    const { start, end, days } = monthRange('2031-02');
    expect(start.toISOString()).toBe('2031-01-31T16:00:00.000Z');
    expect(end.toISOString()).toBe('2031-02-28T16:00:00.000Z');
    expect(days).toBe(28);
  });
});

describe('over HTTP', () => {
  let api: TestApi;
  let world: RepairWorld;
  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
    world = await makeRepairWorld(api);
  });
  afterAll(() => api.stop());

  it('counts the month per technician and category, with exact averages and series for a chart', async () => {
    const resident = await residentOf(api, world);
    const fix = async (ticketId: string, tech: { id: string }, hours: number, rating: number) => {
      await move(api, tech, ticketId, { action: 'claim' });
      await move(api, tech, ticketId, { action: 'depart' });
      await move(api, tech, ticketId, { action: 'start' });
      api.clock.advance(hours * HOUR);
      await move(api, tech, ticketId, { action: 'resolve' });
      await move(api, resident, ticketId, { action: 'confirm', rating });
    };
    const a = await reportHome(api, world, resident);
    await fix(a.id, world.techA, 2, 5);
    const b = await reportHome(api, world, resident);
    await fix(b.id, world.techA, 3, 4);
    const c = await reportLift(api, world, resident);
    await fix(c.id, world.techB, 80, 2); // lift: 72 h due → ran over
    await reportHome(api, world, resident); // still submitted

    const month = api.clock.now().toISOString().slice(0, 7);
    const res = await (
      await as(api, world.operator)
    ).get(`/repairs/figures?communityId=${world.community.id}&month=${month}`);
    expect(res.status).toBe(200);
    const f = res.body;
    expect(f).toMatchObject({
      reported: 4,
      resolved: 3,
      medianMinutesToResolve: 180,
      averageRating: { numerator: 11, denominator: 3 },
    });
    expect(f.openByStatus.find((s: { status: string }) => s.status === 'submitted').count).toBe(1);
    const techA = f.perTechnician.find((r: { key: string }) => r.key === world.techA.id);
    expect(techA).toMatchObject({
      resolved: 2,
      medianMinutesToResolve: 150,
      averageRating: { numerator: 9, denominator: 2 },
      overdue: 0,
    });
    const techB = f.perTechnician.find((r: { key: string }) => r.key === world.techB.id);
    expect(techB).toMatchObject({ resolved: 1, overdue: 1 });
    const lift = f.perCategory.find((r: { key: string }) => r.key === world.lift.id);
    expect(lift).toMatchObject({ label: '电梯故障', resolved: 1, overdue: 1 });
    const reported = f.series.find((s: { name: string }) => s.name === 'reported');
    expect(reported.points.reduce((n: number, p: { y: number }) => n + p.y, 0)).toBe(4);
    expect(
      reported.points.every(
        (p: { x: string; y: number }) => /^\d{4}-\d{2}-\d{2}$/.test(p.x) && Number.isInteger(p.y),
      ),
    ).toBe(true);

    const csv = await (
      await as(api, world.operator)
    ).get(`/repairs/tickets.csv?communityId=${world.community.id}&month=${month}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('维修师傅');
    expect(csv.text).not.toContain('张阿姨');

    const other = await makeRepairWorld(api);
    expect(
      (
        await (
          await as(api, other.operator)
        ).get(`/repairs/figures?communityId=${world.community.id}&month=${month}`)
      ).status,
    ).toBe(404);
    expect(
      (
        await (
          await as(api, world.techA)
        ).get(`/repairs/figures?communityId=${world.community.id}&month=${month}`)
      ).status,
    ).toBe(403);
  });
});
