/**
 * What the consultations module needs from the rest of the house, as narrow interfaces: the
 * composition root passes the real services (communities, membership, identity, audit) and the
 * platform's scheduler and uploads.
 */
import type { MembershipRelation } from '@linli/shared';
import type { Actor } from '../../platform/context';

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

/** The platform uploads' contract (platform/uploads), as far as this module uses it. */
export interface UploadRef {
  id: string;
  width: number;
  height: number;
}
export interface UploadsPort {
  attach(
    actor: Actor,
    uploadIds: readonly string[],
    owner: { kind: string; recordId: string },
  ): Promise<UploadRef[]>;
  registerAccess(kind: string, canSee: (actor: Actor, recordId: string) => Promise<boolean>): void;
  present(refs: readonly UploadRef[]): (UploadRef & { url: string; thumbUrl: string })[];
  removeFor(owner: { kind: string; recordId: string }): Promise<void>;
}
