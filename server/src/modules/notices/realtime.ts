/**
 * Tells a notice's audience live that it was published or withdrawn: exactly the residents it
 * reaches now, through their user rooms (kept for catch-up), nobody else. Clients refetch; a
 * withdrawn emergency notice must leave the Home banner and the unread badge at once.
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
  events.on('notice.withdrawn', async ({ noticeId, communityId, audience: who }) => {
    const userIds = await audience.userIds(communityId, who);
    await realtime.toUsers(userIds, 'notice.withdrawn', { noticeId, communityId });
  });
}
