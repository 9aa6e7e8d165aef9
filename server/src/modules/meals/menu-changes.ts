/**
 * A canteen changing its mind about a menu: editing it, withdrawing a published one, deleting a draft.
 *
 * Editing. A draft changes freely. A published menu's dishes, base price and capacities change in
 * one conditional update that also requires each lowered capacity to be at least what is taken, so
 * a booking racing the edit can never end up beyond the new capacity. Existing bookings keep the
 * price frozen when they were made; the new base price applies to bookings made from now on.
 * Dish and price changes are announced to everyone holding an active booking; capacity changes do
 * not touch a booked place and only refresh the canteen's roster.
 *
 * Withdrawing. The menu is flipped to `withdrawn` first (from then on no place can be taken, and
 * residents no longer see it), then every active booking is cancelled with the reason, each told
 * live, and every place is given back exactly once (places.ts). Each step is idempotent, so an
 * interrupted withdrawal is finished by withdrawing again.
 */
import { isDeepStrictEqual } from 'node:util';
import { MENU_EDITABLE_FIELDS, type Dish, type MenuEditableField, type UpdateMenuBody } from '@linli/shared';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { Conflict, NotFound } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import { BookingModel, type BookingDoc } from './booking-model';
import { MenuModel, type MenuDoc } from './menu-model';
import { bulkCancellation, freeOwedPlaces } from './places';
import { bookingChanged } from './events';
import './menu-events';

/** Dish and price changes matter to someone already booked; capacities do not. */
const TOLD_TO_BOOKED: readonly MenuEditableField[] = ['dishes', 'basePriceFen'];
/** How many bookings a withdrawal cancels at once: quick, without flooding the store. */
const CANCEL_CONCURRENCY = 8;

const comparable = (dishes: readonly Dish[]) =>
  dishes.map((d) => ({ name: d.name, tags: [...d.tags], allergens: [...d.allergens] }));

function changedFields(before: MenuDoc, edit: UpdateMenuBody): MenuEditableField[] {
  return MENU_EDITABLE_FIELDS.filter((field) => {
    if (edit[field] === undefined) return false;
    if (field === 'dishes') return !isDeepStrictEqual(comparable(before.dishes), comparable(edit.dishes!));
    return before[field] !== edit[field];
  });
}

export interface MenuChangeDeps {
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
  clock: Clock;
}

