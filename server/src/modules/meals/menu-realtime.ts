/**
 * Tells people live about menu changes and standing orders, through their user rooms (kept for
 * catch-up, like `meal.bookingChanged`): for each active booking on an edited menu, the elder,
 * whoever booked it and the elder's confirmed carers; for a skipped standing order, the elder and
 * the elder's confirmed carers (the order's author is one of them while their link stands). The canteen's staff room refetches its roster.
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { providerRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import type { CarerLinkService } from '../membership';
import { BookingModel, type BookingDoc } from './booking-model';
import './menu-events';

export function deliverMenuEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
  carerLinks: Pick<CarerLinkService, 'listMine'>,
): void {
  const carersOf = async (elderId: string) =>
    (await carerLinks.listMine(elderId))
      .filter((link) => link.elderId === elderId && link.status === 'confirmed')
      .map((link) => link.carerId);

  events.on('meal.menuEdited', async (e) => {
    await realtime.toRoom(providerRoom(e.providerId), 'meal.rosterChanged', {
      providerId: e.providerId,
      menuId: e.menuId,
      date: e.date,
      meal: e.meal,
    });
    const told = e.changed.filter((f) => f === 'dishes' || f === 'basePriceFen');
    if (told.length === 0) return;
    const booked = await BookingModel.find(
      { menuId: e.menuId, status: 'booked' },
      { _id: 1, elderId: 1, bookedBy: 1 },
    ).lean<Pick<BookingDoc, '_id' | 'elderId' | 'bookedBy'>[]>();
    for (const booking of booked) {
      const elderId = String(booking.elderId);
      const people = [elderId, String(booking.bookedBy), ...(await carersOf(elderId))];
      await realtime.toUsers([...new Set(people)], 'meal.menuChanged', {
        menuId: e.menuId,
        bookingId: String(booking._id),
        date: e.date,
        meal: e.meal,
        changed: told,
      });
    }
  });

  events.on('meal.standingOrderSkipped', async (e) => {
    // The order's author is told only while they still act for the elder (they are then the elder
    // or among the carers): a carer whose link was revoked learns nothing more about the elder.
    const people = [e.elderId, ...(await carersOf(e.elderId))];
    await realtime.toUsers([...new Set(people)], 'meal.standingOrderSkipped', {
      standingOrderId: e.standingOrderId,
      menuId: e.menuId,
      date: e.date,
      meal: e.meal,
      code: e.code,
      reason: e.reason,
    });
  });
}
