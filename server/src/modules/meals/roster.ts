/**
 * The canteen's day: who booked a meal, counted by mode, status and dish, and the delivery list
 * grouped by building with the household unit and dietary note.
 */
import type { RosterView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { CommunitiesService } from '../communities';
import { presentPerson, type UserService } from '../identity';
import type { BookingDoc } from './booking-model';
import { inWords, toCsv } from './csv';
import type { MenuDoc } from './menu-model';

export interface RosterDeps {
  users: Pick<UserService, 'getUsers'>;
  communities: Pick<CommunitiesService, 'getHouseholds'>;
}

export function createRoster({ users, communities }: RosterDeps) {
  return {
    async build(
      viewer: Actor,
      slot: { date: string; meal: MenuDoc['meal'] },
      menu: MenuDoc | undefined,
      bookings: readonly BookingDoc[],
    ): Promise<RosterView> {
      const live = bookings.filter((b) => b.status !== 'cancelled');
      const [people, households] = await Promise.all([
        users.getUsers(live.map((b) => String(b.elderId))),
        communities.getHouseholds([...new Set(live.map((b) => String(b.householdId)))]),
      ]);
      const homes = new Map(households.map((h) => [h.id, h]));
      const entries = live.map((b) => {
        const elderId = String(b.elderId);
        const home = homes.get(String(b.householdId));
        return {
          bookingId: String(b._id),
          elder: presentPerson(viewer, people.get(elderId) ?? { id: elderId, displayName: '' }, [
            String(b.communityId),
          ]),
          mode: b.mode,
          status: b.status,
          dietaryNote: b.dietaryNote,
          ...(home ? { buildingName: home.buildingName, unit: home.unit } : {}),
          ...(b.deliveryOutcome ? { deliveryOutcome: b.deliveryOutcome } : {}),
        };
      });
      const count = (keys: string[]) =>
        keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
      const byBuilding = new Map<string, typeof entries>();
      for (const e of entries.filter((x) => x.mode === 'delivery')) {
        const name = e.buildingName ?? '';
        byBuilding.set(name, [...(byBuilding.get(name) ?? []), e]);
      }
      return {
        ...(menu ? { menuId: String(menu._id) } : {}),
        date: slot.date,
        meal: slot.meal,
        counts: {
          total: entries.length,
          byMode: count(entries.map((e) => e.mode)),
          byStatus: count(entries.map((e) => e.status)),
          // Every booking of a set menu gets every dish.
          byDish: Object.fromEntries((menu?.dishes ?? []).map((d) => [d.name, entries.length])),
        },
        entries,
        deliveries: [...byBuilding.entries()]
          .sort(([a], [b]) => a.localeCompare(b, 'zh-CN', { numeric: true }))
          .map(([buildingName, list]) => ({
            buildingName,
            entries: [...list].sort((a, b) =>
              (a.unit ?? '').localeCompare(b.unit ?? '', 'zh-CN', { numeric: true }),
            ),
          })),
      };
    },

    csv(roster: RosterView): string {
      return toCsv([
        ['日期', '餐次', '长者', '电话', '方式', '状态', '送餐结果', '楼栋', '房号', '饮食备注'],
        ...roster.entries.map((e) => [
          roster.date,
          inWords.meal(roster.meal),
          e.elder.displayName,
          e.elder.phone ?? '',
          inWords.mode(e.mode),
          inWords.status(e.status),
          inWords.outcome(e.deliveryOutcome),
          e.buildingName ?? '',
          e.unit ?? '',
          e.dietaryNote,
        ]),
      ]);
    },
  };
}

export type Roster = ReturnType<typeof createRoster>;
