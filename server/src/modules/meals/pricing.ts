/**
 * The price of one meal for one elder, as a pure function: base price, minus the community's
 * subsidy for the elder's age tier and tags, limited by what is left of the monthly cap, never
 * below zero. Computed once at booking and frozen on the booking.
 */
import { RESIDENT_TAGS, type PriceBreakdown, type ResidentTag } from '@linli/shared';

export interface SubsidyPolicy {
  eligibilityAge: number;
  ageTiers: readonly { minAge: number; maxAge?: number; subsidyFen: number }[];
  tagExtras: Partial<Record<ResidentTag, number>>;
  monthlyCapFen: number;
}

export const TAG_LABELS: Record<ResidentTag, string> = {
  livingAlone: '独居',
  lowIncome: '低收入',
  disability: '残疾',
};

/**
 * Age in whole years on `onDate` (both 'YYYY-MM-DD'): the birthday itself counts as the new year
 * of age. Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function tierOf(policy: Pick<SubsidyPolicy, 'ageTiers'>, age: number) {
  return policy.ageTiers.find((t) => age >= t.minAge && (t.maxAge === undefined || age <= t.maxAge));
}

export function tierLabel(tier: { minAge: number; maxAge?: number } | undefined): string {
  if (!tier) return '无补贴年龄段';
  return tier.maxAge === undefined ? `${tier.minAge}岁以上` : `${tier.minAge}–${tier.maxAge}岁`;
}

export interface PriceInput {
  baseFen: number;
  policy: SubsidyPolicy;
  age: number;
  tags: readonly ResidentTag[];
  /** Subsidy this elder already holds in the meal's month (active bookings). */
  subsidyUsedThisMonthFen: number;
}

export function priceMeal({
  baseFen,
  policy,
  age,
  tags,
  subsidyUsedThisMonthFen,
}: PriceInput): PriceBreakdown {
  const wanted: PriceBreakdown['lines'] = [];
  const tier = tierOf(policy, age);
  if (tier && tier.subsidyFen > 0) wanted.push({ kind: 'age', label: tierLabel(tier), fen: tier.subsidyFen });
  // Fixed order, whatever order the tags were given in, so equal elders get equal lines.
  for (const tag of RESIDENT_TAGS) {
    const extra = policy.tagExtras[tag] ?? 0;
    if (tags.includes(tag) && extra > 0) wanted.push({ kind: 'tag', label: TAG_LABELS[tag], fen: extra });
  }
  // The subsidy may not exceed the base price nor what is left of the cap; lines are cut in order
  // so that they always add up to the subsidy granted.
  let room = Math.max(0, Math.min(baseFen, policy.monthlyCapFen - subsidyUsedThisMonthFen));
  const lines: PriceBreakdown['lines'] = [];
  for (const line of wanted) {
    const fen = Math.min(line.fen, room);
    if (fen <= 0) break;
    lines.push({ ...line, fen });
    room -= fen;
  }
  const subsidyFen = lines.reduce((sum, l) => sum + l.fen, 0);
  return { baseFen, lines, subsidyFen, payableFen: baseFen - subsidyFen };
}
