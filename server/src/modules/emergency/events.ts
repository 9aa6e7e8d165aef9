/** What the emergency module announces, after the write. */
import type { EmergencyAlertStatus } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    'emergency.alertChanged': {
      alertId: string;
      personId: string;
      communityId: string;
      status: EmergencyAlertStatus;
      escalated: boolean;
      change: 'raised' | 'pressedAgain' | 'escalated' | 'acknowledged' | 'closed';
      raisedAt: Date;
      /** Told by this change (raised, escalated): they get a WeChat message where they granted one. */
      newlyTold: string[];
      /** The person and everyone told so far: all of them hear of the change live. */
      audience: string[];
    };
  }
}

export {};
