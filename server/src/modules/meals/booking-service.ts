/**
 * Booking, cancelling, serving and no-shows.
 *
 * There are no multi-document transactions, so the writes are ordered to leave nothing
 * inconsistent, and where a step can fail half-way, to err on the side that costs nobody money
 * and never overbooks:
 * - a booking first TAKES a place with one conditional update on the menu (the counter only moves
 *   while it is below capacity, so however many book at once no slot is overbooked); then RESERVES
 *   its subsidy in the elder's monthly ledger with one conditional update that only applies within
 *   the cap (subsidy-ledger.ts), pricing the meal from the ledger; then inserts the booking. If the
 *   reservation or the insert fails (the elder already booked, or anything else) the subsidy and the
 *   place are given back. A crash between two steps leaves a counter too high (a seat unsold,
 *   subsidy held that no booking uses), never a booking beyond a capacity or a cap.
 * - cancelling (and a no-show) first moves the booking out of `booked` with a conditional update,
 *   which succeeds once, then frees the place (cancel only) and releases the subsidy.
 * A place held for a moment by a request that then fails can make a racing request for the same
 * slot see it full, and a subsidy held for a moment can price a racing booking of the same elder
 * with less subsidy: both only ever in the safe direction.
 */
import { randomInt } from 'node:crypto';
import type { CreateBookingBody, Home, MealMode, PriceBreakdown, ResidentTag } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor, ActorProfile } from '../../platform/context';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { CarerLinkService, MembershipService } from '../membership';
import type { IdentityUser, UserService } from '../identity';
import type { DomainEventBus } from '../domain-events';
import { BookingModel, duplicateKeyOf, type BookingDoc } from './booking-model';
import { bookingWindow, type BookingWindow } from './booking-window';
import { isId, type CanteenService } from './canteen-service';
import { AlreadyBooked, BookingClosed, NotEligible, SlotFull } from './errors';
import { MenuModel, type MenuDoc } from './menu-model';
import { bulkCancellation, freePlaceOnce } from './places';
import { isOperatorOf } from './policy';
import { ageOn, priceMeal, tierLabel, tierOf } from './pricing';
import type { SubsidyLedger } from './subsidy-ledger';
import { bookingChanged } from './events';
import { findPage } from '../../platform/paging';

export interface BookingServiceDeps {
  canteens: CanteenService;
  users: Pick<UserService, 'getUser'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer' | 'eldersOf'>;
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
  clock: Clock;
  ledger: SubsidyLedger;
}

/** What a booking needs to know of the elder. */
export type ElderRecord = Pick<
  IdentityUser,
  'id' | 'displayName' | 'phone' | 'birthDate' | 'tags' | 'deleted'
>;

/** The signed-in elder as authentication read them a moment ago (live: deleted accounts are refused). */
const ownRecord = (actor: Actor, profile: ActorProfile): ElderRecord => ({
  id: actor.userId,
  ...profile,
  tags: [...actor.tags],
  deleted: false,
});

/** A new booking and what was read to make it, so answering about it needs no second look. */
export interface Booked {
  booking: BookingDoc;
  elder: ElderRecord;
  window: BookingWindow;
  /** The booker is the elder or their confirmed carer: book() refuses anyone else. */
  actsForElder: true;
}

const counterOf = (mode: MealMode) => (mode === 'delivery' ? 'deliveriesTaken' : 'seatsTaken');
const capacityOf = (mode: MealMode) => (mode === 'delivery' ? 'deliveryCapacity' : 'seatCapacity');
const PICKUP_CODE_ATTEMPTS = 8;
const newPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const remainingOf = (menu: MenuDoc) => ({
  seats: Math.max(0, menu.seatCapacity - menu.seatsTaken),
  deliveries: Math.max(0, menu.deliveryCapacity - menu.deliveriesTaken),
});

const shanghaiTime = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

