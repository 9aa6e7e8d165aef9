/**
 * A community where someone may call for help: an elder in a household, a confirmed carer, a
 * committee member on duty and one who is not. Persisted and signed in as in real use. Not
 * imported by app code.
 */
import request from 'supertest';
import type { TestApi } from '../../test-support/api';
import { makeBuilding, makeCommunity, makeHousehold } from '../communities/test-factories';
import { makeStaff } from '../identity/test-factories';
import { tokenFor } from '../meals/test-factories';
import { makeCarer } from '../meals/test-people';
import { committeeOf, makeMember } from '../membership/test-factories';

export const as = async (api: TestApi, userId: string) => api.bearer(await tokenFor(api, userId));

export async function makeCallWorld(api: TestApi) {
  const community = await makeCommunity();
  const building = await makeBuilding(community, '3号楼');
  const household = await makeHousehold({ building, unit: '2-301' });
  const committee = await committeeOf(api, community);
  const onDuty = await makeStaff(api, {
    grants: [{ role: 'committee', communityId: community.id, duty: true }],
  });
  const elder = await makeMember(api, { community, household, committee, birthDate: '1944-05-01' });
  const carer = await makeCarer(api, elder.id);
  return { community, building, household, committee, onDuty, elder, carer };
}

export type CallWorld = Awaited<ReturnType<typeof makeCallWorld>>;

export async function raise(api: TestApi, userId: string, body: Record<string, unknown> = {}) {
  return request(api.url)
    .post('/api/v1/emergency/alerts')
    .set(await as(api, userId))
    .send(body);
}
