/**
 * Rights are cached per instance (the actor cache, 60 s here so a pass proves the drop, not the
 * expiry) and a write that changes them counts on the very next request, on both of two instances:
 * this test's server (A) and a server process (B) on one embedded store and one Redis. Each case
 * first has both instances cache the actor, then changes it on one, then asks both.
 */
import request from 'supertest';
import { UserModel } from './modules/identity/user-model';
import { makeCommunity, makeHousehold } from './modules/communities/test-factories';
import { as, makeCallWorld, raise } from './modules/emergency/test-factories';
import { committeeOf, makeAdmin, makeMember, makeResident } from './modules/membership/test-factories';
import { startTestApi, type TestApi } from './test-support/api';
import {
  startServerProcess,
  startStoreAndRedis,
  type ServerProcess,
  type StoreAndRedis,
} from './test-support/instances';

const CACHE = { ACTOR_CACHE_MS: '60000', RATE_LIMIT_POINTS: '100000' };
let cluster: StoreAndRedis;
let a: TestApi;
let b: ServerProcess;
const startedAt = Date.now();

beforeAll(async () => {
  cluster = await startStoreAndRedis();
  a = await startTestApi({ ...cluster.env, ...CACHE, DEMO_MODE: 'false' });
  b = await startServerProcess({ ...cluster.env, ...CACHE, CLOCK_START: a.clock.now().toISOString() });
}, 120_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await cluster?.stop();
  console.log(`revocation.test: ${((Date.now() - startedAt) / 1000).toFixed(1)} s with its processes`);
});

const both = () => [a.url, b.url];
const get = (url: string, path: string, token: string) =>
  request(url)
    .get(`/api/v1${path}`)
    .set({ Authorization: `Bearer ${token}` });

it('caches the actor: a write that bypasses the services is not seen within the TTL, on either instance', async () => {
  // The control for every case below: without a drop, the cached rights stand.
  const community = await makeCommunity();
  const committee = await committeeOf(a, community);
  for (const url of both())
    expect((await get(url, `/communities/${community.id}/residents`, committee.accessToken)).status).toBe(
      200,
    );
  await UserModel.updateOne({ _id: committee.id }, { $set: { grants: [] } });
  for (const url of both())
    expect((await get(url, `/communities/${community.id}/residents`, committee.accessToken)).status).toBe(
      200,
    );
});

it('a grant revoked by an admin on A is refused on the next request on A and on B', async () => {
  const community = await makeCommunity();
  const committee = await committeeOf(a, community);
  const admin = await makeAdmin(a);
  const residents = `/communities/${community.id}/residents`;
  for (const url of both()) expect((await get(url, residents, committee.accessToken)).status).toBe(200);

  const revoked = await request(a.url)
    .patch(`/api/v1/admin/staff/${committee.id}/grants`)
    .set(a.bearer(admin.accessToken))
    .send({ grants: [] });
  expect(revoked.status).toBe(200);
  for (const url of both()) expect((await get(url, residents, committee.accessToken)).status).toBe(403);

  // And given back on B, it works again on A at once.
  const restored = await request(b.url)
    .patch(`/api/v1/admin/staff/${committee.id}/grants`)
    .set(a.bearer(admin.accessToken))
    .send({ grants: [{ role: 'committee', communityId: community.id }] });
  expect(restored.status).toBe(200);
  for (const url of both()) expect((await get(url, residents, committee.accessToken)).status).toBe(200);
});

it('a membership approved on B is a home on A at once; leaving it on A is gone on B at once', async () => {
  const community = await makeCommunity();
  const household = await makeHousehold({ community });
  const committee = await committeeOf(a, community);
  const resident = await makeResident(a);
  const asked = await request(a.url)
    .post('/api/v1/memberships')
    .set(a.bearer(resident.accessToken))
    .send({ householdId: household.id, relation: 'owner' });
  expect(asked.status).toBe(201);
  for (const url of both()) expect((await get(url, '/me', resident.accessToken)).body.homes).toEqual([]);

  const approved = await request(b.url)
    .post(`/api/v1/memberships/${asked.body.id}/approve`)
    .set(a.bearer(committee.accessToken));
  expect(approved.status).toBe(200);
  for (const url of both())
    expect((await get(url, '/me', resident.accessToken)).body.homes).toEqual([
      expect.objectContaining({ householdId: household.id }),
    ]);

  const left = await request(a.url)
    .delete(`/api/v1/memberships/${asked.body.id}`)
    .set(a.bearer(resident.accessToken));
  expect(left.status).toBe(204);
  for (const url of both()) expect((await get(url, '/me', resident.accessToken)).body.homes).toEqual([]);
});

it("resident tags set by the committee on A open a tag's notices to the resident on A and B at once", async () => {
  const community = await makeCommunity();
  const committee = await committeeOf(a, community);
  const resident = await makeMember(a, { community, committee });
  const published = await request(a.url)
    .post('/api/v1/notices')
    .set(a.bearer(committee.accessToken))
    .send({
      communityId: community.id,
      title: '独居老人上门探访',
      body: '本周六上午志愿者上门',
      category: 'activity',
      audience: { kind: 'tag', tag: 'livingAlone' },
    });
  expect(published.status).toBe(201);
  const feedIds = async (url: string) =>
    ((await get(url, '/notices', resident.accessToken)).body.items as { id: string }[]).map((n) => n.id);
  for (const url of both()) expect(await feedIds(url)).not.toContain(published.body.id);

  const tagged = await request(a.url)
    .put(`/api/v1/residents/${resident.id}/tags`)
    .set(a.bearer(committee.accessToken))
    .send({ communityId: community.id, tags: ['livingAlone'] });
  expect(tagged.status).toBe(200);
  for (const url of both()) expect(await feedIds(url)).toContain(published.body.id);
});

it('put on emergency duty on B, a committee member sees the open calls on A and B at once', async () => {
  const w = await makeCallWorld(a);
  const call = await raise(a, w.elder.id);
  expect(call.status).toBe(201);
  const token = (await as(a, w.committee.id)).Authorization.replace('Bearer ', '');
  const screen = `/emergency/communities/${w.community.id}/alerts`;
  const seen = async (url: string) =>
    ((await get(url, screen, token)).body.emergency as { id: string }[]).map((x) => x.id);
  for (const url of both()) expect(await seen(url)).toEqual([]);

  const put = await request(b.url)
    .put(`/api/v1/emergency/communities/${w.community.id}/duty/${w.committee.id}`)
    .set(await as(a, w.onDuty.id))
    .send({ onDuty: true });
  expect(put.status).toBe(200);
  for (const url of both()) expect(await seen(url)).toEqual([call.body.alert.id]);
});

it('a deleted account is refused on the next request on both instances, with the token it still holds', async () => {
  const resident = await makeResident(a);
  for (const url of both()) expect((await get(url, '/me', resident.accessToken)).status).toBe(200);
  const deleted = await request(b.url)
    .delete('/api/v1/me')
    .set(a.bearer(resident.accessToken))
    .send({ confirm: 'DELETE' });
  expect(deleted.status).toBe(204);
  for (const url of both()) expect((await get(url, '/me', resident.accessToken)).status).toBe(401);
});
