/**
 * Carer links: a son asks to act for his mother; she (or her community's committee) confirms;
 * either of them may end it. Other services rely on isConfirmedCarer / eldersOf.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import type { Community } from '../communities';
import { makeCommunity } from '../communities/test-factories';
import type { DomainEvents } from '../domain-events';
import { createCarerLinkService } from './carer-link-service';
import { committeeOf, makeMember, makeResident } from './test-factories';

let api: TestApi;
let community: Community;
beforeAll(async () => {
  api = await startTestApi();
  community = await makeCommunity();
});
afterAll(() => api.stop());

// The query half of the service needs none of its collaborators.
const links = createCarerLinkService({} as never);

const askToCare = (token: string, elderUserId: string) =>
  request(api.url).post('/api/v1/carer-links').set(api.bearer(token)).send({ elderUserId });

it('goes pending → confirmed by the elder → revoked by the carer, with both sides told each time', async () => {
  const elder = await makeMember(api, { community });
  const son = await makeResident(api);
  const changes: DomainEvents['carerLink.changed'][] = [];
  const off = api.running.events.on('carerLink.changed', (e) => void changes.push(e));

  const asked = await askToCare(son.accessToken, elder.id);
  expect(asked.status).toBe(201);
  expect(asked.body).toMatchObject({
    carerId: son.id,
    elderId: elder.id,
    status: 'pending',
    actions: ['revoke'],
  });
  expect(await links.isConfirmedCarer(son.id, elder.id)).toBe(false);

  // The elder sees it with confirm/reject; the carer cannot confirm their own request.
  const elderView = await request(api.url).get('/api/v1/carer-links/mine').set(api.bearer(elder.accessToken));
  expect(elderView.body.items[0]).toMatchObject({
    id: asked.body.id,
    carerName: '张阿姨',
    actions: ['confirm', 'reject', 'revoke'],
  });
  const selfConfirm = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(api.bearer(son.accessToken));
  expect(selfConfirm.status).toBe(403);

  const confirmed = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(api.bearer(elder.accessToken));
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.status).toBe('confirmed');
  expect(await links.isConfirmedCarer(son.id, elder.id)).toBe(true);
  expect(await links.eldersOf(son.id)).toEqual([elder.id]);

  const revoked = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/revoke`)
    .set(api.bearer(son.accessToken));
  expect(revoked.body.status).toBe('revoked');
  expect(await links.isConfirmedCarer(son.id, elder.id)).toBe(false);
  expect(await links.eldersOf(son.id)).toEqual([]);
  off();
  expect(changes.map((c) => c.status)).toEqual(['pending', 'confirmed', 'revoked']);
  expect(changes.every((c) => c.carerId === son.id && c.elderId === elder.id)).toBe(true);
});

it("lets the elder's committee confirm, and audits it; another community's committee is refused", async () => {
  const elder = await makeMember(api, { community });
  const daughter = await makeResident(api);
  const asked = await askToCare(daughter.accessToken, elder.id);

  const stranger = await committeeOf(api, await makeCommunity());
  const refused = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(api.bearer(stranger.accessToken));
  expect(refused.status).toBe(404);
  expect(JSON.stringify(refused.body)).not.toContain(elder.id);

  const committee = await committeeOf(api, community);
  const pending = await request(api.url)
    .get('/api/v1/carer-links')
    .query({ communityId: community.id })
    .set(api.bearer(committee.accessToken));
  expect(pending.body.items.find((l: { id: string }) => l.id === asked.body.id)).toMatchObject({
    actions: ['confirm', 'reject'],
  });
  const confirmed = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(api.bearer(committee.accessToken));
  expect(confirmed.body.status).toBe('confirmed');

  const audit = await request(api.url)
    .get('/api/v1/audit')
    .query({ communityId: community.id, subjectUserId: elder.id })
    .set(api.bearer(committee.accessToken));
  expect(audit.body.items[0]).toMatchObject({
    action: 'carerLink.confirm',
    actorId: committee.id,
    target: { kind: 'carerLink', id: asked.body.id },
    before: { status: 'pending' },
    after: { status: 'confirmed' },
  });
  // Once decided, the elder is offered no reject: a late tap is refused, nothing changes.
  const again = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/reject`)
    .set(api.bearer(elder.accessToken));
  expect(again.status).toBe(403);
});

it('refuses caring for oneself, an unknown elder, and a second open request', async () => {
  const elder = await makeMember(api, { community });
  const carer = await makeResident(api);
  expect((await askToCare(carer.accessToken, carer.id)).status).toBe(400);
  expect((await askToCare(carer.accessToken, '665f1c2ab7e4a1d2c3b4a5f6')).status).toBe(404);
  const results = await Promise.all([1, 2, 3].map(() => askToCare(carer.accessToken, elder.id)));
  expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
});

it('lets the elder reject, after which the carer may ask again', async () => {
  const elder = await makeMember(api, { community });
  const carer = await makeResident(api);
  const asked = await askToCare(carer.accessToken, elder.id);
  const rejected = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/reject`)
    .set(api.bearer(elder.accessToken))
    .send({ reason: '不认识此人' });
  expect(rejected.body).toMatchObject({ status: 'rejected', reason: '不认识此人', actions: [] });
  expect((await askToCare(carer.accessToken, elder.id)).status).toBe(201);
});
