/**
 * Tells a notice's audience live that it was published: exactly the residents it reaches now,
 * through their user rooms (kept for catch-up), nobody else. Clients refetch the notice.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import type { DomainEventBus } from '../domain-events';
import type { AudienceResolver } from './audience';
import './events';

export function deliverNoticeEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers'>,
  audience: AudienceResolver,
): void {
  events.on('notice.published', async ({ noticeId, communityId, category, title, audience: who }) => {
    const userIds = await audience.userIds(communityId, who);
    await realtime.toUsers(userIds, 'notice.published', { noticeId, communityId, category, title });
  });
}
