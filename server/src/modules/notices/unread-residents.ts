/**
 * Who a notice reaches but has not opened it, with the door to knock on: for an emergency the
 * committee phones them. Ordered by building and unit, so the list reads like a walk round.
 */
import type { NoticeDoc } from './model';
import type { Page } from '../../platform/paging';
import type { NoticeService } from './service';

export interface UnreadResident {
  user: { id: string; displayName: string; phone?: string };
  householdLabel: string;
}

export interface UnreadResidentsDeps {
  notices: Pick<NoticeService, 'readers'>;
  memberships: {
    approvedInCommunity(communityId: string): Promise<{ userId: string; householdId: string }[]>;
  };
  communities: {
    getHouseholds(ids: readonly string[]): Promise<{ id: string; buildingName: string; unit: string }[]>;
  };
  users: {
    getUsers(
      ids: readonly string[],
    ): Promise<Map<string, { id: string; displayName: string; phone?: string }>>;
  };
}

export function createUnreadResidents({ notices, memberships, communities, users }: UnreadResidentsDeps) {
  return {
    async list(notice: NoticeDoc, query: { page: number; pageSize: number }): Promise<Page<UnreadResident>> {
      const { audience, read } = await notices.readers(notice);
      const unread = new Set(audience.filter((id) => !read.has(id)));
      const homes = (await memberships.approvedInCommunity(String(notice.communityId))).filter((m) =>
        unread.has(m.userId),
      );
      const households = new Map(
        (await communities.getHouseholds([...new Set(homes.map((m) => m.householdId))])).map((h) => [
          h.id,
          h,
        ]),
      );
      const labels = new Map<string, string[]>();
      for (const home of homes) {
        const h = households.get(home.householdId);
        const label = h ? `${h.buildingName} ${h.unit}` : '';
        labels.set(home.userId, [...(labels.get(home.userId) ?? []), label]);
      }
      const ordered = [...unread]
        .map((userId) => ({ userId, label: (labels.get(userId) ?? []).sort().join('、') }))
        .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN') || a.userId.localeCompare(b.userId));
      const slice = ordered.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      const people = await users.getUsers(slice.map((entry) => entry.userId));
      return {
        items: slice.flatMap(({ userId, label }) => {
          const person = people.get(userId);
          return person
            ? [
                {
                  user: { id: person.id, displayName: person.displayName, phone: person.phone },
                  householdLabel: label,
                },
              ]
            : [];
        }),
        total: ordered.length,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}

export type UnreadResidents = ReturnType<typeof createUnreadResidents>;
