/**
 * Consultation events to rooms and people: a status change to the audience and the committee, each
 * ballot's new turnout count to the committee's dashboard, reminders to the people named. No
 * payload carries a choice or a count of choices.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { buildingRoom, communityRoom, staffRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import './events';

export function deliverConsultationEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
): void {
  const committee = (communityId: string) => staffRoom({ role: 'committee', communityId });

  events.on('consultation.statusChanged', async ({ consultationId, communityId, buildingIds, status }) => {
    const payload = { consultationId, communityId, status };
    const audience = buildingIds.length ? buildingIds.map(buildingRoom) : [communityRoom(communityId)];
    // A draft's audience hears nothing until it leaves draft (nothing moves back into draft).
    await Promise.all(
      [committee(communityId), ...audience].map((room) =>
        realtime.toRoom(room, 'consultation.statusChanged', payload),
      ),
    );
  });

  events.on('consultation.ballotCast', ({ consultationId, communityId, voted }) =>
    realtime.toRoom(committee(communityId), 'consultation.turnoutChanged', { consultationId, voted }),
  );

  events.on('consultation.reminded', ({ consultationId, title, userIds }) =>
    realtime.toUsers(userIds, 'consultation.reminder', { consultationId, title }),
  );
}
