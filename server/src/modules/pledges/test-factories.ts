/**
 * Persisting factories for pledges tests: a community with buildings and its committee, verified
 * residents (over HTTP as in real use, or hundreds written straight to the store with real access
 * tokens), and a garden project created and opened by the committee over HTTP. Not app code.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import type { TestApi } from '../../test-support/api';
import type { Building, Community, Household } from '../communities';
import { makeBuilding, makeCommunity, makeHousehold } from '../communities/test-factories';
import type { Made } from '../identity/test-factories';
import { UserModel } from '../identity/user-model';
import { MembershipModel } from '../membership/model';
import { committeeOf, makeMember } from '../membership/test-factories';
import { tokenFor } from '../meals/test-factories';

export { tokenFor };

export interface PledgeWorld {
  community: Community;
  buildings: Building[];
  committee: Made;
}

export async function makeWorld(api: TestApi, buildings = 2): Promise<PledgeWorld> {
  const community = await makeCommunity();
  const made: Building[] = [];
  for (let i = 1; i <= buildings; i += 1) made.push(await makeBuilding(community, `${i}号楼`));
  return { community, buildings: made, committee: await committeeOf(api, community) };
}

/** A verified resident (approved household member) in a new household of `building`. */
export async function makeResidentIn(api: TestApi, world: PledgeWorld, building = world.buildings[0]) {
  return makeMember(api, {
    community: world.community,
    household: await makeHousehold({ building }),
    committee: world.committee,
  });
}

/** `count` residents, each approved into a household of their own, written straight to the store. */
export async function makeResidentsInBulk(
  api: TestApi,
  world: PledgeWorld,
  count: number,
  building = world.buildings[0],
) {
  const households: Household[] = [];
  for (let i = 0; i < count; i += 1) households.push(await makeHousehold({ building }));
  const users = await UserModel.insertMany(
    Array.from({ length: count }, (_, i) => ({ displayName: `邻居${i}` })),
  );
  await MembershipModel.insertMany(
    users.map((u, i) => ({
      userId: u._id,
      householdId: new Types.ObjectId(households[i].id),
      buildingId: new Types.ObjectId(households[i].buildingId),
      communityId: new Types.ObjectId(households[i].communityId),
      relation: 'owner',
      status: 'approved',
      active: true,
      requestedAt: api.clock.now(),
    })),
  );
  return Promise.all(
    users.map(async (u) => ({ id: String(u._id), token: await tokenFor(api, String(u._id)) })),
  );
}

export const as = async (api: TestApi, userId: string) => api.bearer(await tokenFor(api, userId));

/** 10:00 Shanghai on 3 March 2031 (the test clock's start); the garden's deadline a week on. */
export const DEADLINE = '2031-03-10T02:00:00.000Z';
export const SATURDAY = { startsAt: '2031-03-15T01:00:00.000Z', endsAt: '2031-03-15T04:00:00.000Z' };

export function gardenBody(world: PledgeWorld, overrides: Record<string, unknown> = {}) {
  return {
    communityId: world.community.id,
    title: '楼下空地变花园',
    description: '把 2 号楼前的空地改成社区小花园。',
    needs: [
      { kind: 'money', label: '苗木资金', targetFen: 300_000 },
      { kind: 'goods', label: '营养土', unit: '袋', quantity: 40 },
      { kind: 'labour', label: '周六上午 翻土种植', headcount: 8, ...SATURDAY },
    ],
    thresholds: { households: 20 },
    deadline: DEADLINE,
    ...overrides,
  };
}

export async function call(
  api: TestApi,
  userId: string,
  method: 'get' | 'post' | 'put',
  path: string,
  body?: unknown,
) {
  const agent = request(api.url);
  const req = agent[method](`/api/v1${path}`).set(await as(api, userId));
  return body === undefined ? req : req.send(body as object);
}

/** A project created (and, unless `open: false`, opened) by the committee; answers its view. */
export async function makeProject(
  api: TestApi,
  world: PledgeWorld,
  overrides: Record<string, unknown> = {},
  { open = true }: { open?: boolean } = {},
) {
  const created = await call(
    api,
    world.committee.id,
    'post',
    '/pledges/projects',
    gardenBody(world, overrides),
  );
  if (created.status !== 201)
    throw new Error(`project failed: ${created.status} ${JSON.stringify(created.body)}`);
  if (!open) return created.body;
  const opened = await call(api, world.committee.id, 'post', `/pledges/projects/${created.body.id}/open`);
  if (opened.status !== 200) throw new Error(`open failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body;
}

export const needOf = (
  project: { needs: { id: string; kind: string }[] },
  kind: 'money' | 'goods' | 'labour',
) => project.needs.find((n) => n.kind === kind)!.id;
