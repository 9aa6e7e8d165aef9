/**
 * Who may do what with notices:
 * - committee members of a community and operators of a provider serving it publish there, see
 *   that community's notices with read counts and who has not read them;
 * - the publisher withdraws their own notice, and so may the community's committee (the body
 *   answerable for what the community is told);
 * - a resident reads a notice only while its audience includes them (otherwise it does not exist
 *   for them: 404, never 403).
 * The `actions` in each view come from here, so the client shows only buttons that will work.
 */
import type { NoticeAction, NoticeStatus } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';

export const PUBLISHER_ROLES = ['committee', 'operator'] as const;

export interface NoticeFacts {
  communityId: string;
  status: NoticeStatus;
  publishedBy: string;
}

export type NoticePolicyAction = NoticeAction | 'manage';

/** May publish in, and manage the notices of, this community. */
export function isPublisherIn(actor: Actor, communityId: string): boolean {
  return PUBLISHER_ROLES.some((role) => hasRole(actor, role, communityId));
}

export function can(actor: Actor, action: NoticePolicyAction, notice: NoticeFacts): boolean {
  switch (action) {
    case 'manage':
      return isPublisherIn(actor, notice.communityId);
    case 'withdraw':
      return (
        notice.status === 'published' &&
        isPublisherIn(actor, notice.communityId) &&
        (notice.publishedBy === actor.userId || hasRole(actor, 'committee', notice.communityId))
      );
  }
}

export function noticeActions(actor: Actor, notice: NoticeFacts): NoticeAction[] {
  return (['withdraw'] as const).filter((action) => can(actor, action, notice));
}

export { authorize } from '../../platform/auth';
