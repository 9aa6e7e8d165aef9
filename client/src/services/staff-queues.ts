/**
 * What waits for a staff member, counted for Home: household requests for the committee, open
 * emergency calls for duty staff, and per provider grant what that provider's kind has waiting
 * (today's bookings at a canteen, new enquiries at a daycare centre, unassigned and overdue tickets
 * for a property team). A grant does not say its provider's kind, so each kind's own route is
 * asked and a 404 (not a canteen, not a centre) rules that kind out.
 */
import { z } from 'zod';
import type { Me } from '@linli/shared/identity-api';
import { api } from './api';
import { ApiError } from './api-error';
import { listPendingMemberships } from './memberships';
import { committeeCommunityIds } from './roles';

export type QueueKind =
  'approvals' | 'emergency' | 'canteenToday' | 'daycareNew' | 'repairsUnassigned' | 'repairsOverdue';

export interface QueueCount {
  kind: QueueKind;
  /** Distinguishes two queues of one kind (two canteens, two communities). */
  key: string;
  count: number;
  /** The queue's page. */
  url: string;
}

/** Only the totals: the lists stay on the queue pages. */
const Total = z.object({ total: z.number().int() });
const Roster = z.object({ counts: z.object({ total: z.number().int() }) });
const Calls = z.object({ emergency: z.array(z.object({ status: z.string() })) });

const enc = encodeURIComponent;
const v1 = (path: string) => `/api/v1${path}`;

/** null when the provider is not of the kind the route serves. */
async function unlessNotFound<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

// Pages the service helpers are building (client/src/packages/<service>/pages/...).
export const QUEUE_PAGES = {
  approvals: () => '/packages/staff/pages/memberships/index',
  emergency: (communityId: string) => `/packages/emergency/pages/care/index?communityId=${enc(communityId)}`,
  canteenToday: (providerId: string, communityId: string) =>
    `/packages/staff/pages/roster/index?providerId=${enc(providerId)}&communityId=${enc(communityId)}`,
  daycareNew: (providerId: string) => `/packages/daycare/pages/inbox/index?providerId=${enc(providerId)}`,
  repairsQueue: (communityId: string, filter: 'unassigned' | 'overdue') =>
    `/packages/repairs/pages/queue/index?communityId=${enc(communityId)}&filter=${filter}`,
};

async function approvals(me: Me): Promise<QueueCount[]> {
  const communities = committeeCommunityIds(me);
  if (communities.length === 0) return [];
  const pages = await Promise.all(communities.map((id) => listPendingMemberships(id)));
  const count = pages.reduce((sum, page) => sum + page.total, 0);
  return [{ kind: 'approvals', key: 'approvals', count, url: QUEUE_PAGES.approvals() }];
}

/** Calls nobody has answered yet, for those on the community's duty roster. */
async function emergencies(me: Me): Promise<QueueCount[]> {
  const duty = me.grants.flatMap((g) => (g.role === 'committee' && g.duty ? [g.communityId] : []));
  return Promise.all(
    [...new Set(duty)].map(async (communityId) => {
      const calls = await api.get(v1(`/emergency/communities/${enc(communityId)}/alerts?limit=100`), {
        schema: Calls,
      });
      return {
        kind: 'emergency' as const,
        key: `emergency-${communityId}`,
        count: calls.emergency.filter((call) => call.status === 'open').length,
        url: QUEUE_PAGES.emergency(communityId),
      };
    }),
  );
}

async function canteenToday(providerId: string, today: string): Promise<number | null> {
  const meals = await Promise.all(
    (['lunch', 'dinner'] as const).map((meal) =>
      unlessNotFound(() =>
        api.get(v1(`/meals/canteens/${enc(providerId)}/roster?date=${today}&meal=${meal}`), {
          schema: Roster,
        }),
      ),
    ),
  );
  if (meals.some((roster) => roster === null)) return null;
  return meals.reduce((sum, roster) => sum + (roster?.counts.total ?? 0), 0);
}

async function daycareNew(providerId: string): Promise<number | null> {
  const centre = await unlessNotFound(() =>
    api.get(v1(`/daycare/centres/${enc(providerId)}`), { schema: z.object({}) }),
  );
  if (centre === null) return null;
  const inbox = await api.get(
    v1(`/daycare/centres/${enc(providerId)}/enquiries?status=new&page=1&pageSize=1`),
    { schema: Total },
  );
  return inbox.total;
}

async function repairs(communityId: string): Promise<{ unassigned: number; overdue: number }> {
  const total = async (filter: string) =>
    (
      await api.get(v1(`/repairs/queue?communityId=${enc(communityId)}&${filter}&page=1&pageSize=1`), {
        schema: Total,
      })
    ).total;
  // Unassigned: reported or accepted and nobody on it yet, or reopened (which clears the assignee).
  const [submitted, accepted, reopened, overdue] = await Promise.all([
    total('status=submitted'),
    total('status=accepted'),
    total('status=reopened'),
    total('overdue=true'),
  ]);
  return { unassigned: submitted + accepted + reopened, overdue };
}

/** One operator grant's queues, by what its provider turns out to be. */
async function providerQueues(providerId: string, communityId: string, today: string): Promise<QueueCount[]> {
  const key = `${providerId}-${communityId}`;
  const [bookings, enquiries] = await Promise.all([canteenToday(providerId, today), daycareNew(providerId)]);
  if (bookings !== null)
    return [
      {
        kind: 'canteenToday',
        key: `canteen-${key}`,
        count: bookings,
        url: QUEUE_PAGES.canteenToday(providerId, communityId),
      },
    ];
  if (enquiries !== null)
    return [
      {
        kind: 'daycareNew',
        key: `daycare-${key}`,
        count: enquiries,
        url: QUEUE_PAGES.daycareNew(providerId),
      },
    ];
  // Operators are of canteens, centres or property teams: neither of the first two is a team.
  const tickets = await repairs(communityId);
  return [
    {
      kind: 'repairsUnassigned',
      key: `unassigned-${key}`,
      count: tickets.unassigned,
      url: QUEUE_PAGES.repairsQueue(communityId, 'unassigned'),
    },
    {
      kind: 'repairsOverdue',
      key: `overdue-${key}`,
      count: tickets.overdue,
      url: QUEUE_PAGES.repairsQueue(communityId, 'overdue'),
    },
  ];
}

/** Every queue this person works, in a stable order: committee first, then each provider grant. */
export async function staffQueues(me: Me, today: string): Promise<QueueCount[]> {
  const operated = me.grants.flatMap((g) => (g.role === 'operator' ? [g] : []));
  const parts = await Promise.all([
    approvals(me),
    emergencies(me),
    ...operated.map((g) => providerQueues(g.providerId, g.communityId, today)),
  ]);
  return parts.flat();
}
