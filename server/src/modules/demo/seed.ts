/**
 * Demo data, so `npm start` shows a living community with nothing to set up: 幸福里社区 with three
 * buildings and 60 households, the staff who run it, and a few residents — among them an elder of
 * 82 who lives alone and her son, confirmed as her carer. Everything goes through the modules'
 * services (the same rules as real use). Each step looks before it creates, so running the seed
 * twice adds nothing, and a seed cut short is completed by the next boot.
 *
 * The canteen gets a subsidy policy, booking rules (delivery to every demo building) and published
 * lunch and dinner menus for the coming 7 days by the server's clock; every boot tops the week up,
 * so a demo started on any day has something to book, and 王奶奶 (82, a home in 1号楼) can book.
 */
import type { Logger } from '../../platform/logger';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { COMMUNITY_TIME_ZONE } from '../../platform/clock';
import type { CommunitiesService } from '../communities';
import { importHouseholds } from '../communities/household-import';
import type { IdentityModule } from '../identity';
import type { CarerLinkService, MembershipService, ResidentTagService } from '../membership';
import type { CanteenService } from '../meals';
import type { DemoConsultations } from '../consultations';
import { addDays, shanghaiDate } from '../meals/booking-window';

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
  canteens: CanteenService;
  /** Optional so a seed without the consultations module (its own test) still runs. */
  consultations?: DemoConsultations;
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
  // On emergency duty, so a demo call for help reaches someone who can sign in.
  const committee = await staff('committee', '居委会 刘主任', [
    { role: 'committee', communityId: community.id, duty: true },
  ]);
  const canteenOperator = await staff('canteen', '食堂 陈经理', [
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

  await seedMeals(deps, {
    communityId: community.id,
    canteenId: canteen.id,
    committee: {
      userId: committee.id,
      grants: [{ role: 'committee', communityId: community.id, duty: true }],
      homes: [],
      tags: [],
    },
    operatorId: canteenOperator.id,
  });

  if (deps.consultations) {
    await seedConsultations(deps.consultations, {
      communityId: community.id,
      committee: {
        userId: committee.id,
        grants: [{ role: 'committee', communityId: community.id }],
        homes: [],
        tags: [],
      },
      clock,
      developerHeld: await Promise.all(
        ['4-103', '4-104', '4-105'].map(
          async (unit) => (await communities.findHouseholdByAddress(community.id, '2号楼', unit))!.id,
        ),
      ),
    });
  }

  return { communityId: community.id, staffUsernames: [...DEMO_STAFF_USERNAMES], password: DEMO_PASSWORD };
}

/**
 * One consultation open for voting (one ballot per household: the playground) and one owners'
 * decision on using the maintenance fund for the lifts, counted under art. 278 over the demo
 * households' areas, with three unsold units of 2号楼 still the developer's. Only once.
 */
async function seedConsultations(
  demo: DemoConsultations,
  ids: { communityId: string; committee: Actor; clock: Clock; developerHeld: string[] },
): Promise<void> {
  const existing = await demo.consultations.list({
    communityIds: [ids.communityId],
    includeDrafts: true,
    page: 1,
    pageSize: 1,
  });
  if (existing.total > 0) return;
  for (const householdId of ids.developerHeld) {
    await demo.electorate.setOwnership(ids.communityId, householdId, { developerHeld: true });
  }
  const inDays = (days: number) => new Date(ids.clock.now().getTime() + days * 86_400_000).toISOString();
  const playground = await demo.consultations.create(ids.committee, {
    communityId: ids.communityId,
    title: '儿童游乐场改造：选出最想要的设施',
    body: '社区中心花园的游乐场将改造，请每户选出最希望增加的一项设施。讨论区欢迎留言提建议。',
    eligibility: 'household',
    ballot: { kind: 'single', options: ['秋千和滑梯', '沙池', '攀爬架', '遮阳长椅'] },
    resultsHidden: true,
    secretBallot: true,
    allowChange: true,
    votingClosesAt: inDays(14),
    attachmentIds: [],
  });
  const lifts = await demo.consultations.create(ids.committee, {
    communityId: ids.communityId,
    title: '使用专项维修资金更换 1 号楼电梯',
    body: '1 号楼两部电梯已运行 18 年，拟使用建筑物专项维修资金约 86 万元更换。按《民法典》第二百七十八条，需专有部分面积和业主人数均达三分之二以上参与表决，且经参与表决面积过半数、人数过半数的业主同意。',
    eligibility: 'owner',
    matter: 'useMaintenanceFund',
    ballot: { kind: 'approval' },
    resultsHidden: true,
    secretBallot: true,
    allowChange: false,
    votingClosesAt: inDays(21),
    attachmentIds: [],
  });
  const by = { userId: ids.committee.userId, role: 'committee' as const };
  for (const c of [playground, lifts]) await demo.consultations.transition(c, 'openVoting', by);
}

/** A week of home cooking: each day's lunch and dinner, soft and low-salt where it suits elders. */
const DEMO_DISHES: Record<
  'lunch' | 'dinner',
  { name: string; tags?: ('soft' | 'low-salt' | 'low-sugar')[]; allergens?: string[] }[][]
> = {
  lunch: [
    [
      { name: '清蒸鲈鱼', tags: ['soft', 'low-salt'], allergens: ['鱼'] },
      { name: '香菇青菜', tags: ['low-salt'] },
      { name: '紫菜蛋花汤', allergens: ['蛋'] },
    ],
    [
      { name: '土豆烧牛肉', tags: ['soft'] },
      { name: '清炒西兰花', tags: ['low-salt'] },
      { name: '冬瓜汤', tags: ['low-salt'] },
    ],
    [
      { name: '番茄炒蛋', tags: ['soft', 'low-sugar'], allergens: ['蛋'] },
      { name: '红烧豆腐', tags: ['soft'], allergens: ['大豆'] },
      { name: '小米粥', tags: ['soft'] },
    ],
    [
      { name: '山药炖排骨', tags: ['soft'] },
      { name: '蒜蓉菠菜', tags: ['low-salt'] },
      { name: '南瓜粥', tags: ['soft'] },
    ],
    [
      { name: '虾仁蒸蛋', tags: ['soft'], allergens: ['虾', '蛋'] },
      { name: '清炒丝瓜', tags: ['low-salt'] },
      { name: '杂粮饭', tags: ['low-sugar'] },
    ],
    [
      { name: '白切鸡', tags: ['low-salt'] },
      { name: '木耳炒山药', tags: ['soft'] },
      { name: '萝卜汤', tags: ['low-salt'] },
    ],
    [
      { name: '红烧鸡腿', tags: ['soft'] },
      { name: '芹菜香干', allergens: ['大豆'] },
      { name: '丝瓜蛋汤', allergens: ['蛋'] },
    ],
  ],
  dinner: [
    [
      { name: '肉末蒸茄子', tags: ['soft'] },
      { name: '小米粥', tags: ['soft'] },
    ],
    [{ name: '虾皮冬瓜', tags: ['soft', 'low-salt'], allergens: ['虾'] }, { name: '馒头' }],
    [
      { name: '青菜肉丝面', tags: ['soft'], allergens: ['小麦'] },
      { name: '凉拌黄瓜', tags: ['low-sugar'] },
    ],
    [
      { name: '鸡蛋羹', tags: ['soft'], allergens: ['蛋'] },
      { name: '白粥', tags: ['soft', 'low-salt'] },
    ],
    [
      { name: '清蒸豆腐', tags: ['soft', 'low-salt'], allergens: ['大豆'] },
      { name: '花卷', allergens: ['小麦'] },
    ],
    [
      { name: '菌菇汤面', tags: ['soft'], allergens: ['小麦'] },
      { name: '炒生菜', tags: ['low-salt'] },
    ],
    [
      { name: '蒸南瓜', tags: ['soft', 'low-sugar'] },
      { name: '瘦肉粥', tags: ['soft'] },
    ],
  ],
};
const DEMO_PRICE_FEN = { lunch: 1500, dinner: 1200 } as const;
export const DEMO_MENU_DAYS = 7;

/** The canteen's subsidy policy, booking rules and a published week ahead, each only once. */
async function seedMeals(
  deps: SeedDeps,
  ids: { communityId: string; canteenId: string; committee: Actor; operatorId: string },
): Promise<void> {
  const { canteens, communities, clock } = deps;
  const { communityId, canteenId } = ids;

  // A saved policy carries updatedAt; the built-in "no subsidy" does not.
  if (!(await canteens.subsidyPolicy(communityId)).updatedAt) {
    await canteens.saveSubsidyPolicy(ids.committee, communityId, {
      eligibilityAge: 60,
      ageTiers: [
        { minAge: 60, maxAge: 69, subsidyFen: 200 },
        { minAge: 70, maxAge: 79, subsidyFen: 400 },
        { minAge: 80, subsidyFen: 600 },
      ],
      tagExtras: { livingAlone: 100, lowIncome: 300, disability: 200 },
      monthlyCapFen: 30000,
    });
  }

  // Stored settings have an _id; until the first save the canteen runs on defaults.
  if (!('_id' in (await canteens.settings(canteenId)))) {
    const buildings = await communities.listBuildings(communityId);
    await canteens.saveSettings(canteenId, {
      opensDaysAhead: DEMO_MENU_DAYS,
      cutoffs: { lunch: '09:30', dinner: '15:30' },
      deliveryBuildingIds: buildings.map((b) => b.id),
      address: '幸福里社区服务中心一楼（幸福路 88 号）',
      servingHours: { lunch: { from: '11:00', to: '12:30' }, dinner: { from: '17:00', to: '18:00' } },
    });
  }

  const today = shanghaiDate(clock.now());
  const last = addDays(today, DEMO_MENU_DAYS - 1);
  const existing = new Set(
    (await canteens.menusOf([canteenId], today, last, false)).map((m) => `${m.date}/${m.meal}`),
  );
  const operator: Actor = {
    userId: ids.operatorId,
    grants: [{ role: 'operator', communityId, providerId: canteenId }],
    homes: [],
    tags: [],
  };
  for (let day = 0; day < DEMO_MENU_DAYS; day += 1) {
    const date = addDays(today, day);
    // The same dishes fall on the same weekday, whichever day the demo starts.
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const meal of ['lunch', 'dinner'] as const) {
      if (existing.has(`${date}/${meal}`)) continue;
      await canteens.createMenu(operator, {
        providerId: canteenId,
        date,
        meal,
        dishes: DEMO_DISHES[meal][weekday].map((d) => ({
          name: d.name,
          tags: d.tags ?? [],
          allergens: d.allergens ?? [],
        })),
        basePriceFen: DEMO_PRICE_FEN[meal],
        seatCapacity: meal === 'lunch' ? 40 : 30,
        deliveryCapacity: meal === 'lunch' ? 15 : 10,
        publish: true,
      });
    }
  }
}
