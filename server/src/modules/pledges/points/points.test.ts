/**
 * Fulfilment and the time bank over HTTP with the real store: goods and money received earn points
 * by the community's rules, labour by check-in and check-out (capped by the slot), an append-only
 * ledger whose balance always equals the sum of its entries, redemptions that never take a balance
 * below 0 or a reward's stock below 0 under real concurrency, and refusals that give points back.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { startTestApi, type TestApi } from '../../../test-support/api';
import {
  call,
  makeProject,
  makeResidentIn,
  makeWorld,
  needOf,
  tokenFor,
  type PledgeWorld,
} from '../test-factories';
import { PointsBalanceModel, PointsEntryModel, RewardModel } from './model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
});
afterAll(() => api.stop());
beforeEach(() => api.clock.set('2031-03-03T02:00:00Z'));

/** The balance document against the ledger: equal, with nothing left pending. */
async function ledgerAgrees(userId: string, communityId: string) {
  const balance = await PointsBalanceModel.findOne({ holderKey: userId, communityId }).lean();
  const entries = await PointsEntryModel.find({ holderKey: userId, communityId }).lean();
  return {
    balance: balance?.balance ?? 0,
    sumOfEntries: entries.reduce((s, e) => s + e.points, 0),
    pending: balance?.pending.length ?? 0,
  };
}

async function activeGarden(world: PledgeWorld) {
  return makeProject(api, world, { thresholds: {} });
}

const pledge = (userId: string, projectId: string, body: Record<string, unknown>) =>
  call(api, userId, 'post', `/pledges/projects/${projectId}/pledges`, body);

async function give(world: PledgeWorld, userId: string, points: number) {
  const res = await call(
    api,
    world.committee.id,
    'post',
    `/points/communities/${world.community.id}/corrections`,
    {
      userId,
      points,
      reason: '测试发放',
    },
  );
  if (res.status !== 201) throw new Error(`correction failed ${res.status} ${JSON.stringify(res.body)}`);
}

async function reward(world: PledgeWorld, body: Record<string, unknown>) {
  const res = await call(
    api,
    world.committee.id,
    'post',
    `/points/communities/${world.community.id}/rewards`,
    {
      name: '理发一次',
      costPoints: 10,
      stock: 1000,
      ...body,
    },
  );
  if (res.status !== 201) throw new Error(`reward failed ${res.status}`);
  return res.body as { id: string };
}

