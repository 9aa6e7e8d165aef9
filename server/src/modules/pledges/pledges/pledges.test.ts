/**
 * Pledging over HTTP with the real store: needs never over-pledged under real concurrency,
 * withdrawals giving back exactly once, anonymity in public lists, paper pledges, conditional
 * pledges resolving together, activation when every threshold is met, and progress pushed live.
 */
import request from 'supertest';
import { connectClient } from '../../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { makeHousehold } from '../../communities/test-factories';
import { NeedModel } from '../projects/model';
import { PledgeModel } from './model';
import {
  call,
  makeProject,
  makeResidentIn,
  makeResidentsInBulk,
  makeWorld,
  needOf,
  tokenFor,
} from '../test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
});
afterAll(() => api.stop());
beforeEach(() => api.clock.set('2031-03-03T02:00:00Z'));

/** need.pledged equals the pledges still counted against it: nothing lost, nothing doubled. */
async function countersAgree(needId: string) {
  const need = await NeedModel.findById(needId).lean();
  const counted = await PledgeModel.find({ needId, counted: true }).lean();
  return { pledged: need!.pledged, counted: counted.reduce((s, p) => s + p.quantity, 0) };
}

const pledge = (userId: string, projectId: string, body: Record<string, unknown>) =>
  call(api, userId, 'post', `/pledges/projects/${projectId}/pledges`, body);

