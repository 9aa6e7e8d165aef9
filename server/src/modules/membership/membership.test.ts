/**
 * Joining a household: ask, the committee of that community decides (once, however many decide at
 * the same time), the resident hears about it, and their homes change on the next request.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import type { Community, Household } from '../communities';
import { makeCommunity, makeHousehold } from '../communities/test-factories';
import type { DomainEvents } from '../domain-events';
import { committeeOf, makeMember, makeResident } from './test-factories';
import { ManualClock } from '../../platform/clock';
import { EventBus } from '../../platform/events';
import { createAuditService } from '../audit/service';
import { createCommunitiesService } from '../communities/service';
import { createMembershipService } from './membership-service';
import './events';

let api: TestApi;
let community: Community;
let household: Household;
beforeAll(async () => {
  api = await startTestApi();
  community = await makeCommunity();
  household = await makeHousehold({ community, unit: '2-301' });
});
afterAll(() => api.stop());

const ask = (token: string, householdId = household.id, relation = 'owner') =>
  request(api.url).post('/api/v1/memberships').set(api.bearer(token)).send({ householdId, relation });

describe('asking to join a household', () => {
  it('creates a pending request the resident sees with the actions they may take', async () => {
    const resident = await makeResident(api);
    const res = await ask(resident.accessToken);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      householdId: household.id,
      communityId: community.id,
      householdLabel: expect.stringContaining('2-301'),
      relation: 'owner',
      status: 'pending',
      actions: ['leave'],
    });
    const mine = await request(api.url).get('/api/v1/memberships/mine').set(api.bearer(resident.accessToken));
    expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual([res.body.id]);
  });

  it('answers 409 for a second request for the same household, even sent at once', async () => {
    const resident = await makeResident(api);
    const results = await Promise.all(Array.from({ length: 5 }, () => ask(resident.accessToken)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.body.error.message).toContain('无需重复申请');
  });

  it('answers 404 for a household that does not exist and 400 for a bad relation', async () => {
    const resident = await makeResident(api);
    expect((await ask(resident.accessToken, '665f1c2ab7e4a1d2c3b4a5f6')).status).toBe(404);
    const bad = await ask(resident.accessToken, household.id, 'landlord');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('relation');
  });
});

describe('the committee deciding', () => {
  it('lists pending requests of its community with approve/reject, approves, and the resident gets a home', async () => {
    const resident = await makeResident(api);
    const asked = await ask(resident.accessToken);
    const committee = await committeeOf(api, community);
    const pending = await request(api.url)
      .get('/api/v1/memberships')
      .query({ communityId: community.id })
      .set(api.bearer(committee.accessToken));
    const mine = pending.body.items.find((m: { id: string }) => m.id === asked.body.id);
    expect(mine).toMatchObject({
      status: 'pending',
      actions: ['approve', 'reject'],
      applicant: { displayName: '张阿姨' },
    });

    const decided: DomainEvents['membership.decided'][] = [];
    const off = api.running.events.on('membership.decided', (e) => void decided.push(e));
    const approved = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/approve`)
      .set(api.bearer(committee.accessToken));
    off();
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', actions: [] });
    expect(decided).toEqual([
      expect.objectContaining({ membershipId: asked.body.id, userId: resident.id, status: 'approved' }),
    ]);

    const me = await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(me.body.homes).toEqual([
      {
        householdId: household.id,
        buildingId: household.buildingId,
        communityId: community.id,
        relation: 'owner',
      },
    ]);
  });

  it('requires a reason to reject, and the resident reads it', async () => {
    const resident = await makeResident(api);
    const asked = await ask(resident.accessToken);
    const committee = await committeeOf(api, community);
    const noReason = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/reject`)
      .set(api.bearer(committee.accessToken))
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0]).toMatchObject({ path: 'reason', reason: 'required' });
    const rejected = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/reject`)
      .set(api.bearer(committee.accessToken))
      .send({ reason: '房产信息不符，请到居委会核对' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '房产信息不符，请到居委会核对' });
    const mine = await request(api.url).get('/api/v1/memberships/mine').set(api.bearer(resident.accessToken));
    expect(mine.body.items[0]).toMatchObject({
      status: 'rejected',
      reason: '房产信息不符，请到居委会核对',
      actions: [],
    });
    // A rejected request does not block asking again.
    expect((await ask(resident.accessToken)).status).toBe(201);
  });

  it('lets exactly one of many committee members deciding at once win', async () => {
    const resident = await makeResident(api);
    const asked = await ask(resident.accessToken);
    const members = await Promise.all(Array.from({ length: 4 }, () => committeeOf(api, community)));
    const results = await Promise.all(
      members.flatMap((m, i) => [
        request(api.url).post(`/api/v1/memberships/${asked.body.id}/approve`).set(api.bearer(m.accessToken)),
        request(api.url)
          .post(`/api/v1/memberships/${asked.body.id}/reject`)
          .set(api.bearer(m.accessToken))
          .send({ reason: `不符合条件 ${i}` }),
      ]),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(results.length - 1);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error.message).toContain('已被处理');
    const mine = await request(api.url).get('/api/v1/memberships/mine').set(api.bearer(resident.accessToken));
    expect(mine.body.items[0].status).toBe(winners[0].body.status);
    // One decision, one audit entry.
    const audit = await request(api.url)
      .get('/api/v1/audit')
      .query({ communityId: community.id, subjectUserId: resident.id })
      .set(api.bearer(members[0].accessToken));
    expect(audit.body.total).toBe(1);
  });

  it('refuses a committee member of another community (403) without showing the request', async () => {
    const resident = await makeResident(api);
    const asked = await ask(resident.accessToken);
    const stranger = await committeeOf(api, await makeCommunity());
    const res = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/approve`)
      .set(api.bearer(stranger.accessToken));
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(resident.id);
    const list = await request(api.url)
      .get('/api/v1/memberships')
      .query({ communityId: community.id })
      .set(api.bearer(stranger.accessToken));
    expect(list.status).toBe(403);
  });
});

describe('leaving', () => {
  it('lets a member leave their household; their homes are empty on the next request', async () => {
    const member = await makeMember(api, { community });
    const other = await makeResident(api);
    expect(
      (
        await request(api.url)
          .delete(`/api/v1/memberships/${member.membershipId}`)
          .set(api.bearer(other.accessToken))
      ).status,
    ).toBe(403);
    const left = await request(api.url)
      .delete(`/api/v1/memberships/${member.membershipId}`)
      .set(api.bearer(member.accessToken));
    expect(left.status).toBe(204);
    const me = await request(api.url).get('/api/v1/me').set(api.bearer(member.accessToken));
    expect(me.body.homes).toEqual([]);
  });
});

describe('personal data', () => {
  it('exports memberships, and erases them with the account while the audit entry loses the name', async () => {
    const member = await makeMember(api, { community });
    const exported = await request(api.url).get('/api/v1/me/export').set(api.bearer(member.accessToken));
    expect(exported.status).toBe(200);
    const data = JSON.parse(exported.text);
    expect(data.memberships).toEqual([
      expect.objectContaining({
        household: expect.stringContaining(member.household.unit),
        status: 'approved',
      }),
    ]);
    expect(data.auditLog).toEqual([expect.objectContaining({ action: 'membership.approve' })]);

    const deleted = await request(api.url)
      .delete('/api/v1/me')
      .set(api.bearer(member.accessToken))
      .send({ confirm: 'DELETE' });
    expect(deleted.status).toBe(204);
    const committee = await committeeOf(api, community);
    const pending = await request(api.url)
      .get('/api/v1/memberships')
      .query({ communityId: community.id, status: 'approved' })
      .set(api.bearer(committee.accessToken));
    expect(pending.body.items.some((m: { userId: string }) => m.userId === member.id)).toBe(false);
    const audit = await request(api.url)
      .get('/api/v1/audit')
      .query({ communityId: community.id })
      .set(api.bearer(committee.accessToken));
    const entry = audit.body.items.find(
      (e: { target: { id: string } }) => e.target.id === member.membershipId,
    );
    expect(entry).toMatchObject({ action: 'membership.approve', subjectErased: true });
    expect(entry.subjectUserId).toBeUndefined();
  });
});

it('keeps other households untouched', async () => {
  const h2 = await makeHousehold({ community });
  const member = await makeMember(api, { household: h2 });
  const committee = await committeeOf(api, community);
  const list = await request(api.url)
    .get('/api/v1/memberships')
    .query({ communityId: community.id, status: 'approved' })
    .set(api.bearer(committee.accessToken));
  expect(list.body.items.some((m: { userId: string }) => m.userId === member.id)).toBe(true);
});

describe('a change of homes waits for the cached actor to be dropped', () => {
  // Identity caches each actor's homes (on every instance, through Redis): a decision or a leave
  // answered before that drop landed would let the very next request use the old homes.
  it('answers a decision and a leave only after homesChanged resolved for that person', async () => {
    const told: string[] = [];
    let release: () => void = () => undefined;
    const service = createMembershipService({
      communities: createCommunitiesService(),
      audit: createAuditService({ clock: new ManualClock(new Date()) }),
      events: new EventBus<DomainEvents>(console),
      clock: new ManualClock(new Date()),
      homesChanged: (userId) =>
        new Promise((resolve) => {
          told.push(userId);
          release = resolve;
        }),
    });
    const resident = await makeResident(api);
    const committee = await committeeOf(api, community);
    const asked = await service.request(resident.id, { householdId: household.id, relation: 'tenant' });

    let decided = false;
    const decision = service.decide(committee.id, asked.id, { status: 'approved' }).then(() => {
      decided = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(told).toEqual([resident.id]);
    expect(decided).toBe(false);
    release();
    await decision;

    let left = false;
    const leaving = service.leave(asked.id).then(() => {
      left = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(told).toEqual([resident.id, resident.id]);
    expect(left).toBe(false);
    release();
    await leaving;
  });
});
