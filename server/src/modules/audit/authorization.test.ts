/**
 * The authorization matrix for every staff endpoint of the communities, membership and audit
 * modules: without a token (401), as a resident (403), as committee of ANOTHER community (403,
 * with nothing of the record in the body), and as the right staff (2xx).
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import type { Community, Household } from '../communities';
import { makeCommunity, makeHousehold } from '../communities/test-factories';
import type { Made } from '../identity/test-factories';
import { committeeOf, makeAdmin, makeMember, makeResident } from '../membership/test-factories';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
interface Call {
  method: Method;
  path: string;
  body?: object;
  /** Ids that must not appear in a refusal. */
  secrets: string[];
}
interface Case {
  name: string;
  staff: 'admin' | 'committee';
  /** Builds fresh records for one attempt (approving twice would otherwise be a conflict). */
  make: () => Promise<Call>;
}

let api: TestApi;
let community: Community;
let household: Household;
let admin: Made;
let committee: Made;
let otherCommittee: Made;
let resident: Made;
let member: Made;

beforeAll(async () => {
  api = await startTestApi();
  community = await makeCommunity();
  household = await makeHousehold({ community });
  admin = await makeAdmin(api);
  committee = await committeeOf(api, community);
  otherCommittee = await committeeOf(api, await makeCommunity());
  resident = await makeResident(api);
  member = await makeMember(api, { community, committee });
});
afterAll(() => api.stop());

const code = () => `M-${randomBytes(3).toString('hex')}`;

async function pendingMembership(): Promise<string> {
  const someone = await makeResident(api);
  const res = await request(api.url)
    .post('/api/v1/memberships')
    .set(api.bearer(someone.accessToken))
    .send({ householdId: household.id, relation: 'tenant' });
  return res.body.id;
}

const cases: Case[] = [
  {
    name: 'create community',
    staff: 'admin',
    make: async () => ({
      method: 'post',
      path: '/admin/communities',
      body: { name: '新社区', code: code(), address: 'a', district: 'd' },
      secrets: [],
    }),
  },
  {
    name: 'edit community',
    staff: 'admin',
    make: async () => ({
      method: 'patch',
      path: `/admin/communities/${community.id}`,
      body: { district: '新区' },
      secrets: [community.id],
    }),
  },
  {
    name: 'list communities',
    staff: 'admin',
    make: async () => ({ method: 'get', path: '/admin/communities', secrets: [community.id] }),
  },
  {
    name: 'add building',
    staff: 'admin',
    make: async () => ({
      method: 'post',
      path: `/admin/communities/${community.id}/buildings`,
      body: { name: code() },
      secrets: [community.id],
    }),
  },
  {
    name: 'edit building',
    staff: 'admin',
    make: async () => ({
      method: 'patch',
      path: `/admin/buildings/${household.buildingId}`,
      body: { sortOrder: 3 },
      secrets: [household.buildingId],
    }),
  },
  {
    name: 'add household',
    staff: 'admin',
    make: async () => ({
      method: 'post',
      path: `/admin/communities/${community.id}/households`,
      body: { buildingId: household.buildingId, unit: code(), area: '70' },
      secrets: [community.id],
    }),
  },
  {
    name: 'edit household',
    staff: 'admin',
    make: async () => ({
      method: 'patch',
      path: `/admin/households/${household.id}`,
      body: { area: '88.8' },
      secrets: [household.id],
    }),
  },
  {
    name: 'import households',
    staff: 'admin',
    make: async () => ({
      method: 'post',
      path: `/admin/communities/${community.id}/households/import`,
      body: { csv: `building,unit,area\n${code()},1-101,50` },
      secrets: [community.id],
    }),
  },
  {
    name: 'create provider',
    staff: 'admin',
    make: async () => ({
      method: 'post',
      path: '/admin/providers',
      body: { name: '食堂', kind: 'canteen', communityIds: [community.id] },
      secrets: [],
    }),
  },
  {
    name: 'edit provider',
    staff: 'admin',
    make: async () => {
      const made = await request(api.url)
        .post('/api/v1/admin/providers')
        .set(api.bearer(admin.accessToken))
        .send({ name: '物业', kind: 'property', communityIds: [community.id] });
      return {
        method: 'patch',
        path: `/admin/providers/${made.body.id}`,
        body: { name: '新物业' },
        secrets: [made.body.id],
      };
    },
  },
  {
    name: 'list providers',
    staff: 'admin',
    make: async () => ({ method: 'get', path: '/admin/providers', secrets: [] }),
  },
  {
    name: 'read buildings',
    staff: 'committee',
    make: async () => ({
      method: 'get',
      path: `/communities/${community.id}/buildings`,
      secrets: [household.buildingId],
    }),
  },
  {
    name: 'read households',
    staff: 'committee',
    make: async () => ({
      method: 'get',
      path: `/communities/${community.id}/households`,
      secrets: [household.id],
    }),
  },
  {
    name: 'list membership requests',
    staff: 'committee',
    make: async () => ({
      method: 'get',
      path: `/memberships?communityId=${community.id}`,
      secrets: [member.id],
    }),
  },
  {
    name: 'approve membership',
    staff: 'committee',
    make: async () => {
      const id = await pendingMembership();
      return { method: 'post', path: `/memberships/${id}/approve`, secrets: [household.id] };
    },
  },
  {
    name: 'reject membership',
    staff: 'committee',
    make: async () => {
      const id = await pendingMembership();
      return {
        method: 'post',
        path: `/memberships/${id}/reject`,
        body: { reason: '信息不符' },
        secrets: [household.id],
      };
    },
  },
  {
    name: 'list carer links',
    staff: 'committee',
    make: async () => ({ method: 'get', path: `/carer-links?communityId=${community.id}`, secrets: [] }),
  },
  {
    name: 'list residents',
    staff: 'committee',
    make: async () => ({
      method: 'get',
      path: `/communities/${community.id}/residents`,
      secrets: [member.id],
    }),
  },
  {
    name: 'set tags',
    staff: 'committee',
    make: async () => ({
      method: 'put',
      path: `/residents/${member.id}/tags`,
      body: { communityId: community.id, tags: ['lowIncome'] },
      secrets: [],
    }),
  },
  {
    name: 'read audit log',
    staff: 'committee',
    make: async () => ({ method: 'get', path: `/audit?communityId=${community.id}`, secrets: [member.id] }),
  },
];

function send(call: Call, token?: string) {
  let req = request(api.url)[call.method](`/api/v1${call.path}`);
  if (token) req = req.set(api.bearer(token));
  return call.body ? req.send(call.body) : req;
}

describe.each(cases)('$name', ({ staff, make }) => {
  it('answers 401 without a token', async () => {
    const res = await send(await make());
    expect(res.status).toBe(401);
  });

  it('answers 403 to a resident, even one living in the community', async () => {
    for (const who of [resident, member]) {
      const res = await send(await make(), who.accessToken);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('answers 403 to the committee of another community, leaking nothing of the record', async () => {
    const call = await make();
    const res = await send(call, otherCommittee.accessToken);
    expect(res.status).toBe(403);
    for (const secret of call.secrets) expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it(`lets the ${staff} through`, async () => {
    const res = await send(await make(), (staff === 'admin' ? admin : committee).accessToken);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  if (staff === 'committee') {
    it('lets an admin read, or refuses them an act that is the committee’s alone', async () => {
      const call = await make();
      const res = await send(call, admin.accessToken);
      expect(call.method === 'get' ? 200 : 403).toBe(res.status);
    });
  }
});
