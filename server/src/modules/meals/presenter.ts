/** Meals as the API shows them, with the actions the viewer may take. */
import type { BookingView, CanteenSettingsView, MenuView, SubsidyPolicyView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { IdentityUser } from '../identity';
import { presentPerson } from '../identity';
import type { Provider } from '../communities';
import type { Clock } from '../../platform/clock';
import type { UserService } from '../identity';
import type { BookingDoc } from './booking-model';
import type { BookingWindow } from './booking-window';
import { remainingOf, type BookingService } from './booking-service';
import type { CanteenSettings } from './canteen-service';
import type { MenuDoc } from './menu-model';
import type { SubsidyPolicy } from './pricing';
import { bookingActions } from './policy';

export function presentSettings(canteen: Provider, settings: CanteenSettings): CanteenSettingsView {
  return {
    providerId: canteen.id,
    name: canteen.name,
    communityIds: canteen.communityIds,
    opensDaysAhead: settings.opensDaysAhead,
    cutoffs: { lunch: settings.cutoffs.lunch, dinner: settings.cutoffs.dinner },
    deliveryBuildingIds: settings.deliveryBuildingIds.map(String),
  };
}

export function presentMenu(menu: MenuDoc, window: BookingWindow): MenuView {
  return {
    id: String(menu._id),
    providerId: String(menu.providerId),
    date: menu.date,
    meal: menu.meal,
    dishes: menu.dishes.map((d) => ({ name: d.name, tags: [...d.tags], allergens: [...d.allergens] })),
    basePriceFen: menu.basePriceFen,
    seatCapacity: menu.seatCapacity,
    deliveryCapacity: menu.deliveryCapacity,
    remaining: remainingOf(menu),
    status: menu.status,
    ...(menu.withdrawReason ? { withdrawReason: menu.withdrawReason } : {}),
    opensAt: window.opensAt.toISOString(),
    cutoffAt: window.cutoffAt.toISOString(),
  };
}

export function presentPolicy(
  communityId: string,
  policy: SubsidyPolicy & { updatedAt?: Date },
): SubsidyPolicyView {
  return {
    communityId,
    eligibilityAge: policy.eligibilityAge,
    ageTiers: policy.ageTiers.map((t) => ({
      minAge: t.minAge,
      ...(t.maxAge === undefined || t.maxAge === null ? {} : { maxAge: t.maxAge }),
      subsidyFen: t.subsidyFen,
    })),
    tagExtras: { ...policy.tagExtras },
    monthlyCapFen: policy.monthlyCapFen,
    ...(policy.updatedAt ? { updatedAt: policy.updatedAt.toISOString() } : {}),
  };
}

export const qrPayloadOf = (booking: BookingDoc) => `linli:meal:${String(booking._id)}:${booking.pickupCode}`;

/**
 * `actsForElder`: the viewer is the elder or their confirmed carer. Only they see the pickup code:
 * the canteen verifies the code the elder shows, it does not read it off its own screen.
 */
export function presentBooking(
  booking: BookingDoc,
  viewer: Actor,
  elder: Pick<IdentityUser, 'id' | 'displayName' | 'phone'> | undefined,
  { actsForElder, cutoffPassed }: { actsForElder: boolean; cutoffPassed: boolean },
): BookingView {
  const elderId = String(booking.elderId);
  return {
    id: String(booking._id),
    menuId: String(booking.menuId),
    providerId: String(booking.providerId),
    date: booking.date,
    meal: booking.meal,
    elder: presentPerson(viewer, elder ?? { id: elderId, displayName: '' }, [String(booking.communityId)]),
    bookedBy: String(booking.bookedBy),
    mode: booking.mode,
    dietaryNote: booking.dietaryNote,
    status: booking.status,
    source: booking.source ?? 'direct',
    ...(actsForElder ? { pickupCode: booking.pickupCode, qrPayload: qrPayloadOf(booking) } : {}),
    price: {
      baseFen: booking.price.baseFen,
      lines: booking.price.lines.map((l) => ({ kind: l.kind, label: l.label, fen: l.fen })),
      subsidyFen: booking.price.subsidyFen,
      payableFen: booking.price.payableFen,
    },
    ...(booking.cancelReason ? { cancelReason: booking.cancelReason } : {}),
    ...(booking.deliveryOutcome ? { deliveryOutcome: booking.deliveryOutcome } : {}),
    actions: bookingActions(viewer, {
      providerId: String(booking.providerId),
      status: booking.status,
      actsForElder,
      cutoffPassed,
    }),
  };
}

/**
 * A booking as a given viewer sees it: loads the elder, whether the viewer acts for them and the
 * booking window, then presents. Every route that answers with a booking goes through this.
 */
export function bookingViewer(deps: {
  users: Pick<UserService, 'getUser'>;
  bookings: Pick<BookingService, 'actsFor' | 'windowOf'>;
  clock: Clock;
}) {
  return async (actor: Actor, booking: BookingDoc): Promise<BookingView> => {
    const elderId = String(booking.elderId);
    const [elder, actsForElder, window] = await Promise.all([
      deps.users.getUser(elderId),
      deps.bookings.actsFor(actor, elderId),
      deps.bookings.windowOf(booking),
    ]);
    return presentBooking(booking, actor, elder, {
      actsForElder,
      cutoffPassed: deps.clock.now() >= window.cutoffAt,
    });
  };
}
