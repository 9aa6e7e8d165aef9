/**
 * The pledges part of "download my data" and "delete my account", over HTTP: the export holds the
 * person's pledges, ledger entries and signatures; deletion anonymises pledges and ledger entries
 * (project totals and the ledger's sum stay right), drops pledges still waiting on a condition, and
 * takes the person's signatures off the map.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { call, makeProject, makeResidentIn, makeWorld, needOf, tokenFor } from './test-factories';
import { erasedKey } from './personal-data';
import { PledgeModel } from './pledges/model';
import { PointsBalanceModel, PointsEntryModel } from './points/model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it('exports my pledges, ledger and signatures; deleting me keeps the totals and leaves the map', async () => {
  const world = await makeWorld(api);
  const project = await makeProject(api, world, { thresholds: {} });
  const me = await makeResidentIn(api, world);
  const other = await makeResidentIn(api, world);
  const bags = await call(api, me.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'goods'),
    quantity: 6,
  });
  await call(api, me.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'labour'),
    condition: { scope: 'building', atLeast: 30 },
  });
  await call(api, other.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'goods'),
    quantity: 1,
  });
  await call(api, world.committee.id, 'post', `/pledges/pledges/${bags.body.id}/confirm`, {});
  const version = await call(
    api,
    world.committee.id,
    'post',
    `/convention/communities/${world.community.id}/versions`,
    {
      text: '公约',
      effectiveDate: '2031-04-01',
    },
  );
  await call(api, me.id, 'post', `/convention/versions/${version.body.id}/sign`);

  const exported = await request(api.url)
    .get('/api/v1/me/export')
    .set(api.bearer(await tokenFor(api, me.id)));
  expect(exported.status).toBe(200);
  const mine = exported.body.pledges;
  expect(mine.pledges.map((p: { kind: string; status: string }) => [p.kind, p.status])).toEqual([
    ['goods', 'fulfilled'],
    ['labour', 'conditional'],
  ]);
  expect(mine.pointsEntries).toEqual([expect.objectContaining({ kind: 'earned', points: 6 })]);
  expect(mine.conventionSignatures).toEqual([expect.objectContaining({ version: 1 })]);

  const deleted = await request(api.url)
    .delete('/api/v1/me')
    .set(api.bearer(await tokenFor(api, me.id)))
    .send({ confirm: 'DELETE' });
  expect(deleted.status).toBeLessThan(300);

  const view = await call(api, other.id, 'get', `/pledges/projects/${project.id}`);
  const goods = view.body.needs.find((n: { kind: string }) => n.kind === 'goods');
  expect(goods).toMatchObject({ pledged: 7, received: 6 });
  expect(view.body.pledges.map((p: { pledgerName: string }) => p.pledgerName)).toContain('匿名邻居');
  expect(JSON.stringify(view.body)).not.toContain(me.id);
  expect(await PledgeModel.countDocuments({ userId: me.id })).toBe(0);
  expect((await PledgeModel.findById(bags.body.id).lean())!.name).toBe('');
  expect(await PledgeModel.countDocuments({ projectId: project.id, kind: 'labour', status: 'dropped' })).toBe(
    1,
  );
  // The ledger moved to an opaque key, whole: its balance still equals the sum of its entries.
  const key = erasedKey(me.id);
  expect(await PointsEntryModel.countDocuments({ holderKey: me.id })).toBe(0);
  const entries = await PointsEntryModel.find({ holderKey: key }).lean();
  const balance = await PointsBalanceModel.findOne({ holderKey: key }).lean();
  expect(entries.reduce((s, e) => s + e.points, 0)).toBe(balance!.balance);
  expect(entries.every((e) => e.userId === null)).toBe(true);

  const map = await call(api, world.committee.id, 'get', `/convention/versions/${version.body.id}/map`);
  expect(map.body.totals.signed).toBe(0);
  const who = await call(
    api,
    world.committee.id,
    'get',
    `/convention/versions/${version.body.id}/signatures`,
  );
  expect(who.body.items).toEqual([]);
});
