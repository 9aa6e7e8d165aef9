/**
 * Which class a child belongs in on a date. Only the birth month is kept, and age counts as if the
 * child were born on the 1st of it (shared `ageInMonths`): born 2030-09, the child is 11 months on
 * 2031-08-31 and 12 months, a toddler, on 2031-09-01. A class takes a child whose age is in
 * [minMonths, maxMonths) of its band; a band-specific class is preferred over a mixed one, then
 * the one with most free places.
 */
import { AGE_BAND_RULES, ageInMonths, type AgeBand } from '@linli/shared';

export interface ClassLike {
  band: AgeBand;
  capacity: number;
  taken: number;
}

export const fitsBand = (band: AgeBand, months: number) =>
  months >= AGE_BAND_RULES[band].minMonths && months < AGE_BAND_RULES[band].maxMonths;

/** The narrow band (infant, toddler, older toddler) for an age, or null outside 6–36 months. */
export function bandForAge(months: number): AgeBand | null {
  return (['infant', 'toddler', 'olderToddler'] as const).find((b) => fitsBand(b, months)) ?? null;
}

export function classFor<C extends ClassLike>(
  classes: readonly C[],
  birthMonth: string,
  onDate: string,
  centreRange: { min: number; max: number },
): C | undefined {
  const months = ageInMonths(birthMonth, onDate);
  if (months < centreRange.min || months >= centreRange.max) return undefined;
  const fitting = classes.filter((c) => fitsBand(c.band, months));
  return fitting.sort(
    (a, b) =>
      Number(a.band === 'mixed') - Number(b.band === 'mixed') ||
      b.capacity - b.taken - (a.capacity - a.taken),
  )[0];
}

/** Whether a child born in `birthMonth` is still of the class's band on the 1st of `month`. */
export const stillInBand = (band: AgeBand, birthMonth: string, month: string) =>
  ageInMonths(birthMonth, `${month}-01`) < AGE_BAND_RULES[band].maxMonths;
