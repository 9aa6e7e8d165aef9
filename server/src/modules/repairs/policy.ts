/**
 * Who may do what with repairs.
 *
 * Categories: managed by the committee of the community, or by an operator of the property team
 * the category is (or is to be) handled by in that community: the committee decides what residents
 * can report and which team takes it; a team runs its own categories day to day. Read by the
 * community's residents and staff.
 *
 * Tickets (every rule here has a test in authorization.test.ts):
 * - the reporter sees their own tickets; residents of the community see its public-area tickets,
 *   with the reporter's name hidden; nobody else sees an in-home ticket but the team's operators
 *   and the technician it is assigned to;
 * - the team's operators (grant operator with the ticket's providerId and communityId) see and run
 *   all the team's tickets in that community; its technicians see the ones assigned to them and
 *   those open to claim; the committee of the community sees its tickets (it is escalated to when
 *   one is overdue) but not the photos of in-home ones;
 * - staff of another community or team see nothing: to them the ticket does not exist (404).
 * Moves are the workflow's (tickets/flow.ts) by the roles the actor holds on the ticket.
 */
import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/auth';
import type { TicketRole } from './tickets/flow';
import type { TicketDoc } from './tickets/model';

export function isTeamOperator(actor: Actor, communityId: string, providerId: string): boolean {
  return actor.grants.some(
    (g) => g.role === 'operator' && g.communityId === communityId && g.providerId === providerId,
  );
}

export function isTeamTechnician(actor: Actor, communityId: string, providerId: string): boolean {
  return actor.grants.some(
    (g) => g.role === 'technician' && g.communityId === communityId && g.providerId === providerId,
  );
}

export const isCommittee = (actor: Actor, communityId: string) => hasRole(actor, 'committee', communityId);
export const livesIn = (actor: Actor, communityId: string) =>
  actor.homes.some((h) => h.communityId === communityId);

export function canManageCategory(actor: Actor, communityId: string, providerId: string): boolean {
  return isCommittee(actor, communityId) || isTeamOperator(actor, communityId, providerId);
}

export function canReadCategories(actor: Actor, communityId: string): boolean {
  return (
    livesIn(actor, communityId) ||
    isCommittee(actor, communityId) ||
    actor.grants.some(
      (g) => (g.role === 'operator' || g.role === 'technician') && g.communityId === communityId,
    )
  );
}

type TicketFacts = Pick<
  TicketDoc,
  'communityId' | 'providerId' | 'area' | 'reporterId' | 'assigneeId' | 'open' | 'status'
>;

const CLAIMABLE = new Set(['submitted', 'accepted', 'reopened']);
export const isClaimable = (t: Pick<TicketDoc, 'status' | 'assigneeId'>) =>
  CLAIMABLE.has(t.status) && !t.assigneeId;

/** The actor's relations to this ticket, as workflow roles. */
export function rolesOn(actor: Actor, t: TicketFacts): TicketRole[] {
  const community = String(t.communityId);
  const team = String(t.providerId);
  const roles: TicketRole[] = [];
  if (t.reporterId && String(t.reporterId) === actor.userId) roles.push('reporter');
  if (isTeamOperator(actor, community, team)) roles.push('operator');
  if (isTeamTechnician(actor, community, team)) {
    if (t.assigneeId && String(t.assigneeId) === actor.userId) roles.push('assignee');
    else if (isClaimable(t)) roles.push('technician');
  }
  return roles;
}

export interface Sight {
  /** May see the ticket at all. */
  visible: boolean;
  /** Sees the people on it (reporter's name, who made each move). */
  names: boolean;
  /** Sees its photos. */
  photos: boolean;
}

export function sightOf(actor: Actor, t: TicketFacts, meToo = false): Sight {
  const roles = rolesOn(actor, t);
  const community = String(t.communityId);
  const involved = roles.includes('reporter') || roles.includes('operator') || roles.includes('assignee');
  if (involved) return { visible: true, names: true, photos: true };
  if (roles.includes('technician')) return { visible: true, names: true, photos: t.area === 'public' };
  if (isCommittee(actor, community)) return { visible: true, names: true, photos: t.area === 'public' };
  if (t.area === 'public' && (livesIn(actor, community) || meToo))
    return { visible: true, names: false, photos: true };
  return { visible: false, names: false, photos: false };
}
