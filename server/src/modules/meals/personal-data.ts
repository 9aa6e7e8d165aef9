/**
 * The meals part of "download my data" and "delete my account".
 *
 * Export: the person's bookings (as the elder), the standing orders they hold or set up, and the
 * wellness alerts raised about them (a delivery nobody answered, and what the committee found).
 * Erase, safe to run again after an interruption:
 *  1. standing orders held or set up by the person are deleted, so nothing books for them again;
 *     wellness alerts about them are deleted (they say something about their health and are not
 *     needed for any settlement), with the record of WeChat messages sent about them or to them;
 *  2. bookings still `booked` are cancelled (the canteen's roster is told) and their places given
 *     back exactly once (places.ts);
 *  3. the rest stays, because the canteen's monthly settlement with civil affairs is built from
 *     served meals and their frozen subsidies: it keeps counting them, under the account's erased
 *     name (identity blanks the name after every module has run). Dietary notes are cleared.
 */
import type { Clock } from '../../platform/clock';
import type { PersonalDataContributor } from '../identity';
import type { DomainEventBus } from '../domain-events';
import { BookingModel, type BookingDoc } from './booking-model';
import { isId } from './canteen-service';
import { bulkCancellation, freeOwedPlaces } from './places';
import type { StandingOrders } from './standing-order-service';
import { bookingChanged } from './events';
import { WellnessAlertModel, WellnessMessageModel, type WellnessAlertDoc } from './wellness-model';

const ERASED_REASON = '长者已注销账户';

export function mealsPersonalData(deps: {
  standingOrders: Pick<StandingOrders, 'exportFor' | 'eraseFor'>;
  events: DomainEventBus;
  clock: Clock;
}): PersonalDataContributor {
  const { standingOrders, events, clock } = deps;
  return {
    name: 'meals',

    async export(userId) {
      if (!isId(userId)) return { bookings: [], standingOrders: [], wellnessAlerts: [] };
      const bookings = await BookingModel.find({ elderId: userId })
        .sort({ date: 1, meal: 1, _id: 1 })
        .lean<BookingDoc[]>();
      return {
        bookings: bookings.map((b) => ({
          id: String(b._id),
          menuId: String(b.menuId),
          providerId: String(b.providerId),
          date: b.date,
          meal: b.meal,
          mode: b.mode,
          dietaryNote: b.dietaryNote,
          status: b.status,
          source: b.source ?? 'direct',
          bookedBy: String(b.bookedBy),
          bookedAt: b.bookedAt.toISOString(),
          price: {
            baseFen: b.price.baseFen,
            lines: b.price.lines.map((l) => ({ kind: l.kind, label: l.label, fen: l.fen })),
            subsidyFen: b.price.subsidyFen,
            payableFen: b.price.payableFen,
          },
          ...(b.cancelReason ? { cancelReason: b.cancelReason } : {}),
          ...(b.servedAt ? { servedAt: b.servedAt.toISOString() } : {}),
        })),
        standingOrders: await standingOrders.exportFor(userId),
        wellnessAlerts: (
          await WellnessAlertModel.find({ elderId: userId }).sort({ raisedAt: 1 }).lean<WellnessAlertDoc[]>()
        ).map((a) => ({
          id: String(a._id),
          bookingId: String(a.bookingId),
          date: a.date,
          meal: a.meal,
          raisedAt: a.raisedAt.toISOString(),
          reportNote: a.reportNote,
          status: a.status,
          ...(a.acknowledgedAt ? { acknowledgedAt: a.acknowledgedAt.toISOString() } : {}),
          ...(a.note ? { note: a.note } : {}),
        })),
      };
    },

    async erase(userId) {
      if (!isId(userId)) return;
      await standingOrders.eraseFor(userId);
      const alerts = await WellnessAlertModel.find({ elderId: userId }, { _id: 1 }).lean();
      // Messages first: were this interrupted, a re-run still finds the alerts they hang off.
      await WellnessMessageModel.deleteMany({
        $or: [{ alert: { $in: alerts.map((a) => a._id) } }, { user: userId }],
      });
      await WellnessAlertModel.deleteMany({ elderId: userId });
      const booked = await BookingModel.find({ elderId: userId, status: 'booked' }).lean<BookingDoc[]>();
      const told: Promise<void>[] = [];
      for (const booking of booked) {
        const cancelled = await BookingModel.findOneAndUpdate(
          { _id: booking._id, status: 'booked' },
          bulkCancellation(userId, clock.now(), ERASED_REASON),
          { returnDocument: 'after' },
        ).lean<BookingDoc>();
        if (!cancelled) continue;
        told.push(events.emit('meal.bookingChanged', bookingChanged(cancelled, ERASED_REASON)));
      }
      await freeOwedPlaces({ elderId: userId });
      // Waited for, so the elder's carers are told before their links are erased after this.
      await Promise.all(told);
      await BookingModel.updateMany(
        { elderId: userId, dietaryNote: { $ne: '' } },
        { $set: { dietaryNote: '' } },
      );
    },
  };
}
