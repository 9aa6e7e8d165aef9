/**
 * Who may do what with pledges, points and the convention:
 * - a community's committee runs its projects (create, edit, open, cancel, complete), records
 *   paper pledges, confirms goods and money received, checks volunteers in and out, sees who
 *   pledged; runs the points rules, the reward catalogue and redemption orders; publishes the
 *   convention and sees who signed. To staff of another community all of it does not exist (404).
 * - a verified resident (an approved household member) of the community sees its projects that
 *   are not drafts, pledges, withdraws their own pledge before the project activates, checks in
 *   with the slot's code, redeems rewards with their points and signs the convention.
 */
import type { PledgeAction, PledgeStatus, ProjectAction, ProjectStatus } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import { projectFlow } from './projects/flow';

export const isCommitteeOf = (actor: Actor, communityId: string) => hasRole(actor, 'committee', communityId);
export const isResidentOf = (actor: Actor, communityId: string) =>
  actor.homes.some((h) => h.communityId === communityId);

/** Drafts are the committee's; the rest is public to the community's residents. */
export function canSeeProject(
  actor: Actor,
  project: { communityId: string; status: ProjectStatus },
): boolean {
  if (isCommitteeOf(actor, project.communityId)) return true;
  return project.status !== 'draft' && isResidentOf(actor, project.communityId);
}

export const PLEDGING_STATUSES: readonly ProjectStatus[] = ['open', 'active'];
export const EDITABLE_STATUSES: readonly ProjectStatus[] = ['draft', 'open', 'active'];
/** Pledges whose pledger is told of a new version of the project (withdrawn and dropped are not). */
export const TOLD_OF_REVISION: PledgeStatus[] = ['pledged', 'conditional', 'fulfilled'];

export function projectActions(
  actor: Actor,
  project: { communityId: string; status: ProjectStatus; deadline: Date },
  now: Date,
): ProjectAction[] {
  const committee = isCommitteeOf(actor, project.communityId);
  const actions: ProjectAction[] = [];
  if (committee) {
    if (EDITABLE_STATUSES.includes(project.status)) actions.push('edit');
    for (const a of projectFlow.actionsFor(project.status, ['committee']))
      if (a === 'open' || a === 'cancel' || a === 'complete') actions.push(a);
  }
  const pledging = PLEDGING_STATUSES.includes(project.status) && now < project.deadline;
  if (pledging && isResidentOf(actor, project.communityId)) actions.push('pledge');
  if (pledging && committee) actions.push('recordPaperPledge');
  return actions;
}

export interface PledgeFacts {
  communityId: string;
  kind: 'money' | 'goods' | 'labour';
  status: PledgeStatus;
  mine: boolean;
  paper: boolean;
  projectStatus: ProjectStatus;
  checkedIn: boolean;
}

export function pledgeActions(actor: Actor, p: PledgeFacts): PledgeAction[] {
  const committee = isCommitteeOf(actor, p.communityId);
  const actions: PledgeAction[] = [];
  const withdrawable =
    p.status === 'conditional'
      ? PLEDGING_STATUSES.includes(p.projectStatus)
      : p.status === 'pledged' && p.projectStatus === 'open';
  if (withdrawable && (p.mine || (committee && p.paper))) actions.push('withdraw');
  const collecting = p.projectStatus === 'active' || p.projectStatus === 'done';
  if (committee && collecting && p.status === 'pledged') {
    if (p.kind === 'labour') actions.push(p.checkedIn ? 'checkOut' : 'checkIn');
    else actions.push('confirm');
  }
  return actions;
}

export { authorize } from '../../platform/auth';
