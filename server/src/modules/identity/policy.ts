/**
 * Who may see what of a person. Phone numbers are the sensitive part: shown in full only to the
 * person, to platform admins, and to staff working in a community the person belongs to.
 */
import type { Actor } from '../../platform/context';
import { isAdmin } from '../../platform/auth';

export interface PhoneSubject {
  userId: string;
  /** Communities the subject has a home in. */
  communityIds: readonly string[];
}

const COMMUNITY_STAFF_ROLES = new Set(['committee', 'operator', 'technician']);

export function canSeeFullPhone(viewer: Actor, subject: PhoneSubject): boolean {
  if (viewer.userId === subject.userId) return true;
  if (isAdmin(viewer)) return true;
  return viewer.grants.some(
    (grant) =>
      COMMUNITY_STAFF_ROLES.has(grant.role) &&
      'communityId' in grant &&
      subject.communityIds.includes(grant.communityId),
  );
}

/** Admin actions on staff accounts that could lock the platform out are refused. */
export function canChangeGrantsOf(
  viewer: Actor,
  targetUserId: string,
  newGrants: readonly { role: string }[],
): boolean {
  const removesOwnAdmin =
    viewer.userId === targetUserId && !newGrants.some((grant) => grant.role === 'admin');
  return isAdmin(viewer) && !removesOwnAdmin;
}
