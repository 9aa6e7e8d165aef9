/**
 * Senior meals API: canteen operators set booking rules, publish menus, run the day (roster,
 * serving by pickup code, no-shows, CSV) and the monthly settlement; committees set the subsidy
 * policy; residents and their carers see the week's menus, book, and cancel.
 */
import {
  BookingView,
  CancelBookingBody,
  CanteenSettingsBody,
  CanteenSettingsView,
  CreateBookingBody,
  CreateMenuBody,
  MenuRangeQuery,
  MenuView,
  ResidentMenusQuery,
  ResidentMenusView,
  PageQuerySchema,
  RosterQuery,
  RosterView,
  ServeBody,
  SettlementQuery,
  SettlementView,
  SubsidyPolicyBody,
  SubsidyPolicyView,
  pageOf,
} from '@linli/shared';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { CommunitiesService } from '../communities';
import type { UserService } from '../identity';
import type { BookingService } from './booking-service';
import { addDays, shanghaiDate } from './booking-window';
import type { CanteenService } from './canteen-service';
import type { MenuDoc } from './menu-model';
import { authorize, canEditSubsidyPolicy, canReadSubsidyPolicy, isOperatorOf } from './policy';
import { bookingViewer, menuViewer, presentCanteenInfo, presentPolicy, presentSettings } from './presenter';
import type { Roster } from './roster';
import type { Settlement } from './settlement';
import { BookingParams, CanteenParams, CommunityParams, MenuParams } from './params';

const CSV = { 200: { description: 'UTF-8 CSV (with BOM) for spreadsheets', schema: null } } as const;

export interface MealRouteDeps {
  canteens: CanteenService;
  bookings: BookingService;
  roster: Roster;
  settlement: Settlement;
  communities: Pick<CommunitiesService, 'listProviders'>;
  users: Pick<UserService, 'getUsers'>;
  clock: Clock;
}