export function createMenuChanges({ audit, events, clock }: MenuChangeDeps) {
  /** Why an edit of a published menu was refused, named with what is taken. */
  function capacityRefusal(current: MenuDoc, edit: UpdateMenuBody) {
    if (edit.seatCapacity !== undefined && current.seatsTaken > edit.seatCapacity)
      return Conflict(
        {
          'zh-CN': `已有 ${current.seatsTaken} 份堂食/自取订餐，座位数不能少于 ${current.seatsTaken}`,
          en: `${current.seatsTaken} dine-in/pickup places are already booked; seatCapacity cannot go below ${current.seatsTaken}`,
        },
        { taken: { seats: current.seatsTaken, deliveries: current.deliveriesTaken } },
      );
    if (edit.deliveryCapacity !== undefined && current.deliveriesTaken > edit.deliveryCapacity)
      return Conflict(
        {
          'zh-CN': `已有 ${current.deliveriesTaken} 份送餐订餐，送餐数不能少于 ${current.deliveriesTaken}`,
          en: `${current.deliveriesTaken} deliveries are already booked; deliveryCapacity cannot go below ${current.deliveriesTaken}`,
        },
        { taken: { seats: current.seatsTaken, deliveries: current.deliveriesTaken } },
      );
    return undefined;
  }

  async function cancelForWithdrawal(actor: Actor, booking: BookingDoc, reason: string): Promise<boolean> {
    const cancelled = await BookingModel.findOneAndUpdate(
      { _id: booking._id, status: 'booked' },
      bulkCancellation(actor.userId, clock.now(), reason),
      { returnDocument: 'after' },
    ).lean<BookingDoc>();
    if (!cancelled) return false;
    await audit.record({
      actorId: actor.userId,
      action: 'mealBooking.cancel',
      subjectUserId: String(booking.elderId),
      communityId: String(booking.communityId),
      target: { kind: 'mealBooking', id: String(booking._id) },
      before: { status: booking.status },
      after: { status: 'cancelled', reason, menuWithdrawn: true },
    });
    void events.emit('meal.bookingChanged', bookingChanged(cancelled, reason));
    return true;
  }

  return {
    /** The caller has checked the actor operates the menu's canteen. */
    async edit(menu: MenuDoc, edit: UpdateMenuBody) {
      if (menu.status === 'withdrawn')
        throw Conflict({
          'zh-CN': '该菜单已撤回，不能再修改；请新建这一餐的菜单',
          en: 'this menu was withdrawn and cannot be edited; create a new one for that meal',
        });
      const set = Object.fromEntries(
        MENU_EDITABLE_FIELDS.flatMap((f) => (edit[f] === undefined ? [] : [[f, edit[f]]])),
      );
      const before = await MenuModel.findOneAndUpdate(
        {
          _id: menu._id,
          status: menu.status,
          ...(edit.seatCapacity === undefined ? {} : { seatsTaken: { $lte: edit.seatCapacity } }),
          ...(edit.deliveryCapacity === undefined
            ? {}
            : { deliveriesTaken: { $lte: edit.deliveryCapacity } }),
        },
        { $set: set },
        { returnDocument: 'before' },
      ).lean<MenuDoc>();
      if (!before) {
        const current = await MenuModel.findById(menu._id).lean<MenuDoc>();
        if (!current) throw NotFound('menu');
        throw (
          capacityRefusal(current, edit) ??
          Conflict({
            'zh-CN': '菜单刚刚被发布或撤回，请刷新后再改',
            en: 'the menu was published or withdrawn meanwhile; reload it and edit again',
          })
        );
      }
      const changed = changedFields(before, edit);
      const after = (await MenuModel.findById(menu._id).lean<MenuDoc>()) ?? { ...before, ...set };
      let bookingsTold = 0;
      if (before.status === 'published' && changed.length > 0) {
        const told = changed.some((f) => TOLD_TO_BOOKED.includes(f));
        if (told) bookingsTold = await BookingModel.countDocuments({ menuId: menu._id, status: 'booked' });
        void events.emit('meal.menuEdited', {
          menuId: String(menu._id),
          providerId: String(menu.providerId),
          date: menu.date,
          meal: menu.meal,
          changed,
        });
      }
      return { menu: after, changed, bookingsTold };
    },

    /**
     * Withdraws a published menu and cancels its bookings with `reason`; on a menu already withdrawn
     * it finishes an interrupted withdrawal with the reason first given. Refused once the canteen
     * has started serving it (then bookings are cancelled one by one).
     */
    async withdraw(actor: Actor, menu: MenuDoc, reason: string) {
      if (menu.status === 'draft')
        throw Conflict({
          'zh-CN': '草稿菜单尚未发布，无需撤回，直接删除即可',
          en: 'a draft is not published; delete it instead',
        });
      if (
        menu.status === 'published' &&
        (await BookingModel.exists({ menuId: menu._id, status: { $in: ['served', 'noShow'] } }))
      )
        throw Conflict({
          'zh-CN': '这一餐已开始发餐，不能整餐撤回；请逐个取消订餐',
          en: 'this meal is already being served; cancel bookings one by one instead',
        });
      const withdrawn =
        (await MenuModel.findOneAndUpdate(
          { _id: menu._id, status: 'published' },
          {
            $set: {
              status: 'withdrawn',
              withdrawnAt: clock.now(),
              withdrawnBy: actor.userId,
              withdrawReason: reason,
            },
          },
          { returnDocument: 'after' },
        ).lean<MenuDoc>()) ??
        (await MenuModel.findOne({ _id: menu._id, status: 'withdrawn' }).lean<MenuDoc>());
      if (!withdrawn)
        throw Conflict({
          'zh-CN': '菜单状态已变化，请刷新后重试',
          en: 'the menu changed meanwhile; reload and retry',
        });
      const given = withdrawn.withdrawReason ?? reason;

      const booked = await BookingModel.find({ menuId: menu._id, status: 'booked' }).lean<BookingDoc[]>();
      let bookingsCancelled = 0;
      for (let i = 0; i < booked.length; i += CANCEL_CONCURRENCY) {
        const done = await Promise.all(
          booked.slice(i, i + CANCEL_CONCURRENCY).map((b) => cancelForWithdrawal(actor, b, given)),
        );
        bookingsCancelled += done.filter(Boolean).length;
      }
      await freeOwedPlaces({ menuId: menu._id });
      const after = (await MenuModel.findById(menu._id).lean<MenuDoc>()) ?? withdrawn;
      return { menu: after, bookingsCancelled };
    },

    /** Only drafts are deleted: a published menu is withdrawn, with a reason, so bookers are told. */
    async deleteDraft(menu: MenuDoc): Promise<void> {
      const { deletedCount } = await MenuModel.deleteOne({ _id: menu._id, status: 'draft' });
      if (deletedCount === 1) return;
      const current = await MenuModel.findById(menu._id, { status: 1 }).lean<Pick<MenuDoc, 'status'>>();
      if (!current) throw NotFound('menu');
      if (current.status === 'withdrawn')
        throw Conflict({
          'zh-CN': '该菜单已撤回，无需删除；如需重新供餐，新建这一餐的菜单即可',
          en: 'this menu is already withdrawn; to serve that meal again, create a new menu for it',
        });
      throw Conflict({
        'zh-CN': '已发布的菜单不能删除；请撤回并说明原因，已订餐的长者会收到通知',
        en: 'a published menu cannot be deleted; withdraw it with a reason so those booked are told',
      });
    },
  };
}

export type MenuChanges = ReturnType<typeof createMenuChanges>;
