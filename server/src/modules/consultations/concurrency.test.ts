/**
 * 300 households vote at once while 300 duplicate attempts (the same households again, another
 * member tapping too) arrive at the same time: each household is counted exactly once, every
 * duplicate is told it already voted, and nothing answers 5xx. The unique index decides, not a
 * check-then-insert.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { createConsultation, makeUnit, makeWorld, move, placeResidents, type Person } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
});
afterAll(() => api.stop());

jest.setTimeout(120_000);

it('counts each of 300 households once under 600 concurrent ballots', async () => {
  const world = await makeWorld(api, ['1号楼', '2号楼', '3号楼']);
  // Set-up in batches of 50 (a household and its two members each), so the burst is what is timed.
  const members: [Person, Person][] = [];
  for (let start = 0; start < 300; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, async (_, j) => {
        const i = start + j;
        const household = await makeUnit(world, world.buildings[i % 3], `${100 + i}`);
        const [a, b] = await placeResidents(api, household, 'owner', 2, `户${i}-`);
        return [a, b] as [Person, Person];
      }),
    );
    members.push(...batch);
  }
  const c = await createConsultation(api, world, { eligibility: 'household' });
  await move(api, world, c.id, 'openVoting');

  const send = (p: Person, choice: string) =>
    request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(p.auth)
      .send({ choices: [choice] });
  // Each household: one member votes, and at the same moment either the same member taps again or
  // the other member votes too. All 600 requests are in flight together.
  const attempts = members.flatMap(([a, b], i) => [send(a, 'o1'), i % 2 ? send(a, 'o2') : send(b, 'o3')]);
  const answers = await Promise.all(attempts);

  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s === 201)).toHaveLength(300);
  const refused = answers.filter((r) => r.status === 409);
  expect(refused).toHaveLength(300);
  expect(new Set(refused.map((r) => r.body.error.code))).toEqual(new Set(['CONSULTATION_ALREADY_VOTED']));

  // Every household got exactly one of its two attempts through.
  for (let i = 0; i < 300; i += 1) {
    expect([answers[2 * i].status, answers[2 * i + 1].status].sort()).toEqual([201, 409]);
  }
  const turnout = await request(api.url)
    .get(`/api/v1/consultations/${c.id}/turnout`)
    .set(world.committee.auth);
  expect(turnout.body).toMatchObject({ eligible: 300, voted: 300 });
  expect(turnout.body.byBuilding.map((b: { voted: number }) => b.voted)).toEqual([100, 100, 100]);
  const detail = await request(api.url).get(`/api/v1/consultations/${c.id}`).set(world.committee.auth);
  expect(detail.body.turnout).toEqual({ voted: 300, eligible: 300 });
  await move(api, world, c.id, 'close');
  const results = await request(api.url)
    .get(`/api/v1/consultations/${c.id}/results`)
    .set(world.committee.auth);
  expect(results.body.ballots).toBe(300);
  expect(results.body.byOption.reduce((s: number, o: { ballots: number }) => s + o.ballots, 0)).toBe(300);
});