describe('concurrency', () => {
  it('lets exactly 10 of 100 residents take the last 10 bags at once', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, {
      needs: [{ kind: 'goods', label: '营养土', unit: '袋', quantity: 10 }],
    });
    const residents = await makeResidentsInBulk(api, world, 100);
    const goods = needOf(project, 'goods');
    const answers = await Promise.all(
      residents.map((r) =>
        request(api.url)
          .post(`/api/v1/pledges/projects/${project.id}/pledges`)
          .set(api.bearer(r.token))
          .send({ needId: goods, quantity: 1 }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = answers.filter((r) => r.status === 409);
    expect(refused).toHaveLength(90);
    expect(refused.every((r) => r.body.error.code === 'PLEDGE_NEED_FULL')).toBe(true);
    expect(await countersAgree(goods)).toEqual({ pledged: 10, counted: 10 });
    const view = await call(api, world.committee.id, 'get', `/pledges/projects/${project.id}`);
    expect(view.body.needs[0]).toMatchObject({ target: 10, pledged: 10, remaining: 0 });
  }, 120_000);

  it('never pledges past what is left when quantities differ (3 bags each for 7 left)', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, { needs: [{ kind: 'goods', label: '花苗', quantity: 7 }] });
    const residents = await makeResidentsInBulk(api, world, 20);
    const goods = needOf(project, 'goods');
    const answers = await Promise.all(
      residents.map((r) =>
        request(api.url)
          .post(`/api/v1/pledges/projects/${project.id}/pledges`)
          .set(api.bearer(r.token))
          .send({ needId: goods, quantity: 3 }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(2);
    expect(await countersAgree(goods)).toEqual({ pledged: 6, counted: 6 });
    const more = await pledge((await makeResidentIn(api, world)).id, project.id, {
      needId: goods,
      quantity: 2,
    });
    expect(more.status).toBe(409);
    expect(more.body.error).toMatchObject({ code: 'PLEDGE_NEED_FULL', details: { remaining: 1 } });
  }, 60_000);

  it('fills a labour slot of 8 with exactly 8 of 50 residents at once', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const residents = await makeResidentsInBulk(api, world, 50);
    const slot = needOf(project, 'labour');
    const answers = await Promise.all(
      residents.map((r) =>
        request(api.url)
          .post(`/api/v1/pledges/projects/${project.id}/pledges`)
          .set(api.bearer(r.token))
          .send({ needId: slot }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(8);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(42);
    expect(await countersAgree(slot)).toEqual({ pledged: 8, counted: 8 });
  }, 60_000);

  it('keeps one pledge when the same resident pledges the same need 8 times at once', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const me = await makeResidentIn(api, world);
    const token = await tokenFor(api, me.id);
    const goods = needOf(project, 'goods');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(api.url)
          .post(`/api/v1/pledges/projects/${project.id}/pledges`)
          .set(api.bearer(token))
          .send({ needId: goods, quantity: 2 }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await countersAgree(goods)).toEqual({ pledged: 2, counted: 2 });
  });
});

describe('pledging', () => {
  it('labour takes one place per person; a quantity of 2 names the field', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const me = await makeResidentIn(api, world);
    const res = await pledge(me.id, project.id, { needId: needOf(project, 'labour'), quantity: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('quantity');
    expect(await PledgeModel.countDocuments({ projectId: project.id })).toBe(0);
  });

  it('refuses pledges to a draft, and after the deadline', async () => {
    const world = await makeWorld(api);
    const draft = await makeProject(api, world, {}, { open: false });
    const me = await makeResidentIn(api, world);
    // A draft does not exist for residents.
    expect((await pledge(me.id, draft.id, { needId: needOf(draft, 'goods') })).status).toBe(404);
    const open = await makeProject(api, world);
    api.clock.set('2031-03-10T02:00:00Z');
    const late = await pledge(me.id, open.id, { needId: needOf(open, 'goods') });
    expect(late.status).toBe(409);
  });

  it('withdraws before activation and gives the quantity back exactly once', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const me = await makeResidentIn(api, world);
    const goods = needOf(project, 'goods');
    const made = await pledge(me.id, project.id, { needId: goods, quantity: 5 });
    expect(made.status).toBe(201);
    expect(made.body.actions).toEqual(['withdraw']);
    const twice = await Promise.all(
      [1, 2, 3].map(() => call(api, me.id, 'post', `/pledges/pledges/${made.body.id}/withdraw`)),
    );
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await countersAgree(goods)).toEqual({ pledged: 0, counted: 0 });
    // Someone else cannot withdraw my pledge (it does not exist for them).
    const other = await makeResidentIn(api, world);
    const again = await pledge(me.id, project.id, { needId: goods, quantity: 1 });
    expect((await call(api, other.id, 'post', `/pledges/pledges/${again.body.id}/withdraw`)).status).toBe(
      404,
    );
  });

  it('shows anonymous pledgers as 匿名邻居 in the public list, and to the pledger as themself', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const shy = await makeResidentIn(api, world);
    const neighbour = await makeResidentIn(api, world);
    await pledge(shy.id, project.id, { needId: needOf(project, 'money'), quantity: 10_000, anonymous: true });
    const seen = await call(api, neighbour.id, 'get', `/pledges/projects/${project.id}`);
    expect(seen.body.pledges).toHaveLength(1);
    expect(seen.body.pledges[0].pledgerName).toBe('匿名邻居');
    expect(seen.body.pledges[0].pledgerId).toBeUndefined();
    expect(seen.body.mine).toEqual([]);
    const own = await call(api, shy.id, 'get', `/pledges/projects/${project.id}`);
    expect(own.body.mine[0]).toMatchObject({ pledgerId: shy.id, anonymous: true });
    expect(own.body.pledges[0].pledgerName).toBe('匿名邻居');
  });

  it('records a paper pledge for a resident without a phone, marked paper, in the audit log', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const door = await makeHousehold({ building: world.buildings[1] });
    const res = await call(api, world.committee.id, 'post', `/pledges/projects/${project.id}/paper-pledges`, {
      needId: needOf(project, 'goods'),
      quantity: 3,
      householdId: door.id,
      name: '孙大爷',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      paper: true,
      pledgerName: '孙大爷',
      quantity: 3,
      household: `2号楼 ${door.unit}`,
    });
    const audit = await call(api, world.committee.id, 'get', `/audit?communityId=${world.community.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('pledge.paperRecorded');
    // A resident cannot record paper pledges.
    const me = await makeResidentIn(api, world);
    const refused = await call(api, me.id, 'post', `/pledges/projects/${project.id}/paper-pledges`, {
      needId: needOf(project, 'goods'),
      householdId: door.id,
      name: '冒名',
    });
    expect(refused.status).toBe(403);
  });
});

describe('thresholds and conditions', () => {
  it('activates when the 20th household joins; a met threshold keeps gathering pledges', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const residents = await makeResidentsInBulk(api, world, 21);
    const goods = needOf(project, 'goods');
    for (const r of residents.slice(0, 19))
      expect((await pledge(r.id, project.id, { needId: goods })).status).toBe(201);
    let view = await call(api, world.committee.id, 'get', `/pledges/projects/${project.id}`);
    expect(view.body).toMatchObject({ status: 'open', progress: { households: 19, thresholdsMet: false } });
    await pledge(residents[19].id, project.id, { needId: goods });
    view = await call(api, world.committee.id, 'get', `/pledges/projects/${project.id}`);
    expect(view.body).toMatchObject({ status: 'active', progress: { households: 20, thresholdsMet: true } });
    expect((await pledge(residents[20].id, project.id, { needId: goods })).status).toBe(201);
    // After activation a firm pledge can no longer be withdrawn.
    const mine = await call(api, residents[0].id, 'get', '/pledges/mine');
    expect(mine.body.items[0].actions).toEqual([]);
    const refused = await call(
      api,
      residents[0].id,
      'post',
      `/pledges/pledges/${mine.body.items[0].id}/withdraw`,
    );
    expect(refused.status).toBe(409);
  }, 60_000);

  it('activates on ¥5,000 promised when that is the threshold', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, { thresholds: { moneyFen: 500_000 } });
    const [a, b] = [await makeResidentIn(api, world), await makeResidentIn(api, world)];
    await pledge(a.id, project.id, { needId: needOf(project, 'money'), quantity: 300_000 });
    expect((await call(api, a.id, 'get', `/pledges/projects/${project.id}`)).body.status).toBe('open');
    await pledge(b.id, project.id, { needId: needOf(project, 'money'), quantity: 200_000 });
    const view = await call(api, a.id, 'get', `/pledges/projects/${project.id}`);
    expect(view.body).toMatchObject({ status: 'active', progress: { moneyFen: 500_000 } });
  });

  it('resolves "if at least 3 from my building join" for everyone waiting once the condition holds', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, { thresholds: { households: 100 } });
    const goods = needOf(project, 'goods');
    const b1 = [
      await makeResidentIn(api, world),
      await makeResidentIn(api, world),
      await makeResidentIn(api, world),
    ];
    const elsewhere = await makeResidentIn(api, world, world.buildings[1]);
    const condition = { scope: 'building', atLeast: 3 };
    for (const r of b1) {
      const res = await pledge(r.id, project.id, { needId: goods, condition });
      expect(res.body.status).toBe('conditional');
    }
    // Someone from another building does not count for "my building".
    await pledge(elsewhere.id, project.id, { needId: goods });
    expect(await countersAgree(goods)).toEqual({ pledged: 1, counted: 1 });
    // The fourth from building 1 makes three others for each of the first three, and they go ahead together.
    const fourth = await makeResidentIn(api, world);
    await pledge(fourth.id, project.id, { needId: goods });
    const statuses = await PledgeModel.find({ projectId: project.id }).lean();
    expect(statuses.filter((p) => p.status === 'pledged')).toHaveLength(5);
    expect(await countersAgree(goods)).toEqual({ pledged: 5, counted: 5 });
  });

  it('tells everyone viewing the project live when progress moves', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const viewer = await makeResidentIn(api, world);
    const pledger = await makeResidentIn(api, world);
    const clients = await Promise.all(
      [viewer.id, world.committee.id].map(async (id) => {
        const c = await connectClient(api.url, { token: await tokenFor(api, id) });
        await c.caughtUp();
        return c;
      }),
    );
    try {
      await pledge(pledger.id, project.id, { needId: needOf(project, 'goods'), quantity: 4 });
      for (const c of clients)
        await c.next(
          (r) =>
            r.event === 'pledge.progress' && (r.payload as { projectId: string }).projectId === project.id,
        );
    } finally {
      clients.forEach((c) => c.close());
    }
  });
});
