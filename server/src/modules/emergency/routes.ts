/**
 * Emergency call API: a resident raises a call (a second press joins it); carers and duty staff
 * see it, acknowledge it in one tap and staff close it with an outcome; carers and the committee
 * each have one screen listing the calls and the meals module's wellness alerts; the committee
 * sets its duty roster and how long before an unanswered call escalates.
 */
import {
  CareAlertsQuery,
  CareAlertsView,
  CloseEmergencyBody,
  DutyRosterView,
  EmergencyAlertView,
  EmergencySettingsBody,
  EmergencySettingsView,
  ObjectIdSchema,
  RaiseEmergencyBody,
  RaisedEmergencyView,
  SetDutyBody,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { authorize } from '../../platform/auth';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import { presentPerson, type DutyRoster } from '../identity';
import type { WellnessAlertViews } from '../meals';
import { canManageDuty, isOnDuty } from './policy';
import type { emergencyPresenter } from './presenter';
import type { EmergencyService } from './service';

const AlertParams = z.object({ alertId: ObjectIdSchema });
const CommunityParams = z.object({ communityId: ObjectIdSchema });
const DutyParams = z.object({ communityId: ObjectIdSchema, userId: ObjectIdSchema });

export interface EmergencyRouteDeps {
  emergency: EmergencyService;
  show: ReturnType<typeof emergencyPresenter>;
  wellness: WellnessAlertViews;
  duty: DutyRoster;
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
}

export function emergencyRoutes({
  emergency,
  show,
  wellness,
  duty,
  audit,
  events,
}: EmergencyRouteDeps): ApiModule {
  const one = async (actor: Actor, alert: Parameters<typeof show>[1][number]) =>
    (await show(actor, [alert]))[0];

  async function roster(actor: Actor, communityId: string) {
    const members = await duty.committeeOf(communityId);
    return {
      communityId,
      members: members.map(({ user, onDuty }) => ({
        person: presentPerson(actor, user, [communityId]),
        onDuty,
        actions: canManageDuty(actor, communityId) ? (['setDuty'] as const).slice() : [],
      })),
    };
  }

  return {
    name: 'emergency',
    basePath: API_V1,
    routes: [
      route({
        method: 'post',
        path: '/emergency/alerts',
        summary:
          'Call for help from one of my homes: my carers and the duty staff are told at once (201); a press while my call is open joins it (200)',
        auth: 'signedIn',
        input: { body: RaiseEmergencyBody },
        responses: { 201: RaisedEmergencyView, 200: RaisedEmergencyView },
        errors: ['BAD_REQUEST', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { alert, joined } = await emergency.raise(actor, ctx.input.body);
          // Numeric keys are ordered, so 200 is the route's default: say 201 for a new call.
          ctx.status = joined ? 200 : 201;
          return { alert: await one(actor, alert), joined };
        },
      }),
      route({
        method: 'get',
        path: '/emergency/alerts/mine',
        summary: 'My own calls for help, newest first (the open one first)',
        auth: 'signedIn',
        input: { query: CareAlertsQuery },
        responses: { 200: z.array(EmergencyAlertView) },
        handler: async (ctx) => {
          const { actor } = ctx.state;
          return show(actor, await emergency.mine(actor, ctx.input.query.limit));
        },
      }),
      route({
        method: 'get',
        path: '/emergency/alerts/:alertId',
        summary:
          'One call: who was told, who is on the way, the outcome (the person, their carers, the staff told)',
        auth: 'signedIn',
        input: { params: AlertParams },
        responses: { 200: EmergencyAlertView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { alert } = await emergency.get(actor, ctx.input.params.alertId);
          return one(actor, alert);
        },
      }),
      route({
        method: 'post',
        path: '/emergency/alerts/:alertId/acknowledge',
        summary: '"I am on the way": one tap by a carer or duty staff member; the person sees who is coming',
        auth: 'signedIn',
        input: { params: AlertParams },
        responses: { 200: EmergencyAlertView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          return one(actor, await emergency.acknowledge(actor, ctx.input.params.alertId));
        },
      }),
      route({
        method: 'post',
        path: '/emergency/alerts/:alertId/close',
        summary: 'Close a call with what happened (community staff); the person and their carers see it',
        auth: ['committee'],
        input: { params: AlertParams, body: CloseEmergencyBody },
        responses: { 200: EmergencyAlertView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          return one(actor, await emergency.close(actor, ctx.input.params.alertId, ctx.input.body));
        },
      }),
      route({
        method: 'get',
        path: '/emergency/care',
        summary:
          'The carer screen: calls and wellness alerts about the people I care for, ongoing calls first',
        auth: 'signedIn',
        input: { query: CareAlertsQuery },
        responses: { 200: CareAlertsView },
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { limit } = ctx.input.query;
          const [calls, alerts] = await Promise.all([
            emergency.ofMyElders(actor, limit),
            wellness.ofMyElders(actor, limit),
          ]);
          return { emergency: await show(actor, calls), wellness: alerts };
        },
      }),
      route({
        method: 'get',
        path: '/emergency/communities/:communityId/alerts',
        summary:
          "The committee screen: the community's calls (ongoing first, with time to acknowledge) and open wellness alerts. Duty staff see every call; other committee members those escalated or told to them",
        auth: ['committee'],
        input: { params: CommunityParams, query: CareAlertsQuery },
        responses: { 200: CareAlertsView },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(canManageDuty(actor, communityId), "see this community's calls");
          const { limit } = ctx.input.query;
          const [calls, alerts] = await Promise.all([
            emergency.inCommunity(actor, communityId, isOnDuty(actor, communityId), limit),
            wellness.openInCommunity(actor, communityId, limit),
          ]);
          return { emergency: await show(actor, calls), wellness: alerts };
        },
      }),
      route({
        method: 'get',
        path: '/emergency/communities/:communityId/settings',
        summary: 'Minutes before an unanswered call escalates (the committee)',
        auth: ['committee'],
        input: { params: CommunityParams },
        responses: { 200: EmergencySettingsView },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.params;
          authorize(canManageDuty(ctx.state.actor, communityId), "see this community's emergency settings");
          return emergency.settingsOf(communityId);
        },
      }),
      route({
        method: 'put',
        path: '/emergency/communities/:communityId/settings',
        summary: 'Set the minutes before an unanswered call escalates (calls raised from now on)',
        auth: ['committee'],
        input: { params: CommunityParams, body: EmergencySettingsBody },
        responses: { 200: EmergencySettingsView },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(canManageDuty(actor, communityId), "change this community's emergency settings");
          return emergency.saveSettings(actor, communityId, ctx.input.body.escalateAfterMinutes);
        },
      }),
      route({
        method: 'get',
        path: '/emergency/communities/:communityId/duty',
        summary: "The community's committee members and who is on emergency duty",
        auth: ['committee'],
        input: { params: CommunityParams },
        responses: { 200: DutyRosterView },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(canManageDuty(actor, communityId), "see this community's duty roster");
          return roster(actor, communityId);
        },
      }),
      route({
        method: 'put',
        path: '/emergency/communities/:communityId/duty/:userId',
        summary:
          'Put a committee member of the community on emergency duty, or take them off (its committee)',
        auth: ['committee'],
        input: { params: DutyParams, body: SetDutyBody },
        responses: { 200: DutyRosterView },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId, userId } = ctx.input.params;
          const { onDuty } = ctx.input.body;
          authorize(canManageDuty(actor, communityId), "change this community's duty roster");
          const changed = await duty.setDuty(userId, communityId, onDuty);
          if (!changed) throw NotFound('committeeMember');
          await audit.record({
            actorId: actor.userId,
            action: 'committee.duty',
            subjectUserId: userId,
            communityId,
            target: { kind: 'user', id: userId },
            before: { onDuty: changed.wasOnDuty },
            after: { onDuty },
          });
          void events.emit('user.grantsChanged', {
            userId,
            byUserId: actor.userId,
            grants: changed.user.grants,
          });
          return roster(actor, communityId);
        },
      }),
    ],
  };
}
