/**
 * Emergency calls: raise (one open alert per person, a second press joins it), tell the person's
 * carers and the community's duty staff, escalate once on the scheduler when nobody acknowledges in
 * time, acknowledge in one tap, close with an outcome.
 *
 * Order without transactions, on raise: the escalation job is scheduled FIRST under the alert id
 * chosen here, then the alert is inserted. A crash in between leaves a job for no alert (its
 * handler finds nothing and does nothing); the other order could leave an alert nobody escalates.
 * A press that joins an open alert cancels the job it scheduled for the alert that never was.
 */
import {
  DEFAULT_ESCALATE_AFTER_MINUTES,
  type CloseEmergencyBody,
  type EmergencyRecipientRole,
  type RaiseEmergencyBody,
} from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { isDuplicateKey } from '../../platform/database-errors';
import { BadRequest, Conflict, NotFound } from '../../platform/errors';
import type { DueJob, Scheduler } from '../../platform/scheduler';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import type { DutyRoster, UserService } from '../identity';
import type { CarerLinkService } from '../membership';
import { EmergencyAlertModel, EmergencySettingsModel, type EmergencyAlertDoc, type ToldEntry } from './model';
import { applyTransition } from '../../platform/workflow';
import { can, canSee, rolesFor, type AlertFacts } from './policy';
import { emergencyFlow } from './workflow';
import './events';

export const ESCALATE_JOB = 'emergency.escalate';

export interface EmergencyServiceDeps {
  carerLinks: Pick<CarerLinkService, 'listMine' | 'isConfirmedCarer' | 'eldersOf'>;
  duty: Pick<DutyRoster, 'dutyStaffIds'>;
  staffIdsWithRole(role: 'committee', communityId: string): Promise<string[]>;
  users: Pick<UserService, 'getUser'>;
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
  clock: Clock;
  scheduler: Scheduler;
}

const ONGOING = emergencyFlow.states.filter((s) => emergencyFlow.nextStates(s).length > 0);
const NEWEST_FIRST = { raisedAt: -1, _id: -1 } as const;

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