describe('fulfilment earns points', () => {
  it('confirms goods and money received: points by the rules, in the ledger', async () => {
    const world = await makeWorld(api);
    await call(api, world.committee.id, 'put', `/points/communities/${world.community.id}/rules`, {
      perHour: 12,
      perGoodsItem: 2,
      perTenYuan: 3,
    });
    const project = await activeGarden(world);
    const me = await makeResidentIn(api, world);
    const bags = await pledge(me.id, project.id, { needId: needOf(project, 'goods'), quantity: 5 });
    const money = await pledge(me.id, project.id, { needId: needOf(project, 'money'), quantity: 5_050 });
    expect(bags.body.actions).toEqual([]); // the resident confirms nothing
    const committeeView = await call(
      api,
      world.committee.id,
      'get',
      `/pledges/projects/${project.id}/pledges`,
    );
    expect(committeeView.body.items.map((p: { actions: string[] }) => p.actions)).toEqual([
      ['confirm'],
      ['confirm'],
    ]);

    // 4 of the 5 bags arrived: points for what was received.
    const got = await call(api, world.committee.id, 'post', `/pledges/pledges/${bags.body.id}/confirm`, {
      received: 4,
    });
    expect(got.body).toMatchObject({ status: 'fulfilled', received: 4, points: 8 });
    const again = await call(api, world.committee.id, 'post', `/pledges/pledges/${bags.body.id}/confirm`, {});
    expect(again.status).toBe(409);
    // ¥50.50: five tens.
    const paid = await call(api, world.committee.id, 'post', `/pledges/pledges/${money.body.id}/confirm`, {});
    expect(paid.body).toMatchObject({ received: 5_050, points: 15 });

    const ledger = await call(api, me.id, 'get', `/points/mine?communityId=${world.community.id}`);
    expect(ledger.body.balance).toBe(23);
    expect(ledger.body.items.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([
      ['earned', 15],
      ['earned', 8],
    ]);
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 23,
      sumOfEntries: 23,
      pending: 0,
    });
    const view = await call(api, me.id, 'get', `/pledges/projects/${project.id}`);
    expect(view.body.needs.find((n: { kind: string }) => n.kind === 'goods')).toMatchObject({
      pledged: 5,
      received: 4,
    });
  });

  it('checks a volunteer in and out: hours from the times, capped by the slot, points per hour', async () => {
    const world = await makeWorld(api);
    const project = await activeGarden(world);
    const me = await makeResidentIn(api, world);
    const slot = await pledge(me.id, project.id, { needId: needOf(project, 'labour') });
    const path = (what: string) => `/pledges/pledges/${slot.body.id}/${what}`;
    // Too early (the slot starts 09:00 Shanghai on 15 March; check-in opens an hour before).
    api.clock.set('2031-03-14T23:59:00Z');
    expect((await call(api, world.committee.id, 'post', path('check-in'))).status).toBe(409);
    api.clock.set('2031-03-15T00:30:00Z');
    const inn = await call(api, world.committee.id, 'post', path('check-in'));
    expect(inn.body.actions).toEqual(['checkOut']);
    // Stayed until 14:00: counted as the slot's 3 hours, not 4.5.
    api.clock.set('2031-03-15T06:00:00Z');
    const out = await call(api, world.committee.id, 'post', path('check-out'));
    expect(out.body).toMatchObject({ status: 'fulfilled', minutes: 180, points: 30 });
    expect((await call(api, world.committee.id, 'post', path('check-out'))).status).toBe(409);
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 30,
      sumOfEntries: 30,
      pending: 0,
    });
  });

  it('lets a volunteer check in and out with the codes shown at the activity', async () => {
    const world = await makeWorld(api);
    const project = await activeGarden(world);
    const me = await makeResidentIn(api, world);
    await pledge(me.id, project.id, { needId: needOf(project, 'labour') });
    const codes = await call(
      api,
      world.committee.id,
      'get',
      `/pledges/projects/${project.id}/needs/${needOf(project, 'labour')}/codes`,
    );
    expect(codes.body.checkInCode).toMatch(/^\d{6}$/);
    expect(
      (
        await call(
          api,
          me.id,
          'get',
          `/pledges/projects/${project.id}/needs/${needOf(project, 'labour')}/codes`,
        )
      ).status,
    ).toBe(403);
    api.clock.set('2031-03-15T01:05:00Z');
    const wrong = String((Number(codes.body.checkInCode) + 1) % 1_000_000).padStart(6, '0');
    if (wrong !== codes.body.checkOutCode)
      expect(
        (await call(api, me.id, 'post', `/pledges/projects/${project.id}/codes`, { code: wrong })).status,
      ).toBe(404);
    const inn = await call(api, me.id, 'post', `/pledges/projects/${project.id}/codes`, {
      code: codes.body.checkInCode,
    });
    expect(inn.body.checkedInAt).toBe('2031-03-15T01:05:00.000Z');
    api.clock.set('2031-03-15T02:35:00Z');
    const out = await call(api, me.id, 'post', `/pledges/projects/${project.id}/codes`, {
      code: codes.body.checkOutCode,
    });
    expect(out.body).toMatchObject({ minutes: 90, points: 15 });
  });
});

