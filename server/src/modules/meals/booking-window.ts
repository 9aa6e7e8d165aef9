/**
 * When a menu may be booked: from 00:00 `opensDaysAhead` days before the meal date until the
 * meal's cutoff time on the meal date, both in Asia/Shanghai. China has kept UTC+8 all year since
 * 1991, so a fixed offset states the community clock exactly.
 */
import type { Meal } from '@linli/shared';

const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 24 * 3600_000;

export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00${SHANGHAI_OFFSET}`);
}

export interface BookingWindow {
  opensAt: Date;
  cutoffAt: Date;
}

export function bookingWindow(
  settings: { opensDaysAhead: number; cutoffs: Record<Meal, string> },
  menu: { date: string; meal: Meal },
): BookingWindow {
  const midnight = shanghaiInstant(menu.date, '00:00');
  return {
    opensAt: new Date(midnight.getTime() - settings.opensDaysAhead * DAY_MS),
    cutoffAt: shanghaiInstant(menu.date, settings.cutoffs[menu.meal]),
  };
}

/** Dates 'YYYY-MM-DD' from `from`, `days` of them. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The community calendar's date at `instant`. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
