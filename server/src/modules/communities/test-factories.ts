/**
 * Persisting factories for tests of communities and what hangs off them. They write through the
 * communities service (the test process shares the server's database connection), so records
 * exist exactly as production creates them. Not imported by application code.
 */
import { randomBytes } from 'node:crypto';
import { createCommunitiesService, type Building, type Community, type Household } from './service';

const communities = createCommunitiesService();
const unique = () => randomBytes(3).toString('hex');

export async function makeCommunity(overrides: Partial<Omit<Community, 'id'>> = {}): Promise<Community> {
  return communities.createCommunity({
    name: `测试社区${unique()}`,
    code: `T-${unique()}`,
    address: '测试路 1 号',
    district: '测试区',
    ...overrides,
  });
}

export async function makeBuilding(community?: Community, name = `${unique()}号楼`): Promise<Building> {
  const c = community ?? (await makeCommunity());
  return communities.createBuilding(c.id, { name });
}

export async function makeHousehold({
  community,
  building,
  unit,
  area = '89.50',
}: { community?: Community; building?: Building; unit?: string; area?: string } = {}): Promise<Household> {
  const b = building ?? (await makeBuilding(community));
  return communities.createHousehold(b.communityId, { buildingId: b.id, unit: unit ?? `${unique()}`, area });
}
