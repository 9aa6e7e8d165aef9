/**
 * Meals as an evaluation source: a booking is rateable once served, by the elder or whoever booked
 * it for them; its provider is the canteen, its community the one whose policy priced it.
 */
import type { EvaluationSource, ServedItem } from '../evaluations';
import type { BookingDoc } from './booking-model';
import type { BookingService } from './booking-service';

const MEAL_WORDS = { lunch: '午餐', dinner: '晚餐' } as const;

function servedItem(b: BookingDoc): ServedItem {
  return {
    itemId: String(b._id),
    raterIds: [...new Set([String(b.elderId), String(b.bookedBy)])],
    providerId: String(b.providerId),
    communityId: String(b.communityId),
    servedAt: b.servedAt ?? b.bookedAt,
    title: `${b.date} ${MEAL_WORDS[b.meal]}`,
    rateable: b.status === 'served' && b.servedAt !== undefined,
  };
}

export function mealsEvaluationSource(
  bookings: Pick<BookingService, 'find' | 'servedSince' | 'servedCount'>,
): EvaluationSource {
  return {
    service: 'meals',
    questions: [
      { key: 'taste', label: { 'zh-CN': '口味', en: 'taste' } },
      { key: 'portion', label: { 'zh-CN': '分量', en: 'portion' } },
      { key: 'onTime', label: { 'zh-CN': '准时', en: 'on time' } },
    ],
    async item(itemId) {
      const booking = await bookings.find(itemId);
      return booking ? servedItem(booking) : undefined;
    },
    async servedTo(userId, since) {
      return (await bookings.servedSince(userId, since)).map(servedItem);
    },
    servedCount: (communityId, from, to) => bookings.servedCount(communityId, from, to),
  };
}
