/** What the meals module announces, after the write. */
import type { BookingStatus, Meal } from '@linli/shared';
import type { BookingDoc } from './booking-model';

declare module '../domain-events' {
  interface DomainEvents {
    'meal.bookingChanged': {
      bookingId: string;
      menuId: string;
      providerId: string;
      date: string;
      meal: Meal;
      elderId: string;
      bookedBy: string;
      status: BookingStatus;
      reason?: string;
    };
  }
}

/** The `meal.bookingChanged` payload for a booking as it now is, from every path that moves one. */
export function bookingChanged(booking: BookingDoc, reason?: string) {
  return {
    bookingId: String(booking._id),
    menuId: String(booking.menuId),
    providerId: String(booking.providerId),
    date: booking.date,
    meal: booking.meal,
    elderId: String(booking.elderId),
    bookedBy: String(booking.bookedBy),
    status: booking.status,
    ...(reason ? { reason } : {}),
  };
}
