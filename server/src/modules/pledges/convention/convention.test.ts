/**
 * The resident convention over HTTP: the committee publishes versions; residents sign a version
 * once (racing signatures leave one); a new version asks earlier signers to sign again; the
 * committee sees who signed which version and the households signed per building.
 */
import { startTestApi, type TestApi } from '../../../test-support/api';
import { connectClient } from '../../../platform/realtime/testing';
import { makeHousehold } from '../../communities/test-factories';
import { makeMember } from '../../membership/test-factories';
import { call, makeResidentIn, makeWorld, tokenFor } from '../test-factories';
import { SignatureModel } from './model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const publish = (committeeId: string, communityId: string, text: string) =>
  call(api, committeeId, 'post', `/convention/communities/${communityId}/versions`, {
    text,
    effectiveDate: '2031-04-01',
  });

it('signs once per version, invites earlier signers to sign a new one, and maps households per building', async () => {
  const world = await makeWorld(api);
  const [b1, b2] = world.buildings;
  const doorA = await makeHousehold({ building: b1, unit: '1-101' });
  await makeHousehold({ building: b1, unit: '1-102' });
  await makeHousehold({ building: b2, unit: '2-101' });
  const alice = await makeMember(api, {
    community: world.community,
    household: doorA,
    committee: world.committee,
  });
  const aliceSpouse = await makeMember(api, {
    community: world.community,
    household: doorA,
    committee: world.committee,
  });
  const bob = await makeResidentIn(api, world, b2);

  const before = await call(api, alice.id, 'get', `/convention/communities/${world.community.id}`);
  expect(before.body).toMatchObject({ signedVersions: [], signedCurrent: false, actions: [] });
  expect((await publish(alice.id, world.community.id, '居民公约')).status).toBe(403);

  const v1 = await publish(world.committee.id, world.community.id, '第一条 爱护公共环境。');
  expect(v1.body).toMatchObject({ version: 1, signatures: 0 });
  const open = await call(api, alice.id, 'get', `/convention/communities/${world.community.id}`);
  expect(open.body).toMatchObject({ current: { version: 1 }, actions: ['sign'] });

  // Signing four times at once leaves one signature.
  const signs = await Promise.all(
    [1, 2, 3, 4].map(() => call(api, alice.id, 'post', `/convention/versions/${v1.body.id}/sign`)),
  );
  expect(signs.every((r) => r.status === 200)).toBe(true);
  expect(signs[0].body).toMatchObject({ signedVersions: [1], signedCurrent: true, actions: [] });
  expect(await SignatureModel.countDocuments({ versionId: v1.body.id })).toBe(1);
  await call(api, aliceSpouse.id, 'post', `/convention/versions/${v1.body.id}/sign`);
  await call(api, bob.id, 'post', `/convention/versions/${v1.body.id}/sign`);

  const map1 = await call(api, world.committee.id, 'get', `/convention/versions/${v1.body.id}/map`);
  const rows = map1.body.buildings.map((b: { name: string; households: number; signed: number }) => [
    b.name,
    b.signed,
    b.households,
  ]);
  // Two signers of one door count as one household.
  expect(rows).toContainEqual(['1号楼', 1, 2]);
  expect(rows).toContainEqual(['2号楼', 1, 2]);
  expect(map1.body.totals).toEqual({ households: 4, signed: 2 });
  const door = map1.body.buildings
    .find((b: { name: string }) => b.name === '1号楼')
    .doors.find((d: { unit: string }) => d.unit === '1-101');
  expect(door.signed).toBe(true);

  const client = await connectClient(api.url, { token: await tokenFor(api, alice.id) });
  await client.caughtUp();
  try {
    const v2 = await publish(
      world.committee.id,
      world.community.id,
      '第一条 爱护公共环境。第二条 文明养犬。',
    );
    expect(v2.body.version).toBe(2);
    const invited = await client.next(
      (r) => r.event === 'convention.published' && r.payload.signAgain === true,
    );
    expect(invited.payload).toMatchObject({ version: 2 });
    const now = await call(api, alice.id, 'get', `/convention/communities/${world.community.id}`);
    expect(now.body).toMatchObject({ signedVersions: [1], signedCurrent: false, actions: ['sign'] });
    // Signing an old version again answers with the signature; nobody signs it for the first time.
    expect((await call(api, bob.id, 'post', `/convention/versions/${v1.body.id}/sign`)).status).toBe(200);
    const late = await makeResidentIn(api, world, b2);
    expect((await call(api, late.id, 'post', `/convention/versions/${v1.body.id}/sign`)).status).toBe(409);
    await call(api, alice.id, 'post', `/convention/versions/${v2.body.id}/sign`);
    const who = await call(api, world.committee.id, 'get', `/convention/versions/${v2.body.id}/signatures`);
    expect(who.body.items).toEqual([
      expect.objectContaining({ userId: alice.id, household: '1号楼 1-101', version: 2 }),
    ]);
    const versions = await call(
      api,
      world.committee.id,
      'get',
      `/convention/communities/${world.community.id}/versions`,
    );
    expect(
      versions.body.items.map((v: { version: number; signatures: number }) => [v.version, v.signatures]),
    ).toEqual([
      [2, 1],
      [1, 3],
    ]);
  } finally {
    client.close();
  }
});
