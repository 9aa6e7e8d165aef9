/**
 * Who may do what with memberships, carer links and residents' tags:
 * - a committee member decides membership requests and sets tags only in their own community;
 * - a resident sees and leaves their own memberships;
 * - a carer link is confirmed or rejected by the elder, or by a committee member of the elder's
 *   community; either the carer or the elder may revoke it.
 * The `actions` in each view come from here, so the client shows only buttons that will work.
 */
import type { CarerLinkAction, MembershipAction, MembershipStatus, CarerLinkStatus } from '@linli/shared';
import { hasRole, isAdmin } from '../../platform/auth';
import type { Actor } from '../../platform/context';

export interface MembershipFacts {
  userId: string;
  communityId: string;
  status: MembershipStatus;
}

export type MembershipPolicyAction = MembershipAction | 'read';

export function canOnMembership(actor: Actor, action: MembershipPolicyAction, m: MembershipFacts): boolean {
  const isCommittee = hasRole(actor, 'committee', m.communityId);
  switch (action) {
    case 'read':
      return actor.userId === m.userId || isCommittee || isAdmin(actor);
    case 'approve':
    case 'reject':
      return m.status === 'pending' && isCommittee;
    case 'leave':
      return actor.userId === m.userId && m.status !== 'rejected';
  }
}

export function membershipActions(actor: Actor, m: MembershipFacts): MembershipAction[] {
  return (['approve', 'reject', 'leave'] as const).filter((a) => canOnMembership(actor, a, m));
}

export interface CarerLinkFacts {
  carerId: string;
  elderId: string;
  communityIds: readonly string[];
  status: CarerLinkStatus;
}

export type CarerLinkPolicyAction = CarerLinkAction | 'read';

export function isCommitteeForElder(actor: Actor, link: Pick<CarerLinkFacts, 'communityIds'>): boolean {
  return link.communityIds.some((id) => hasRole(actor, 'committee', id));
}

export function canOnCarerLink(actor: Actor, action: CarerLinkPolicyAction, link: CarerLinkFacts): boolean {
  const party = actor.userId === link.carerId || actor.userId === link.elderId;
  switch (action) {
    case 'read':
      return party || isCommitteeForElder(actor, link) || isAdmin(actor);
    case 'confirm':
    case 'reject':
      return link.status === 'pending' && (actor.userId === link.elderId || isCommitteeForElder(actor, link));
    case 'revoke':
      return party && (link.status === 'pending' || link.status === 'confirmed');
  }
}

export function carerLinkActions(actor: Actor, link: CarerLinkFacts): CarerLinkAction[] {
  return (['confirm', 'reject', 'revoke'] as const).filter((a) => canOnCarerLink(actor, a, link));
}

/** Tags are set by the committee of a community the resident lives in. */
export function canSetTags(actor: Actor, communityId: string): boolean {
  return hasRole(actor, 'committee', communityId);
}

export function canListInCommunity(actor: Actor, communityId: string): boolean {
  return isAdmin(actor) || hasRole(actor, 'committee', communityId);
}

export { authorize } from '../../platform/auth';
