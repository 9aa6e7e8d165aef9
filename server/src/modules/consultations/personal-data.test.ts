/**
 * Consultations in "download my data" and "delete my account", over HTTP: the export holds my
 * ballots' receipts (hashes, never codes) and my comments; deleting the account anonymises my
 * comments and keeps my ballot counted, without me.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { createConsultation, makeUnit, makeWorld, move, placeResidents, vote } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it('exports my receipts and comments; deletion keeps the count and drops my name', async () => {
  const world = await makeWorld(api);
  const [me] = await placeResidents(
    api,
    await makeUnit(world, world.buildings[0], '101'),
    'owner',
    1,
    '周先生',
  );
  const [neighbour] = await placeResidents(api, await makeUnit(world, world.buildings[0], '102'), 'owner');
  const c = await createConsultation(api, world);
  await move(api, world, c.id, 'openDiscussion');
  await request(api.url)
    .post(`/api/v1/consultations/${c.id}/comments`)
    .set(me.auth)
    .send({ body: '建议加长椅' });
  await move(api, world, c.id, 'openVoting');
  const cast = await vote(api, me, c.id, { choices: ['o2'] });
  await vote(api, neighbour, c.id, { choices: ['o1'] });

  const exported = await request(api.url).get('/api/v1/me/export').set(me.auth);
  expect(exported.status).toBe(200);
  expect(exported.body.consultations.ballots).toEqual([
    expect.objectContaining({
      consultationId: c.id,
      voterKind: 'online',
      receiptHash: cast.body.receiptHash,
      choices: ['o2'],
    }),
  ]);
  expect(JSON.stringify(exported.body)).not.toContain(cast.body.receiptCode);
  expect(exported.body.consultations.comments).toEqual([
    expect.objectContaining({ body: '建议加长椅', kind: 'comment' }),
  ]);

  const deleted = await request(api.url).delete('/api/v1/me').set(me.auth).send({ confirm: 'DELETE' });
  expect(deleted.status).toBe(204);

  const comments = await request(api.url).get(`/api/v1/consultations/${c.id}/comments`).set(neighbour.auth);
  expect(comments.body.items).toEqual([
    expect.objectContaining({ body: '建议加长椅', author: { displayName: '已注销用户', committee: false } }),
  ]);
  await move(api, world, c.id, 'close');
  const results = await request(api.url)
    .get(`/api/v1/consultations/${c.id}/results`)
    .set(world.committee.auth);
  expect(results.body.ballots).toBe(2);
  expect(results.body.byOption.map((o: { ballots: number }) => o.ballots)).toEqual([1, 1, 0]);
  // The receipt still verifies: the ballot was counted as cast, whoever cast it is gone.
  const check = await request(api.url)
    .post(`/api/v1/consultations/${c.id}/receipts/verify`)
    .set(neighbour.auth)
    .send({ code: cast.body.receiptCode });
  expect(check.body).toMatchObject({ counted: true, asCast: true });
  const csv = await request(api.url).get(`/api/v1/consultations/${c.id}/audit.csv`).set(world.committee.auth);
  expect(csv.text).not.toContain('周先生');
});
