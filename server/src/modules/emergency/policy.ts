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

export function can(actor: Actor, action: EmergencyAction, alert: AlertFacts): boolean {
  if (actor.userId === alert.personId) return false;
  switch (action) {
    case 'acknowledge':
      return alert.status === 'open' && (alert.actorIsCarer || isCommitteeWhoMaySee(actor, alert));
    case 'close':
      return alert.status !== 'closed' && isCommitteeWhoMaySee(actor, alert);
  }
}

export function alertActions(actor: Actor, alert: AlertFacts): EmergencyAction[] {
  return (['acknowledge', 'close'] as const).filter((a) => can(actor, a, alert));
}

/** Committee members of a community set its duty roster and escalation time. */
export function canManageDuty(actor: Actor, communityId: string): boolean {
  return hasRole(actor, 'committee', communityId);
}
