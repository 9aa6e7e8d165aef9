/**
 * Who may do what with consultations:
 * - a community's committee drafts, edits (drafts only), opens, closes and publishes its
 *   consultations, replies in discussions, enters paper ballots, sees turnout, non-voters and the
 *   audit export; to a committee of another community, and to operators, they do not exist (404);
 * - a resident sees the consultations of the communities they live in, once out of draft, when
 *   their home is in the audience (the whole community or the chosen buildings); comments and
 *   proposes during discussion; votes only where the roll frozen at opening lists them, or for an
 *   elder on that roll who confirmed them as carer;
 * - results: the committee once voting closes, residents once published; both throughout voting
 *   only when the consultation does not hide results.
 */
import type { ConsultationStatus } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';

export interface ConsultationFacts {
  communityId: string;
  buildingIds: readonly string[];
  status: ConsultationStatus;
  resultsHidden: boolean;
}

/** Consultations are a community's business: admins (who hold no community) do not run them. */
export const isCommitteeOf = (actor: Actor, communityId: string) => hasRole(actor, 'committee', communityId);

export function inAudience(actor: Actor, c: Pick<ConsultationFacts, 'communityId' | 'buildingIds'>): boolean {
  return actor.homes.some(
    (h) =>
      h.communityId === c.communityId && (c.buildingIds.length === 0 || c.buildingIds.includes(h.buildingId)),
  );
}

export function canSee(actor: Actor, c: ConsultationFacts): boolean {
  if (isCommitteeOf(actor, c.communityId)) return true;
  return c.status !== 'draft' && inAudience(actor, c);
}

export function canSeeResults(actor: Actor, c: ConsultationFacts): boolean {
  const committee = isCommitteeOf(actor, c.communityId);
  if (c.status === 'published') return committee || inAudience(actor, c);
  if (c.status === 'closed') return committee;
  if (c.status === 'voting') return !c.resultsHidden && (committee || inAudience(actor, c));
  return false;
}

/** Whether choices (counts or per-ballot) may leave the server for anyone at all yet. */
export const choicesMayShow = (c: Pick<ConsultationFacts, 'status' | 'resultsHidden'>) =>
  c.status === 'closed' || c.status === 'published' || (c.status === 'voting' && !c.resultsHidden);

export function canComment(actor: Actor, c: ConsultationFacts): boolean {
  return c.status === 'discussion' && inAudience(actor, c);
}

export function canReply(actor: Actor, c: ConsultationFacts): boolean {
  return (c.status === 'discussion' || c.status === 'voting') && isCommitteeOf(actor, c.communityId);
}
