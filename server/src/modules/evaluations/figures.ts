/**
 * The committee's monthly figures, computed from plain numbers so they can be checked against a
 * constructed data set. Exact integer arithmetic: an average × 100 is round-half-up of
 * (sum × 100) / n, computed as floor((200·sum + n) / 2n); a share in percent × 100 likewise from
 * (rated × 10000) / served. No average from fewer than MIN_RATINGS_FOR_AVERAGE ratings.
 */
import { MIN_RATINGS_FOR_AVERAGE, type AverageView } from '@linli/shared';

/** round-half-up(numerator / denominator) for non-negative integers. */
export function roundedRatio(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function averageX100(scores: readonly number[]): AverageView {
  if (scores.length < MIN_RATINGS_FOR_AVERAGE) return { value: null, reason: 'fewerThanFiveRatings' };
  const sum = scores.reduce((a, b) => a + b, 0);
  return { value: roundedRatio(sum * 100, scores.length) };
}

export function sharePercentX100(rated: number, served: number): number | null {
  if (served === 0) return null;
  return roundedRatio(rated * 10_000, served);
}

export interface ScoredRating {
  scores: Record<string, number>;
}

/** Per question key, the average × 100 (or null with the reason). */
export function averagesByQuestion(
  ratings: readonly ScoredRating[],
  keys: readonly string[],
): Record<string, AverageView> {
  return Object.fromEntries(
    keys.map((key) => [
      key,
      averageX100(ratings.map((r) => r.scores[key]).filter((s): s is number => typeof s === 'number')),
    ]),
  );
}

/** Lowest mean score first (compared exactly, as sum / count cross-multiplied), then newest. */
export function worstFirst<T extends ScoredRating & { ratedAt: Date }>(
  ratings: readonly T[],
  limit: number,
): T[] {
  const mean = (r: T) => {
    const values = Object.values(r.scores);
    return { sum: values.reduce((a, b) => a + b, 0), n: Math.max(1, values.length) };
  };
  return [...ratings]
    .sort((a, b) => {
      const x = mean(a);
      const y = mean(b);
      return x.sum * y.n - y.sum * x.n || b.ratedAt.getTime() - a.ratedAt.getTime();
    })
    .slice(0, limit);
}

/** 'YYYY-MM' months: the `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The UTC instants a Shanghai month starts and ends at: [start, end). */
export function shanghaiMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? [y + 1, 1] : [y, m + 1];
  const at = (year: number, mon: number) => new Date(Date.UTC(year, mon - 1, 1) - 8 * 3600_000);
  return { from: at(y, m), to: at(next[0], next[1]) };
}

export function shanghaiMonthOf(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}
