/**
 * Demo data, so `npm start` shows a living community with nothing to set up: 幸福里社区 with three
 * buildings and 60 households, the staff who run it, and a few residents — among them an elder of
 * 82 who lives alone and her son, confirmed as her carer. Everything goes through the modules'
 * services (the same rules as real use). Each step looks before it creates, so running the seed
 * twice adds nothing, and a seed cut short is completed by the next boot.
 */
import type { Logger } from '../../platform/logger';
import type { Clock } from '../../platform/clock';
import { COMMUNITY_TIME_ZONE } from '../../platform/clock';
import type { CommunitiesService } from '../communities';
import { importHouseholds } from '../communities/household-import';
import type { IdentityModule } from '../identity';
import type { CarerLinkService, MembershipService, ResidentTagService } from '../membership';

export const DEMO_COMMUNITY_CODE = 'XFL-DEMO';
/** Printed at boot; demo mode is refused in production, so this never guards real data. */
export const DEMO_PASSWORD = 'linli-demo-2026';
export const DEMO_STAFF_USERNAMES = ['admin', 'committee', 'canteen', 'repair'] as const;

export interface SeedDeps {
  clock: Clock;
  logger: Logger;
  communities: CommunitiesService;
  users: IdentityModule['users'];
  memberships: MembershipService;
  carerLinks: CarerLinkService;
  tags: ResidentTagService;
}

export interface SeedSummary {
  communityId: string;
  staffUsernames: string[];
  password: string;
}

/** Three buildings, four floors, five doors: '1-101' … '4-105' in each. */
function householdsCsv(): string {
  const lines = ['building,unit,area'];
  for (let b = 1; b <= 3; b++) {
    for (let floor = 1; floor <= 4; floor++) {
      for (let door = 1; door <= 5; door++) {
        const area = (68 + ((b * 7 + floor * 3 + door * 11) % 60) + (door % 2 ? 0.5 : 0.25)).toFixed(2);
        lines.push(`${b}号楼,${floor}-${String(100 + door)},${area}`);
      }
    }
  }
  return lines.join('\n');
}

/** The date `years` years before today in Shanghai, as YYYY-MM-DD (29 Feb falls back to the 28th). */
export function birthDateYearsAgo(clock: Clock, years: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: COMMUNITY_TIME_ZONE }).format(clock.now());
  const [year, month, day] = today.split('-');
  const monthDay = month === '02' && day === '29' ? '02-28' : `${month}-${day}`;
  return `${Number(year) - years}-${monthDay}`;
}

export async function seedDemo(deps: SeedDeps): Promise<SeedSummary> {
  const { communities, users, memberships, carerLinks, tags, clock } = deps;

  const community =
    (await communities.findCommunityByCode(DEMO_COMMUNITY_CODE)) ??
    (await communities.createCommunity({
      name: '幸福里社区',
      code: DEMO_COMMUNITY_CODE,
      address: '幸福路 88 号',
      district: '示范区',
    }));
  if ((await communities.countHouseholds(community.id)) === 0) {
    await importHouseholds(communities, community.id, householdsCsv());
  }

  const providers = await communities.listProviders({ communityId: community.id });
  const providerOf = async (kind: 'canteen' | 'property', name: string) =>
    providers.find((p) => p.kind === kind) ??
    (await communities.createProvider({ name, kind, communityIds: [community.id] }));
  const canteen = await providerOf('canteen', '幸福里长者食堂');
  const property = await providerOf('property', '幸福里物业服务中心');

  const staff = async (
    username: string,
    displayName: string,
    grants: Parameters<typeof users.createStaffUser>[0]['grants'],
  ) =>
    (await users.findByUsername(username)) ??
    (await users.createStaffUser({ username, password: DEMO_PASSWORD, displayName, grants, demo: true }));
  await staff('admin', '平台管理员', [{ role: 'admin' }]);
  const committee = await staff('committee', '居委会 刘主任', [
    { role: 'committee', communityId: community.id },
  ]);
  await staff('canteen', '食堂 陈经理', [
    { role: 'operator', communityId: community.id, providerId: canteen.id },
  ]);
  await staff('repair', '物业 周师傅', [
    { role: 'technician', communityId: community.id, providerId: property.id },
  ]);

  // Residents only once: their presence is marked by approved memberships in the community.
  if ((await memberships.approvedInCommunity(community.id)).length === 0) {
    const household = async (building: string, unit: string) => {
      const found = await communities.findHouseholdByAddress(community.id, building, unit);
      if (!found) throw new Error(`demo household ${building} ${unit} missing`);
      return found;
    };
    const join = async (userId: string, householdId: string, relation: 'owner' | 'tenant' | 'family') => {
      const m = await memberships.request(userId, { householdId, relation });
      await memberships.decide(committee.id, m.id, { status: 'approved' });
    };

    const elder = await users.createResident({
      displayName: '王奶奶',
      realName: '王秀英',
      birthDate: birthDateYearsAgo(clock, 82),
      demo: true,
    });
    const son = await users.createResident({
      displayName: '王建国',
      realName: '王建国',
      birthDate: birthDateYearsAgo(clock, 55),
      demo: true,
    });
    const neighbour = await users.createResident({
      displayName: '李阿姨',
      birthDate: birthDateYearsAgo(clock, 67),
      demo: true,
    });
    const young = await users.createResident({
      displayName: '赵先生',
      birthDate: birthDateYearsAgo(clock, 34),
      demo: true,
    });

    const elderHome = await household('1号楼', '1-101');
    await join(elder.id, elderHome.id, 'owner');
    await join(son.id, (await household('2号楼', '3-102')).id, 'owner');
    await join(neighbour.id, (await household('1号楼', '2-103')).id, 'owner');
    await join(young.id, (await household('3号楼', '4-105')).id, 'tenant');

    const link = await carerLinks.request(son.id, elder.id);
    await carerLinks.transition(elder.id, link.id, 'confirmed');
    await tags.setTags(committee.id, { userId: elder.id, communityId: community.id, tags: ['livingAlone'] });
  }

  return { communityId: community.id, staffUsernames: [...DEMO_STAFF_USERNAMES], password: DEMO_PASSWORD };
}
