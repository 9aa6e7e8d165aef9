/**
 * Resident tags are set by the committee of the resident's community and every change lands in
 * the audit log with before and after; the log is read by admins and that committee only.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import type { Community } from '../communities';
import { makeCommunity } from '../communities/test-factories';
import { scrubPhones } from '../audit/service';
import { committeeOf, makeAdmin, makeMember, makeResident } from './test-factories';

let api: TestApi;
let community: Community;
beforeAll(async () => {
  api = await startTestApi();
  community = await makeCommunity();
});
afterAll(() => api.stop());

const setTags = (token: string, userId: string, tags: string[], communityId = community.id) =>
  request(api.url).put(`/api/v1/residents/${userId}/tags`).set(api.bearer(token)).send({ communityId, tags });

it('sets tags, shows them on the resident, and writes an audit entry with before/after', async () => {
  const committee = await committeeOf(api, community);
  const elder = await makeMember(api, { community, committee, birthDate: '1944-05-01' });
  const first = await setTags(committee.accessToken, elder.id, ['livingAlone']);
  expect(first.status).toBe(200);
  expect(first.body).toEqual({ userId: elder.id, tags: ['livingAlone'] });
  await api.clock.advance(60_000);
  await setTags(committee.accessToken, elder.id, ['livingAlone', 'lowIncome']);

  const me = await request(api.url).get('/api/v1/me').set(api.bearer(elder.accessToken));
  expect(me.body.tags.sort()).toEqual(['livingAlone', 'lowIncome']);
  const residents = await request(api.url)
    .get(`/api/v1/communities/${community.id}/residents`)
    .set(api.bearer(committee.accessToken));
  expect(residents.body.items.find((r: { userId: string }) => r.userId === elder.id).tags.sort()).toEqual([
    'livingAlone',
    'lowIncome',
  ]);

  const admin = await makeAdmin(api);
  const audit = await request(api.url)
    .get('/api/v1/audit')
    .query({ communityId: community.id, subjectUserId: elder.id })
    .set(api.bearer(admin.accessToken));
  expect(audit.status).toBe(200);
  // Newest first: the second tag change, the first, then the membership approval.
  expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
    'resident.setTags',
    'resident.setTags',
    'membership.approve',
  ]);
  expect(audit.body.items[0]).toMatchObject({
    actorId: committee.id,
    subjectUserId: elder.id,
    communityId: community.id,
    target: { kind: 'user', id: elder.id },
    before: { tags: ['livingAlone'] },
    after: { tags: ['livingAlone', 'lowIncome'] },
  });
  expect(audit.body.total).toBe(3);
  const paged = await request(api.url)
    .get('/api/v1/audit')
    .query({ communityId: community.id, subjectUserId: elder.id, pageSize: 1, page: 3 })
    .set(api.bearer(admin.accessToken));
  expect(paged.body.items.map((e: { action: string }) => e.action)).toEqual(['membership.approve']);
});

it('refuses tags for someone who does not live in the community, and another community’s committee', async () => {
  const committee = await committeeOf(api, community);
  const outsider = await makeResident(api);
  const notHere = await setTags(committee.accessToken, outsider.id, ['disability']);
  expect(notHere.status).toBe(404);
  expect(notHere.body.error.message).toContain('居民');

  const elder = await makeMember(api, { community });
  const otherCommunity = await makeCommunity();
  const stranger = await committeeOf(api, otherCommunity);
  expect((await setTags(stranger.accessToken, elder.id, ['disability'])).status).toBe(403);
  // Naming their own community does not help: the resident does not live there.
  expect((await setTags(stranger.accessToken, elder.id, ['disability'], otherCommunity.id)).status).toBe(404);
  const me = await request(api.url).get('/api/v1/me').set(api.bearer(elder.accessToken));
  expect(me.body.tags).toEqual([]);
  const strangerAudit = await request(api.url)
    .get('/api/v1/audit')
    .query({ communityId: community.id })
    .set(api.bearer(stranger.accessToken));
  expect(strangerAudit.status).toBe(403);
});

it('keeps phone numbers out of what the audit log stores', () => {
  expect(
    scrubPhones({ phone: '13812341234', note: '请致电 13812341234', nested: { mobile: 'x', tags: ['a'] } }),
  ).toEqual({
    note: '请致电 138****1234',
    nested: { tags: ['a'] },
  });
});
