/**
 * Standing orders: an elder (or their confirmed carer) asks for a meal on given weekdays at one
 * canteen, and bookings are made for them.
 *
 * When. A menu's publication is announced (`meal.menuPublished`) and every active order for that
 * canteen, meal and weekday is honoured in the background, oldest order first: the operator's
 * request does not wait for hundreds of bookings. `honourMenu` resolves when all are tried and
 * `meal.standingOrdersHonoured` says so, and the menu records it (`standingOrdersHonouredAt`): a
 * run cut short by the process stopping is finished when the server next starts
 * (`system.started`), for the menus whose cutoff has not passed. A run is claimed on the menu first
 * (a lease, renewed while it runs), so two instances starting at once finish it once; a run still
 * claimed by another instance is looked at again when its lease ends (a scheduler job), in case
 * that instance died. Creating or resuming an order also
 * honours it at once on the matching menus already published whose cutoff has not passed.
 *
 * The booking window. Standing orders are honoured at publication even before the public window
 * opens (that is their point: the elder need not watch for it), and never at or after the cutoff.
 *
 * How. Each booking goes through the normal booking path as whoever set the order up (so a carer
 * whose link was revoked no longer books), with the price frozen and the place taken atomically.
 * An elder already booked for that date and meal (here or at another canteen) is left as is. Any
 * refusal (full, closed, no longer eligible) skips that day and tells the elder, the order's author
 * and the elder's carers live with the reason. Paused orders are not honoured.
 */