export function createEmergencyService(deps: EmergencyServiceDeps) {
  const { carerLinks, duty, audit, events, clock, scheduler } = deps;
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= EmergencyAlertModel.init().catch((err) => {
      indexes = undefined;
      throw err;
    }));

  async function confirmedCarersOf(personId: string): Promise<string[]> {
    return (await carerLinks.listMine(personId))
      .filter((link) => link.elderId === personId && link.status === 'confirmed')
      .map((link) => link.carerId);
  }

  /**
   * Who is told, and as what: the person's confirmed carers, and the community's duty staff; when
   * nobody is on duty, the whole committee, so that a call is never heard by carers alone.
   */
  async function recipientsOf(alert: Pick<EmergencyAlertDoc, 'personId' | 'communityId'>) {
    const personId = String(alert.personId);
    const communityId = String(alert.communityId);
    const [carers, onDuty] = await Promise.all([confirmedCarersOf(personId), duty.dutyStaffIds(communityId)]);
    const staff = onDuty.length > 0 ? onDuty : await deps.staffIdsWithRole('committee', communityId);
    const staffRole: EmergencyRecipientRole = onDuty.length > 0 ? 'duty' : 'committee';
    const told = new Map<string, EmergencyRecipientRole>();
    for (const id of staff) told.set(id, staffRole);
    for (const id of carers) told.set(id, 'carer');
    told.delete(personId);
    return told;
  }

  function toldEntries(recipients: Map<string, EmergencyRecipientRole>, round: ToldEntry['round']) {
    const at = clock.now();
    return [...recipients].map(([userId, role]) => ({ userId: new Types.ObjectId(userId), role, round, at }));
  }

  function announce(alert: EmergencyAlertDoc, change: DomainEventChange, newlyTold: string[] = []) {
    const audience = [...new Set([String(alert.personId), ...alert.told.map((t) => String(t.userId))])];
    void events.emit('emergency.alertChanged', {
      alertId: String(alert._id),
      personId: String(alert.personId),
      communityId: String(alert.communityId),
      status: alert.status,
      escalated: alert.escalated,
      change,
      raisedAt: alert.raisedAt,
      newlyTold,
      audience,
    });
  }

  async function escalateAfterMinutes(communityId: Types.ObjectId): Promise<number> {
    const settings = await EmergencySettingsModel.findOne({ communityId }).lean();
    return settings?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES;
  }

  async function factsFor(actor: Actor, alert: EmergencyAlertDoc): Promise<AlertFacts> {
    const personId = String(alert.personId);
    return {
      personId,
      communityId: String(alert.communityId),
      status: alert.status,
      escalated: alert.escalated,
      told: alert.told.map((t) => String(t.userId)),
      actorIsCarer: actor.userId !== personId && (await carerLinks.isConfirmedCarer(actor.userId, personId)),
    };
  }

  /** The alert if the actor may see it; 404 otherwise, so nothing about it leaks. */
  async function visible(actor: Actor, alertId: string) {
    const alert = isId(alertId)
      ? await EmergencyAlertModel.findById(alertId).lean<EmergencyAlertDoc>()
      : null;
    if (!alert) throw NotFound('emergencyAlert');
    const facts = await factsFor(actor, alert);
    if (!canSee(actor, facts)) throw NotFound('emergencyAlert');
    return { alert, facts };
  }

  async function press(
    actor: Actor,
    householdId: Types.ObjectId,
    communityId: Types.ObjectId,
    body: RaiseEmergencyBody,
  ) {
    const now = clock.now();
    const personKey = actor.userId;
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = new Types.ObjectId();
      const minutes = await escalateAfterMinutes(communityId);
      await scheduler.schedule({
        kind: ESCALATE_JOB,
        key: String(id),
        dueAt: new Date(now.getTime() + minutes * 60_000),
        payload: { alertId: String(id) },
      });
      try {
        const created = await EmergencyAlertModel.create({
          _id: id,
          personId: new Types.ObjectId(actor.userId),
          openKey: personKey,
          communityId,
          householdId,
          raisedAt: now,
          presses: 1,
          lastPressedAt: now,
          ...(body.location ? { location: body.location } : {}),
          status: 'open',
          escalated: false,
          told: [],
        });
        return { alert: created.toObject() as EmergencyAlertDoc, joined: false };
      } catch (err) {
        await scheduler.cancel(ESCALATE_JOB, String(id));
        if (!isDuplicateKey(err)) throw err;
      }
      const joined = await EmergencyAlertModel.findOneAndUpdate(
        { openKey: personKey },
        {
          $inc: { presses: 1 },
          $set: { lastPressedAt: now, ...(body.location ? { location: body.location } : {}) },
        },
        { returnDocument: 'after' },
      ).lean<EmergencyAlertDoc>();
      if (joined) return { alert: joined, joined: true };
      // Closed between the refused insert and the join: this press starts a new alert.
    }
    throw Conflict({
      'zh-CN': '呼叫未能发出，请再按一次',
      en: 'the call could not be raised; please press again',
    });
  }

  const service = {
    /** A resident calls for help from one of their homes. A second press while open joins the first. */
    async raise(
      actor: Actor,
      body: RaiseEmergencyBody,
    ): Promise<{ alert: EmergencyAlertDoc; joined: boolean }> {
      const home = body.householdId
        ? actor.homes.find((h) => h.householdId === body.householdId)
        : actor.homes[0];
      if (!home) {
        if (body.householdId)
          throw BadRequest(
            { 'zh-CN': '这不是你已认证的住户', en: 'this is not a household you are a verified member of' },
            { field: 'householdId' },
          );
        throw Conflict({
          'zh-CN': '请先认证你的住户，社区才知道该去哪里帮你；紧急情况请直接拨打 120',
          en: 'verify your household first so the community knows where to come; in an emergency call 120',
        });
      }
      await indexesBuilt();
      const { alert, joined } = await press(
        actor,
        new Types.ObjectId(home.householdId),
        new Types.ObjectId(home.communityId),
        body,
      );
      if (joined) {
        announce(alert, 'pressedAgain');
        return { alert, joined };
      }
      const recipients = await recipientsOf(alert);
      const told =
        (await EmergencyAlertModel.findOneAndUpdate(
          { _id: alert._id },
          { $push: { told: { $each: toldEntries(recipients, 'raised') } } },
          { returnDocument: 'after' },
        ).lean<EmergencyAlertDoc>()) ?? alert;
      announce(told, 'raised', [...recipients.keys()]);
      return { alert: told, joined };
    },

    /**
     * The scheduler's job: nobody acknowledged in time. One conditional update (still open, not yet
     * escalated) marks it and records whom it tells, so with two instances, or a job run again
     * after a crash, it escalates once.
     */
    async escalate(job: DueJob): Promise<void> {
      if (!isId(job.key)) return;
      const alert = await EmergencyAlertModel.findById(job.key).lean<EmergencyAlertDoc>();
      if (!alert || alert.status !== 'open' || alert.escalated) return;
      const recipients = await recipientsOf(alert);
      const escalated = await EmergencyAlertModel.findOneAndUpdate(
        { _id: alert._id, status: 'open', escalated: false },
        {
          $set: { escalated: true, escalatedAt: clock.now() },
          $push: { told: { $each: toldEntries(recipients, 'escalated') } },
        },
        { returnDocument: 'after' },
      ).lean<EmergencyAlertDoc>();
      if (escalated) announce(escalated, 'escalated', [...recipients.keys()]);
    },

    async get(actor: Actor, alertId: string) {
      return visible(actor, alertId);
    },

    /** One tap: "I am on the way". Records who and when; the person hears of it at once. */
    async acknowledge(actor: Actor, alertId: string): Promise<EmergencyAlertDoc> {
      const { alert, facts } = await visible(actor, alertId);
      if (!can(actor, 'acknowledge', facts)) throw await refusal(actor, alert, 'acknowledge');
      const acknowledged = await applyTransition<EmergencyAlertDoc>({
        model: EmergencyAlertModel,
        id: alert._id,
        flow: emergencyFlow,
        action: 'acknowledge',
        roles: rolesFor(actor, facts),
        by: actor.userId,
        state: alert.status,
        set: { acknowledgedBy: new Types.ObjectId(actor.userId), acknowledgedAt: clock.now() },
        clock,
        resource: 'emergencyAlert',
      });
      await scheduler.cancel(ESCALATE_JOB, String(alert._id));
      await audit.record({
        actorId: actor.userId,
        action: 'emergencyAlert.acknowledge',
        subjectUserId: String(alert.personId),
        communityId: String(alert.communityId),
        target: { kind: 'emergencyAlert', id: String(alert._id) },
        before: { status: alert.status },
        after: { status: 'acknowledged' },
      });
      announce(acknowledged, 'acknowledged');
      return acknowledged;
    },

    /** Staff close an alert with what happened; the person and their carers see the outcome. */
    async close(actor: Actor, alertId: string, body: CloseEmergencyBody): Promise<EmergencyAlertDoc> {
      const { alert, facts } = await visible(actor, alertId);
      if (!can(actor, 'close', facts)) throw await refusal(actor, alert, 'close');
      const closed = await applyTransition<EmergencyAlertDoc>({
        model: EmergencyAlertModel,
        id: alert._id,
        flow: emergencyFlow,
        action: 'close',
        roles: rolesFor(actor, facts),
        by: actor.userId,
        state: alert.status,
        note: body.note,
        set: {
          // Frees the person's one open alert: their next press raises a new one.
          openKey: String(alert._id),
          closedBy: new Types.ObjectId(actor.userId),
          closedAt: clock.now(),
          outcome: body.outcome,
          closeNote: body.note,
        },
        clock,
        resource: 'emergencyAlert',
      });
      await scheduler.cancel(ESCALATE_JOB, String(alert._id));
      await audit.record({
        actorId: actor.userId,
        action: 'emergencyAlert.close',
        subjectUserId: String(alert.personId),
        communityId: String(alert.communityId),
        target: { kind: 'emergencyAlert', id: String(alert._id) },
        before: { status: alert.status },
        after: { status: 'closed', outcome: body.outcome, note: body.note },
      });
      announce(closed, 'closed');
      return closed;
    },

    /** My own calls, newest first. */
    async mine(actor: Actor, limit: number) {
      return EmergencyAlertModel.find({ personId: new Types.ObjectId(actor.userId) })
        .sort(NEWEST_FIRST)
        .limit(limit)
        .lean<EmergencyAlertDoc[]>();
    },

    /** Calls of the people the actor is a confirmed carer of: ongoing first, then newest first. */
    async ofMyElders(actor: Actor, limit: number) {
      const elderIds = (await carerLinks.eldersOf(actor.userId)).map((id) => new Types.ObjectId(id));
      return ongoingFirst({ personId: { $in: elderIds } }, limit);
    },

    /**
     * A community's calls the actor (a committee member there) may see: all of them on duty;
     * otherwise those escalated or told to them. Ongoing first, then newest first.
     */
    async inCommunity(actor: Actor, communityId: string, onDuty: boolean, limit: number) {
      const community = new Types.ObjectId(communityId);
      const filter = onDuty
        ? { communityId: community }
        : {
            communityId: community,
            $or: [{ escalated: true }, { 'told.userId': new Types.ObjectId(actor.userId) }],
          };
      return ongoingFirst(filter, limit);
    },

    async settingsOf(communityId: string) {
      return {
        communityId,
        escalateAfterMinutes: await escalateAfterMinutes(new Types.ObjectId(communityId)),
      };
    },

    /** Applies to calls raised from now on; an open call keeps the escalation it was given. */
    async saveSettings(actor: Actor, communityId: string, minutes: number) {
      const before = await escalateAfterMinutes(new Types.ObjectId(communityId));
      await EmergencySettingsModel.updateOne(
        { communityId: new Types.ObjectId(communityId) },
        { $set: { escalateAfterMinutes: minutes } },
        { upsert: true },
      );
      await audit.record({
        actorId: actor.userId,
        action: 'emergencySettings.update',
        communityId,
        target: { kind: 'community', id: communityId },
        before: { escalateAfterMinutes: before },
        after: { escalateAfterMinutes: minutes },
      });
      return { communityId, escalateAfterMinutes: minutes };
    },

    /** Personal data: the calls a person made. */
    async exportFor(userId: string) {
      const alerts = await EmergencyAlertModel.find({ personId: new Types.ObjectId(userId) })
        .sort(NEWEST_FIRST)
        .lean<EmergencyAlertDoc[]>();
      return alerts.map((a) => ({
        id: String(a._id),
        raisedAt: a.raisedAt.toISOString(),
        presses: a.presses,
        ...(a.location ? { location: a.location } : {}),
        status: a.status,
        escalated: a.escalated,
        ...(a.outcome ? { outcome: a.outcome, closeNote: a.closeNote } : {}),
      }));
    },

    /**
     * Account deletion: the person's calls are deleted outright, location and all. Nothing else
     * depends on them (no count or settlement), and a record of someone's emergencies is exactly
     * the kind of data that should not outlive the account; the audit log keeps that staff acted.
     * Being told of someone else's call (a carer, duty staff) is the other person's record: only
     * the erased person's id is pulled from it.
     */
    async eraseFor(userId: string) {
      const id = new Types.ObjectId(userId);
      const alerts = await EmergencyAlertModel.find({ personId: id }, { _id: 1 }).lean<
        { _id: Types.ObjectId }[]
      >();
      for (const a of alerts) await scheduler.cancel(ESCALATE_JOB, String(a._id));
      await EmergencyAlertModel.deleteMany({ personId: id });
      await EmergencyAlertModel.updateMany({ 'told.userId': id }, { $pull: { told: { userId: id } } });
    },
  };

  async function ongoingFirst(filter: Record<string, unknown>, limit: number) {
    const ongoing = await EmergencyAlertModel.find({ ...filter, status: { $in: ONGOING } })
      .sort(NEWEST_FIRST)
      .limit(limit)
      .lean<EmergencyAlertDoc[]>();
    const closed =
      ongoing.length < limit
        ? await EmergencyAlertModel.find({ ...filter, status: 'closed' })
            .sort(NEWEST_FIRST)
            .limit(limit - ongoing.length)
            .lean<EmergencyAlertDoc[]>()
        : [];
    return [...ongoing, ...closed];
  }

  /** Why an action is not possible now, in words; re-reads so the answer fits the current state. */
  async function refusal(actor: Actor, alert: EmergencyAlertDoc, action: 'acknowledge' | 'close') {
    const now = (await EmergencyAlertModel.findById(alert._id).lean<EmergencyAlertDoc>()) ?? alert;
    if (actor.userId === String(now.personId))
      return Conflict({
        'zh-CN': '这是你自己的呼叫，请等待家人或社区人员确认',
        en: 'this is your own call; wait for a carer or the community staff to answer it',
      });
    if (now.status === 'closed')
      return Conflict({ 'zh-CN': '该呼叫已结束', en: 'this call has already been closed' });
    if (action === 'acknowledge' && now.status === 'acknowledged') {
      const by = now.acknowledgedBy ? await deps.users.getUser(String(now.acknowledgedBy)) : undefined;
      const name = by?.displayName ?? '';
      return Conflict(
        { 'zh-CN': `${name || '已有人'}正在赶去`, en: `${name || 'someone'} is already on the way` },
        { acknowledgedBy: now.acknowledgedBy ? String(now.acknowledgedBy) : undefined },
      );
    }
    return Conflict({
      'zh-CN': '只有社区值班人员可以结束呼叫',
      en: 'only the community staff on duty can close a call',
    });
  }

  return service;
}

type DomainEventChange = 'raised' | 'pressedAgain' | 'escalated' | 'acknowledged' | 'closed';

export type EmergencyService = ReturnType<typeof createEmergencyService>;
