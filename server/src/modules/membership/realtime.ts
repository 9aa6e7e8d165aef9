/**
 * Tells people live what was decided about them: the applicant when their membership is decided,
 * both sides when a carer link changes. Payloads are small; clients refetch what they show.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import type { DomainEventBus } from '../domain-events';
import './events';

export function deliverMembershipEvents(events: DomainEventBus, realtime: RealtimeDelivery): void {
  events.on('membership.decided', ({ membershipId, userId, householdId, status, reason }) =>
    realtime.toUsers([userId], 'membership.decided', {
      membershipId,
      householdId,
      status,
      ...(reason ? { reason } : {}),
    }),
  );
  events.on('carerLink.changed', ({ carerLinkId, carerId, elderId, status }) =>
    realtime.toUsers([carerId, elderId], 'carerLink.changed', { carerLinkId, carerId, elderId, status }),
  );
}
