/**
 * What a delivery round found at the door, and the wellness alerts it raises.
 *
 * `delivered` serves the booking. `nobodyAnswered` makes it a no-show with that outcome: the meal
 * was not handed over, so it is never settled as served, and its subsidy goes back to the elder's
 * monthly ledger like any no-show's. It also raises a wellness alert, which carers and the
 * committee hear of at once (wellness-delivery.ts) and a committee member acknowledges once
 * someone has checked on the elder.
 *
 * Order without transactions: the alert is written FIRST (unique per booking, so recording twice is
 * refused), then the booking moves with one conditional update from `booked`. If that update finds
 * the booking already served or cancelled, the alert is deleted again. A crash in between leaves an
 * alert for a booking still marked booked, which errs on the safe side: someone checks on the elder
 * needlessly, rather than nobody checking on an elder who did not answer.
 */
import type { DeliveryOutcomeBody, WellnessAlertStatus } from '@linli/shared';
import { Types } from 'mongoose';
import { hasRole } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { isDuplicateKey } from '../../platform/database-errors';
import { Conflict, NotFound } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import type { CarerLinkService } from '../membership';
import { BookingModel, type BookingDoc } from './booking-model';
import { shanghaiDate } from './booking-window';
import { isId } from './canteen-service';
import { isOperatorOf } from './policy';
import type { SubsidyLedger } from './subsidy-ledger';
import { WellnessAlertModel, type WellnessAlertDoc } from './wellness-model';
import { bookingChanged } from './events';
import './wellness-events';
import { findPage } from '../../platform/paging';

export interface WellnessServiceDeps {
  carerLinks: Pick<CarerLinkService, 'eldersOf'>;
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
  clock: Clock;
  ledger: SubsidyLedger;
}

const ALREADY_SETTLED = {
  served: { 'zh-CN': '该订餐已送达或已核销', en: 'this booking has already been delivered or served' },
  cancelled: { 'zh-CN': '该订餐已取消', en: 'this booking was cancelled' },
  noShow: {
    'zh-CN': '该订餐已记为未到或无人应答',
    en: 'this booking is already recorded as a no-show or as nobody answering',
  },
} as const;

const NEWEST_FIRST = { raisedAt: -1, _id: -1 } as const;

