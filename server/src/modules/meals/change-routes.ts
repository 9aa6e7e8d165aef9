/**
 * Senior meals API, continued: a canteen editing, withdrawing and deleting its menus, and elders
 * (or their carers) keeping standing orders. Mounted with the rest of the meals routes.
 */
import {
  CreateStandingOrderBody,
  MenuEditView,
  MenuWithdrawalView,
  StandingOrderView,
  UpdateMenuBody,
  WithdrawMenuBody,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { route, type Route } from '../../platform/routes';
import type { CommunitiesService } from '../communities';
import { presentPerson, type UserService } from '../identity';
import type { BookingService } from './booking-service';
import type { CanteenService } from './canteen-service';
import type { MenuChanges } from './menu-changes';
import type { MenuDoc } from './menu-model';
import { isOperatorOf, standingOrderActions } from './policy';
import { menuViewer } from './presenter';
import type { StandingOrderDoc } from './standing-order-model';
import type { StandingOrders } from './standing-order-service';
import { MenuParams, StandingOrderParams } from './params';

export interface ChangeRouteDeps {
  canteens: CanteenService;
  bookings: Pick<BookingService, 'windowOf'>;
  menuChanges: MenuChanges;
  standingOrders: StandingOrders;
  communities: Pick<CommunitiesService, 'findProvider'>;
  users: Pick<UserService, 'getUsers'>;
}

export function mealChangeRoutes(deps: ChangeRouteDeps): Route[] {
  const { canteens, bookings, menuChanges, standingOrders, communities, users } = deps;

  /** A menu of a canteen the actor operates; 404 for anyone else, so nothing about it leaks. */
  async function operatedMenu(actor: Actor, menuId: string): Promise<MenuDoc> {
    const menu = await canteens.findMenu(menuId);
    if (!menu || !isOperatorOf(actor, String(menu.providerId))) throw NotFound('menu');
    return menu;
  }

  const showMenu = menuViewer({ bookings, canteens });

  async function showOrders(actor: Actor, orders: readonly StandingOrderDoc[]): Promise<StandingOrderView[]> {
    const people = await users.getUsers(orders.map((o) => String(o.elderId)));
    const names = new Map<string, string>();
    for (const providerId of new Set(orders.map((o) => String(o.providerId))))
      names.set(providerId, (await communities.findProvider(providerId))?.name ?? '');
    return orders.map((o) => {
      const elderId = String(o.elderId);
      return {
        id: String(o._id),
        elder: presentPerson(actor, people.get(elderId) ?? { id: elderId, displayName: '' }),
        createdBy: String(o.createdBy),
        providerId: String(o.providerId),
        canteenName: names.get(String(o.providerId)) ?? '',
        weekdays: [...o.weekdays],
        meal: o.meal,
        mode: o.mode,
        dietaryNote: o.dietaryNote,
        status: o.status,
        createdAt: o.createdAt.toISOString(),
        actions: standingOrderActions(o.status),
      };
    });
  }
  const showOrder = async (actor: Actor, order: StandingOrderDoc) => (await showOrders(actor, [order]))[0];

  return [
    route({
      method: 'patch',
      path: '/meals/menus/:menuId',
      summary:
        'Edit a menu: a draft freely; a published one never below the places taken, and a new base ' +
        'price applies to new bookings only (existing bookings keep the price frozen when booked)',
      description:
        'Everyone holding an active booking (the elder, whoever booked, the elder’s confirmed carers) ' +
        'is told live (`meal.menuChanged`) when the dishes or the base price change.',
      auth: ['operator'],
      input: { params: MenuParams, body: UpdateMenuBody },
      responses: { 200: MenuEditView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const menu = await operatedMenu(ctx.state.actor, ctx.input.params.menuId);
        const edited = await menuChanges.edit(menu, ctx.input.body);
        return { ...edited, menu: await showMenu(edited.menu) };
      },
    }),
    route({
      method: 'post',
      path: '/meals/menus/:menuId/withdraw',
      summary:
        'Withdraw a published menu with a reason: residents no longer see it, and every active ' +
        'booking is cancelled with that reason and told live (repeat it to finish an interrupted one)',
      auth: ['operator'],
      input: { params: MenuParams, body: WithdrawMenuBody },
      responses: { 200: MenuWithdrawalView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const menu = await operatedMenu(actor, ctx.input.params.menuId);
        const result = await menuChanges.withdraw(actor, menu, ctx.input.body.reason);
        return { ...result, menu: await showMenu(result.menu) };
      },
    }),
    route({
      method: 'delete',
      path: '/meals/menus/:menuId',
      summary: 'Delete a draft menu (a published one is withdrawn instead, with a reason)',
      auth: ['operator'],
      input: { params: MenuParams },
      responses: { 204: null },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        await menuChanges.deleteDraft(await operatedMenu(ctx.state.actor, ctx.input.params.menuId));
      },
    }),
    route({
      method: 'post',
      path: '/meals/standing-orders',
      summary:
        'Set up a standing order for myself or an elder I care for: the meal is booked on those ' +
        'weekdays whenever the canteen publishes it (and at once on matching menus already published)',
      description:
        'Honoured at publication even before the public booking window opens, never at or after the ' +
        'cutoff. A day that cannot be booked (full, closed, not eligible) is skipped and told live ' +
        '(`meal.standingOrderSkipped`).',
      auth: 'signedIn',
      input: { body: CreateStandingOrderBody },
      responses: { 201: StandingOrderView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'MEAL_NOT_ELIGIBLE'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        return showOrder(actor, await standingOrders.create(actor, ctx.input.body));
      },
    }),
    route({
      method: 'get',
      path: '/meals/standing-orders/mine',
      summary: 'My standing orders and those of the elders I care for',
      auth: 'signedIn',
      responses: { 200: z.object({ items: z.array(StandingOrderView) }) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        return { items: await showOrders(actor, await standingOrders.mine(actor)) };
      },
    }),
    route({
      method: 'post',
      path: '/meals/standing-orders/:standingOrderId/pause',
      summary: 'Pause a standing order: nothing is booked by it until it is resumed',
      auth: 'signedIn',
      input: { params: StandingOrderParams },
      responses: { 200: StandingOrderView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        return showOrder(actor, await standingOrders.pause(actor, ctx.input.params.standingOrderId));
      },
    }),
    route({
      method: 'post',
      path: '/meals/standing-orders/:standingOrderId/resume',
      summary: 'Resume a paused standing order (it books matching menus already published at once)',
      auth: 'signedIn',
      input: { params: StandingOrderParams },
      responses: { 200: StandingOrderView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        return showOrder(actor, await standingOrders.resume(actor, ctx.input.params.standingOrderId));
      },
    }),
    route({
      method: 'delete',
      path: '/meals/standing-orders/:standingOrderId',
      summary: 'Delete a standing order (bookings it already made stay; cancel them one by one)',
      auth: 'signedIn',
      input: { params: StandingOrderParams },
      responses: { 204: null },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        await standingOrders.remove(ctx.state.actor, ctx.input.params.standingOrderId);
      },
    }),
  ];
}