describe('redemptions', () => {
  it('lets exactly 10 of 200 concurrent redemptions through a balance that covers 10; never below 0', async () => {
    const world = await makeWorld(api);
    const me = await makeResidentIn(api, world);
    await give(world, me.id, 100);
    const haircut = await reward(world, { costPoints: 10, stock: 1000 });
    const token = await tokenFor(api, me.id);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(api.url).post(`/api/v1/points/rewards/${haircut.id}/redeem`).set(api.bearer(token)),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = answers.filter((r) => r.status === 409);
    expect(refused).toHaveLength(190);
    expect(refused.every((r) => r.body.error.code === 'POINTS_INSUFFICIENT')).toBe(true);
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 0,
      sumOfEntries: 0,
      pending: 0,
    });
    expect((await RewardModel.findById(haircut.id).lean())!.stock).toBe(990);
    const mine = await call(api, me.id, 'get', '/points/redemptions/mine');
    expect(mine.body.items).toHaveLength(10);
  }, 120_000);

  it('never redeems past the stock: 5 in stock, 60 residents at once, each able to pay', async () => {
    const world = await makeWorld(api);
    const voucher = await reward(world, { name: '餐券', costPoints: 5, stock: 5 });
    const people = [];
    for (let i = 0; i < 60; i += 1) people.push(await makeResidentIn(api, world));
    for (const p of people) await give(world, p.id, 5);
    const answers = await Promise.all(
      people.map(async (p) =>
        request(api.url)
          .post(`/api/v1/points/rewards/${voucher.id}/redeem`)
          .set(api.bearer(await tokenFor(api, p.id))),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    expect(
      answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'REWARD_OUT_OF_STOCK'),
    ).toBe(true);
    expect((await RewardModel.findById(voucher.id).lean())!.stock).toBe(0);
    for (const p of people) {
      const agrees = await ledgerAgrees(p.id, world.community.id);
      expect(agrees.balance).toBe(agrees.sumOfEntries);
      expect(agrees.balance).toBeGreaterThanOrEqual(0);
    }
  }, 180_000);

  it('staff confirm or refuse; a refusal gives the points and the item back, once', async () => {
    const world = await makeWorld(api);
    const me = await makeResidentIn(api, world);
    await give(world, me.id, 30);
    const prize = await reward(world, { costPoints: 10, stock: 2 });
    const first = await call(api, me.id, 'post', `/points/rewards/${prize.id}/redeem`);
    const second = await call(api, me.id, 'post', `/points/rewards/${prize.id}/redeem`);
    expect(first.body).toMatchObject({ status: 'pending', actions: [] });
    // Only staff decide: the resident's own order has no buttons and the route refuses them.
    expect((await call(api, me.id, 'post', `/points/redemptions/${first.body.id}/confirm`)).status).toBe(403);
    const queue = await call(
      api,
      world.committee.id,
      'get',
      `/points/communities/${world.community.id}/redemptions?status=pending`,
    );
    expect(queue.body.items.map((o: { actions: string[] }) => o.actions)).toEqual([
      ['confirm', 'refuse'],
      ['confirm', 'refuse'],
    ]);
    const ok = await call(api, world.committee.id, 'post', `/points/redemptions/${first.body.id}/confirm`);
    expect(ok.body.status).toBe('confirmed');
    const refused = await Promise.all(
      [1, 2].map(() =>
        call(api, world.committee.id, 'post', `/points/redemptions/${second.body.id}/refuse`, {
          reason: '库存核对有误',
        }),
      ),
    );
    expect(refused.map((r) => r.status).sort()).toEqual([200, 409]);
    const ledger = await call(api, me.id, 'get', `/points/mine?communityId=${world.community.id}`);
    expect(ledger.body.balance).toBe(20);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'refunded', points: 10 });
    expect((await RewardModel.findById(prize.id).lean())!.stock).toBe(1);
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 20,
      sumOfEntries: 20,
      pending: 0,
    });
  });

  it('refuses a correction that would take the balance below 0, writing nothing', async () => {
    const world = await makeWorld(api);
    const me = await makeResidentIn(api, world);
    await give(world, me.id, 5);
    const res = await call(
      api,
      world.committee.id,
      'post',
      `/points/communities/${world.community.id}/corrections`,
      {
        userId: me.id,
        points: -6,
        reason: '更正',
      },
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'POINTS_INSUFFICIENT', details: { balance: 5 } });
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 5,
      sumOfEntries: 5,
      pending: 0,
    });
  });
});

describe('crash between the ledger writes', () => {
  it('finishes an entry left pending (balance moved, entry not yet written) on the next read', async () => {
    const world = await makeWorld(api);
    const me = await makeResidentIn(api, world);
    await give(world, me.id, 7);
    // What a process that died right after step 1 leaves: the balance counts an entry not in the ledger.
    const entryId = new Types.ObjectId();
    await PointsBalanceModel.updateOne(
      { holderKey: me.id, communityId: world.community.id },
      {
        $inc: { balance: 3 },
        $push: {
          pending: {
            entryId,
            kind: 'earned',
            points: 3,
            reason: '中断的发放',
            source: { kind: 'pledge', id: String(entryId) },
            by: null,
            at: api.clock.now(),
          },
        },
      },
    );
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 10,
      sumOfEntries: 7,
      pending: 1,
    });
    const ledger = await call(api, me.id, 'get', `/points/mine?communityId=${world.community.id}`);
    expect(ledger.body.balance).toBe(10);
    expect(await ledgerAgrees(me.id, world.community.id)).toEqual({
      balance: 10,
      sumOfEntries: 10,
      pending: 0,
    });
  });
});
