/**
 * Persisting helpers for consultation tests: a community with buildings, households of given
 * areas, residents placed in them with a relation (written straight to the store, as meals' bulk
 * elders are: hundreds of HTTP sign-ins would dominate a test), each with a real access token,
 * and short request helpers. Not imported by app code.
 */
import type { MembershipRelation } from '@linli/shared';
import { Types } from 'mongoose';
import request from 'supertest';
import type { TestApi } from '../../test-support/api';
import {
  createCommunitiesService,
  type Building,
  type Community,
  type Household,
} from '../communities/service';
import { makeCommunity } from '../communities/test-factories';
import { makeStaff } from '../identity/test-factories';
import { UserModel } from '../identity/user-model';
import { tokenFor } from '../meals/test-factories';
import { MembershipModel } from '../membership/model';

const communities = createCommunitiesService();

export interface Person {
  id: string;
  token: string;
  auth: { Authorization: string };
}

export interface World {
  community: Community;
  buildings: Building[];
  committee: Person;
}

export async function makeWorld(api: TestApi, buildingNames = ['1号楼', '2号楼']): Promise<World> {
  const community = await makeCommunity();
  const buildings = [];
  for (const name of buildingNames) buildings.push(await communities.createBuilding(community.id, { name }));
  const staff = await makeStaff(api, { grants: [{ role: 'committee', communityId: community.id }] });
  return {
    community,
    buildings,
    committee: { id: staff.id, token: staff.accessToken, auth: api.bearer(staff.accessToken) },
  };
}

export async function makeUnit(
  world: World,
  building: Building,
  unit: string,
  area = '100.00',
): Promise<Household> {
  return communities.createHousehold(world.community.id, { buildingId: building.id, unit, area });
}

/** Approved residents of `household` with `relation`, each signed in. */
export async function placeResidents(
  api: TestApi,
  household: Household,
  relation: MembershipRelation,
  count = 1,
  name = '住户',
): Promise<Person[]> {
  const users = await UserModel.insertMany(
    Array.from({ length: count }, (_, i) => ({ displayName: `${name}${i || ''}` })),
  );
  await addToHousehold(
    api,
    household,
    relation,
    users.map((u) => String(u._id)),
  );
  return Promise.all(
    users.map(async (u) => {
      const token = await tokenFor(api, String(u._id));
      return { id: String(u._id), token, auth: api.bearer(token) };
    }),
  );
}

/** Existing people joining another household (an owner of several units). */
export async function addToHousehold(
  api: TestApi,
  household: Household,
  relation: MembershipRelation,
  userIds: string[],
) {
  await MembershipModel.insertMany(
    userIds.map((userId) => ({
      userId: new Types.ObjectId(userId),
      householdId: new Types.ObjectId(household.id),
      buildingId: new Types.ObjectId(household.buildingId),
      communityId: new Types.ObjectId(household.communityId),
      relation,
      status: 'approved',
      active: true,
      requestedAt: api.clock.now(),
    })),
  );
}

export const inDays = (api: TestApi, days: number) =>
  new Date(api.clock.now().getTime() + days * 86_400_000).toISOString();

export async function createConsultation(api: TestApi, world: World, body: Record<string, unknown> = {}) {
  const res = await request(api.url)
    .post('/api/v1/consultations')
    .set(world.committee.auth)
    .send({
      communityId: world.community.id,
      title: '儿童游乐场改造方案',
      body: '请大家选出最想要的设施',
      eligibility: 'household',
      ballot: { kind: 'single', options: ['秋千', '滑梯', '沙池'] },
      votingClosesAt: inDays(api, 7),
      ...body,
    });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; ballot: { options: { id: string }[] } };
}

export async function move(api: TestApi, world: World, id: string, transition: string) {
  const res = await request(api.url)
    .post(`/api/v1/consultations/${id}/transitions/${transition}`)
    .set(world.committee.auth);
  if (res.status !== 200) throw new Error(`${transition} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const vote = (api: TestApi, person: Person, id: string, body: Record<string, unknown>) =>
  request(api.url).post(`/api/v1/consultations/${id}/ballots`).set(person.auth).send(body);
