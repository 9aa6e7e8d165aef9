/**
 * When a waitlisted family is likely to be offered a place: not just a queue number, but months.
 *
 * Places come free as children age out of the class's band (a child leaves on the 1st of the month
 * they reach the band's upper age) and when outstanding offers are turned down. Families ahead in
 * the queue use a place only if they accept. With the centre's acceptance rate so far r, o offers
 * outstanding, f places free now and A(m) the children aged out by the 1st of month m:
 *
 *  - expected: the family is reached once f + A(m) + o·(1 − r) ≥ 1 + (position − 1)·r;
 *  - at the latest: everyone ahead accepts and every outstanding offer is taken: f + A(m) ≥ position.
 *
 * The window runs from the first month the expected count is met to the first the latest one is.
 * With no decided offers yet, r is taken as 1 (every family accepts), and the estimate says so.
 */
import { AGE_BAND_RULES, ageInMonths, type AgeBand, type Locale } from '@linli/shared';
import { addMonths, monthWords } from '../dates';

export interface EstimateInput {
  /** 'YYYY-MM', the month we stand in. */
  month: string;
  band: AgeBand;
  capacity: number;
  /** Every place held: enrolled children and outstanding offers, by birth month. */
  seats: readonly { birthMonth: string; kind: 'enrolled' | 'offered' }[];
  position: number;
  acceptance: { accepted: number; decided: number };
  horizonMonths?: number;
}

export interface Estimate {
  window: { from: string; to: string | null } | null;
  freeNow: number;
  offersOutstanding: number;
  acceptanceRate: number | null;
  ageingOut: { month: string; count: number }[];
}

export function estimateWindow(input: EstimateInput): Estimate {
  const horizon = input.horizonMonths ?? 12;
  const max = AGE_BAND_RULES[input.band].maxMonths;
  const freeNow = Math.max(0, input.capacity - input.seats.length);
  const offersOutstanding = input.seats.filter((s) => s.kind === 'offered').length;
  const rate = input.acceptance.decided > 0 ? input.acceptance.accepted / input.acceptance.decided : null;
  const r = rate ?? 1;
  const months = Array.from({ length: horizon }, (_, i) => addMonths(input.month, i));
  const agedOutBy = (m: string) =>
    input.seats.filter((s) => ageInMonths(s.birthMonth, `${m}-01`) >= max).length;
  const expectedNeed = 1 + (input.position - 1) * r - offersOutstanding * (1 - r);
  const from = months.find((m) => freeNow + agedOutBy(m) >= expectedNeed - 1e-9);
  const to = months.find((m) => freeNow + agedOutBy(m) >= input.position);
  // The first month counts every child already past the band on its 1st.
  const ageingOut = months
    .map((m, i) => ({ month: m, count: agedOutBy(m) - (i === 0 ? 0 : agedOutBy(months[i - 1]!)) }))
    .filter((x) => x.count > 0);
  return {
    window: from ? { from, to: to ?? null } : null,
    freeNow,
    offersOutstanding,
    acceptanceRate: rate,
    ageingOut,
  };
}

/** "likely between October and December" in the reader's language. */
export function windowWords(estimate: Estimate, today: string, locale: Locale, horizonMonths = 12): string {
  const year = today.slice(0, 4);
  const words = (m: string) => monthWords(m, locale, m.slice(0, 4) !== year);
  const w = estimate.window;
  const last = words(addMonths(today, horizonMonths - 1));
  if (!w)
    return locale === 'en'
      ? `not likely before ${last}: few places come free in this class in the next ${horizonMonths} months`
      : `${last}之前不太可能有名额：未来 ${horizonMonths} 个月该班空出的名额很少`;
  if (w.to === null)
    return locale === 'en'
      ? `likely from ${words(w.from)}, possibly after ${last}`
      : `预计最早${words(w.from)}，也可能晚于${last}`;
  if (w.from === w.to) return locale === 'en' ? `likely in ${words(w.from)}` : `预计在${words(w.from)}`;
  return locale === 'en'
    ? `likely between ${words(w.from)} and ${words(w.to)}`
    : `预计在${words(w.from)}至${words(w.to)}之间`;
}

export function basisWords(estimate: Estimate, input: EstimateInput, locale: Locale): string {
  const rate = estimate.acceptanceRate;
  const out = estimate.ageingOut.reduce((n, a) => n + a.count, 0);
  if (locale === 'en')
    return (
      `Position ${input.position} in a class of ${input.capacity}; ${estimate.freeNow} place(s) free now, ` +
      `${out} child(ren) ageing out of the band in the next 12 months, ${estimate.offersOutstanding} offer(s) outstanding; ` +
      (rate === null
        ? 'no offers decided yet, so every family ahead is assumed to accept.'
        : `so far ${Math.round(rate * 100)}% of offers were accepted (${input.acceptance.accepted} of ${input.acceptance.decided}).`)
    );
  return (
    `候补第 ${input.position} 位，班级容量 ${input.capacity}；现有空位 ${estimate.freeNow} 个，` +
    `未来 12 个月有 ${out} 名孩子超出本班月龄，另有 ${estimate.offersOutstanding} 个名额待家长答复；` +
    (rate === null
      ? '尚无已答复的名额，按排在前面的家庭都接受估算。'
      : `此前名额接受率 ${Math.round(rate * 100)}%（${input.acceptance.decided} 个中接受 ${input.acceptance.accepted} 个）。`)
  );
}
