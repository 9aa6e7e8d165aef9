/**
 * Wellness alerts API: a canteen's operator records what a delivery found at the door; the
 * committee lists its community's alerts and acknowledges one once someone has checked on the
 * elder; carers see the alerts about the elders they care for.
 */
import {
  AcknowledgeWellnessAlertBody,
  DeliveryOutcomeBody,
  DeliveryOutcomeView,
  PageQuerySchema,
  WellnessAlertListQuery,
  WellnessAlertView,
  pageOf,
} from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { route, type Route } from '../../platform/routes';
import type { CommunitiesService } from '../communities';
import { presentPerson, type UserService } from '../identity';
import type { BookingService } from './booking-service';
import { authorize } from './policy';
import { bookingViewer } from './presenter';
import type { WellnessAlertDoc } from './wellness-model';
import type { WellnessService } from './wellness-service';
import { AlertParams, BookingParams, CommunityParams } from './params';

export interface WellnessRouteDeps {
  wellness: WellnessService;
  bookings: Pick<BookingService, 'actsFor' | 'windowOf'>;
  communities: Pick<CommunitiesService, 'getHouseholds'>;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  clock: Clock;
}

export function wellnessRoutes(deps: WellnessRouteDeps): Route[] {
  const { wellness, bookings, communities, users, clock } = deps;

  const showBooking = bookingViewer({ users, bookings, clock }).show;

  const showAlerts = wellnessAlertViewer({ users, communities });

  return [
    route({
      method: 'post',
      path: '/meals/bookings/:bookingId/delivery-outcome',
      summary:
        'Record what a delivery found: delivered (served), or nobody answered (a no-show, not settled, and a wellness alert to carers and the committee)',
      auth: ['operator'],
      input: { params: BookingParams, body: DeliveryOutcomeBody },
      responses: { 200: DeliveryOutcomeView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { booking, alert } = await wellness.recordDeliveryOutcome(
          actor,
          ctx.input.params.bookingId,
          ctx.input.body,
        );
        return {
          booking: await showBooking(actor, booking),
          ...(alert ? { alert: (await showAlerts(actor, [alert]))[0] } : {}),
        };
      },
    }),
    route({
      method: 'get',
      path: '/meals/communities/:communityId/wellness-alerts',
      summary: "The community's wellness alerts, open ones by default, newest first (its committee)",
      auth: ['committee'],
      input: { params: CommunityParams, query: WellnessAlertListQuery },
      responses: { 200: pageOf(WellnessAlertView) },
      errors: ['FORBIDDEN'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        authorize(hasRole(actor, 'committee', communityId), "see this community's wellness alerts");
        const page = await wellness.inCommunity(communityId, ctx.input.query);
        return { ...page, items: await showAlerts(actor, page.items) };
      },
    }),
    route({
      method: 'post',
      path: '/meals/wellness-alerts/:alertId/acknowledge',
      summary: 'Say someone has checked on the elder, and what they found (a committee member)',
      auth: ['committee'],
      input: { params: AlertParams, body: AcknowledgeWellnessAlertBody },
      responses: { 200: WellnessAlertView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const alert = await wellness.acknowledge(actor, ctx.input.params.alertId, ctx.input.body.note);
        return (await showAlerts(actor, [alert]))[0];
      },
    }),
    route({
      method: 'get',
      path: '/meals/wellness-alerts/mine',
      summary: 'Wellness alerts about the elders I care for, newest first',
      auth: 'signedIn',
      input: { query: PageQuerySchema },
      responses: { 200: pageOf(WellnessAlertView) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const page = await wellness.ofMyElders(actor, ctx.input.query);
        return { ...page, items: await showAlerts(actor, page.items) };
      },
    }),
  ];
}

/** Presents wellness alerts to someone allowed to see them (also used by the emergency care views). */
export function wellnessAlertViewer({
  users,
  communities,
}: Pick<WellnessRouteDeps, 'users' | 'communities'>) {
  return async function showAlerts(
    viewer: Actor,
    alerts: readonly WellnessAlertDoc[],
  ): Promise<WellnessAlertView[]> {
    const [people, households] = await Promise.all([
      users.getUsers(alerts.map((a) => String(a.elderId))),
      communities.getHouseholds([...new Set(alerts.map((a) => String(a.householdId)))]),
    ]);
    const homes = new Map(households.map((h) => [h.id, h]));
    return alerts.map((a) => {
      const elderId = String(a.elderId);
      const home = homes.get(String(a.householdId));
      return {
        id: String(a._id),
        elder: presentPerson(viewer, people.get(elderId) ?? { id: elderId, displayName: '' }, [
          String(a.communityId),
        ]),
        bookingId: String(a.bookingId),
        communityId: String(a.communityId),
        providerId: String(a.providerId),
        date: a.date,
        meal: a.meal,
        ...(home ? { buildingName: home.buildingName, unit: home.unit } : {}),
        reportNote: a.reportNote,
        status: a.status,
        raisedBy: String(a.raisedBy),
        raisedAt: a.raisedAt.toISOString(),
        ...(a.acknowledgedBy ? { acknowledgedBy: String(a.acknowledgedBy) } : {}),
        ...(a.acknowledgedAt ? { acknowledgedAt: a.acknowledgedAt.toISOString() } : {}),
        ...(a.note ? { note: a.note } : {}),
      };
    });
  };
}
