/** What the membership module announces, after the write. */
import type { CarerLinkStatus, MembershipStatus, ResidentTag } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    'membership.requested': {
      membershipId: string;
      userId: string;
      householdId: string;
      communityId: string;
    };
    'membership.decided': {
      membershipId: string;
      userId: string;
      householdId: string;
      communityId: string;
      status: MembershipStatus;
      reason?: string;
      decidedBy: string;
    };
    'membership.left': { membershipId: string; userId: string; householdId: string; communityId: string };
    'carerLink.changed': { carerLinkId: string; carerId: string; elderId: string; status: CarerLinkStatus };
    'resident.tagsChanged': { userId: string; communityId: string; tags: ResidentTag[] };
  }
}

export {};
