/** Community-calendar dates and months (Asia/Shanghai, UTC+8 all year since 1991). */
const DAY_MS = 24 * 3600_000;

export const shanghaiDate = (instant: Date) =>
  new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
export const shanghaiInstant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** 'YYYY-MM' `n` months after `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const monthOf = (date: string) => date.slice(0, 7);
export const firstOf = (month: string) => `${month}-01`;

const MONTH_NAMES_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export function monthWords(month: string, locale: 'zh-CN' | 'en', withYear: boolean): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (locale === 'zh-CN') return withYear ? `${y}年${m}月` : `${m}月`;
  return withYear ? `${MONTH_NAMES_EN[m - 1]} ${y}` : MONTH_NAMES_EN[m - 1]!;
}