export function createWellnessService({ carerLinks, audit, events, clock, ledger }: WellnessServiceDeps) {
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= WellnessAlertModel.init().catch((err) => {
      indexes = undefined;
      throw err;
    }));

  function announceBooking(booking: BookingDoc) {
    void events.emit('meal.bookingChanged', bookingChanged(booking));
  }

  function announceAlert(alert: WellnessAlertDoc) {
    void events.emit('meal.wellnessAlert', {
      alertId: String(alert._id),
      elderId: String(alert.elderId),
      bookingId: String(alert.bookingId),
      communityId: String(alert.communityId),
      status: alert.status,
      raisedAt: alert.raisedAt,
    });
  }

  /** Moves a booked delivery booking on, or says why it cannot be. */
  async function settle(booking: BookingDoc, set: Partial<BookingDoc>): Promise<BookingDoc | undefined> {
    return (
      (await BookingModel.findOneAndUpdate(
        { _id: booking._id, status: 'booked' },
        { $set: set },
        { returnDocument: 'after' },
      ).lean<BookingDoc>()) ?? undefined
    );
  }

  async function refusalFor(booking: BookingDoc) {
    const now = await BookingModel.findById(booking._id, { status: 1 }).lean<Pick<BookingDoc, 'status'>>();
    const status = now?.status ?? booking.status;
    return Conflict(status === 'booked' ? ALREADY_SETTLED.noShow : ALREADY_SETTLED[status]);
  }

  const service = {
    /**
     * Records what the delivery found. The caller must be an operator of the booking's canteen
     * (404 otherwise, so nothing about the booking leaks).
     */
    async recordDeliveryOutcome(
      actor: Actor,
      bookingId: string,
      { outcome, note }: DeliveryOutcomeBody,
    ): Promise<{ booking: BookingDoc; alert?: WellnessAlertDoc }> {
      const booking = isId(bookingId) ? await BookingModel.findById(bookingId).lean<BookingDoc>() : null;
      if (!booking || !isOperatorOf(actor, String(booking.providerId))) throw NotFound('booking');
      if (booking.mode !== 'delivery')
        throw Conflict({
          'zh-CN': '这不是送餐订单：堂食和自取请凭取餐码核销或记为未到',
          en: 'this is not a delivery booking: serve dine-in and pickup by pickup code, or mark a no-show',
        });
      if (booking.status !== 'booked') throw Conflict(ALREADY_SETTLED[booking.status]);
      const now = clock.now();
      if (booking.date > shanghaiDate(now))
        throw Conflict({
          'zh-CN': `这一餐在 ${booking.date}，请在当天送餐后再记录`,
          en: `this meal is on ${booking.date}; record the outcome on the day of delivery`,
        });

      if (outcome === 'delivered') {
        const served = await settle(booking, {
          status: 'served',
          servedAt: now,
          servedBy: new Types.ObjectId(actor.userId),
          deliveryOutcome: 'delivered',
          deliveryNote: note,
        });
        if (!served) throw await refusalFor(booking);
        announceBooking(served);
        return { booking: served };
      }

      await indexesBuilt();
      let alert: WellnessAlertDoc;
      try {
        alert = (
          await WellnessAlertModel.create({
            elderId: booking.elderId,
            bookingId: booking._id,
            communityId: booking.communityId,
            providerId: booking.providerId,
            householdId: booking.householdId,
            date: booking.date,
            meal: booking.meal,
            raisedBy: actor.userId,
            raisedAt: now,
            reportNote: note,
            status: 'open',
          })
        ).toObject() as WellnessAlertDoc;
      } catch (err) {
        if (isDuplicateKey(err)) throw Conflict(ALREADY_SETTLED.noShow);
        throw err;
      }
      const missed = await settle(booking, {
        status: 'noShow',
        deliveryOutcome: 'nobodyAnswered',
        deliveryNote: note,
      });
      if (!missed) {
        await WellnessAlertModel.deleteOne({ _id: alert._id });
        throw await refusalFor(booking);
      }
      // Not served, so never settled: the subsidy goes back to the elder's month.
      await ledger.release(missed);
      await audit.record({
        actorId: actor.userId,
        action: 'mealBooking.nobodyAnswered',
        subjectUserId: String(booking.elderId),
        communityId: String(booking.communityId),
        target: { kind: 'mealBooking', id: String(booking._id) },
        before: { status: booking.status },
        after: { status: 'noShow', deliveryOutcome: 'nobodyAnswered', note },
      });
      announceBooking(missed);
      announceAlert(alert);
      return { booking: missed, alert };
    },

    /** A committee member of the alert's community says someone has checked on the elder. */
    async acknowledge(actor: Actor, alertId: string, note: string): Promise<WellnessAlertDoc> {
      const alert = isId(alertId)
        ? await WellnessAlertModel.findById(alertId).lean<WellnessAlertDoc>()
        : null;
      if (!alert || !hasRole(actor, 'committee', String(alert.communityId))) throw NotFound('wellnessAlert');
      const acknowledged = await WellnessAlertModel.findOneAndUpdate(
        { _id: alert._id, status: 'open' },
        {
          $set: {
            status: 'acknowledged',
            acknowledgedBy: new Types.ObjectId(actor.userId),
            acknowledgedAt: clock.now(),
            note,
          },
        },
        { returnDocument: 'after' },
      ).lean<WellnessAlertDoc>();
      if (!acknowledged)
        throw Conflict({
          'zh-CN': '该安康提醒已有人确认处理',
          en: 'this wellness alert has already been acknowledged',
        });
      await audit.record({
        actorId: actor.userId,
        action: 'wellnessAlert.acknowledge',
        subjectUserId: String(alert.elderId),
        communityId: String(alert.communityId),
        target: { kind: 'wellnessAlert', id: String(alert._id) },
        before: { status: alert.status },
        after: { status: 'acknowledged', note },
      });
      announceAlert(acknowledged);
      return acknowledged;
    },

    /** A community's alerts in one status, newest first. */
    async inCommunity(
      communityId: string,
      query: { status: WellnessAlertStatus; page: number; pageSize: number },
    ) {
      const filter = { communityId: new Types.ObjectId(communityId), status: query.status };
      return findPage<WellnessAlertDoc>(WellnessAlertModel, filter, NEWEST_FIRST, query);
    },

    /** Alerts about the elders the actor is a confirmed carer of, newest first. */
    async ofMyElders(actor: Actor, query: { page: number; pageSize: number }) {
      const elderIds = (await carerLinks.eldersOf(actor.userId)).map((id) => new Types.ObjectId(id));
      return findPage<WellnessAlertDoc>(
        WellnessAlertModel,
        { elderId: { $in: elderIds } },
        NEWEST_FIRST,
        query,
      );
    },
  };
  return service;
}

export type WellnessService = ReturnType<typeof createWellnessService>;
