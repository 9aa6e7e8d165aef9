/**
 * Who may do what with senior meals:
 * - a canteen's operators (grant operator with that providerId) run its settings, menus, roster,
 *   serving and settlement; to anyone else its staff views do not exist (404, nothing leaked);
 * - a community's committee sets its subsidy policy; its operators and residents read it;
 * - an elder books and cancels for themself, a confirmed carer for their elder, before the cutoff;
 *   after the cutoff only the canteen's operator cancels, giving a reason.
 * - an elder, or their confirmed carer, sets up, pauses, resumes and deletes the elder's standing
 *   orders; to anyone else they do not exist (404);
 * - a canteen's operators edit its menus, withdraw published ones (with a reason) and delete drafts.
 * The `actions` on each booking come from here, so the client shows only buttons that will work.
 */
import {
  BOOKING_TRANSITIONS,
  type BookingAction,
  type BookingStatus,
  type StandingOrderAction,
  type StandingOrderStatus,
} from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';

export function isOperatorOf(actor: Actor, providerId: string): boolean {
  return actor.grants.some((g) => g.role === 'operator' && g.providerId === providerId);
}

export function canEditSubsidyPolicy(actor: Actor, communityId: string): boolean {
  return hasRole(actor, 'committee', communityId);
}

export function canReadSubsidyPolicy(actor: Actor, communityId: string): boolean {
  return (
    canEditSubsidyPolicy(actor, communityId) ||
    hasRole(actor, 'operator', communityId) ||
    actor.homes.some((h) => h.communityId === communityId)
  );
}

export interface BookingFacts {
  providerId: string;
  status: BookingStatus;
  /** The actor is the elder or a confirmed carer of the elder. */
  actsForElder: boolean;
  cutoffPassed: boolean;
}

export function can(actor: Actor, action: BookingAction, booking: BookingFacts): boolean {
  const operator = isOperatorOf(actor, booking.providerId);
  switch (action) {
    case 'cancel':
      return (
        BOOKING_TRANSITIONS[booking.status].includes('cancelled') &&
        (operator || (booking.actsForElder && !booking.cutoffPassed))
      );
    case 'serve':
      return operator && BOOKING_TRANSITIONS[booking.status].includes('served');
    case 'markNoShow':
      return operator && BOOKING_TRANSITIONS[booking.status].includes('noShow');
  }
}

export function bookingActions(actor: Actor, booking: BookingFacts): BookingAction[] {
  return (['cancel', 'serve', 'markNoShow'] as const).filter((a) => can(actor, a, booking));
}

/** For someone who acts for the order's elder (others never see it). */
export function standingOrderActions(status: StandingOrderStatus): StandingOrderAction[] {
  return [status === 'active' ? 'pause' : 'resume', 'delete'];
}

export { authorize } from '../../platform/auth';