import {
  ErrorCode,
  type CreateStandingOrderBody,
  type Home,
  type LocalizedText,
  type MealMode,
} from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { renderError } from '../../platform/error-middleware';
import { AppError, Conflict, Forbidden, NotFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { Scheduler } from '../../platform/scheduler';
import { isDuplicateKey } from '../../platform/database-errors';
import type { UserService } from '../identity';
import type { CarerLinkService, MembershipService } from '../membership';
import type { DomainEventBus } from '../domain-events';
import { BookingModel } from './booking-model';
import type { BookingService } from './booking-service';
import { shanghaiDate } from './booking-window';
import { isId, type CanteenService } from './canteen-service';
import { NotEligible } from './errors';
import { MenuModel, type MenuDoc } from './menu-model';
import { ageOn } from './pricing';
import { StandingOrderModel, type StandingOrderDoc } from './standing-order-model';
import './menu-events';

/** Orders honoured at once on one menu: steady progress without crowding out public bookings. */
const HONOUR_CONCURRENCY = 4;

/** How long a claim on a menu's run holds unrenewed: past it, the claimer is taken to have died. */
const RUN_LEASE_MS = 2 * 60_000;
const RUN_RENEW_MS = 30_000;
/** Looks again at a run another instance had claimed, once its lease is over. */
export const UNFINISHED_RUN_JOB = 'meals.standingOrdersUnfinished';

/** `inactive`: paused or deleted while the menu's orders were being honoured. */
export type Outcome = 'booked' | 'alreadyBooked' | 'skipped' | 'inactive';

/** ISO weekday of a community-calendar date: 1 = Monday … 7 = Sunday. */
export const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

/** The order's author, as the booking path sees them: only their user id matters there. */
const actorOf = (userId: string): Actor => ({ userId, grants: [], homes: [], tags: [] });

/** Why a day was skipped, in the words the booking path used; a revoked carer is said plainly. */
const reasonOf = (err: AppError): LocalizedText =>
  err.code === ErrorCode.FORBIDDEN
    ? {
        'zh-CN': '设置这份长期订餐的家属已不再代办，这一餐未预订；如仍需要，请重新设置长期订餐',
        en: 'the carer who set up this standing order no longer acts for the elder, so this meal was not booked; set it up again if still wanted',
      }
    : { 'zh-CN': renderError(err, 'zh-CN').error.message, en: renderError(err, 'en').error.message };

export interface StandingOrderDeps {
  canteens: CanteenService;
  bookings: Pick<BookingService, 'book' | 'actsFor' | 'windowOf'>;
  users: Pick<UserService, 'getUser'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer' | 'eldersOf'>;
  events: DomainEventBus;
  clock: Clock;
  logger: Logger;
  scheduler: Pick<Scheduler, 'handle' | 'schedule'>;
}

export function createStandingOrders(deps: StandingOrderDeps) {
  const { canteens, bookings, users, memberships, carerLinks, events, clock, scheduler } = deps;
  const log = deps.logger.child({ module: 'meals.standingOrders' });

  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= StandingOrderModel.init().catch((err) => {
      indexes = undefined;
      throw err;
    }));

  /** Refuses at once what every booking would refuse: not served here, no delivery, too young. */
  async function checkEligible(elderId: string, providerId: string, mode: MealMode): Promise<void> {
    const [elder, homes, canteen, settings] = await Promise.all([
      users.getUser(elderId),
      memberships.homesOf(elderId),
      canteens.canteen(providerId),
      canteens.settings(providerId),
    ]);
    if (!elder || elder.deleted) throw NotFound('resident');
    const served: Home[] = homes.filter((h) => canteen.communityIds.includes(h.communityId));
    if (served.length === 0)
      throw NotEligible({
        'zh-CN': '长者不是本食堂服务社区的已认证居民',
        en: 'the elder is not a verified resident of a community this canteen serves',
      });
    const deliversTo = new Set(settings.deliveryBuildingIds.map(String));
    if (mode === 'delivery' && !served.some((h) => deliversTo.has(h.buildingId)))
      throw NotEligible({
        'zh-CN': '本食堂不送餐到长者所在楼栋，请选择堂食或自取',
        en: "the canteen does not deliver to the elder's building; choose dine-in or pickup",
      });
    const policy = await canteens.subsidyPolicy(served[0].communityId);
    if (!elder.birthDate)
      throw NotEligible({
        'zh-CN': '缺少出生日期，请先在个人资料中填写',
        en: 'no date of birth on file; add it to the profile first',
      });
    if (ageOn(elder.birthDate, shanghaiDate(clock.now())) < policy.eligibilityAge)
      throw NotEligible({
        'zh-CN': `助餐服务面向 ${policy.eligibilityAge} 岁及以上的长者`,
        en: `meals are for residents aged ${policy.eligibilityAge} or over`,
      });
  }

  async function honourOne(order: StandingOrderDoc, menu: MenuDoc): Promise<Outcome> {
    const elderId = String(order.elderId);
    const standingOrderId = String(order._id);
    // Re-read: the order may have been paused or deleted while earlier ones were booked.
    if (!(await StandingOrderModel.exists({ _id: order._id, status: 'active' }))) return 'inactive';
    if (await BookingModel.exists({ elderId: order.elderId, date: menu.date, meal: menu.meal, active: true }))
      return 'alreadyBooked';
    try {
      await bookings.book(
        actorOf(String(order.createdBy)),
        { menuId: String(menu._id), elderUserId: elderId, mode: order.mode, dietaryNote: order.dietaryNote },
        { standingOrderId },
      );
      return 'booked';
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.MEAL_ALREADY_BOOKED) return 'alreadyBooked';
      if (!(err instanceof AppError))
        log.error({ err, standingOrderId, menuId: String(menu._id) }, 'standing order failed');
      const refusal =
        err instanceof AppError ? err : new AppError(ErrorCode.INTERNAL, 'standing order failed');
      void events.emit('meal.standingOrderSkipped', {
        standingOrderId,
        elderId,
        createdBy: String(order.createdBy),
        menuId: String(menu._id),
        date: menu.date,
        meal: menu.meal,
        code: refusal.code,
        reason: reasonOf(refusal),
      });
      return 'skipped';
    }
  }

  /**
   * Claims a menu's unfinished run for this instance: one conditional update, so of two instances
   * starting at once exactly one gets it. Resolves with when the claim of whoever holds it ends.
   */
  async function claimRun(
    menuId: Types.ObjectId,
  ): Promise<{ claimed: true } | { claimed: false; until?: Date }> {
    const now = clock.now();
    const claimed = await MenuModel.findOneAndUpdate(
      {
        _id: menuId,
        status: 'published',
        standingOrdersHonouredAt: { $exists: false },
        $or: [{ standingOrdersClaimUntil: { $exists: false } }, { standingOrdersClaimUntil: { $lte: now } }],
      },
      { $set: { standingOrdersClaimUntil: new Date(now.getTime() + RUN_LEASE_MS) } },
    ).lean<MenuDoc>();
    if (claimed) return { claimed: true };
    const held = await MenuModel.findOne(
      { _id: menuId, status: 'published', standingOrdersHonouredAt: { $exists: false } },
      { standingOrdersClaimUntil: 1 },
    ).lean<MenuDoc>();
    return {
      claimed: false,
      ...(held?.standingOrdersClaimUntil ? { until: held.standingOrdersClaimUntil } : {}),
    };
  }

  /** Runs `work` holding the menu's claim, renewing it meanwhile (real time: the run takes real time). */
  async function whileClaimed<T>(menuId: Types.ObjectId, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(() => {
      const until = new Date(clock.now().getTime() + RUN_LEASE_MS);
      MenuModel.updateOne(
        { _id: menuId, standingOrdersHonouredAt: { $exists: false } },
        { $set: { standingOrdersClaimUntil: until } },
      ).catch((err: unknown) =>
        log.warn({ err, menuId: String(menuId) }, 'could not renew a standing-order run claim'),
      );
    }, RUN_RENEW_MS);
    renew.unref();
    try {
      return await work();
    } catch (err) {
      // Failed here, not died: the next start (or the next look) may take it at once.
      await MenuModel.updateOne({ _id: menuId }, { $unset: { standingOrdersClaimUntil: 1 } }).catch(
        () => undefined,
      );
      throw err;
    } finally {
      clearInterval(renew);
    }
  }

  /** One menu a stopped process left unfinished: finished here, or looked at again when another's claim ends. */
  async function finishUnfinished(menu: MenuDoc): Promise<void> {
    if ((await bookings.windowOf(menu)).cutoffAt <= clock.now()) return;
    const claim = await claimRun(menu._id);
    if (!claim.claimed) {
      if (claim.until)
        await scheduler.schedule({
          kind: UNFINISHED_RUN_JOB,
          key: String(menu._id),
          dueAt: new Date(claim.until.getTime() + 1000),
        });
      return;
    }
    const tally = await whileClaimed(menu._id, () => service.honourMenu(String(menu._id)));
    log.info({ menuId: String(menu._id), ...tally }, 'finished standing orders left undone by a stop');
  }

  /** Honours one order on the matching menus already published and still open (before the cutoff). */
  async function honourPublished(order: StandingOrderDoc): Promise<void> {
    const now = clock.now();
    const menus = await MenuModel.find({
      providerId: order.providerId,
      meal: order.meal,
      status: 'published',
      date: { $gte: shanghaiDate(now) },
    })
      .sort({ date: 1 })
      .lean<MenuDoc[]>();
    for (const menu of menus) {
      if (!order.weekdays.includes(weekdayOf(menu.date))) continue;
      if ((await bookings.windowOf(menu)).cutoffAt <= now) continue;
      await honourOne(order, menu);
    }
  }

  async function visible(actor: Actor, orderId: string): Promise<StandingOrderDoc> {
    const order = isId(orderId) ? await StandingOrderModel.findById(orderId).lean<StandingOrderDoc>() : null;
    if (!order || !(await bookings.actsFor(actor, String(order.elderId)))) throw NotFound('standingOrder');
    return order;
  }

  const service = {
    async create(actor: Actor, input: CreateStandingOrderBody): Promise<StandingOrderDoc> {
      const elderId = input.elderUserId?.toLowerCase() ?? actor.userId;
      if (elderId !== actor.userId && !(await carerLinks.isConfirmedCarer(actor.userId, elderId)))
        throw Forbidden('set up meals for someone you are not a confirmed carer of');
      await checkEligible(elderId, input.providerId, input.mode);
      await indexesBuilt();
      let order: StandingOrderDoc;
      try {
        const doc = await StandingOrderModel.create({
          elderId,
          createdBy: actor.userId,
          providerId: input.providerId,
          weekdays: [...input.weekdays].sort((a, b) => a - b),
          meal: input.meal,
          mode: input.mode,
          dietaryNote: input.dietaryNote,
          status: 'active',
        });
        order = doc.toObject() as StandingOrderDoc;
      } catch (err) {
        if (isDuplicateKey(err))
          throw Conflict({
            'zh-CN': '这位长者在该食堂已有这一餐的长期订餐；如需改日子，请删除后重新设置',
            en: 'this elder already has a standing order for this meal at this canteen; delete it to set new days',
          });
        throw err;
      }
      await honourPublished(order);
      return order;
    },

    /** The actor's own orders and those of the elders they are a confirmed carer of. */
    async mine(actor: Actor): Promise<StandingOrderDoc[]> {
      const elderIds = [actor.userId, ...(await carerLinks.eldersOf(actor.userId))].map(
        (id) => new Types.ObjectId(id),
      );
      return StandingOrderModel.find({ elderId: { $in: elderIds } })
        .sort({ createdAt: 1, _id: 1 })
        .lean<StandingOrderDoc[]>();
    },

    async pause(actor: Actor, orderId: string): Promise<StandingOrderDoc> {
      const order = await visible(actor, orderId);
      const paused = await StandingOrderModel.findOneAndUpdate(
        { _id: order._id, status: 'active' },
        { $set: { status: 'paused', pausedAt: clock.now() } },
        { returnDocument: 'after' },
      ).lean<StandingOrderDoc>();
      if (!paused)
        throw Conflict({ 'zh-CN': '该长期订餐已暂停', en: 'this standing order is already paused' });
      return paused;
    },

    async resume(actor: Actor, orderId: string): Promise<StandingOrderDoc> {
      const order = await visible(actor, orderId);
      const resumed = await StandingOrderModel.findOneAndUpdate(
        { _id: order._id, status: 'paused' },
        { $set: { status: 'active' }, $unset: { pausedAt: 1 } },
        { returnDocument: 'after' },
      ).lean<StandingOrderDoc>();
      if (!resumed)
        throw Conflict({ 'zh-CN': '该长期订餐并未暂停', en: 'this standing order is not paused' });
      await honourPublished(resumed);
      return resumed;
    },

    /** Bookings it already made stay; cancel those one by one. */
    async remove(actor: Actor, orderId: string): Promise<void> {
      const order = await visible(actor, orderId);
      await StandingOrderModel.deleteOne({ _id: order._id });
    },

    /** Tries every active order matching a published menu; resolves when all have been tried. */
    async honourMenu(menuId: string) {
      const menu = await canteens.findMenu(menuId);
      const tally: Record<Outcome, number> = { booked: 0, alreadyBooked: 0, skipped: 0, inactive: 0 };
      if (menu?.status === 'published') {
        const orders = await StandingOrderModel.find({
          providerId: menu.providerId,
          meal: menu.meal,
          status: 'active',
          weekdays: weekdayOf(menu.date),
        })
          .sort({ createdAt: 1, _id: 1 })
          .lean<StandingOrderDoc[]>();
        let next = 0;
        const worker = async () => {
          while (next < orders.length) {
            const outcome = await honourOne(orders[next++], menu);
            tally[outcome] += 1;
          }
        };
        await Promise.all(Array.from({ length: HONOUR_CONCURRENCY }, worker));
        await MenuModel.updateOne(
          { _id: menu._id, status: 'published' },
          { $set: { standingOrdersHonouredAt: clock.now() } },
        );
      }
      void events.emit('meal.standingOrdersHonoured', { menuId, ...tally });
      return tally;
    },

    /** Finishes the runs a stopped process left undone, on menus still open for standing orders. */
    async honourUnfinished(): Promise<void> {
      const now = clock.now();
      const menus = await MenuModel.find({
        status: 'published',
        standingOrdersHonouredAt: { $exists: false },
        date: { $gte: shanghaiDate(now) },
      })
        .sort({ date: 1, meal: 1 })
        .lean<MenuDoc[]>();
      for (const menu of menus) await finishUnfinished(menu);
    },

    async exportFor(userId: string) {
      if (!isId(userId)) return [];
      const orders = await StandingOrderModel.find({ $or: [{ elderId: userId }, { createdBy: userId }] })
        .sort({ createdAt: 1 })
        .lean<StandingOrderDoc[]>();
      return orders.map((o) => ({
        id: String(o._id),
        elderId: String(o.elderId),
        createdBy: String(o.createdBy),
        providerId: String(o.providerId),
        weekdays: o.weekdays,
        meal: o.meal,
        mode: o.mode,
        dietaryNote: o.dietaryNote,
        status: o.status,
        createdAt: o.createdAt.toISOString(),
      }));
    },

    /**
     * The person's own orders, and those they set up for an elder: booking as someone who is gone
     * would only ever be refused.
     */
    async eraseFor(userId: string): Promise<void> {
      if (!isId(userId)) return;
      await StandingOrderModel.deleteMany({ $or: [{ elderId: userId }, { createdBy: userId }] });
    },
  };

  // The publication's own run claims the menu too: an instance starting meanwhile leaves it alone.
  events.on('meal.menuPublished', async ({ menuId }) => {
    const id = new Types.ObjectId(menuId);
    if ((await claimRun(id)).claimed) await whileClaimed(id, () => service.honourMenu(menuId));
  });
  events.on('system.started', () => service.honourUnfinished());
  scheduler.handle(UNFINISHED_RUN_JOB, async (job) => {
    const menu = await MenuModel.findOne({
      _id: job.key,
      status: 'published',
      standingOrdersHonouredAt: { $exists: false },
    }).lean<MenuDoc>();
    if (menu) await finishUnfinished(menu);
  });

  return service;
}

export type StandingOrders = ReturnType<typeof createStandingOrders>;
