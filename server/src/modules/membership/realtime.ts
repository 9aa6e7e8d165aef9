/**
 * Tells people live what was decided about them: the applicant when their membership is decided,
 * both sides when a carer link changes. Tells the community's committee room when its queue of
 * pending requests changes, so an open approvals page refetches. Payloads are small; clients
 * refetch what they show.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { staffRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import './events';

export function deliverMembershipEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
): void {
  // A room event, not kept: the approvals page refetches after every reconnect anyway.
  const queueChanged = ({ communityId, membershipId }: { communityId: string; membershipId: string }) =>
    realtime.toRoom(staffRoom({ role: 'committee', communityId }), 'membership.queueChanged', {
      communityId,
      membershipId,
    });

  events.on('membership.requested', queueChanged);
  // A withdrawn request leaves the queue too (leaving as a member costs the page one refetch).
  events.on('membership.left', queueChanged);
  events.on(
    'membership.decided',
    async ({ membershipId, userId, householdId, communityId, status, reason }) => {
      await Promise.all([
        realtime.toUsers([userId], 'membership.decided', {
          membershipId,
          householdId,
          status,
          ...(reason ? { reason } : {}),
        }),
        queueChanged({ communityId, membershipId }),
      ]);
    },
  );
  events.on('carerLink.changed', ({ carerLinkId, carerId, elderId, status }) =>
    realtime.toUsers([carerId, elderId], 'carerLink.changed', { carerLinkId, carerId, elderId, status }),
  );
}
