import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import type { BookingView, CanteenInfoView, ResidentMenuView } from '@linli/shared/meals';
import type { LastChoice } from '../components/booking-sheet';
import { messageOf } from '../services';
import {
  dinersFor,
  listMenus,
  myBookings,
  subscribeMeals,
  subsidyPolicy,
  type Diner,
  type MealsChange,
} from '../services/meals';
import { policySummary } from '../services/meals-labels';

/** Runs `reload` when a meals event of one of `kinds` arrives, and when the page shows again. */
export function useMealsLive(reload: () => void, kinds: MealsChange['kind'][]): void {
  const latest = useRef(reload);
  latest.current = reload;
  const wanted = kinds.join(',');
  useEffect(
    () =>
      subscribeMeals((change) => {
        if (wanted.split(',').includes(change.kind)) latest.current();
      }),
    [wanted],
  );
  useDidShow(() => latest.current());
}

export interface ResidentMeals {
  /** Each with the server's quote for the first diner (oneself when eligible, else the first elder). */
  menus: ResidentMenuView[];
  /** Where and when the canteens of those menus serve. */
  canteens: CanteenInfoView[];
  /** Newest meal first, the viewer's own and those of elders they care for. */
  bookings: BookingView[];
  diners: Diner[];
  lastChoices: Record<string, LastChoice>;
  policyLine: string | null;
  loading: boolean;
  error: string | null;
  reload(): void;
}

/**
 * What a resident's meals screens show: the menus (of `range`, default the coming week), their
 * bookings, whom they can book for and what each elder chose last time. Refetches when a booking
 * changes (live) and when the page shows again.
 */
export function useResidentMeals(user: Me | null, range?: { from: string; to: string }): ResidentMeals {
  const [state, setState] = useState<Omit<ResidentMeals, 'reload'>>({
    menus: [],
    canteens: [],
    bookings: [],
    diners: [],
    lastChoices: {},
    policyLine: null,
    loading: true,
    error: null,
  });
  const generation = useRef(0);
  const from = range?.from;
  const to = range?.to;

  const reload = useCallback(() => {
    if (!user) return;
    const mine = ++generation.current;
    const communityId = user.homes[0]?.communityId;
    // Whose price the cards show depends on whom one books for: the diners come first.
    const quoted = dinersFor(user).then(async (diners) => {
      const first = diners[0];
      return { diners, menus: await listMenus(from, to, first && !first.self ? first.userId : undefined) };
    });
    Promise.all([
      quoted,
      myBookings(1, 50),
      communityId ? subsidyPolicy(communityId).catch(() => null) : Promise.resolve(null),
    ])
      .then(
        ([
          {
            diners,
            menus: { items: menus, canteens },
          },
          bookings,
          policy,
        ]) => {
          if (mine !== generation.current) return;
          const lastChoices: Record<string, LastChoice> = {};
          for (const b of bookings.items)
            lastChoices[b.elder.id] ??= { mode: b.mode, dietaryNote: b.dietaryNote };
          setState({
            menus,
            canteens,
            bookings: bookings.items,
            diners,
            lastChoices,
            policyLine: policy ? policySummary(policy) : null,
            loading: false,
            error: null,
          });
        },
      )
      .catch((e: unknown) => {
        if (mine === generation.current) setState((s) => ({ ...s, loading: false, error: messageOf(e) }));
      });
  }, [user, from, to]);

  useEffect(() => reload(), [reload]);
  useMealsLive(reload, ['booking', 'menu', 'resync']);
  return { ...state, reload };
}

/** Active (booked or served) bookings of a menu. */
export function bookingsOf(bookings: readonly BookingView[], menuId: string): BookingView[] {
  return bookings.filter((b) => b.menuId === menuId && (b.status === 'booked' || b.status === 'served'));
}
