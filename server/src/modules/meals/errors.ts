/** The meals module's own refusals, each with words a person can act on. */
import { ErrorCode, type LocalizedText } from '@linli/shared';
import { AppError } from '../../platform/errors';

const MODE_WORDS = {
  seats: { 'zh-CN': '堂食/自取', en: 'dine-in/pickup' },
  deliveries: { 'zh-CN': '送餐', en: 'delivery' },
} as const;

export const SlotFull = (kind: 'seats' | 'deliveries', remaining: { seats: number; deliveries: number }) =>
  new AppError(ErrorCode.MEAL_SLOT_FULL, `meal slot has no ${kind} left`, {
    params: { mode: MODE_WORDS[kind] },
    details: { remaining },
  });

export const BookingClosed = (reason: LocalizedText, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.MEAL_BOOKING_CLOSED, `booking closed: ${reason.en}`, {
    params: { reason },
    details,
  });

export const NotEligible = (reason: LocalizedText) =>
  new AppError(ErrorCode.MEAL_NOT_ELIGIBLE, `not eligible: ${reason.en}`, { params: { reason } });

export const AlreadyBooked = () =>
  new AppError(ErrorCode.MEAL_ALREADY_BOOKED, 'elder already booked this menu');
