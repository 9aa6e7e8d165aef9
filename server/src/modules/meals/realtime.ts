/**
 * Tells people live when a meal booking changes: the elder, whoever booked it, and the elder's
 * confirmed carers (kept for catch-up); and the canteen's staff room, whose roster refetches.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { providerRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import type { CarerLinkService } from '../membership';
import './events';

export function deliverMealEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
  carerLinks: Pick<CarerLinkService, 'listMine'>,
): void {
  events.on('meal.bookingChanged', async (e) => {
    const carers = (await carerLinks.listMine(e.elderId))
      .filter((link) => link.elderId === e.elderId && link.status === 'confirmed')
      .map((link) => link.carerId);
    await Promise.all([
      realtime.toUsers([...new Set([e.elderId, e.bookedBy, ...carers])], 'meal.bookingChanged', {
        bookingId: e.bookingId,
        menuId: e.menuId,
        status: e.status,
        ...(e.reason ? { reason: e.reason } : {}),
      }),
      realtime.toRoom(providerRoom(e.providerId), 'meal.rosterChanged', {
        providerId: e.providerId,
        menuId: e.menuId,
        date: e.date,
        meal: e.meal,
      }),
    ]);
  });
}