export function createBookingService(deps: BookingServiceDeps) {
  const { canteens, users, memberships, carerLinks, audit, events, clock, ledger } = deps;

  /** Unique indexes must exist before concurrent bookings rely on them. */
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([BookingModel.init(), MenuModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  async function windowOf(menu: Pick<MenuDoc, 'providerId' | 'date' | 'meal'>): Promise<BookingWindow> {
    return bookingWindow(await canteens.settings(String(menu.providerId)), menu);
  }

  function announce(booking: BookingDoc, reason?: string) {
    void events.emit('meal.bookingChanged', bookingChanged(booking, reason));
  }

  /** The elder's home the booking is for: in a served community, and delivered to if delivery. */
  function homeFor(
    homes: readonly Home[],
    communityIds: readonly string[],
    mode: MealMode,
    deliversTo: Set<string>,
  ) {
    const served = homes.filter((h) => communityIds.includes(h.communityId));
    if (served.length === 0)
      throw NotEligible({
        'zh-CN': '长者不是本食堂服务社区的已认证居民',
        en: 'the elder is not a verified resident of a community this canteen serves',
      });
    if (mode !== 'delivery') return served[0];
    const home = served.find((h) => deliversTo.has(h.buildingId));
    if (!home)
      throw NotEligible({
        'zh-CN': '本食堂不送餐到长者所在楼栋，请选择堂食或自取',
        en: "the canteen does not deliver to the elder's building; choose dine-in or pickup",
      });
    return home;
  }

  async function takePlace(menu: MenuDoc, mode: MealMode): Promise<void> {
    const counter = counterOf(mode);
    const taken = await MenuModel.findOneAndUpdate(
      { _id: menu._id, status: 'published', $expr: { $lt: [`$${counter}`, `$${capacityOf(mode)}`] } },
      { $inc: { [counter]: 1 } },
      { returnDocument: 'after', projection: { _id: 1 } },
    ).lean();
    if (!taken) {
      const now = await MenuModel.findById(menu._id).lean<MenuDoc>();
      if (now && now.status !== 'published') throw NotFound('menu');
      throw SlotFull(mode === 'delivery' ? 'deliveries' : 'seats', remainingOf(now ?? menu));
    }
  }

  async function givePlaceBack(menuId: Types.ObjectId, mode: MealMode): Promise<void> {
    const counter = counterOf(mode);
    await MenuModel.updateOne({ _id: menuId, [counter]: { $gt: 0 } }, { $inc: { [counter]: -1 } });
  }

  async function actsFor(actor: Actor, elderId: string): Promise<boolean> {
    return elderId === actor.userId || (await carerLinks.isConfirmedCarer(actor.userId, elderId));
  }

  const service = {
    windowOf,
    actsFor,

    /**
     * What `elderId` would pay for each menu if booked now, priced as book() prices it (their age
     * on the meal date, their tags, the community's policy, what their month already holds), so
     * the menu card shows the price for the diner before booking. The actor must be the elder or
     * their confirmed carer. A menu the elder cannot book (under age, no birth date, not a resident
     * of a community the canteen serves) gets null. Nothing is reserved.
     */
    async quote(
      actor: Actor,
      menus: readonly MenuDoc[],
      elderId: string,
    ): Promise<{ elderName: string; prices: Map<string, PriceBreakdown | null> }> {
      if (!(await actsFor(actor, elderId)))
        throw Forbidden('see prices for someone you are not a confirmed carer of');
      const own = elderId === actor.userId ? actor.profile : undefined;
      const [elder, homes] = await Promise.all([
        own ? ownRecord(actor, own) : users.getUser(elderId),
        own ? actor.homes : memberships.homesOf(elderId),
      ]);
      const prices = new Map<string, PriceBreakdown | null>();
      if (!elder || elder.deleted) throw NotFound('resident');
      // Policies and ledgers are per community (and month): read each once for the whole list.
      const policies = new Map<string, ReturnType<typeof canteens.subsidyPolicy>>();
      const heldByMonth = new Map<string, Promise<number>>();
      const canteenOf = new Map<string, ReturnType<typeof canteens.canteen>>();
      for (const menu of menus) {
        const providerId = String(menu.providerId);
        if (!elder.birthDate) {
          prices.set(String(menu._id), null);
          continue;
        }
        if (!canteenOf.has(providerId)) canteenOf.set(providerId, canteens.canteen(providerId));
        const canteen = await canteenOf.get(providerId)!;
        const home = homes.find((h) => canteen.communityIds.includes(h.communityId));
        if (!home) {
          prices.set(String(menu._id), null);
          continue;
        }
        if (!policies.has(home.communityId))
          policies.set(home.communityId, canteens.subsidyPolicy(home.communityId));
        const policy = await policies.get(home.communityId)!;
        const age = ageOn(elder.birthDate, menu.date);
        if (age < policy.eligibilityAge) {
          prices.set(String(menu._id), null);
          continue;
        }
        const month = menu.date.slice(0, 7);
        const key = `${home.communityId}/${month}`;
        if (!heldByMonth.has(key))
          heldByMonth.set(key, ledger.held({ elderId, communityId: home.communityId, month }));
        prices.set(
          String(menu._id),
          priceMeal({
            baseFen: menu.basePriceFen,
            policy,
            age,
            tags: elder.tags as ResidentTag[],
            subsidyUsedThisMonthFen: await heldByMonth.get(key)!,
          }),
        );
      }
      return { elderName: elder.displayName, prices };
    },

    /**
     * `via.standingOrderId`: a standing order books on the menu's publication, so the public window's
     * opening does not apply to it (the cutoff does).
     */
    async book(actor: Actor, input: CreateBookingBody, via?: { standingOrderId: string }): Promise<Booked> {
      const menu = await canteens.findMenu(input.menuId);
      if (!menu || menu.status !== 'published') throw NotFound('menu');
      const elderId = input.elderUserId?.toLowerCase() ?? actor.userId;
      if (elderId !== actor.userId && !(await carerLinks.isConfirmedCarer(actor.userId, elderId)))
        throw Forbidden('book for someone you are not a confirmed carer of');

      const now = clock.now();
      const providerId = String(menu.providerId);
      // An elder booking for themselves was read (profile and homes) by their sign-in a moment ago;
      // anyone else's elder is looked up, and so is everyone for an actor that did not sign in (a
      // standing order acts for its creator without their profile or homes).
      const own = elderId === actor.userId ? actor.profile : undefined;
      const [canteen, settings, elder, homes] = await Promise.all([
        canteens.canteen(providerId),
        canteens.settings(providerId),
        own ? ownRecord(actor, own) : users.getUser(elderId),
        own ? actor.homes : memberships.homesOf(elderId),
      ]);
      const window = bookingWindow(settings, menu);
      const { opensAt, cutoffAt } = window;
      if (now < opensAt && !via)
        throw BookingClosed(
          {
            'zh-CN': `这一餐 ${shanghaiTime(opensAt)} 开始预订`,
            en: `booking for this meal opens at ${opensAt.toISOString()}`,
          },
          { opensAt: opensAt.toISOString() },
        );
      if (now >= cutoffAt)
        throw BookingClosed(
          {
            'zh-CN': `这一餐已于 ${shanghaiTime(cutoffAt)} 截止预订`,
            en: `booking for this meal closed at ${cutoffAt.toISOString()}`,
          },
          { cutoffAt: cutoffAt.toISOString() },
        );

      if (!elder || elder.deleted) throw NotFound('resident');
      const home = homeFor(
        homes,
        canteen.communityIds,
        input.mode,
        new Set(settings.deliveryBuildingIds.map(String)),
      );
      const policy = await canteens.subsidyPolicy(home.communityId);
      if (!elder.birthDate)
        throw NotEligible({
          'zh-CN': '缺少出生日期，请先在个人资料中填写',
          en: 'no date of birth on file; add it to the profile first',
        });
      const age = ageOn(elder.birthDate, menu.date);
      if (age < policy.eligibilityAge)
        throw NotEligible({
          'zh-CN': `助餐服务面向 ${policy.eligibilityAge} 岁及以上的长者`,
          en: `meals are for residents aged ${policy.eligibilityAge} or over on the meal date`,
        });

      // "Already booked" is the unique index's to decide: a second booking of the same menu takes
      // a place and subsidy for a moment, fails on insert and gives both back (no read up front).
      await indexesBuilt();

      const month = menu.date.slice(0, 7);
      const tags = elder.tags as ResidentTag[];
      try {
        await takePlace(menu, input.mode);
      } catch (err) {
        // A place held for a moment by this elder's own racing request is not "full" to them.
        if (await BookingModel.exists({ menuId: menu._id, elderId, active: true })) throw AlreadyBooked();
        throw err;
      }
      let price: PriceBreakdown;
      try {
        price = await ledger.reserve(
          { elderId, communityId: home.communityId, month },
          policy.monthlyCapFen,
          (heldFen) =>
            priceMeal({ baseFen: menu.basePriceFen, policy, age, tags, subsidyUsedThisMonthFen: heldFen }),
        );
      } catch (err) {
        await givePlaceBack(menu._id, input.mode);
        throw err;
      }
      let booking: BookingDoc;
      try {
        for (let attempt = 1; ; attempt += 1) {
          try {
            const doc = await BookingModel.create({
              menuId: menu._id,
              providerId: menu.providerId,
              date: menu.date,
              meal: menu.meal,
              month,
              elderId,
              bookedBy: actor.userId,
              communityId: home.communityId,
              householdId: home.householdId,
              buildingId: home.buildingId,
              mode: input.mode,
              dietaryNote: input.dietaryNote,
              status: 'booked',
              active: true,
              pickupCode: newPickupCode(),
              price,
              tierLabel: tierLabel(tierOf(policy, age)),
              tags,
              bookedAt: now,
              source: via ? 'standingOrder' : 'direct',
              ...(via ? { standingOrderId: via.standingOrderId } : {}),
            });
            booking = doc.toObject() as BookingDoc;
            break;
          } catch (err) {
            if (duplicateKeyOf(err) !== 'pickupCode' || attempt >= PICKUP_CODE_ATTEMPTS) throw err;
          }
        }
      } catch (err) {
        await ledger.release({ elderId, communityId: home.communityId, month, price });
        await givePlaceBack(menu._id, input.mode);
        if (duplicateKeyOf(err) === 'elder') throw AlreadyBooked();
        throw err;
      }
      // A withdrawal that flipped the menu after our place was taken may have looked for its
      // bookings before this one existed: then this booking undoes itself (see menu-changes.ts).
      if (!(await MenuModel.exists({ _id: menu._id, status: 'published' }))) {
        const undone = await BookingModel.findOneAndUpdate(
          { _id: booking._id, status: 'booked' },
          bulkCancellation(actor.userId, now, '菜单已撤回'),
        ).lean<BookingDoc>();
        if (undone) await freePlaceOnce(booking);
        throw NotFound('menu');
      }
      announce(booking);
      return { booking, elder, window, actsForElder: true };
    },

    async find(bookingId: string): Promise<BookingDoc | undefined> {
      if (!isId(bookingId)) return undefined;
      return (await BookingModel.findById(bookingId).lean<BookingDoc>()) ?? undefined;
    },

    async cancel(actor: Actor, bookingId: string, reason: string | undefined): Promise<BookingDoc> {
      const booking = await service.find(bookingId);
      const operator = booking ? isOperatorOf(actor, String(booking.providerId)) : false;
      if (!booking || (!operator && !(await actsFor(actor, String(booking.elderId)))))
        throw NotFound('booking');
      if (booking.status !== 'booked')
        throw Conflict({ 'zh-CN': '该订餐已不能取消', en: 'this booking can no longer be cancelled' });
      const menu = await canteens.findMenu(String(booking.menuId));
      const { cutoffAt } = bookingWindow(await canteens.settings(String(booking.providerId)), booking);
      const late = clock.now() >= cutoffAt;
      if (late && !operator)
        throw BookingClosed(
          {
            'zh-CN': `已过取消截止时间（${shanghaiTime(cutoffAt)}），如需取消请联系食堂`,
            en: `the cancellation deadline (${cutoffAt.toISOString()}) has passed; please contact the canteen`,
          },
          { cutoffAt: cutoffAt.toISOString() },
        );
      if (late && !reason)
        throw ValidationFailed([
          {
            location: 'body',
            path: 'reason',
            reason: 'custom',
            params: {
              text: { 'zh-CN': '截止后取消须说明原因', en: 'give a reason when cancelling after the cutoff' },
            },
          },
        ]);
      const cancelled = await BookingModel.findOneAndUpdate(
        { _id: booking._id, status: 'booked' },
        {
          $set: {
            status: 'cancelled',
            active: false,
            cancelledAt: clock.now(),
            cancelledBy: actor.userId,
            ...(reason ? { cancelReason: reason } : {}),
          },
        },
        { returnDocument: 'after' },
      ).lean<BookingDoc>();
      if (!cancelled)
        throw Conflict({ 'zh-CN': '该订餐已不能取消', en: 'this booking can no longer be cancelled' });
      // Freed after the booking is cancelled: if this failed, the counters would over-count (a seat
      // left unsold, subsidy held for nothing), never let a slot be overbooked or a cap passed.
      if (menu) await givePlaceBack(menu._id, booking.mode);
      await ledger.release(cancelled);
      if (operator && String(booking.elderId) !== actor.userId) {
        await audit.record({
          actorId: actor.userId,
          action: 'mealBooking.cancel',
          subjectUserId: String(booking.elderId),
          communityId: String(booking.communityId),
          target: { kind: 'mealBooking', id: String(booking._id) },
          before: { status: booking.status },
          after: { status: 'cancelled', reason: reason ?? null },
        });
      }
      announce(cancelled, reason);
      return cancelled;
    },

    /** Serves the booking with this pickup code on this menu (the caller checked the operator). */
    async serve(actor: Actor, menu: MenuDoc, pickupCode: string): Promise<BookingDoc> {
      const served = await BookingModel.findOneAndUpdate(
        { menuId: menu._id, pickupCode, status: 'booked' },
        { $set: { status: 'served', servedAt: clock.now(), servedBy: actor.userId } },
        { returnDocument: 'after' },
      ).lean<BookingDoc>();
      if (served) {
        announce(served);
        return served;
      }
      const existing = await BookingModel.findOne({ menuId: menu._id, pickupCode }).lean<BookingDoc>();
      if (!existing) throw NotFound('pickupCode');
      throw Conflict(
        existing.status === 'served'
          ? { 'zh-CN': '该取餐码已核销，请勿重复发餐', en: 'this pickup code has already been served' }
          : { 'zh-CN': '该订餐已取消或已记为未到', en: 'this booking was cancelled or marked as a no-show' },
      );
    },

    async markNoShow(actor: Actor, booking: BookingDoc): Promise<BookingDoc> {
      const updated = await BookingModel.findOneAndUpdate(
        { _id: booking._id, status: 'booked' },
        { $set: { status: 'noShow' } },
        { returnDocument: 'after' },
      ).lean<BookingDoc>();
      if (!updated)
        throw Conflict({ 'zh-CN': '该订餐已处理过', en: 'this booking has already been settled' });
      // A meal nobody came for is not settled, so its subsidy does not count against the cap.
      await ledger.release(updated);
      await audit.record({
        actorId: actor.userId,
        action: 'mealBooking.noShow',
        subjectUserId: String(booking.elderId),
        communityId: String(booking.communityId),
        target: { kind: 'mealBooking', id: String(booking._id) },
        before: { status: booking.status },
        after: { status: 'noShow' },
      });
      announce(updated);
      return updated;
    },

    /** Bookings of the actor and of the elders they care for, newest meal first. */
    async mine(actor: Actor, query: { page: number; pageSize: number }) {
      const elderIds = [actor.userId, ...(await carerLinks.eldersOf(actor.userId))].map(
        (id) => new Types.ObjectId(id),
      );
      return findPage<BookingDoc>(
        BookingModel,
        { elderId: { $in: elderIds } },
        { date: -1, meal: 1, _id: -1 },
        query,
      );
    },

    async ofMenu(menuId: Types.ObjectId): Promise<BookingDoc[]> {
      return BookingModel.find({ menuId }).sort({ bookedAt: 1, _id: 1 }).lean<BookingDoc[]>();
    },

    /** For evaluation: served bookings of an elder, or booked by someone, served since a moment. */
    async servedSince(userId: string, since: Date): Promise<BookingDoc[]> {
      const id = new Types.ObjectId(userId);
      return BookingModel.find({
        status: 'served',
        servedAt: { $gte: since },
        $or: [{ elderId: id }, { bookedBy: id }],
      })
        .sort({ servedAt: -1 })
        .limit(50)
        .lean<BookingDoc[]>();
    },

    /** For evaluation: how many bookings of a community were served in [from, to). */
    async servedCount(communityId: string, from: Date, to: Date): Promise<number> {
      return BookingModel.countDocuments({
        communityId: new Types.ObjectId(communityId),
        status: 'served',
        servedAt: { $gte: from, $lt: to },
      });
    },
  };
  return service;
}

export type BookingService = ReturnType<typeof createBookingService>;
