/** What the meals module announces, after the write. */
import type { BookingStatus, Meal } from '@linli/shared';

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

export {};
