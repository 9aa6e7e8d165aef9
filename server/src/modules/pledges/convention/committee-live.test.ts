/**
 * The committee's side of the convention and the points shop, over HTTP and sockets: a version the
 * store would accept but a person would not mean (a day that does not exist, taking effect before
 * the version in force, the same text again) is refused naming the field, and nothing is
 * published; a new signature and a new redemption order reach this community's committee live,
 * and neither reaches another community's committee nor the residents.
 */
import { startTestApi, type TestApi } from '../../../test-support/api';
import { connectClient, type TestClient } from '../../../platform/realtime/testing';
import { call, makeResidentIn, makeWorld, tokenFor } from '../test-factories';
import { ConventionVersionModel } from './model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const publish = (committeeId: string, communityId: string, body: Record<string, unknown>) =>
  call(api, committeeId, 'post', `/convention/communities/${communityId}/versions`, body);
const fieldsOf = (body: { error: { details?: { fields?: { path: string; message: string }[] } } }) =>
  (body.error.details?.fields ?? []).map((f) => [f.path, f.message]);

it('refuses a version a person would not mean, naming the field, and publishes nothing', async () => {
  const world = await makeWorld(api);
  const communityId = world.community.id;
  const v1 = await publish(world.committee.id, communityId, { text: '第一条', effectiveDate: '2031-04-01' });
  expect(v1.status).toBe(201);

  const noSuchDay = await publish(world.committee.id, communityId, {
    text: '第一条 第二条',
    effectiveDate: '2031-02-30',
  });
  expect(noSuchDay.status).toBe(400);
  expect(fieldsOf(noSuchDay.body)).toEqual([['effectiveDate', '没有这一天，请检查日期']]);

  const earlier = await publish(world.committee.id, communityId, {
    text: '第一条 第二条',
    effectiveDate: '2031-03-31',
  });
  expect(earlier.status).toBe(400);
  expect(fieldsOf(earlier.body)).toEqual([['effectiveDate', '不能早于第 1 版的生效日期 2031-04-01']]);

  const same = await publish(world.committee.id, communityId, {
    text: ' 第一条 ',
    effectiveDate: '2031-05-01',
  });
  expect(same.status).toBe(400);
  expect(fieldsOf(same.body)).toEqual([['text', '与第 1 版的内容相同，请修改后再发布']]);

  const blank = await publish(world.committee.id, communityId, { text: '  ', effectiveDate: '2031-05-01' });
  expect(blank.status).toBe(400);
  expect(fieldsOf(blank.body).map(([path]) => path)).toEqual(['text']);

  expect(await ConventionVersionModel.countDocuments({ communityId })).toBe(1);
  // The same day as the version in force is fine: a correction that takes effect at once.
  const v2 = await publish(world.committee.id, communityId, {
    text: '第一条 第二条',
    effectiveDate: '2031-04-01',
  });
  expect(v2.status).toBe(201);
  expect(v2.body.version).toBe(2);
});

describe('live to the committee', () => {
  const clients: TestClient[] = [];
  afterAll(() => clients.forEach((c) => c.close()));
  const listen = async (userId: string) => {
    const client = await connectClient(api.url, { token: await tokenFor(api, userId) });
    await client.caughtUp();
    clients.push(client);
    return client;
  };

  it("tells this community's committee of a new signature and a new redemption order, and nobody else", async () => {
    const world = await makeWorld(api);
    const rival = await makeWorld(api);
    const resident = await makeResidentIn(api, world);
    const neighbour = await makeResidentIn(api, world);
    const v1 = await publish(world.committee.id, world.community.id, {
      text: '第一条 爱护公共环境。',
      effectiveDate: '2031-04-01',
    });
    const correction = await call(
      api,
      world.committee.id,
      'post',
      `/points/communities/${world.community.id}/corrections`,
      { userId: resident.id, points: 10, reason: '测试发放' },
    );
    expect(correction.status).toBe(201);
    const reward = await call(
      api,
      world.committee.id,
      'post',
      `/points/communities/${world.community.id}/rewards`,
      {
        name: '理发一次',
        costPoints: 10,
        stock: 3,
      },
    );
    expect(reward.status).toBe(201);

    const committee = await listen(world.committee.id);
    const otherCommittee = await listen(rival.committee.id);
    const neighbourClient = await listen(neighbour.id);

    const signed = await call(api, resident.id, 'post', `/convention/versions/${v1.body.id}/sign`);
    expect(signed.status).toBe(200);
    const signature = await committee.event('convention.signed');
    expect(signature.payload).toEqual({ communityId: world.community.id, versionId: v1.body.id });
    // Signing again changes nothing, so nothing more is said.
    await call(api, resident.id, 'post', `/convention/versions/${v1.body.id}/sign`);

    const order = await call(api, resident.id, 'post', `/points/rewards/${reward.body.id}/redeem`);
    expect(order.status).toBe(201);
    const placed = await committee.event('points.redemptionPlaced');
    expect(placed.payload).toEqual({ communityId: world.community.id, redemptionId: order.body.id });

    // The map the committee refetches on that event shows the door signed.
    const map = await call(api, world.committee.id, 'get', `/convention/versions/${v1.body.id}/map`);
    expect(map.body.totals.signed).toBe(1);

    // A later event every one of them gets marks the point by which the others would have heard.
    await publish(world.committee.id, world.community.id, {
      text: '第一条 第二条',
      effectiveDate: '2031-04-02',
    });
    await neighbourClient.event('convention.published');
    const rivalVersion = await publish(rival.committee.id, rival.community.id, {
      text: '公约',
      effectiveDate: '2031-04-02',
    });
    const rivalResident = await makeResidentIn(api, rival);
    await call(api, rivalResident.id, 'post', `/convention/versions/${rivalVersion.body.id}/sign`);
    await otherCommittee.event('convention.signed');
    const told = (c: TestClient) =>
      c.received
        .filter((r) => r.event === 'convention.signed' || r.event === 'points.redemptionPlaced')
        .map((r) => [r.event, r.payload.communityId]);
    expect(told(committee)).toEqual([
      ['convention.signed', world.community.id],
      ['points.redemptionPlaced', world.community.id],
    ]);
    expect(told(otherCommittee)).toEqual([['convention.signed', rival.community.id]]);
    expect(told(neighbourClient)).toEqual([]);
  });
});
