/**
 * Pure helpers for the meals pages: money as integer fen (parsed from what a person types, never
 * through floating point), the community calendar (Asia/Shanghai, UTC+8 all year), menus grouped by
 * day, whether a menu is open for booking right now, and the pickup QR payload.
 */
import type { Meal, MealMode, MenuView } from '@linli/shared/meals';
import { MEALS } from '@linli/shared/meals';

/** The most the API accepts for one price or subsidy (100,000 yuan). */
export const MAX_FEN = 10_000_000;

/**
 * '12', '12.5', '12.50', '¥ 12.50' → 1250 fen; anything else (more than two decimals, a sign,
 * an exponent, an empty field, above MAX_FEN) → null. The string is split at the point and
 * read as two integers, so 0.1 + 0.2 style drift cannot happen.
 */
export function parseYuan(text: string): number | null {
  const match = /^[¥￥]?\s*(\d{1,6})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_FEN ? fen : null;
}

/** 1250 → '12.50' (no currency sign: for input fields). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1250 → '¥12.50'. */
export function formatFen(fen: number): string {
  return `¥${fenToYuanText(fen)}`;
}

const DAY_MS = 24 * 3600_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The community calendar's date at `now`, 'YYYY-MM-DD'. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** '2031-03' → '2031-04' (by `delta` months). */
export function shiftMonth(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Age in whole years on `onDate` (both 'YYYY-MM-DD'). */
export function ageOn(birthDate: string, onDate: string): number {
  const age = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

export interface DayMenus<M extends MenuView = MenuView> {
  date: string;
  /** Every canteen's menu for that meal, lunch before dinner; only meals that have one. */
  meals: { meal: Meal; menus: M[] }[];
}

/** Menus by date (earliest first), then by meal in the day's order. */
export function groupMenusByDay<M extends MenuView>(menus: readonly M[]): DayMenus<M>[] {
  const byDate = new Map<string, Map<Meal, M[]>>();
  for (const menu of menus) {
    const day = byDate.get(menu.date) ?? new Map<Meal, M[]>();
    byDate.set(menu.date, day);
    day.set(menu.meal, [...(day.get(menu.meal) ?? []), menu]);
  }
  return [...byDate.keys()].sort().map((date) => {
    const day = byDate.get(date)!;
    return {
      date,
      meals: MEALS.filter((meal) => day.has(meal)).map((meal) => ({ meal, menus: day.get(meal)! })),
    };
  });
}

export type Bookability =
  { open: true } | { open: false; reason: 'notOpenYet' | 'closed' | 'full' | 'draft' };

/**
 * Whether `menu` takes a booking in `mode` at `now`, as far as the menu itself tells: its window
 * and its remaining places. The server still decides (eligibility, a booking racing this one).
 */
export function bookability(menu: MenuView, now: Date, mode?: MealMode): Bookability {
  if (menu.status !== 'published') return { open: false, reason: 'draft' };
  if (now.getTime() < Date.parse(menu.opensAt)) return { open: false, reason: 'notOpenYet' };
  if (now.getTime() >= Date.parse(menu.cutoffAt)) return { open: false, reason: 'closed' };
  const seats = menu.remaining.seats > 0;
  const deliveries = menu.remaining.deliveries > 0;
  const hasPlace = mode === undefined ? seats || deliveries : mode === 'delivery' ? deliveries : seats;
  return hasPlace ? { open: true } : { open: false, reason: 'full' };
}

/** A mode with a place left, preferring `preferred` (the elder's last choice). */
export function defaultMode(menu: MenuView, preferred?: MealMode): MealMode {
  const has = (mode: MealMode) =>
    (mode === 'delivery' ? menu.remaining.deliveries : menu.remaining.seats) > 0;
  if (preferred && has(preferred)) return preferred;
  if (has('dine-in')) return 'dine-in';
  return has('delivery') ? 'delivery' : 'dine-in';
}

/**
 * What the canteen's scanner reads: the booking's `qrPayload` ('linli:meal:<bookingId>:<code>'),
 * or a pickup code typed or read on its own. Null for anything else.
 */
export function parsePickupInput(text: string): { pickupCode: string; bookingId?: string } | null {
  const trimmed = text.trim();
  if (/^\d{6}$/.test(trimmed)) return { pickupCode: trimmed };
  const match = /^linli:meal:([0-9a-f]{24}):(\d{6})$/i.exec(trimmed);
  return match ? { bookingId: match[1].toLowerCase(), pickupCode: match[2] } : null;
}

/**
 * A weekday chip tapped in the standing-order form: ISO weekdays (1 = Monday … 7 = Sunday), on
 * if it was off and off if it was on, always sorted and without repeats, which is what the API
 * accepts.
 */
export function toggleWeekday(days: readonly number[], day: number): number[] {
  if (!Number.isInteger(day) || day < 1 || day > 7) return [...days];
  const next = new Set(days.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
  if (next.has(day)) next.delete(day);
  else next.add(day);
  return [...next].sort((a, b) => a - b);
}

/** Shorthands for common sets of ISO weekdays, so the list reads 工作日 rather than 周一周二…周五. */
export function weekdaySet(days: readonly number[]): 'everyDay' | 'workdays' | 'weekend' | null {
  const key = [...new Set(days)].sort((a, b) => a - b).join(',');
  if (key === '1,2,3,4,5,6,7') return 'everyDay';
  if (key === '1,2,3,4,5') return 'workdays';
  if (key === '6,7') return 'weekend';
  return null;
}
