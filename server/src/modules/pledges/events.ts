/** What the pledges module announces, after the write. */
import type { PledgeStatus, ProjectStatus, RedemptionStatus } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    /** Something pledged or received on a project changed, or its state did. */
    'pledge.progress': { projectId: string; communityId: string; status: ProjectStatus };
    /** Pledgers to tell: the project moved, was revised (a new version), or their pledge changed. */
    'pledge.pledgersTold': {
      projectId: string;
      userIds: string[];
      status: ProjectStatus | PledgeStatus;
      pledgeId?: string;
      version?: number;
      reason?: string;
    };
    'points.changed': { userId: string; communityId: string; balance: number };
    'points.redemptionChanged': { userId: string; redemptionId: string; status: RedemptionStatus };
    'convention.published': {
      communityId: string;
      versionId: string;
      version: number;
      earlierSigners: string[];
    };
    /** A resident signed a version: the committee's signature map refetches. */
    'convention.signed': { communityId: string; versionId: string; householdId: string };
    /** A resident placed a redemption order: the committee's orders page refetches. */
    'points.redemptionPlaced': { communityId: string; redemptionId: string };
  }
}

export {};
