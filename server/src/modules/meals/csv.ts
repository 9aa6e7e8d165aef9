import {
  MEAL_NAMES,
  type BookingStatus,
  type DeliveryOutcome,
  type MealMode,
  type Meal,
  type ResidentTag,
} from '@linli/shared';
import { TAG_LABELS } from './pricing';

export { toCsv } from '../../platform/csv';

/** Money in fen as yuan with two decimals, for people reading the sheet. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Codes as the people reading the sheet say them (the canteen's staff, the civil-affairs office):
 * the API speaks codes, a spreadsheet speaks Chinese.
 */
const MODE_WORDS: Record<MealMode, string> = { 'dine-in': '堂食', pickup: '自取', delivery: '送餐' };
const STATUS_WORDS: Record<BookingStatus, string> = {
  booked: '已预订',
  served: '已取餐',
  noShow: '未到',
  cancelled: '已取消',
};
const OUTCOME_WORDS: Record<DeliveryOutcome, string> = { delivered: '已送达', nobodyAnswered: '无人应答' };

export const inWords = {
  meal: (meal: Meal) => MEAL_NAMES[meal]['zh-CN'],
  mode: (mode: MealMode) => MODE_WORDS[mode],
  status: (status: BookingStatus) => STATUS_WORDS[status],
  outcome: (outcome: DeliveryOutcome | undefined) => (outcome ? OUTCOME_WORDS[outcome] : ''),
  tags: (tags: readonly ResidentTag[]) => tags.map((tag) => TAG_LABELS[tag]).join(' '),
};
