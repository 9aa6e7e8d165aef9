/**
 * What the consultations module needs from the rest of the house, as narrow interfaces: the
 * composition root passes the real services (communities, membership, identity, audit) and the
 * platform's scheduler and uploads.
 */
import type { MembershipRelation } from '@linli/shared';
import type { UploadService } from '../../platform/uploads';

export interface HouseholdFacts {
  id: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  areaCenti: number;
}

export interface ConsultationPorts {
  communities: {
    getCommunity(id: string): Promise<{ id: string; name: string }>;
    listBuildings(communityId: string): Promise<{ id: string; name: string; sortOrder: number }[]>;
    householdsOf(communityId: string): Promise<HouseholdFacts[]>;
    getHousehold(id: string): Promise<HouseholdFacts>;
    /** Corrects a unit's registered exclusive area, given exactly as '89.50'. */
    setHouseholdArea(id: string, area: string): Promise<HouseholdFacts>;
  };
  memberships: {
    approvedInCommunity(
      communityId: string,
    ): Promise<{ userId: string; householdId: string; buildingId: string; relation: MembershipRelation }[]>;
  };
  carerLinks: {
    isConfirmedCarer(carerId: string, elderId: string): Promise<boolean>;
    eldersOf(carerId: string): Promise<string[]>;
  };
  users: {
    getUsers(
      ids: readonly string[],
    ): Promise<Map<string, { id: string; displayName: string; phone?: string }>>;
  };
  audit: {
    record(entry: {
      actorId: string;
      action: string;
      subjectUserId?: string;
      communityId: string;
      target: { kind: string; id: string };
      before: unknown;
      after: unknown;
    }): Promise<unknown>;
  };
}

/** The platform scheduler's contract (platform/scheduler), as far as this module uses it. */
export interface SchedulerPort {
  handle(
    kind: string,
    handler: (job: { key: string; payload: Record<string, unknown> }) => Promise<void>,
  ): void;
  schedule(job: { kind: string; key: string; dueAt: Date; payload?: Record<string, unknown> }): Promise<void>;
  cancel(kind: string, key: string): Promise<void>;
}

/** The platform uploads, as far as this module uses them. */
export type UploadsPort = Pick<
  UploadService,
  'attach' | 'registerAccess' | 'present' | 'removeFor' | 'removeSome'
>;
