/**
 * Tells people live when an enquiry moves or a message arrives: the guardian and whoever prepared
 * it (kept for catch-up), and the centre's staff room (`provider:<id>`), whose inbox refetches.
 * A prepared enquiry is the family's alone until the parent confirms it.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { providerRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import './events';

export function deliverDaycareEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
) {
  events.on('daycare.enquiryChanged', async (e) => {
    const payload = { enquiryId: e.enquiryId, providerId: e.providerId, status: e.status };
    const family = [...new Set([e.guardianId, ...(e.preparedBy ? [e.preparedBy] : [])])];
    await Promise.all([
      realtime.toUsers(family, 'daycare.enquiryChanged', payload),
      e.status === 'prepared'
        ? undefined
        : realtime.toRoom(providerRoom(e.providerId), 'daycare.enquiryChanged', payload),
    ]);
  });
  events.on('daycare.messagePosted', async (e) => {
    const payload = { enquiryId: e.enquiryId, providerId: e.providerId, from: e.from };
    await Promise.all([
      realtime.toUsers([e.guardianId], 'daycare.message', payload),
      realtime.toRoom(providerRoom(e.providerId), 'daycare.message', payload),
    ]);
  });
}