export function mealRoutes(deps: MealRouteDeps): ApiModule {
  const { canteens, bookings, roster, settlement, communities, users, clock } = deps;

  /** A canteen its operator runs; 404 for anyone else, so nothing about it leaks. */
  async function operated(actor: Actor, providerId: string) {
    if (!isOperatorOf(actor, providerId)) throw NotFound('canteen');
    return canteens.canteen(providerId);
  }

  async function operatedMenu(actor: Actor, menuId: string): Promise<MenuDoc> {
    const menu = await canteens.findMenu(menuId);
    if (!menu || !isOperatorOf(actor, String(menu.providerId))) throw NotFound('menu');
    return menu;
  }

  const showMenu = menuViewer({ bookings, canteens });

  const viewer = bookingViewer({ users, bookings, clock });
  const showBooking = viewer.show;

  async function rosterOf(actor: Actor, providerId: string, date: string, meal: MenuDoc['meal']) {
    await operated(actor, providerId);
    const [menu] = (await canteens.menusOf([providerId], date, date, false)).filter((m) => m.meal === meal);
    return roster.build(actor, { date, meal }, menu, menu ? await bookings.ofMenu(menu._id) : []);
  }

  const range = (query: { from?: string; to?: string }) => {
    const from = query.from ?? shanghaiDate(clock.now());
    return { from, to: query.to ?? addDays(from, 6) };
  };

  return {
    name: 'meals',
    basePath: API_V1,
    routes: [
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/settings',
        summary: "A canteen's booking window and delivery buildings (its operators)",
        auth: ['operator'],
        input: { params: CanteenParams },
        responses: { 200: CanteenSettingsView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const canteen = await operated(ctx.state.actor, ctx.input.params.providerId);
          return presentSettings(canteen, await canteens.settings(canteen.id));
        },
      }),
      route({
        method: 'put',
        path: '/meals/canteens/:providerId/settings',
        summary: 'Set when booking opens and closes, and which buildings the canteen delivers to',
        auth: ['operator'],
        input: { params: CanteenParams, body: CanteenSettingsBody },
        responses: { 200: CanteenSettingsView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const canteen = await operated(ctx.state.actor, ctx.input.params.providerId);
          return presentSettings(canteen, await canteens.saveSettings(canteen.id, ctx.input.body));
        },
      }),
      route({
        method: 'post',
        path: '/meals/menus',
        summary: 'Create a menu for one date and meal (a draft, or published at once)',
        auth: ['operator'],
        input: { body: CreateMenuBody },
        responses: { 201: MenuView },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          authorize(isOperatorOf(actor, ctx.input.body.providerId), "publish this canteen's menus");
          return showMenu(await canteens.createMenu(actor, ctx.input.body));
        },
      }),
      route({
        method: 'post',
        path: '/meals/menus/:menuId/publish',
        summary: 'Publish a draft menu: residents can see and book it',
        auth: ['operator'],
        input: { params: MenuParams },
        responses: { 200: MenuView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const menu = await operatedMenu(ctx.state.actor, ctx.input.params.menuId);
          return showMenu(await canteens.publishMenu(menu));
        },
      }),
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/menus',
        summary: "A canteen's menus, drafts included, for its operators (default: the next 7 days)",
        auth: ['operator'],
        input: { params: CanteenParams, query: MenuRangeQuery },
        responses: { 200: z.object({ items: z.array(MenuView) }) },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const canteen = await operated(ctx.state.actor, ctx.input.params.providerId);
          const { from, to } = range(ctx.input.query);
          const menus = await canteens.menusOf([canteen.id], from, to, false);
          return { items: await Promise.all(menus.map(showMenu)) };
        },
      }),
      route({
        method: 'get',
        path: '/meals/menus',
        summary:
          'Published menus of the canteens serving my communities (default: the next 7 days), with ' +
          'where and when each of those canteens serves',
        auth: 'signedIn',
        input: { query: ResidentMenusQuery },
        responses: { 200: ResidentMenusView },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const actor = ctx.state.actor;
          const communityIds = [...new Set(actor.homes.map((h) => h.communityId))];
          const providers = new Set<string>();
          for (const communityId of communityIds)
            for (const p of await communities.listProviders({ communityId }))
              if (p.kind === 'canteen') providers.add(p.id);
          const { from, to } = range(ctx.input.query);
          const menus = await canteens.menusOf([...providers], from, to, true);
          const cooking = [...new Set(menus.map((m) => String(m.providerId)))];
          const diner = ctx.input.query.for?.toLowerCase() ?? actor.userId;
          const { elderName, prices } = await bookings.quote(actor, menus, diner);
          return {
            items: await Promise.all(
              menus.map(async (menu) => {
                const price = prices.get(String(menu._id)) ?? null;
                return {
                  ...(await showMenu(menu)),
                  quote: price ? { elderId: diner, elderName, price } : null,
                };
              }),
            ),
            canteens: await Promise.all(
              cooking.map(async (id) =>
                presentCanteenInfo(await canteens.canteen(id), await canteens.settings(id)),
              ),
            ),
          };
        },
      }),
      route({
        method: 'get',
        path: '/meals/communities/:communityId/subsidy-policy',
        summary: "A community's meal subsidy policy (its committee, operators and residents)",
        auth: 'signedIn',
        input: { params: CommunityParams },
        responses: { 200: SubsidyPolicyView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.params;
          if (!canReadSubsidyPolicy(ctx.state.actor, communityId)) throw NotFound('community');
          return presentPolicy(communityId, await canteens.subsidyPolicy(communityId));
        },
      }),
      route({
        method: 'put',
        path: '/meals/communities/:communityId/subsidy-policy',
        summary: "Set the community's meal subsidies; bookings already made keep their price",
        auth: ['committee'],
        input: { params: CommunityParams, body: SubsidyPolicyBody },
        responses: { 200: SubsidyPolicyView },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(canEditSubsidyPolicy(actor, communityId), "set this community's subsidies");
          return presentPolicy(
            communityId,
            await canteens.saveSubsidyPolicy(actor, communityId, ctx.input.body),
          );
        },
      }),
      route({
        method: 'post',
        path: '/meals/bookings',
        summary: 'Book a meal for myself or an elder I care for; the price is fixed now',
        auth: 'signedIn',
        input: { body: CreateBookingBody },
        responses: { 201: BookingView },
        errors: [
          'NOT_FOUND',
          'FORBIDDEN',
          'MEAL_SLOT_FULL',
          'MEAL_BOOKING_CLOSED',
          'MEAL_NOT_ELIGIBLE',
          'MEAL_ALREADY_BOOKED',
        ],
        handler: async (ctx) => {
          const booked = await bookings.book(ctx.state.actor, ctx.input.body);
          return viewer.show(ctx.state.actor, booked.booking, booked);
        },
      }),
      route({
        method: 'get',
        path: '/meals/bookings/mine',
        summary: 'My bookings and those of the elders I care for, latest meal first',
        auth: 'signedIn',
        input: { query: PageQuerySchema },
        responses: { 200: pageOf(BookingView) },
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const page = await bookings.mine(actor, ctx.input.query);
          return { ...page, items: await viewer.showAll(actor, page.items) };
        },
      }),
      route({
        method: 'post',
        path: '/meals/bookings/:bookingId/cancel',
        summary: 'Cancel a booking: the elder or carer before the cutoff, the canteen (with a reason) after',
        auth: 'signedIn',
        input: { params: BookingParams, body: CancelBookingBody },
        responses: { 200: BookingView },
        errors: ['NOT_FOUND', 'CONFLICT', 'MEAL_BOOKING_CLOSED'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const cancelled = await bookings.cancel(actor, ctx.input.params.bookingId, ctx.input.body.reason);
          return showBooking(actor, cancelled);
        },
      }),
      route({
        method: 'post',
        path: '/meals/menus/:menuId/serve',
        summary: 'Serve the booking whose pickup code the elder shows',
        auth: ['operator'],
        input: { params: MenuParams, body: ServeBody },
        responses: { 200: BookingView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const menu = await operatedMenu(actor, ctx.input.params.menuId);
          return showBooking(actor, await bookings.serve(actor, menu, ctx.input.body.pickupCode));
        },
      }),
      route({
        method: 'post',
        path: '/meals/bookings/:bookingId/no-show',
        summary: 'Record that the elder did not come for a booked meal',
        auth: ['operator'],
        input: { params: BookingParams },
        responses: { 200: BookingView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const booking = await bookings.find(ctx.input.params.bookingId);
          if (!booking || !isOperatorOf(actor, String(booking.providerId))) throw NotFound('booking');
          return showBooking(actor, await bookings.markNoShow(actor, booking));
        },
      }),
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/roster',
        summary: "The canteen's list for one date and meal: counts, everyone booked, deliveries by building",
        auth: ['operator'],
        input: { params: CanteenParams, query: RosterQuery },
        responses: { 200: RosterView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { date, meal } = ctx.input.query;
          return rosterOf(ctx.state.actor, ctx.input.params.providerId, date, meal);
        },
      }),
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/roster/csv',
        summary: "The day's list as a spreadsheet",
        auth: ['operator'],
        input: { params: CanteenParams, query: RosterQuery },
        responses: CSV,
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { date, meal } = ctx.input.query;
          const view = await rosterOf(ctx.state.actor, ctx.input.params.providerId, date, meal);
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment(`roster-${date}-${meal}.csv`);
          ctx.body = roster.csv(view);
        },
      }),
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/settlement',
        summary: 'Monthly subsidy settlement: served meals per elder, with totals',
        auth: ['operator'],
        input: { params: CanteenParams, query: SettlementQuery },
        responses: { 200: SettlementView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const canteen = await operated(ctx.state.actor, ctx.input.params.providerId);
          return settlement.report(canteen.id, ctx.input.query.month);
        },
      }),
      route({
        method: 'get',
        path: '/meals/canteens/:providerId/settlement/csv',
        summary: 'Monthly subsidy settlement as a spreadsheet, for filing with civil affairs',
        auth: ['operator'],
        input: { params: CanteenParams, query: SettlementQuery },
        responses: CSV,
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const canteen = await operated(ctx.state.actor, ctx.input.params.providerId);
          const { month } = ctx.input.query;
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment(`settlement-${month}.csv`);
          ctx.body = settlement.csv(await settlement.report(canteen.id, month));
        },
      }),
    ],
  };
}
