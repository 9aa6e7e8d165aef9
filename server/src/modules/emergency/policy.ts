/**
 * Who may see and act on an emergency alert:
 * - the person who called sees it (and never acknowledges or closes their own call);
 * - their confirmed carers see it and may acknowledge it ("I am on the way");
 * - committee members of the alert's community on the duty roster see it, acknowledge and close it;
 * - other committee members of that community see it once it has escalated, or once they were told
 *   (the escalation reaches the whole committee when nobody is on duty), and may then close it;
 * - anyone else, staff of other communities and carers of other people included: it does not exist
 *   (404, nothing leaked).
 * The `actions` on each alert come from here, so the client shows only buttons that will work.
 */
import type { EmergencyAction, EmergencyAlertStatus } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import { emergencyFlow, type EmergencyRole } from './workflow';

export function isOnDuty(actor: Actor, communityId: string): boolean {
  return actor.grants.some((g) => g.role === 'committee' && g.communityId === communityId && g.duty === true);
}

export interface AlertFacts {
  personId: string;
  communityId: string;
  status: EmergencyAlertStatus;
  escalated: boolean;
  /** User ids told of it so far. */
  told: readonly string[];
  /** The actor is a confirmed carer of the person. */
  actorIsCarer: boolean;
}

function isCommitteeWhoMaySee(actor: Actor, alert: AlertFacts): boolean {
  return (
    hasRole(actor, 'committee', alert.communityId) &&
    (isOnDuty(actor, alert.communityId) || alert.escalated || alert.told.includes(actor.userId))
  );
}

export function canSee(actor: Actor, alert: AlertFacts): boolean {
  return actor.userId === alert.personId || alert.actorIsCarer || isCommitteeWhoMaySee(actor, alert);
}

/** The actor's relations to the call, as the workflow's roles. */
export function rolesFor(actor: Actor, alert: AlertFacts): EmergencyRole[] {
  if (actor.userId === alert.personId) return [];
  const roles: EmergencyRole[] = [];
  if (alert.actorIsCarer) roles.push('carer');
  if (isCommitteeWhoMaySee(actor, alert)) roles.push('staff');
  return roles;
}

export function can(actor: Actor, action: EmergencyAction, alert: AlertFacts): boolean {
  return emergencyFlow.can(alert.status, action, rolesFor(actor, alert));
}

export function alertActions(actor: Actor, alert: AlertFacts): EmergencyAction[] {
  return emergencyFlow.actionsFor(alert.status, rolesFor(actor, alert));
}

/** Committee members of a community set its duty roster and escalation time. */
export function canManageDuty(actor: Actor, communityId: string): boolean {
  return hasRole(actor, 'committee', communityId);
}
