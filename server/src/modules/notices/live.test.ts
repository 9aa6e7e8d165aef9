/**
 * A published notice reaches its audience live (socket.io), and WeChat subscribe messages reach
 * those of them who are offline and have granted a consent: exactly them, exactly once.
 */
import request from 'supertest';
import { connectClient, type TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeStaff, type Made } from '../identity/test-factories';
import { makeNeighbourhood, published, type Neighbourhood } from './test-factories';

let api: TestApi;
let hood: Neighbourhood;
const clients: TestClient[] = [];
beforeAll(async () => {
  api = await startTestApi({ WECHAT_NOTICE_TEMPLATE_ID: 'tpl-notice' });
  hood = await makeNeighbourhood(api);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await api.stop();
});

async function connect(person: Made): Promise<TestClient> {
  const client = await connectClient(api.url, { token: person.accessToken });
  clients.push(client);
  await client.caughtUp();
  return client;
}

const grantConsent = (person: Made) =>
  request(api.url)
    .post('/api/v1/notifications/subscriptions')
    .set(api.bearer(person.accessToken))
    .send({ template: 'notice', accepted: true })
    .expect(200);

const noticesReceived = (client: TestClient) => client.received.filter((r) => r.event === 'notice.published');

describe('live delivery', () => {
  it('tells residents of building 2 about a notice to building 2, and no one else', async () => {
    const inTwo = await hood.resident(hood.building2);
    const inOne = await hood.resident(hood.building1);
    // The publisher also sits on another community's committee; that community hears nothing.
    const otherOfPublisher = await makeNeighbourhood(api);
    const publisher = await makeStaff(api, {
      grants: [
        { role: 'committee', communityId: hood.community.id },
        { role: 'committee', communityId: otherOfPublisher.community.id },
      ],
    });
    const inPublishersOther = await otherOfPublisher.resident(otherOfPublisher.building2);
    const strangers = await makeNeighbourhood(api);
    const stranger = await strangers.resident(strangers.building2);
    const [twoClient, oneClient, ...others] = await Promise.all(
      [inTwo, inOne, inPublishersOther, stranger, publisher].map(connect),
    );

    const noticeId = await published(api, publisher, {
      communityId: hood.community.id,
      title: '2号楼电梯检修',
      category: 'emergency',
      audience: { kind: 'buildings', buildingIds: [hood.building2.id] },
    });
    const live = await twoClient.event('notice.published');
    expect(live.payload).toEqual({
      noticeId,
      communityId: hood.community.id,
      category: 'emergency',
      title: '2号楼电梯检修',
      seq: expect.any(Number),
    });
    await api.running.events.drain();
    // A later notice to everyone reaches building 1: its socket was listening when the first went out.
    const later = await published(api, publisher, { communityId: hood.community.id, title: '全体' });
    await oneClient.next((r) => r.event === 'notice.published' && r.payload.noticeId === later);
    await api.running.events.drain();
    expect(noticesReceived(oneClient).map((r) => r.payload.noticeId)).toEqual([later]);
    for (const client of others) expect(noticesReceived(client)).toEqual([]);
  });

  it('tells exactly the residents with the tag about a tag notice', async () => {
    const alone = await hood.resident(hood.building1, { tags: ['livingAlone'] });
    const lowIncome = await hood.resident(hood.building1, { tags: ['lowIncome'] });
    const untagged = await hood.resident(hood.building2);
    const clientsByName = {
      alone: await connect(alone),
      lowIncome: await connect(lowIncome),
      untagged: await connect(untagged),
    };
    const noticeId = await published(api, hood.committee, {
      communityId: hood.community.id,
      audience: { kind: 'tag', tag: 'livingAlone' },
    });
    await clientsByName.alone.next((r) => r.event === 'notice.published' && r.payload.noticeId === noticeId);
    await api.running.events.drain();
    const heard = (client: TestClient) =>
      noticesReceived(client).some((r) => r.payload.noticeId === noticeId);
    expect(heard(clientsByName.lowIncome)).toBe(false);
    expect(heard(clientsByName.untagged)).toBe(false);
  });

  it('tells the same audience when a notice is withdrawn, so banners and badges drop it at once', async () => {
    const inTwo = await hood.resident(hood.building2);
    const inOne = await hood.resident(hood.building1);
    const [twoClient, oneClient] = await Promise.all([inTwo, inOne].map(connect));
    const noticeId = await published(api, hood.committee, {
      communityId: hood.community.id,
      category: 'emergency',
      audience: { kind: 'buildings', buildingIds: [hood.building2.id] },
    });
    await twoClient.next((r) => r.event === 'notice.published' && r.payload.noticeId === noticeId);
    await request(api.url)
      .post(`/api/v1/notices/${noticeId}/withdraw`)
      .set(api.bearer(hood.committee.accessToken))
      .expect(200);
    const withdrawn = await twoClient.next((r) => r.event === 'notice.withdrawn');
    expect(withdrawn.payload).toEqual({ noticeId, communityId: hood.community.id, seq: expect.any(Number) });
    await api.running.events.drain();
    expect(oneClient.received.filter((r) => r.event === 'notice.withdrawn')).toEqual([]);
  });
});

