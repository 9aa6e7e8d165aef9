/** Meals as the API shows them, with the actions the viewer may take. */
import type {
  BookingView,
  CanteenInfoView,
  CanteenSettingsView,
  MenuView,
  SubsidyPolicyView,
} from '@linli/shared';
import { DEFAULT_CANTEEN_SETTINGS } from './canteen-model';
import type { Actor } from '../../platform/context';
import type { IdentityUser } from '../identity';
import { presentPerson } from '../identity';
import type { Provider } from '../communities';
import type { Clock } from '../../platform/clock';
import type { UserService } from '../identity';
import type { BookingDoc } from './booking-model';
import type { BookingWindow } from './booking-window';
import { remainingOf, type BookingService } from './booking-service';
import type { CanteenService, CanteenSettings } from './canteen-service';
import type { MenuDoc } from './menu-model';
import type { SubsidyPolicy } from './pricing';
import { bookingActions } from './policy';

export function presentSettings(canteen: Provider, settings: CanteenSettings): CanteenSettingsView {
  return {
    ...presentCanteenInfo(canteen, settings),
    communityIds: canteen.communityIds,
    opensDaysAhead: settings.opensDaysAhead,
    cutoffs: { lunch: settings.cutoffs.lunch, dinner: settings.cutoffs.dinner },
    deliveryBuildingIds: settings.deliveryBuildingIds.map(String),
  };
}

/** Where and when a canteen serves, as residents see it beside its menus. */
export function presentCanteenInfo(canteen: Provider, settings: CanteenSettings): CanteenInfoView {
  const hours = settings.servingHours ?? DEFAULT_CANTEEN_SETTINGS.servingHours;
  return {
    providerId: canteen.id,
    name: canteen.name,
    address: settings.address ?? '',
    servingHours: {
      lunch: { from: hours.lunch.from, to: hours.lunch.to },
      dinner: { from: hours.dinner.from, to: hours.dinner.to },
    },
  };
}

export function presentMenu(menu: MenuDoc, window: BookingWindow, canteenName: string): MenuView {
  return {
    id: String(menu._id),
    providerId: String(menu.providerId),
    canteenName,
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

/** Menus as the API shows them: with their booking window and their canteen's name. */
export function menuViewer(deps: {
  bookings: Pick<BookingService, 'windowOf'>;
  canteens: Pick<CanteenService, 'canteen'>;
}) {
  return async (menu: MenuDoc): Promise<MenuView> => {
    const [window, canteen] = await Promise.all([
      deps.bookings.windowOf(menu),
      deps.canteens.canteen(String(menu.providerId)),
    ]);
    return presentMenu(menu, window, canteen.name);
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

/** What the caller of a booking viewer may already hold, so it is not read again. */
export interface KnownAboutBooking {
  elder?: Pick<IdentityUser, 'id' | 'displayName' | 'phone'>;
  /** True when the caller just checked that the viewer is the elder or a confirmed carer. */
  actsForElder?: boolean;
  window?: BookingWindow;
}

/**
 * Bookings as a given viewer sees them: loads each elder, whether the viewer acts for them and each
 * booking window once per list (not once per booking), then presents. Every route that answers
 * with bookings goes through this.
 */
export function bookingViewer(deps: {
  users: Pick<UserService, 'getUsers'>;
  bookings: Pick<BookingService, 'actsFor' | 'windowOf'>;
  clock: Clock;
}) {
  async function showAll(
    actor: Actor,
    bookings: readonly BookingDoc[],
    known: KnownAboutBooking = {},
  ): Promise<BookingView[]> {
    const elderIds = [...new Set(bookings.map((b) => String(b.elderId)))];
    const toRead = elderIds.filter((id) => id !== known.elder?.id);
    const windowKey = (b: BookingDoc) => `${String(b.providerId)} ${b.date} ${b.meal}`;
    const windowsToRead = [...new Map(bookings.map((b) => [windowKey(b), b])).values()];
    const [read, actsFor, windows] = await Promise.all([
      toRead.length > 0 ? deps.users.getUsers(toRead) : new Map<string, IdentityUser>(),
      Promise.all(
        elderIds.map(
          async (id) => [id, known.actsForElder ?? (await deps.bookings.actsFor(actor, id))] as const,
        ),
      ).then((pairs) => new Map(pairs)),
      Promise.all(
        windowsToRead.map(
          async (b) => [windowKey(b), known.window ?? (await deps.bookings.windowOf(b))] as const,
        ),
      ).then((pairs) => new Map(pairs)),
    ]);
    const elders = new Map<string, Pick<IdentityUser, 'id' | 'displayName' | 'phone'>>(read);
    if (known.elder) elders.set(known.elder.id, known.elder);
    const now = deps.clock.now();
    return bookings.map((booking) => {
      const elderId = String(booking.elderId);
      return presentBooking(booking, actor, elders.get(elderId), {
        actsForElder: actsFor.get(elderId) ?? false,
        cutoffPassed: now >= windows.get(windowKey(booking))!.cutoffAt,
      });
    });
  }

  return {
    showAll,
    async show(actor: Actor, booking: BookingDoc, known?: KnownAboutBooking): Promise<BookingView> {
      return (await showAll(actor, [booking], known))[0];
    },
  };
}
