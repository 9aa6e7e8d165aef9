/** What the consultations module announces, after the write. Never a choice or a tally. */
import type { ConsultationStatus } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    'consultation.statusChanged': {
      consultationId: string;
      communityId: string;
      buildingIds: string[];
      status: ConsultationStatus;
    };
    /** A ballot was cast or entered: turnout moved (how many, not for what). */
    'consultation.ballotCast': {
      consultationId: string;
      communityId: string;
      buildingId: string;
      voted: number;
    };
    'consultation.reminded': {
      consultationId: string;
      communityId: string;
      title: string;
      userIds: string[];
    };
    'consultation.commented': { consultationId: string; communityId: string; commentId: string };
  }
}
