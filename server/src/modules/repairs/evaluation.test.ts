/**
 * Repairs in service evaluation, over HTTP on the real app: the reporter of a closed ticket rates
 * it once on speed, quality and manners; nobody else can, nor before it is closed; the committee's
 * month counts the closed ticket as served and the rating as given.
 */
import { startTestApi, type TestApi } from '../../test-support/api';
import { as, makeRepairWorld, move, reportHome, residentOf, type RepairWorld } from './test-factories';

let api: TestApi;
let world: RepairWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeRepairWorld(api);
});
afterAll(() => api.stop());

const SCORES = { speed: 4, quality: 5, manners: 3 };

it('the reporter of a closed ticket rates it once, others are refused, and the month counts it', async () => {
  api.clock.set('2031-03-20T02:00:00Z');
  const resident = await residentOf(api, world);
  const neighbour = await residentOf(api, world);
  const ticket = await reportHome(api, world, resident);
  const stillOpen = await reportHome(api, world, neighbour);
  const rate = async (who: { id: string }, body: object = { scores: SCORES }) =>
    (await as(api, who)).post(`/evaluations/repairs/items/${ticket.id}/rating`, body);

  expect((await rate(resident)).status).toBe(409); // not closed yet
  for (const [who, body] of [
    [world.operator, { action: 'accept' }],
    [world.operator, { action: 'assign', technicianId: world.techA.id }],
    [world.techA, { action: 'depart' }],
    [world.techA, { action: 'start' }],
    [world.techA, { action: 'resolve', note: '已更换接头' }],
    [resident, { action: 'confirm', rating: 5 }],
  ] as const) {
    const res = await move(api, who, ticket.id, body);
    expect(res.status).toBe(200);
  }

  const toRate = (await (await as(api, resident)).get('/evaluations/to-rate')).body;
  expect(toRate).toEqual([expect.objectContaining({ service: 'repairs', itemId: ticket.id })]);
  expect((await rate(neighbour)).status).toBe(404);
  expect((await rate(world.techA)).status).toBe(404);
  expect((await rate(resident, { scores: { speed: 4 } })).status).toBe(400);
  const rated = await rate(resident, { scores: SCORES, comment: '来得很快' });
  expect(rated.status).toBe(201);
  expect(rated.body).toMatchObject({ providerId: world.team.id, scores: SCORES });
  expect((await rate(resident)).status).toBe(409);

  const figures = await (
    await as(api, world.committee)
  ).get(`/evaluations/communities/${world.community.id}/figures?service=repairs&month=2031-03`);
  expect(figures.status).toBe(200);
  expect(figures.body).toMatchObject({
    ratings: 1,
    served: 1, // the neighbour's open ticket is not served yet
    ratedSharePercentX100: 10000,
    averages: { speed: { value: null, reason: 'fewerThanFiveRatings' } },
  });
  expect(figures.body.questions.map((q: { key: string }) => q.key)).toEqual(['speed', 'quality', 'manners']);
  expect(figures.body.worst[0]).toMatchObject({ scores: SCORES, comment: '来得很快' });
  expect(stillOpen.status).toBe('submitted');
});
