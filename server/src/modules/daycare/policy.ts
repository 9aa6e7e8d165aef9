/**
 * Who may do what with daycare:
 * - a centre's operators (grant operator with that providerId) run its settings, classes, visit
 *   slots and console, and act on enquiries made to it; to anyone else those staff views do not
 *   exist (404), and an enquiry still `prepared` (not yet confirmed by the parent) is not theirs;
 * - the guardian (the parent) sees and acts on their own enquiries; a confirmed carer of the parent
 *   (a grandparent) prepares one, sees it, and may withdraw it until the parent confirms;
 * - a community's committee sees counts of demand (by age band, by month), never a child's record;
 * - anyone signed in reads the centres serving their communities.
 * What each actor may do to an enquiry now comes from enquiryFlow with the roles below, so the
 * presenter's `actions` and the refusals agree.
 */
import type { EnquiryRole } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import type { EnquiryDoc } from './enquiries/model';

export function isOperatorOf(actor: Actor, providerId: string): boolean {
  return actor.grants.some((g) => g.role === 'operator' && g.providerId === providerId);
}

export function isCommitteeOf(actor: Actor, communityId: string): boolean {
  return hasRole(actor, 'committee', communityId);
}

/** The actor's relations to an enquiry; empty means it does not exist for them. */
export function rolesOn(
  actor: Actor,
  e: Pick<EnquiryDoc, 'guardianId' | 'preparedBy' | 'providerId' | 'status'>,
): EnquiryRole[] {
  const roles: EnquiryRole[] = [];
  if (String(e.guardianId) === actor.userId) roles.push('guardian');
  if (e.preparedBy && String(e.preparedBy) === actor.userId) roles.push('preparer');
  if (e.status !== 'prepared' && isOperatorOf(actor, String(e.providerId))) roles.push('centre');
  return roles;
}

export { authorize } from '../../platform/auth';
