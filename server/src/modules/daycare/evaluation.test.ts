/**
 * Daycare in service evaluation, over HTTP on the real app: the guardian whose visit took place
 * rates the centre once on welcome, clarity of information and environment; nobody else can, nor
 * before the visit is recorded; the committee's month counts the visit and the rating.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import {
  act,
  as,
  enquire,
  makeCentre,
  makeGuardian,
  makeOutsider,
  makeSlot,
  toVisited,
  type CentreWorld,
} from './test-factories';

let api: TestApi;
let world: CentreWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeCentre(api);
});
afterAll(() => api.stop());

const SCORES = { welcome: 5, clarity: 4, environment: 4 };

it('the guardian whose visit took place rates it once, others are refused, and the month counts it', async () => {
  api.clock.set('2031-03-10T02:00:00Z');
  const guardian = await makeGuardian(api, world);
  const otherParent = await makeGuardian(api, world);
  const outsider = await makeOutsider(api);
  const { id } = await enquire(api, world, guardian.id);
  await enquire(api, world, otherParent.id); // enquired, never visited: not served
  const slot = await makeSlot(api, world, { date: '2031-03-11', time: '10:00' });
  await toVisited(api, world, guardian.id, id, slot.id);
  const rate = async (userId: string, body: object = { scores: SCORES }) =>
    request(api.url)
      .post(`/api/v1/evaluations/daycare/items/${id}/rating`)
      .set(await as(api, userId))
      .send(body);

  expect((await rate(guardian.id)).status).toBe(409); // booked, not yet visited
  api.clock.advance(2 * 24 * 3600_000);
  expect((await act(api, world.operator.id, id, 'visited')).status).toBe(200);

  const toRate = await request(api.url)
    .get('/api/v1/evaluations/to-rate')
    .set(await as(api, guardian.id));
  expect(toRate.body).toEqual([
    expect.objectContaining({ service: 'daycare', itemId: id, title: '2031-03-11 10:00 参观托育园' }),
  ]);
  expect((await rate(otherParent.id)).status).toBe(404);
  expect((await rate(outsider.id)).status).toBe(404);
  expect((await rate(world.operator.id)).status).toBe(404);
  const rated = await rate(guardian.id, { scores: SCORES, comment: '老师很耐心' });
  expect(rated.status).toBe(201);
  expect(rated.body).toMatchObject({ providerId: world.centre.id, communityId: world.community.id });
  expect((await rate(guardian.id)).status).toBe(409);

  const figures = await request(api.url)
    .get(`/api/v1/evaluations/communities/${world.community.id}/figures?service=daycare&month=2031-03`)
    .set(await as(api, world.committee.id));
  expect(figures.status).toBe(200);
  expect(figures.body).toMatchObject({ ratings: 1, served: 1, ratedSharePercentX100: 10000 });
  expect(figures.body.worst[0]).toMatchObject({ scores: SCORES, comment: '老师很耐心' });
  expect(figures.body.trend.at(-1)).toEqual({
    month: '2031-03',
    ratings: 1,
    averages: { welcome: null, clarity: null, environment: null },
  });
});