describe('WeChat subscribe messages', () => {
  it('tells the mini-program which template to ask consent for, with the messages left', async () => {
    const h = await makeNeighbourhood(api);
    const resident = await h.resident(h.building1);
    const templates = () =>
      request(api.url)
        .get('/api/v1/notifications/subscriptions')
        .set(api.bearer(resident.accessToken))
        .expect(200)
        .then((res) => res.body);
    expect(await templates()).toEqual({
      items: [{ template: 'notice', templateId: 'tpl-notice', credits: 0 }],
    });
    await grantConsent(resident);
    expect(await templates()).toEqual({
      items: [{ template: 'notice', templateId: 'tpl-notice', credits: 1 }],
    });
  });

  it('sends one message to an offline resident with a consent, none to others', async () => {
    const h = await makeNeighbourhood(api);
    const offline = await h.resident(h.building1);
    const online = await h.resident(h.building1);
    const noConsent = await h.resident(h.building1);
    const notInAudience = await h.resident(h.building2);
    await Promise.all([offline, online, notInAudience].map(grantConsent));
    await connect(online);
    const sentBefore = api.wechat.sentMessages.length;

    const noticeId = await published(api, h.committee, {
      communityId: h.community.id,
      title: '今晚8点停电检修',
      category: 'emergency',
      audience: { kind: 'buildings', buildingIds: [h.building1.id] },
    });
    await api.running.events.drain();

    const sent = api.wechat.sentMessages.slice(sentBefore);
    expect(sent).toEqual([
      expect.objectContaining({
        touser: offline.openid,
        template_id: 'tpl-notice',
        page: `pages/notice-detail/index?id=${noticeId}`,
        data: expect.objectContaining({ thing1: { value: '今晚8点停电检修' } }),
      }),
    ]);
    const credits = async (person: Made) =>
      (
        await request(api.url)
          .post('/api/v1/notifications/subscriptions')
          .set(api.bearer(person.accessToken))
          .send({ template: 'notice', accepted: false })
      ).body.credits;
    expect(await credits(offline)).toBe(0);
    expect(await credits(online)).toBe(1);
    expect(await credits(notInAudience)).toBe(1);
    expect(await credits(noConsent)).toBe(0);

    // With no consent left, the next notice reaches the offline resident by no message at all.
    await published(api, h.committee, {
      communityId: h.community.id,
      audience: { kind: 'buildings', buildingIds: [h.building1.id] },
    });
    await api.running.events.drain();
    expect(api.wechat.sentMessages.slice(sentBefore).map((m) => m.touser)).toEqual([offline.openid]);
  });
});
