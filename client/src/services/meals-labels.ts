/** How meals things are named on screen, in the current language. */
import type { LocalizedText } from '@linli/shared/i18n';
import type { ResidentTag } from '@linli/shared/identity';
import type { RealtimeEvents } from '@linli/shared/realtime';
import type {
  BookingStatus,
  DishTag,
  Meal,
  MealMode,
  ServingHours,
  SubsidyPolicyView,
} from '@linli/shared/meals';
import { getLocale, t, type MessageKey } from '../i18n';
import { addDays, formatFen, weekdayOf, weekdaySet } from './meals-format';

const MEAL_KEYS: Record<Meal, MessageKey> = { lunch: 'mealLunch', dinner: 'mealDinner' };
const MODE_KEYS: Record<MealMode, MessageKey> = {
  'dine-in': 'mealModeDineIn',
  pickup: 'mealModePickup',
  delivery: 'mealModeDelivery',
};
const TAG_KEYS: Record<DishTag, MessageKey> = {
  soft: 'mealTagSoft',
  'low-salt': 'mealTagLowSalt',
  'low-sugar': 'mealTagLowSugar',
};
const STATUS_KEYS: Record<BookingStatus, MessageKey> = {
  booked: 'mealStatusBooked',
  served: 'mealStatusServed',
  noShow: 'mealStatusNoShow',
  cancelled: 'mealStatusCancelled',
};
const RESIDENT_TAG_KEYS: Record<ResidentTag, MessageKey> = {
  livingAlone: 'residentTagLivingAlone',
  lowIncome: 'residentTagLowIncome',
  disability: 'residentTagDisability',
};
const WEEKDAY_KEYS: MessageKey[] = [
  'mealsWeekday0',
  'mealsWeekday1',
  'mealsWeekday2',
  'mealsWeekday3',
  'mealsWeekday4',
  'mealsWeekday5',
  'mealsWeekday6',
];

export const mealName = (meal: Meal) => t(MEAL_KEYS[meal]);
export const modeName = (mode: MealMode) => t(MODE_KEYS[mode]);
export const dishTagName = (tag: DishTag) => t(TAG_KEYS[tag]);
export const statusName = (status: BookingStatus) => t(STATUS_KEYS[status]);
export const residentTagName = (tag: ResidentTag) => t(RESIDENT_TAG_KEYS[tag]);

/** '3月5日 周三', with 今天 / 明天 in front when it is. */
export function dayLabel(date: string, today: string): string {
  const label = t('mealsDayLabel', {
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    weekday: t(WEEKDAY_KEYS[weekdayOf(date)]),
  });
  if (date === today) return `${t('mealsToday')} ${label}`;
  if (date === addDays(today, 1)) return `${t('mealsTomorrow')} ${label}`;
  return label;
}

/** Short form for sentences: 明天 / 今天 / 3月5日 周三. */
export function shortDay(date: string, today: string): string {
  if (date === today) return t('mealsToday');
  if (date === addDays(today, 1)) return t('mealsTomorrow');
  return dayLabel(date, today);
}

/** The community's subsidies in one line; null when there are none. */
export function policySummary(policy: SubsidyPolicyView): string | null {
  const items = [
    ...policy.ageTiers
      .filter((tier) => tier.subsidyFen > 0)
      .map((tier) =>
        tier.maxAge === undefined
          ? t('mealsPolicyTierOpen', { min: tier.minAge, amount: formatFen(tier.subsidyFen) })
          : t('mealsPolicyTier', { min: tier.minAge, max: tier.maxAge, amount: formatFen(tier.subsidyFen) }),
      ),
    ...Object.entries(policy.tagExtras)
      .filter(([, fen]) => (fen ?? 0) > 0)
      .map(([tag, fen]) =>
        t('mealsPolicyTag', { tag: residentTagName(tag as ResidentTag), amount: formatFen(fen ?? 0) }),
      ),
  ];
  if (items.length === 0) return null;
  if (policy.monthlyCapFen > 0) items.push(t('mealsPolicyCap', { amount: formatFen(policy.monthlyCapFen) }));
  return t('mealsPolicyLine', { items: items.join(getLocale() === 'en' ? ', ' : '，') });
}

/** For a row of date chips: 今天 / 明天 / 24日周二. */
export function chipDay(date: string, today: string): string {
  if (date === today) return t('mealsToday');
  if (date === addDays(today, 1)) return t('mealsTomorrow');
  return t('mealsChipDay', { day: Number(date.slice(8, 10)), weekday: t(WEEKDAY_KEYS[weekdayOf(date)]) });
}

/** ISO weekday (1 = Monday … 7 = Sunday) → 周一 / Mon. */
export const isoWeekdayName = (day: number) => t(WEEKDAY_KEYS[day % 7]);

const WEEKDAY_SET_KEYS = {
  everyDay: 'mealsEveryDay',
  workdays: 'mealsWorkdays',
  weekend: 'mealsWeekend',
} as const satisfies Record<string, MessageKey>;

/** [1,3,5] → '周一、周三、周五'; [1..5] → '工作日'. */
export function weekdaysText(days: readonly number[]): string {
  const set = weekdaySet(days);
  if (set) return t(WEEKDAY_SET_KEYS[set]);
  return [...days]
    .sort((a, b) => a - b)
    .map(isoWeekdayName)
    .join(getLocale() === 'en' ? ', ' : '、');
}

/** Text the server sent in both languages, in the reader's. */
export const localized = (text: LocalizedText) => text[getLocale()];

const dateOnly = (date: string) =>
  t('mealsDayLabel', {
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    weekday: t(WEEKDAY_KEYS[weekdayOf(date)]),
  });

/** The notice line for a day a standing order could not book. */
export function skippedLine(skip: RealtimeEvents['meal.standingOrderSkipped']): string {
  return t('standingSkipped', {
    date: dateOnly(skip.date),
    meal: mealName(skip.meal),
    reason: localized(skip.reason),
  });
}

export function menuChangedLine(change: RealtimeEvents['meal.menuChanged']): string {
  return t('mealsMenuChanged', { date: dateOnly(change.date), meal: mealName(change.meal) });
}

/** When a canteen serves lunch and dinner, in one line: 午餐 11:00–12:30，晚餐 17:00–18:00. */
export function servingHoursText(hours: ServingHours): string {
  const span = (s: { from: string; to: string }) => `${s.from}–${s.to}`;
  return t('mealsCanteenHours', { lunch: span(hours.lunch), dinner: span(hours.dinner) });
}
