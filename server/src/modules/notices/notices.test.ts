/**
 * Notices over HTTP with the real store: who may publish where, what each resident sees (and in
 * which order), reading, read counts, and who has not read an emergency notice yet.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeBuilding, makeCommunity } from '../communities/test-factories';
import { makeResident, makeStaff, objectId } from '../identity/test-factories';
import { committeeOf } from '../membership/test-factories';
import { makeNeighbourhood, publish, published, type Neighbourhood } from './test-factories';

let api: TestApi;
let hood: Neighbourhood;
beforeAll(async () => {
  api = await startTestApi();
  hood = await makeNeighbourhood(api);
});
afterAll(() => api.stop());

const get = (token: string, path: string) => request(api.url).get(`/api/v1${path}`).set(api.bearer(token));
const HOUR = 3600_000;

describe('publishing', () => {
  it('refuses bad input naming the field, and a building of another community', async () => {
    const elsewhere = await makeBuilding(await makeCommunity());
    const res = await publish(api, hood.committee, {
      communityId: hood.community.id,
      title: '长'.repeat(61),
      audience: { kind: 'buildings', buildingIds: [hood.building1.id] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([
      expect.objectContaining({ location: 'body', path: 'title', reason: 'too_big_string' }),
    ]);

    const wrongBuilding = await publish(api, hood.committee, {
      communityId: hood.community.id,
      audience: { kind: 'buildings', buildingIds: [hood.building1.id, elsewhere.id] },
      expiresAt: new Date(api.clock.now().getTime() - HOUR).toISOString(),
    });
    expect(wrongBuilding.status).toBe(400);
    expect(wrongBuilding.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'audience.buildingIds.1', message: expect.stringContaining('社区') }),
      expect.objectContaining({ path: 'expiresAt' }),
    ]);
  });

  it('lets only publishers of that community publish', async () => {
    const resident = await hood.resident(hood.building1);
    expect((await publish(api, resident, { communityId: hood.community.id })).status).toBe(403);
    const otherCommittee = await committeeOf(api, await makeCommunity());
    expect((await publish(api, otherCommittee, { communityId: hood.community.id })).status).toBe(403);

    const operator = await makeStaff(api, {
      grants: [{ role: 'operator', communityId: hood.community.id, providerId: objectId() }],
    });
    const res = await publish(api, operator, { communityId: hood.community.id, category: 'activity' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'activity', status: 'published', actions: ['withdraw'] });
  });
});

describe('what residents see', () => {
  it('shows each resident exactly the notices addressed to them, pinned first then newest, paged', async () => {
    const h = await makeNeighbourhood(api);
    const inOne = await h.resident(h.building1);
    const inTwo = await h.resident(h.building2);
    const tagged = await h.resident(h.building1, { tags: ['livingAlone'] });
    const outsider = await makeResident(api);

    const ids: Record<string, string> = {};
    for (const [name, input] of [
      ['old', { audience: { kind: 'community' } }],
      ['pinned', { audience: { kind: 'community' }, pinned: true }],
      ['toTwo', { audience: { kind: 'buildings', buildingIds: [h.building2.id] } }],
      ['toAlone', { audience: { kind: 'tag', tag: 'livingAlone' } }],
      ['new', { audience: { kind: 'community' } }],
    ] as const) {
      api.clock.advance(60_000);
      ids[name] = await published(api, h.committee, { communityId: h.community.id, title: name, ...input });
    }
    const titles = async (token: string, query = '') =>
      (await get(token, `/notices${query}`)).body.items.map((n: { title: string }) => n.title);

    expect(await titles(inOne.accessToken)).toEqual(['pinned', 'new', 'old']);
    expect(await titles(inTwo.accessToken)).toEqual(['pinned', 'new', 'toTwo', 'old']);
    expect(await titles(tagged.accessToken)).toEqual(['pinned', 'new', 'toAlone', 'old']);
    expect(await titles(outsider.accessToken)).toEqual([]);

    const page2 = await get(inTwo.accessToken, '/notices?page=2&pageSize=3');
    expect(page2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.body.items.map((n: { title: string }) => n.title)).toEqual(['old']);

    // Not addressed to you: it does not exist for you.
    expect((await get(inOne.accessToken, `/notices/${ids.toTwo}`)).status).toBe(404);
    expect((await get(outsider.accessToken, `/notices/${ids.old}`)).status).toBe(404);
    const opened = await get(inTwo.accessToken, `/notices/${ids.toTwo}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ title: 'toTwo', read: true, actions: [] });
  });

  it('hides a notice once it has expired', async () => {
    const h = await makeNeighbourhood(api);
    const resident = await h.resident(h.building1);
    // Minutes, not hours: the resident's access token must outlive the notice.
    const expiresAt = new Date(api.clock.now().getTime() + 5 * 60_000).toISOString();
    const id = await published(api, h.committee, { communityId: h.community.id, expiresAt });
    expect((await get(resident.accessToken, '/notices')).body.total).toBe(1);
    api.clock.advance(5 * 60_000);
    expect((await get(resident.accessToken, '/notices')).body.total).toBe(0);
    expect((await get(resident.accessToken, `/notices/${id}`)).status).toBe(404);
    expect((await get(resident.accessToken, '/notices/unread-count')).body.total).toBe(0);
  });

  it('counts unread notices per category, and opening one lowers the count', async () => {
    const h = await makeNeighbourhood(api);
    const resident = await h.resident(h.building1);
    const emergency = await published(api, h.committee, {
      communityId: h.community.id,
      category: 'emergency',
    });
    await published(api, h.committee, { communityId: h.community.id, category: 'activity' });
    expect((await get(resident.accessToken, '/notices/unread-count')).body).toEqual({
      total: 2,
      byCategory: { emergency: 1, announcement: 0, activity: 1 },
    });
    await get(resident.accessToken, `/notices/${emergency}`).expect(200);
    expect((await get(resident.accessToken, '/notices/unread-count')).body).toEqual({
      total: 1,
      byCategory: { emergency: 0, announcement: 0, activity: 1 },
    });
    const feed = await get(resident.accessToken, '/notices');
    expect(feed.body.items.map((n: { read: boolean }) => n.read).sort()).toEqual([false, true]);
  });
});

describe('what publishers see', () => {
  it('counts one read however many opens race, and lists who has not read an emergency', async () => {
    const h = await makeNeighbourhood(api);
    const reader = await h.resident(h.building1, { unit: '1-101' });
    const late = await h.resident(h.building2, { unit: '2-202' });
    await request(api.url)
      .patch('/api/v1/me')
      .set(api.bearer(late.accessToken))
      .send({ phone: '13812345678', realName: '王大爷' })
      .expect(200);
    const id = await published(api, h.committee, { communityId: h.community.id, category: 'emergency' });

    const opens = await Promise.all(
      Array.from({ length: 100 }, () => get(reader.accessToken, `/notices/${id}`)),
    );
    expect(opens.every((res) => res.status === 200)).toBe(true);
    // One read record, not one per open: the reader's data export lists exactly one.
    const exported = await get(reader.accessToken, '/me/export');
    expect(JSON.stringify(exported.body)).toContain(id);
    expect(exported.body.notices.reads).toEqual([expect.objectContaining({ noticeId: id })]);

    const list = await get(h.committee.accessToken, `/communities/${h.community.id}/notices`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, readCount: 1, audienceSize: 2 })]);

    const unread = await get(h.committee.accessToken, `/notices/${id}/unread`);
    expect(unread.status).toBe(200);
    expect(unread.body).toMatchObject({ total: 1, page: 1 });
    expect(unread.body.items).toEqual([
      {
        person: { id: late.id, displayName: expect.any(String), phone: '13812345678' },
        householdLabel: '2号楼 2-202',
      },
    ]);
  });

  it("shows another community's committee nothing of these notices", async () => {
    const h = await makeNeighbourhood(api);
    const id = await published(api, h.committee, { communityId: h.community.id, category: 'emergency' });
    const stranger = await committeeOf(api, await makeCommunity());
    expect((await get(stranger.accessToken, `/communities/${h.community.id}/notices`)).status).toBe(403);
    const unread = await get(stranger.accessToken, `/notices/${id}/unread`);
    expect(unread.status).toBe(404);
    expect(JSON.stringify(unread.body)).not.toContain(id);
    expect((await get(stranger.accessToken, `/notices/${id}`)).status).toBe(404);
    const withdraw = await request(api.url)
      .post(`/api/v1/notices/${id}/withdraw`)
      .set(api.bearer(stranger.accessToken));
    expect(withdraw.status).toBe(404);
  });

  it('withdraws a notice: residents no longer see it, and a second withdrawal is a conflict', async () => {
    const h = await makeNeighbourhood(api);
    const resident = await h.resident(h.building1);
    const id = await published(api, h.committee, { communityId: h.community.id });
    const withdraw = () =>
      request(api.url).post(`/api/v1/notices/${id}/withdraw`).set(api.bearer(h.committee.accessToken));
    const res = await withdraw();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', actions: [] });
    expect((await get(resident.accessToken, '/notices')).body.total).toBe(0);
    expect((await get(resident.accessToken, `/notices/${id}`)).status).toBe(404);
    expect((await withdraw()).status).toBe(409);
  });

  it("lets an operator withdraw only their own notices, and the committee withdraw an operator's", async () => {
    const h = await makeNeighbourhood(api);
    const operator = await makeStaff(api, {
      grants: [{ role: 'operator', communityId: h.community.id, providerId: objectId() }],
    });
    const byCommittee = await published(api, h.committee, { communityId: h.community.id });
    const byOperator = await published(api, operator, { communityId: h.community.id });
    const withdraw = (who: { accessToken: string }, id: string) =>
      request(api.url).post(`/api/v1/notices/${id}/withdraw`).set(api.bearer(who.accessToken));

    expect((await get(operator.accessToken, `/notices/${byCommittee}`)).body.actions).toEqual([]);
    expect((await withdraw(operator, byCommittee)).status).toBe(403);
    expect((await withdraw(h.committee, byOperator)).status).toBe(200);
  });
});

describe('subscribe-message consents', () => {
  it('adds one credit per "allow", up to the cap, and none for a refusal', async () => {
    const resident = await makeResident(api);
    const consent = (accepted: boolean) =>
      request(api.url)
        .post('/api/v1/notifications/subscriptions')
        .set(api.bearer(resident.accessToken))
        .send({ template: 'notice', accepted });
    expect((await consent(true)).body).toEqual({ template: 'notice', credits: 1 });
    expect((await consent(false)).body).toEqual({ template: 'notice', credits: 1 });
    await Promise.all(Array.from({ length: 30 }, () => consent(true)));
    expect((await consent(true)).body).toEqual({ template: 'notice', credits: 20 });
  });

  it('lists no template to ask about when WeChat messages are not configured', async () => {
    const resident = await makeResident(api);
    const res = await request(api.url)
      .get('/api/v1/notifications/subscriptions')
      .set(api.bearer(resident.accessToken));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('documents the notice endpoints', async () => {
    const res = await request(api.url).get('/api/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/notices',
        '/api/v1/notices/unread-count',
        '/api/v1/notices/{noticeId}',
        '/api/v1/notices/{noticeId}/withdraw',
        '/api/v1/notices/{noticeId}/unread',
        '/api/v1/communities/{communityId}/notices',
        '/api/v1/notifications/subscriptions',
      ]),
    );
  });
});
