/**
 * Pledges in service evaluation, over HTTP on the real app: a resident who pledged to a project and
 * fulfilled it rates the project once it is done (once, though they gave twice); someone whose
 * pledge was never fulfilled cannot; the committee's month counts the person and the rating, with
 * the community as the provider.
 */
import { startTestApi, type TestApi } from '../../test-support/api';
import { call, makeProject, makeResidentIn, makeWorld, needOf, type PledgeWorld } from './test-factories';

let api: TestApi;
let world: PledgeWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  // The factories' dates (the project's deadline) are in early March 2031.
  api.clock.set('2031-03-03T02:00:00Z');
  world = await makeWorld(api);
});
afterAll(() => api.stop());

const SCORES = { organisation: 4, communication: 3, result: 5 };

it('the resident who fulfilled a pledge rates the done project once, others are refused, and the month counts it', async () => {
  const project = await makeProject(api, world, { thresholds: {} }); // active straight away
  const me = await makeResidentIn(api, world);
  const flake = await makeResidentIn(api, world);
  const give = async (userId: string, kind: 'goods' | 'money', quantity: number) => {
    const res = await call(api, userId, 'post', `/pledges/projects/${project.id}/pledges`, {
      needId: needOf(project, kind),
      quantity,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const bags = await give(me.id, 'goods', 3);
  const money = await give(me.id, 'money', 2000);
  const unkept = await give(flake.id, 'goods', 2);
  for (const id of [bags, money]) {
    const confirmed = await call(api, world.committee.id, 'post', `/pledges/pledges/${id}/confirm`, {});
    expect(confirmed.body.status).toBe('fulfilled');
  }
  const rate = (userId: string, pledgeId: string, body: object = { scores: SCORES }) =>
    call(api, userId, 'post', `/evaluations/pledges/items/${pledgeId}/rating`, body);

  expect((await rate(me.id, bags)).status).toBe(409); // the project is not done yet
  api.clock.set('2031-03-16T02:00:00Z');
  const done = await call(api, world.committee.id, 'post', `/pledges/projects/${project.id}/complete`);
  expect(done.body.status).toBe('done');

  const toRate = (await call(api, me.id, 'get', '/evaluations/to-rate')).body;
  expect(toRate).toEqual([
    expect.objectContaining({ service: 'pledges', itemId: bags, title: project.title }),
  ]);
  expect((await rate(flake.id, unkept)).status).toBe(404);
  expect((await rate(flake.id, bags)).status).toBe(404);
  expect((await rate(me.id, money)).status).toBe(404); // one project, one rating per person
  const rated = await rate(me.id, bags, { scores: SCORES, comment: '通知再早一点就好' });
  expect(rated.status).toBe(201);
  expect(rated.body).toMatchObject({ providerId: world.community.id, communityId: world.community.id });
  expect((await rate(me.id, bags)).status).toBe(409);

  const figures = await call(
    api,
    world.committee.id,
    'get',
    `/evaluations/communities/${world.community.id}/figures?service=pledges&month=2031-03`,
  );
  expect(figures.status).toBe(200);
  expect(figures.body).toMatchObject({ ratings: 1, served: 1, ratedSharePercentX100: 10000 });
  expect(figures.body.worst[0]).toMatchObject({ scores: SCORES, comment: '通知再早一点就好' });
  const score = await call(api, me.id, 'get', `/evaluations/pledges/providers/${world.community.id}/score`);
  // The community answers for its projects: its score counts the rating (no average from one).
  expect(score.body).toMatchObject({ providerId: world.community.id, ratings: 1, overall: { value: null } });

  // The committee answers for its projects: it reads the rating in its list and replies once;
  // another community's committee neither sees it nor may reply.
  const operated = await call(api, world.committee.id, 'get', '/evaluations/operated?service=pledges');
  expect(operated.status).toBe(200);
  expect(operated.body).toEqual([expect.objectContaining({ id: rated.body.id, actions: ['reply'] })]);
  const elsewhere = await makeWorld(api);
  expect((await call(api, elsewhere.committee.id, 'get', '/evaluations/operated')).body).toEqual([]);
  const path = `/evaluations/ratings/${rated.body.id}/reply`;
  expect((await call(api, elsewhere.committee.id, 'post', path, { text: '谢谢' })).status).toBe(404);
  expect((await call(api, world.committee.id, 'post', path, { text: '下次提前一周通知' })).status).toBe(200);
  const mine = (await call(api, me.id, 'get', '/evaluations/ratings/mine')).body;
  expect(mine[0]).toMatchObject({ reply: { text: '下次提前一周通知' } });
});
