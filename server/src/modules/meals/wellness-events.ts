/** What the meals module announces about wellness alerts, after the write. */
import type { WellnessAlertStatus } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    /** Raised (status 'open') when a delivery found nobody answering; again when acknowledged. */
    'meal.wellnessAlert': {
      alertId: string;
      elderId: string;
      bookingId: string;
      communityId: string;
      status: WellnessAlertStatus;
      raisedAt: Date;
    };
  }
}

export {};
