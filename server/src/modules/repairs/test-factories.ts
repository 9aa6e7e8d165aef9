/**
 * Persisting factories for repairs tests: a community with a building, a property team with its
 * operator and two technicians, the committee, a public-area and an in-home category (created
 * over HTTP by the committee), and residents approved into households. Not imported by app code.
 */
import request from 'supertest';
import type { CategoryBody, TicketView } from '@linli/shared';
import { testConfig } from '../../platform/testing';
import type { TestApi } from '../../test-support/api';
import type { Building, Community, Provider } from '../communities';
import { createCommunitiesService } from '../communities/service';
import { makeBuilding, makeCommunity } from '../communities/test-factories';
import { makeStaff, type Made } from '../identity/test-factories';
import { createTokens } from '../identity/tokens';
import { committeeOf, makeMember } from '../membership/test-factories';

const communities = createCommunitiesService();

/** A fresh access token at the API clock's current time (tokens are short-lived; tests step the clock). */
export async function tokenFor(api: TestApi, userId: string): Promise<string> {
  return (await createTokens({ config: testConfig(), clock: api.clock }).issue(userId)).accessToken;
}

export interface RepairWorld {
  community: Community;
  building: Building;
  team: Provider;
  operator: Made;
  techA: Made;
  techB: Made;
  committee: Made;
  lift: { id: string; code: string };
  plumbing: { id: string; code: string };
}

export const LIFT: Omit<CategoryBody, 'providerId'> = {
  code: 'lift',
  name: '电梯故障',
  group: '公共设施',
  description: '电梯停运、异响、困人',
  area: 'public',
  urgencies: [
    { level: 'emergency', hours: 2 },
    { level: 'normal', hours: 72 },
  ],
  fields: [{ key: 'floor', label: '楼层', type: 'number', required: true, options: [] }],
  active: true,
};

export const PLUMBING: Omit<CategoryBody, 'providerId'> = {
  code: 'plumbing',
  name: '水管漏水',
  group: '水电',
  description: '',
  area: 'home',
  urgencies: [
    { level: 'urgent', hours: 24 },
    { level: 'normal', hours: 72 },
  ],
  fields: [
    { key: 'room', label: '位置', type: 'singleChoice', required: true, options: ['厨房', '卫生间', '阳台'] },
    { key: 'note', label: '补充', type: 'string', required: false, options: [] },
  ],
  active: true,
};

export async function makeCategory(api: TestApi, by: Made, communityId: string, body: CategoryBody) {
  const res = await request(api.url)
    .post(`/api/v1/repairs/communities/${communityId}/categories`)
    .set(api.bearer(await tokenFor(api, by.id)))
    .send(body);
  if (res.status !== 201) throw new Error(`category failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string };
}

export async function makeRepairWorld(api: TestApi, community?: Community): Promise<RepairWorld> {
  const c = community ?? (await makeCommunity());
  const building = await makeBuilding(c, '3号楼');
  const team = await communities.createProvider({
    name: '安居物业维修班',
    kind: 'property',
    communityIds: [c.id],
  });
  const grant = (role: 'operator' | 'technician') => ({ role, communityId: c.id, providerId: team.id });
  const [operator, techA, techB, committee] = await Promise.all([
    makeStaff(api, { grants: [grant('operator')] }),
    makeStaff(api, { grants: [grant('technician')] }),
    makeStaff(api, { grants: [grant('technician')] }),
    committeeOf(api, c),
  ]);
  const lift = await makeCategory(api, committee, c.id, { ...LIFT, providerId: team.id });
  const plumbing = await makeCategory(api, committee, c.id, { ...PLUMBING, providerId: team.id });
  return { community: c, building, team, operator, techA, techB, committee, lift, plumbing };
}

/** An approved resident of the world's community (approved with a fresh committee token). */
export const residentOf = async (api: TestApi, world: RepairWorld) =>
  makeMember(api, {
    community: world.community,
    committee: { ...world.committee, accessToken: await tokenFor(api, world.committee.id) },
  });

/** Calls the API as `who` (fresh token); answers supertest's response. */
export async function as(api: TestApi, who: { id: string }) {
  const auth = api.bearer(await tokenFor(api, who.id));
  return {
    get: (path: string) => request(api.url).get(`/api/v1${path}`).set(auth),
    post: (path: string, body: object = {}) => request(api.url).post(`/api/v1${path}`).set(auth).send(body),
    put: (path: string, body: object = {}) => request(api.url).put(`/api/v1${path}`).set(auth).send(body),
  };
}

export async function reportHome(
  api: TestApi,
  world: RepairWorld,
  resident: Made & { household: { id: string } },
  extra: object = {},
) {
  const res = await (
    await as(api, resident)
  ).post('/repairs/tickets', {
    categoryId: world.plumbing.id,
    householdId: resident.household.id,
    description: '厨房水管接头漏水',
    urgency: 'urgent',
    preferredTimes: ['周六上午'],
    fields: { room: '厨房' },
    ...extra,
  });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketView;
}

export async function reportLift(api: TestApi, world: RepairWorld, resident: Made, extra: object = {}) {
  const res = await (
    await as(api, resident)
  ).post('/repairs/tickets', {
    categoryId: world.lift.id,
    buildingId: world.building.id,
    assetCode: 'DT-3-1',
    place: '3号楼1单元电梯',
    description: '电梯门关不上',
    urgency: 'normal',
    fields: { floor: 5 },
    ...extra,
  });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketView;
}

export async function move(api: TestApi, who: { id: string }, ticketId: string, body: object) {
  return (await as(api, who)).post(`/repairs/tickets/${ticketId}/transitions`, body);
}

/** Polls until `check` passes (deliveries are written just after the request answers); bounded. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** What realtime kept for a user (the catch-up inbox), by event name. */
export async function inboxOf(userId: string, event: string) {
  const { default: mongoose } = await import('mongoose');
  return mongoose.connection
    .collection('realtime_inbox')
    .find({ user: new mongoose.Types.ObjectId(userId), event })
    .sort({ seq: 1 })
    .toArray();
}
