/**
 * The senior meals module (长者助餐): canteen settings and menus (edited, withdrawn), subsidy
 * policies, bookings with atomic capacity and frozen prices, standing orders, the canteen's day and
 * the monthly settlement.
 */
import type { WellnessAlertView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { UserService } from '../identity';
import type { ModuleDeps } from '../module-deps';
import type { CarerLinkService, MembershipService } from '../membership';
import type { SubscriptionService } from '../notices';
import { createBookingService } from './booking-service';
import { createCanteenService } from './canteen-service';
import { mealChangeRoutes } from './change-routes';
import { createMenuChanges } from './menu-changes';
import { deliverMenuEvents } from './menu-realtime';
import { mealsPersonalData } from './personal-data';
import { deliverMealEvents } from './realtime';
import { createRoster } from './roster';
import { mealRoutes } from './routes';
import { createSettlement } from './settlement';
import { createStandingOrders } from './standing-order-service';
import { createSubsidyLedger } from './subsidy-ledger';
import { deliverWellnessAlerts } from './wellness-delivery';
import { wellnessAlertViewer, wellnessRoutes } from './wellness-routes';
import { createWellnessService } from './wellness-service';

export type { BookingService } from './booking-service';
export type { CanteenService } from './canteen-service';
export type { StandingOrders } from './standing-order-service';
export type WellnessAlertViews = ReturnType<typeof createMealsModule>['wellnessAlerts'];

export interface MealsModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer' | 'eldersOf' | 'listMine'>;
  audit: Pick<AuditService, 'record'>;
  /** WeChat subscribe-message consents (kept by notices), spent by wellness alerts. */
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Staff holding a role in a community: the committee hears of wellness alerts. */
  staffIdsWithRole(role: 'committee', communityId: string): Promise<string[]>;
}

export function createMealsModule(deps: MealsModuleDeps) {
  const canteens = createCanteenService({
    communities: deps.communities,
    clock: deps.clock,
    events: deps.events,
  });
  const ledger = createSubsidyLedger();
  const bookings = createBookingService({ ...deps, canteens, ledger });
  const menuChanges = createMenuChanges(deps);
  const standingOrders = createStandingOrders({ ...deps, canteens, bookings });
  const wellness = createWellnessService({ ...deps, ledger });
  deliverMealEvents(deps.events, deps.realtime, deps.carerLinks);
  deliverMenuEvents(deps.events, deps.realtime, deps.carerLinks);
  deliverWellnessAlerts({
    ...deps,
    committeeOf: (communityId) => deps.staffIdsWithRole('committee', communityId),
    templateId: deps.config.wechat.templates.wellness,
  });
  const api = mealRoutes({
    canteens,
    bookings,
    roster: createRoster({ users: deps.users, communities: deps.communities }),
    settlement: createSettlement({ users: deps.users }),
    communities: deps.communities,
    users: deps.users,
    clock: deps.clock,
  });
  const changes = mealChangeRoutes({
    canteens,
    bookings,
    menuChanges,
    standingOrders,
    communities: deps.communities,
    users: deps.users,
  });
  const wellnessApi = wellnessRoutes({
    wellness,
    bookings,
    communities: deps.communities,
    users: deps.users,
    clock: deps.clock,
  });
  const showWellness = wellnessAlertViewer({ users: deps.users, communities: deps.communities });
  return {
    canteens,
    bookings,
    standingOrders,
    /**
     * Wellness alerts as their views, for the emergency module's carer and staff screens: the
     * caller has already checked the actor is a committee member of the community.
     */
    wellnessAlerts: {
      async ofMyElders(actor: Actor, limit: number): Promise<WellnessAlertView[]> {
        const page = await wellness.ofMyElders(actor, { page: 1, pageSize: limit });
        return showWellness(actor, page.items);
      },
      async openInCommunity(actor: Actor, communityId: string, limit: number): Promise<WellnessAlertView[]> {
        const page = await wellness.inCommunity(communityId, { status: 'open', page: 1, pageSize: limit });
        return showWellness(actor, page.items);
      },
    },
    api: { ...api, routes: [...api.routes, ...changes, ...wellnessApi] },
    personalData: mealsPersonalData({ standingOrders, events: deps.events, clock: deps.clock }),
  };
}
