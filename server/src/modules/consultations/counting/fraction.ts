/**
 * Exact comparisons against a fraction of a whole: value / whole ⋛ n / d is decided as
 * value · d ⋛ n · whole in BigInt, so no rounding ever moves a boundary (an area total of
 * 9,007,199,254,740,993 hundredths of a m² would still compare right, however unlikely).
 */
import type { Threshold } from '@linli/shared';

const big = (n: number) => BigInt(n);

/** Whether `value` out of `whole` meets the threshold ("at least" includes the boundary). */
export function meets(value: number, whole: number, threshold: Threshold): boolean {
  const lhs = big(value) * big(threshold.fraction.denominator);
  const rhs = big(threshold.fraction.numerator) * big(whole);
  return threshold.comparison === 'atLeast' ? lhs >= rhs : lhs > rhs;
}

/** The least whole-number value out of `whole` that meets the threshold. */
export function leastMeeting(whole: number, threshold: Threshold): number {
  const n = big(threshold.fraction.numerator) * big(whole);
  const d = big(threshold.fraction.denominator);
  const floor = n / d;
  const least = threshold.comparison === 'atLeast' ? (n % d === 0n ? floor : floor + 1n) : floor + 1n;
  return Number(least);
}

/** How much more than `value` is needed to meet the threshold; 0 once it is met. */
export function missingToMeet(value: number, whole: number, threshold: Threshold): number {
  return meets(value, whole, threshold) ? 0 : leastMeeting(whole, threshold) - value;
}
