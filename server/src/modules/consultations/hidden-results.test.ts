/**
 * Hidden results: before close no endpoint (list, detail, turnout, non-voters, receipts, results,
 * export) and no socket event carries a choice count, to anyone — the committee included. The same
 * checks run on a consultation that shows results, to prove they notice a count when there is one;
 * and after close the counts appear where they should.
 */
import request from 'supertest';
import { connectClient, type TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import {
  createConsultation,
  makeUnit,
  makeWorld,
  move,
  placeResidents,
  vote,
  type Person,
  type World,
} from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** Keys that only a tally has. */
const TALLY_KEYS = [
  'results',
  'byOption',
  'byChoice',
  'agreeing',
  'approvalMet',
  'passed',
  'approvalArea',
  'approvalOwners',
];

function tallyKeysIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => tallyKeysIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (TALLY_KEYS.includes(k)) found.push(k);
      if (typeof v === 'string' && TALLY_KEYS.includes(v)) found.push(v); // gauge keys are values
      tallyKeysIn(v, found);
    }
  }
  return found;
}

interface Scene {
  world: World;
  voters: Person[];
  outsider: Person;
  id: string;
  clients: TestClient[];
}

async function scene(resultsHidden: boolean): Promise<Scene> {
  const world = await makeWorld(api, ['1号楼']);
  const voters: Person[] = [];
  for (const unit of ['101', '102', '103']) {
    voters.push(...(await placeResidents(api, await makeUnit(world, world.buildings[0], unit), 'owner')));
  }
  const [outsider] = await placeResidents(api, await makeUnit(world, world.buildings[0], '104'), 'tenant');
  const c = await createConsultation(api, world, {
    eligibility: 'owner',
    matter: 'useMaintenanceFund',
    ballot: { kind: 'approval' },
    resultsHidden,
    secretBallot: false,
  });
  const clients = await Promise.all(
    [world.committee, voters[0], outsider].map(async (p) => {
      const client = await connectClient(api.url, { token: p.token });
      await client.caughtUp();
      return client;
    }),
  );
  await move(api, world, c.id, 'openVoting');
  await vote(api, voters[0], c.id, { choices: ['approve'] });
  await vote(api, voters[1], c.id, { choices: ['reject'] });
  await request(api.url).post(`/api/v1/consultations/${c.id}/reminders`).set(world.committee.auth);
  await clients[0].next(
    (r) => r.event === 'consultation.turnoutChanged' && (r.payload as { voted: number }).voted === 2,
  );
  return { world, voters, outsider, id: c.id, clients };
}

/** Everything anyone can fetch about the consultation while voting is open. */
async function everything(s: Scene) {
  const as = (p: Person, path: string) => request(api.url).get(`/api/v1${path}`).set(p.auth);
  const readers = [s.world.committee, s.voters[0], s.voters[2], s.outsider];
  const bodies: { what: string; body: unknown; text?: string }[] = [];
  for (const [i, p] of readers.entries()) {
    bodies.push({
      what: `list ${i}`,
      body: (await as(p, `/consultations?communityId=${s.world.community.id}`)).body,
    });
    bodies.push({ what: `detail ${i}`, body: (await as(p, `/consultations/${s.id}`)).body });
    bodies.push({ what: `results ${i}`, body: (await as(p, `/consultations/${s.id}/results`)).body });
    bodies.push({ what: `receipts ${i}`, body: (await as(p, `/consultations/${s.id}/receipts`)).body });
  }
  bodies.push({
    what: 'turnout',
    body: (await as(s.world.committee, `/consultations/${s.id}/turnout`)).body,
  });
  bodies.push({
    what: 'non-voters',
    body: (await as(s.world.committee, `/consultations/${s.id}/non-voters`)).body,
  });
  const csv = await as(s.world.committee, `/consultations/${s.id}/audit.csv`);
  bodies.push({ what: 'csv', body: {}, text: csv.text });
  bodies.push({
    what: 'events',
    body: s.clients.flatMap((c) => c.received.map((r) => ({ event: r.event, payload: r.payload }))),
  });
  return bodies;
}

it('before close, nothing anyone can fetch or hear carries a choice count', async () => {
  const s = await scene(true);
  const bodies = await everything(s);
  const leaks = bodies.flatMap((b) => tallyKeysIn(b.body).map((k) => `${b.what}: ${k}`));
  expect(leaks).toEqual([]);
  const csv = bodies.find((b) => b.what === 'csv')!.text!;
  expect(csv).not.toMatch(/choices|approve|reject/);
  // The committee's turnout still moves: participation gauges only.
  const turnout = bodies.find((b) => b.what === 'turnout')!.body as {
    voted: number;
    gauges: { key: string }[];
    missing: Record<string, string>;
  };
  expect(turnout.voted).toBe(2);
  expect(Object.keys(turnout.missing)).toEqual(['participation']); // "n owners to reach approval" would tell
  expect(turnout.gauges.map((g) => g.key)).toEqual(['participationArea', 'participationOwners']);
  // The results endpoint refuses, and receipts wait for the close.
  expect(bodies.find((b) => b.what === 'results 0')!.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  expect(bodies.find((b) => b.what === 'receipts 1')!.body).toMatchObject({ error: { code: 'CONFLICT' } });
  // The events that did arrive carried turnout and status, nothing else (the one connected voter
  // had voted, so the reminder did not reach them).
  const events = new Set(s.clients.flatMap((c) => c.received.map((r) => r.event)));
  expect(events).toEqual(
    new Set(['realtime.caughtUp', 'consultation.statusChanged', 'consultation.turnoutChanged']),
  );
  s.clients.forEach((c) => c.close());

  // After close the committee sees the count and the export its choices (the ballot is not secret).
  await move(api, s.world, s.id, 'close');
  const results = await request(api.url)
    .get(`/api/v1/consultations/${s.id}/results`)
    .set(s.world.committee.auth);
  expect(results.body.byOption.map((o: { ballots: number }) => o.ballots)).toEqual([1, 1, 0]);
  const after = await request(api.url)
    .get(`/api/v1/consultations/${s.id}/audit.csv`)
    .set(s.world.committee.auth);
  expect(after.text).toMatch(/choices/);
  // Residents still wait for publication.
  const resident = await request(api.url).get(`/api/v1/consultations/${s.id}`).set(s.voters[0].auth);
  expect(tallyKeysIn(resident.body)).toEqual([]);
});

it('the same checks do see the counts of a consultation that shows results while voting', async () => {
  const s = await scene(false);
  const bodies = await everything(s);
  const leaks = bodies.flatMap((b) => tallyKeysIn(b.body).map(() => b.what.split(' ')[0]));
  expect(new Set(leaks)).toEqual(new Set(['detail', 'results', 'turnout']));
  // Events never carry counts, whatever the setting.
  expect(tallyKeysIn(bodies.find((b) => b.what === 'events')!.body)).toEqual([]);
  s.clients.forEach((c) => c.close());
});
