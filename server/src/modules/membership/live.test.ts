/**
 * The whole live path, as a resident experiences it: connected over socket.io with their real
 * access token, they ask to join a household; when the committee decides, the decision arrives on
 * their socket without a refetch, and nobody else hears it. A resident who was offline at the
 * time catches up on reconnect.
 */
import request from 'supertest';
import { connectClient, type TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCommunity, makeHousehold } from '../communities/test-factories';
import { committeeOf, makeResident } from './test-factories';

describe('membership decisions reach the resident live', () => {
  let api: TestApi;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await api.stop();
  });

  const connect = async (accessToken: string, lastSeq?: number) => {
    const client = await connectClient(
      api.url,
      lastSeq === undefined ? { token: accessToken } : { token: accessToken, lastSeq },
    );
    clients.push(client);
    return client;
  };

  it('delivers the approval to the applicant’s open app, and to no one else', async () => {
    const community = await makeCommunity();
    const household = await makeHousehold({ community });
    const applicant = await makeResident(api);
    const bystander = await makeResident(api);
    const committee = await committeeOf(api, community);

    const applicantApp = await connect(applicant.accessToken);
    const bystanderApp = await connect(bystander.accessToken);

    const asked = await request(api.url)
      .post('/api/v1/memberships')
      .set(api.bearer(applicant.accessToken))
      .send({ householdId: household.id, relation: 'family' });
    expect(asked.status).toBe(201);

    const approved = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/approve`)
      .set(api.bearer(committee.accessToken));
    expect(approved.status).toBe(200);

    const live = await applicantApp.event('membership.decided');
    expect(live.payload).toMatchObject({
      membershipId: asked.body.id,
      householdId: household.id,
      status: 'approved',
    });
    expect(live.payload.seq).toEqual(expect.any(Number));

    // The very next request already counts the new home.
    const me = await request(api.url).get('/api/v1/me').set(api.bearer(applicant.accessToken));
    expect(me.body.homes).toEqual([
      expect.objectContaining({ householdId: household.id, relation: 'family' }),
    ]);

    await api.running.events.drain();
    expect(bystanderApp.received.filter((r) => r.event === 'membership.decided')).toEqual([]);
  });

  it('tells the committee of that community, and no other, when a request is made and decided', async () => {
    const community = await makeCommunity();
    const household = await makeHousehold({ community });
    const elsewhere = await makeCommunity();
    const applicant = await makeResident(api);
    const watching = await committeeOf(api, community);
    const deciding = await committeeOf(api, community);
    const otherCommittee = await committeeOf(api, elsewhere);

    const approvalsPage = await connect(watching.accessToken);
    const otherPage = await connect(otherCommittee.accessToken);
    await Promise.all([approvalsPage.caughtUp(), otherPage.caughtUp()]);

    const asked = await request(api.url)
      .post('/api/v1/memberships')
      .set(api.bearer(applicant.accessToken))
      .send({ householdId: household.id, relation: 'owner' });
    expect(asked.status).toBe(201);
    const queued = { communityId: community.id, membershipId: asked.body.id };
    await expect(approvalsPage.event('membership.queueChanged')).resolves.toMatchObject({ payload: queued });

    const approved = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/approve`)
      .set(api.bearer(deciding.accessToken));
    expect(approved.status).toBe(200);
    // A second one, for the decision: a room event, so nothing kept and no seq to catch up on.
    const queueChanges = () => approvalsPage.received.filter((r) => r.event === 'membership.queueChanged');
    await approvalsPage.next(() => queueChanges().length === 2);
    expect(queueChanges()[1].payload).toEqual(queued);

    // A request in the other community reaches its committee; by then anything sent earlier has too.
    const otherHousehold = await makeHousehold({ community: elsewhere });
    const otherAsked = await request(api.url)
      .post('/api/v1/memberships')
      .set(api.bearer(applicant.accessToken))
      .send({ householdId: otherHousehold.id, relation: 'tenant' });
    expect(otherAsked.status).toBe(201);
    await otherPage.next(
      (r) => r.event === 'membership.queueChanged' && r.payload.membershipId === otherAsked.body.id,
    );
    expect(otherPage.received.filter((r) => r.payload?.communityId === community.id)).toEqual([]);
  });

  it('lets a resident who was offline catch up on a rejection when they reconnect', async () => {
    const community = await makeCommunity();
    const household = await makeHousehold({ community });
    const applicant = await makeResident(api);
    const committee = await committeeOf(api, community);

    const first = await connect(applicant.accessToken);
    const { seq: seenSeq } = await first.caughtUp();
    first.close();

    const asked = await request(api.url)
      .post('/api/v1/memberships')
      .set(api.bearer(applicant.accessToken))
      .send({ householdId: household.id, relation: 'tenant' });
    const rejected = await request(api.url)
      .post(`/api/v1/memberships/${asked.body.id}/reject`)
      .set(api.bearer(committee.accessToken))
      .send({ reason: '租赁合同已过期' });
    expect(rejected.status).toBe(200);
    await api.running.events.drain();

    const again = await connect(applicant.accessToken, seenSeq);
    const missed = await again.event('membership.decided');
    expect(missed.payload).toMatchObject({
      membershipId: asked.body.id,
      status: 'rejected',
      reason: '租赁合同已过期',
    });
    expect(missed.payload.seq).toBeGreaterThan(seenSeq);
  });
});
