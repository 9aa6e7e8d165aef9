/**
 * The senior meals module (长者助餐): canteen settings and menus, subsidy policies, bookings with
 * atomic capacity and frozen prices, the canteen's day and the monthly settlement.
 */
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { UserService } from '../identity';
import type { ModuleDeps } from '../index';
import type { CarerLinkService, MembershipService } from '../membership';
import { createBookingService } from './booking-service';
import { createCanteenService } from './canteen-service';
import { deliverMealEvents } from './realtime';
import { createRoster } from './roster';
import { mealRoutes } from './routes';
import { createSettlement } from './settlement';
import { createSubsidyLedger } from './subsidy-ledger';

export type { BookingService } from './booking-service';
export type { CanteenService } from './canteen-service';

export interface MealsModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer' | 'eldersOf' | 'listMine'>;
  audit: Pick<AuditService, 'record'>;
}

export function createMealsModule(deps: MealsModuleDeps) {
  const canteens = createCanteenService({ communities: deps.communities, clock: deps.clock });
  const ledger = createSubsidyLedger();
  const bookings = createBookingService({ ...deps, canteens, ledger });
  deliverMealEvents(deps.events, deps.realtime, deps.carerLinks);
  return {
    canteens,
    bookings,
    api: mealRoutes({
      canteens,
      bookings,
      roster: createRoster({ users: deps.users, communities: deps.communities }),
      settlement: createSettlement({ users: deps.users }),
      communities: deps.communities,
      users: deps.users,
      clock: deps.clock,
    }),
  };
}
