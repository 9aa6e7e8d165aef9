/**
 * Signed-in people placed in communities, for membership, carer-link and audit tests. Residents
 * sign in through the fake WeChat and staff with a password (identity's factories); memberships
 * are requested and approved through this module's HTTP API, as in real use.
 */
import request from 'supertest';
import type { TestApi } from '../../test-support/api';
import type { Community, Household } from '../communities';
import { makeCommunity, makeHousehold } from '../communities/test-factories';
import { makeResident, makeStaff, type Made } from '../identity/test-factories';

export { makeResident, makeStaff };

export const committeeOf = (api: TestApi, community: Community) =>
  makeStaff(api, { grants: [{ role: 'committee', communityId: community.id }] });

export const makeAdmin = (api: TestApi) => makeStaff(api, { grants: [{ role: 'admin' }] });

/** A resident approved into a household (a new one in `community` unless given). */
export async function makeMember(
  api: TestApi,
  {
    community,
    household,
    committee,
    birthDate,
  }: {
    community?: Community;
    household?: Household;
    committee?: Made;
    birthDate?: string;
  } = {},
): Promise<Made & { openid: string; household: Household; membershipId: string }> {
  const c = community ?? (await makeCommunity());
  const h = household ?? (await makeHousehold({ community: c }));
  const resident = await makeResident(api, birthDate ? { birthDate } : {});
  const asked = await request(api.url)
    .post('/api/v1/memberships')
    .set(api.bearer(resident.accessToken))
    .send({ householdId: h.id, relation: 'owner' });
  if (asked.status !== 201)
    throw new Error(`membership request failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const decider = committee ?? (await committeeOf(api, { ...c, id: h.communityId }));
  const approved = await request(api.url)
    .post(`/api/v1/memberships/${asked.body.id}/approve`)
    .set(api.bearer(decider.accessToken));
  if (approved.status !== 200)
    throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return { ...resident, household: h, membershipId: asked.body.id };
}
