/**
 * Giving places (and the subsidy held in the elder's monthly ledger) back exactly once after a
 * bulk cancellation (a withdrawn menu, an erased account).
 *
 * Without transactions "cancel the booking, then free its place" is two writes, and a cancellation
 * interrupted between them must be finished by running it again. So a bulk cancellation marks the
 * booking `placeToFree` in the same write that cancels it; freeing then decrements the menu's
 * counter and records the booking in `menu.freedFor` in one conditional update that only applies
 * while the booking is not yet recorded there. Run twice, it frees once: never a seat lost, never
 * a slot overbooked.
 */
import type { QueryFilter, Types } from 'mongoose';
import { BookingModel, type BookingDoc } from './booking-model';
import { MenuModel } from './menu-model';
import { releaseSubsidyOnce } from './subsidy-ledger';

type Placed = Pick<BookingDoc, '_id' | 'menuId' | 'mode' | 'elderId' | 'communityId' | 'month' | 'price'>;

export async function freePlaceOnce(booking: Placed): Promise<void> {
  const counter = booking.mode === 'delivery' ? 'deliveriesTaken' : 'seatsTaken';
  await MenuModel.updateOne(
    { _id: booking.menuId, freedFor: { $ne: booking._id }, [counter]: { $gt: 0 } },
    { $inc: { [counter]: -1 }, $push: { freedFor: booking._id } },
  );
  await releaseSubsidyOnce(booking);
  await BookingModel.updateOne({ _id: booking._id }, { $unset: { placeToFree: 1 } });
}

/** Frees every place still owed by cancelled bookings matching `filter` (e.g. one menu's). */
export async function freeOwedPlaces(filter: QueryFilter<BookingDoc>): Promise<void> {
  const owed = await BookingModel.find(
    { ...filter, status: 'cancelled', placeToFree: true },
    { _id: 1, menuId: 1, mode: 1, elderId: 1, communityId: 1, month: 1, price: 1 },
  ).lean<Placed[]>();
  for (const booking of owed) await freePlaceOnce(booking);
}

/** The update that cancels a booking in a bulk cancellation: the place is then freed once. */
export function bulkCancellation(by: Types.ObjectId | string, at: Date, reason: string) {
  return {
    $set: {
      status: 'cancelled' as const,
      active: false,
      cancelledAt: at,
      cancelledBy: by,
      cancelReason: reason,
      placeToFree: true,
    },
  };
}
