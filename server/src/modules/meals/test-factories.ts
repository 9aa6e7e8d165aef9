/**
 * Persisting factories for meals tests: a canteen serving a community with its operator, menus
 * over HTTP, elders of a given age on a given date, and (for the concurrency test) hundreds of
 * elders written straight to the store with real access tokens. Not imported by app code.
 */
import request from 'supertest';
import type { SubsidyPolicyBody } from '@linli/shared';
import { Types } from 'mongoose';
import { testConfig } from '../../platform/testing';
import type { TestApi } from '../../test-support/api';
import type { Building, Community, Household, Provider } from '../communities';
import { createCommunitiesService } from '../communities/service';
import { makeBuilding, makeCommunity, makeHousehold } from '../communities/test-factories';
import { makeStaff, type Made } from '../identity/test-factories';
import { createTokens } from '../identity/tokens';
import { UserModel } from '../identity/user-model';
import { MembershipModel } from '../membership/model';
import { committeeOf, makeMember } from '../membership/test-factories';

const communities = createCommunitiesService();

/** A fresh access token for `userId` at the API clock's current time (tokens are short-lived). */
export async function tokenFor(api: TestApi, userId: string): Promise<string> {
  return (await createTokens({ config: testConfig(), clock: api.clock }).issue(userId)).accessToken;
}

/** The birth date that makes someone exactly `age` on `onDate` (their birthday is that day). */
export const bornYearsBefore = (onDate: string, age: number) =>
  `${Number(onDate.slice(0, 4)) - age}${onDate.slice(4)}`;

export interface CanteenWorld {
  community: Community;
  building: Building;
  canteen: Provider;
  operator: Made;
  committee: Made;
}

/** A community with a building, a canteen serving it, its operator and its committee. */
export async function makeCanteen(api: TestApi): Promise<CanteenWorld> {
  const community = await makeCommunity();
  const building = await makeBuilding(community, '1号楼');
  const canteen = await communities.createProvider({
    name: '幸福食堂',
    kind: 'canteen',
    communityIds: [community.id],
  });
  const operator = await makeStaff(api, {
    grants: [{ role: 'operator', communityId: community.id, providerId: canteen.id }],
  });
  const committee = await committeeOf(api, community);
  return { community, building, canteen, operator, committee };
}

export interface MenuInput {
  date: string;
  meal?: 'lunch' | 'dinner';
  basePriceFen?: number;
  seatCapacity?: number;
  deliveryCapacity?: number;
}

/** A published menu, created over HTTP by the canteen's operator; returns its view. */
export async function makeMenu(api: TestApi, world: CanteenWorld, input: MenuInput) {
  const res = await request(api.url)
    .post('/api/v1/meals/menus')
    .set(api.bearer(await tokenFor(api, world.operator.id)))
    .send({
      providerId: world.canteen.id,
      meal: 'lunch',
      basePriceFen: 1500,
      seatCapacity: 50,
      deliveryCapacity: 10,
      dishes: [{ name: '清蒸鱼', tags: ['soft', 'low-salt'], allergens: ['鱼'] }, { name: '青菜豆腐' }],
      publish: true,
      ...input,
    });
  if (res.status !== 201) throw new Error(`menu failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; remaining: { seats: number; deliveries: number } };
}

export async function setPolicy(api: TestApi, world: CanteenWorld, policy: Partial<SubsidyPolicyBody>) {
  const res = await request(api.url)
    .put(`/api/v1/meals/communities/${world.community.id}/subsidy-policy`)
    .set(api.bearer(await tokenFor(api, world.committee.id)))
    .send({ ageTiers: [], monthlyCapFen: 0, ...policy });
  if (res.status !== 200) throw new Error(`policy failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An approved resident of the canteen's community aged `age` on `onDate`, as in real use. */
export async function makeElder(
  api: TestApi,
  world: CanteenWorld,
  {
    age,
    onDate,
    birthDate,
    household,
  }: { age?: number; onDate?: string; birthDate?: string; household?: Household },
) {
  const born = birthDate ?? bornYearsBefore(onDate ?? '2031-03-04', age ?? 75);
  return makeMember(api, {
    community: world.community,
    household: household ?? (await makeHousehold({ building: world.building })),
    committee: world.committee,
    birthDate: born,
  });
}

/**
 * `count` elders approved into one household of the canteen's community, written straight to the
 * store (hundreds of HTTP sign-ins would dominate the test); each gets a real access token.
 */
export async function makeEldersInBulk(api: TestApi, world: CanteenWorld, count: number, birthDate: string) {
  const household = await makeHousehold({ building: world.building });
  const users = await UserModel.insertMany(
    Array.from({ length: count }, (_, i) => ({ displayName: `长者${i}`, birthDate })),
  );
  await MembershipModel.insertMany(
    users.map((u) => ({
      userId: u._id,
      householdId: new Types.ObjectId(household.id),
      buildingId: new Types.ObjectId(household.buildingId),
      communityId: new Types.ObjectId(household.communityId),
      relation: 'family',
      status: 'approved',
      active: true,
      requestedAt: api.clock.now(),
    })),
  );
  return Promise.all(
    users.map(async (u) => ({ id: String(u._id), token: await tokenFor(api, String(u._id)) })),
  );
}
