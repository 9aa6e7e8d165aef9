/**
 * Residents' tags (living alone, low income, disability) drive meal subsidies and notices. Only the
 * committee of a community the resident lives in sets them, and every change is audited.
 */
import type { ResidentTag } from '@linli/shared';
import { NotFound } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import type { MembershipService } from './membership-service';
import type { UserDirectory } from './users-port';
import './events';

export interface ResidentTagDeps {
  users: UserDirectory;
  memberships: Pick<MembershipService, 'isApprovedIn'>;
  audit: AuditService;
  events: DomainEventBus;
}

export function createResidentTagService({ users, memberships, audit, events }: ResidentTagDeps) {
  return {
    async setTags(
      actorId: string,
      input: { userId: string; communityId: string; tags: readonly ResidentTag[] },
    ): Promise<{ userId: string; tags: ResidentTag[] }> {
      // Not a resident of this community (or no such user): the same answer, so nothing leaks.
      const user = await users.getUser(input.userId);
      if (!user || user.deleted || !(await memberships.isApprovedIn(input.userId, input.communityId))) {
        throw NotFound('resident');
      }
      const before = [...user.tags].sort();
      const updated = await users.setTags(input.userId, [...new Set(input.tags)]);
      const after = [...updated.tags].sort();
      await audit.record({
        actorId,
        action: 'resident.setTags',
        subjectUserId: input.userId,
        communityId: input.communityId,
        target: { kind: 'user', id: input.userId },
        before: { tags: before },
        after: { tags: after },
      });
      void events.emit('resident.tagsChanged', {
        userId: input.userId,
        communityId: input.communityId,
        tags: after,
      });
      return { userId: input.userId, tags: after };
    },
  };
}

export type ResidentTagService = ReturnType<typeof createResidentTagService>;
