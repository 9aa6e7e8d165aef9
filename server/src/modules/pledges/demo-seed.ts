/**
 * Demo data for pledges: an open garden project with all three kinds of need (money, soil, two
 * Saturday-morning slots) that starts when 20 households join, the points rules, a reward
 * catalogue, and a convention with one version. Each part only once (looked up first).
 */
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import type { ConventionService } from './convention/service';
import type { PointsService } from './points/service';
import type { ProjectService } from './projects/service';

export const DEMO_GARDEN_TITLE = '2号楼前空地变小花园';

export interface PledgesSeedDeps {
  projects: Pick<ProjectService, 'list' | 'create' | 'open'>;
  points: Pick<PointsService, 'rewards' | 'createReward' | 'saveRules'>;
  convention: Pick<ConventionService, 'current' | 'publish'>;
}

const DAY = 86_400_000;
/** 09:00–12:00 Shanghai (01:00–04:00 UTC) on the date `days` from now. */
function morning(clock: Clock, days: number) {
  const date = new Date(clock.now().getTime() + days * DAY).toISOString().slice(0, 10);
  return { startsAt: `${date}T01:00:00.000Z`, endsAt: `${date}T04:00:00.000Z` };
}

export async function seedPledgesDemo(
  deps: PledgesSeedDeps,
  clock: Clock,
  communityId: string,
  committee: Actor,
) {
  const existing = await deps.projects.list({ communityIds: [communityId] });
  if (!existing.some((p) => p.title === DEMO_GARDEN_TITLE)) {
    const garden = await deps.projects.create(committee, {
      communityId,
      title: DEMO_GARDEN_TITLE,
      description:
        '把 2 号楼前闲置的空地改造成居民共享的小花园：种花、铺小路、放两张长椅。需要资金购买苗木，' +
        '需要营养土，也需要邻居们在两个周六上午一起动手。满 20 户参与即启动。',
      photoIds: [],
      needs: [
        { kind: 'money', label: '苗木与长椅资金', targetFen: 300_000 },
        { kind: 'goods', label: '营养土', unit: '袋', quantity: 40 },
        { kind: 'labour', label: '第一个周六上午 翻土', headcount: 10, ...morning(clock, 10) },
        { kind: 'labour', label: '第二个周六上午 种植', headcount: 10, ...morning(clock, 17) },
      ],
      thresholds: { households: 20 },
      deadline: new Date(clock.now().getTime() + 9 * DAY).toISOString(),
    });
    await deps.projects.open(committee, garden);
  }
  if ((await deps.points.rewards(communityId, false)).length === 0) {
    await deps.points.saveRules(communityId, { perHour: 10, perGoodsItem: 1, perTenYuan: 1 });
    for (const reward of [
      { name: '长者驿站理发一次', description: '凭兑换记录到长者服务驿站', costPoints: 30, stock: 20 },
      { name: '助餐券一张', description: '幸福里长者食堂午餐一份', costPoints: 15, stock: 50 },
      { name: '环保布袋', description: '社区服务中心领取', costPoints: 5, stock: 100 },
    ])
      await deps.points.createReward(communityId, { ...reward, active: true });
  }
  if (!(await deps.convention.current(communityId))) {
    await deps.convention.publish(committee, communityId, {
      text:
        '幸福里社区居民公约\n一、爱护公共环境，垃圾分类投放。\n二、文明养犬，出门牵绳，及时清理。\n' +
        '三、邻里互助，关心独居长者。\n四、不占用消防通道，电动车不进楼道。\n五、积极参与社区共建。',
      effectiveDate: new Date(clock.now().getTime()).toISOString().slice(0, 10),
    });
  }
}
