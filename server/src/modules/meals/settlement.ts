/**
 * The monthly subsidy settlement a canteen files with civil affairs: per elder (name masked),
 * the meals SERVED and the sums of their frozen price breakdowns, subtotals per age tier, plus
 * grand totals. Sums of integers in fen, so the totals equal the bookings to the fen. A tier
 * subtotal goes by the tier frozen on each booking (the elder's age on that meal date), so an
 * elder who turns 70 mid-month counts in both tiers and the subtotals still add up to the totals.
 */
import type { ResidentTag, SettlementView } from '@linli/shared';
import type { UserService } from '../identity';
import { BookingModel, type BookingDoc } from './booking-model';
import { inWords, toCsv, yuan } from './csv';

/** 王小英 → 王*英, 李明 → 李*, 张 → 张. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Meals, base price, subsidy per line and in all, and what the elders paid, over some bookings. */
function sums(bookings: readonly BookingDoc[]) {
  const subsidyByLine: Record<string, number> = {};
  for (const line of bookings.flatMap((b) => b.price.lines))
    subsidyByLine[line.label] = (subsidyByLine[line.label] ?? 0) + line.fen;
  const sum = (pick: (b: BookingDoc) => number) => bookings.reduce((acc, b) => acc + pick(b), 0);
  return {
    mealsServed: bookings.length,
    baseFen: sum((b) => b.price.baseFen),
    subsidyByLine,
    subsidyFen: sum((b) => b.price.subsidyFen),
    payableFen: sum((b) => b.price.payableFen),
  };
}

/** Tier labels in age order ('60–69岁' before '70–79岁' before '80岁以上'); no tier last. */
function byAge(a: string, b: string): number {
  const age = (label: string) => Number(/^\d+/.exec(label)?.[0] ?? Infinity);
  return age(a) - age(b) || a.localeCompare(b, 'zh-CN');
}

export function createSettlement({ users }: { users: Pick<UserService, 'getUsers'> }) {
  return {
    async report(providerId: string, month: string): Promise<SettlementView> {
      const served = await BookingModel.find({ providerId, month, status: 'served' })
        .sort({ date: 1, _id: 1 })
        .lean<BookingDoc[]>();
      const people = await users.getUsers([...new Set(served.map((b) => String(b.elderId)))]);
      const byElder = new Map<string, BookingDoc[]>();
      for (const b of served) byElder.set(String(b.elderId), [...(byElder.get(String(b.elderId)) ?? []), b]);

      const elders = [...byElder.entries()].map(([elderId, bookings]) => {
        const person = people.get(elderId);
        const latest = bookings[bookings.length - 1];
        return {
          name: maskName(person?.realName ?? person?.displayName ?? ''),
          tier: latest.tierLabel,
          tags: [...new Set(bookings.flatMap((b) => b.tags))] as ResidentTag[],
          ...sums(bookings),
        };
      });
      const byTier = new Map<string, BookingDoc[]>();
      for (const b of served) byTier.set(b.tierLabel, [...(byTier.get(b.tierLabel) ?? []), b]);
      const tiers = [...byTier.entries()]
        .sort(([a], [b]) => byAge(a, b))
        .map(([tier, bookings]) => ({ tier, ...sums(bookings) }));
      const total = (pick: (e: (typeof elders)[number]) => number) =>
        elders.reduce((acc, e) => acc + pick(e), 0);
      return {
        providerId,
        month,
        elders,
        tiers,
        totals: {
          mealsServed: total((e) => e.mealsServed),
          baseFen: total((e) => e.baseFen),
          subsidyFen: total((e) => e.subsidyFen),
          payableFen: total((e) => e.payableFen),
        },
      };
    },

    csv(report: SettlementView): string {
      const lineLabels = [...new Set(report.elders.flatMap((e) => Object.keys(e.subsidyByLine)))];
      return toCsv([
        [
          '长者',
          '年龄段',
          '标签',
          '用餐次数',
          '原价(元)',
          ...lineLabels.map((l) => `补贴-${l}(元)`),
          '补贴合计(元)',
          '自付(元)',
        ],
        ...report.elders.map((e) => [
          e.name,
          e.tier,
          inWords.tags(e.tags),
          e.mealsServed,
          yuan(e.baseFen),
          ...lineLabels.map((l) => yuan(e.subsidyByLine[l] ?? 0)),
          yuan(e.subsidyFen),
          yuan(e.payableFen),
        ]),
        ...report.tiers.map((t) => [
          '小计',
          t.tier,
          '',
          t.mealsServed,
          yuan(t.baseFen),
          ...lineLabels.map((l) => yuan(t.subsidyByLine[l] ?? 0)),
          yuan(t.subsidyFen),
          yuan(t.payableFen),
        ]),
        [
          '合计',
          '',
          '',
          report.totals.mealsServed,
          yuan(report.totals.baseFen),
          ...lineLabels.map((l) =>
            yuan(report.elders.reduce((acc, e) => acc + (e.subsidyByLine[l] ?? 0), 0)),
          ),
          yuan(report.totals.subsidyFen),
          yuan(report.totals.payableFen),
        ],
      ]);
    },
  };
}

export type Settlement = ReturnType<typeof createSettlement>;
