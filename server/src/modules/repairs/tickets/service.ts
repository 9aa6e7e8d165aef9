/**
 * Reporting and moving repair tickets. Every move is planned by the workflow (flow.ts) for the
 * roles the actor holds on the ticket, then applied with one conditional update on the state it
 * was read in, recording who, when, a note and photos; when that update finds the ticket already
 * moved on (two technicians claiming at once), it is read again and the workflow answers for the
 * new state (409 naming the allowed next states).
 */
import {
  OPEN_TICKET_STATUSES,
  type FollowUpAnswer,
  type ReportTicketBody,
  type TicketAction,
  type TicketStatus,
  type TransitionBody,
} from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { isDuplicateKey } from '../../../platform/database-errors';
import { BadRequest, Conflict, NotFound, ValidationFailed } from '../../../platform/errors';
import { applyTransition } from '../../../platform/workflow';
import type { AuditService } from '../../audit';
import type { CommunitiesService } from '../../communities';
import type { DomainEventBus } from '../../domain-events';
import type { UserService } from '../../identity';
import type { MembershipService } from '../../membership';
import { checkAnswers, isId, type CategoryService } from '../categories/service';
import '../events';
import { TICKET_UPLOAD_KIND, type Scheduler, type UploadRef, type UploadService } from '../ports';
import { isCommittee, isTeamOperator, isTeamTechnician, rolesOn, sightOf } from '../policy';
import { NEEDS_REASON, ticketFlow, type TicketRole } from './flow';
import { RepairMeTooModel, RepairTicketModel, type HistoryEntry, type TicketDoc } from './model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A resolved ticket the reporter does not answer closes itself after this. */
export const AUTO_CLOSE_AFTER_MS = 7 * DAY;
/** A closed public-area ticket asks its reporter whether it stayed fixed after this. */
export const FOLLOW_UP_AFTER_MS = 28 * DAY;

export const JOB = {
  deadline: 'repairs.deadline',
  autoClose: 'repairs.autoClose',
  followUp: 'repairs.followUp',
} as const;

const isOpen = (status: TicketStatus) => OPEN_TICKET_STATUSES.includes(status);
const oid = (id: string) => new Types.ObjectId(id);

/** Where duplicates are matched: the building and the asset named, or the spot described. */
export function placeKeyOf(input: { buildingId?: string; assetCode?: string; place?: string }): string {
  const asset = input.assetCode?.trim().toUpperCase();
  return `${input.buildingId ?? '-'}|${asset || (input.place ?? '').replace(/\s+/g, '')}`;
}

export interface TicketServiceDeps {
  categories: CategoryService;
  communities: Pick<CommunitiesService, 'findHousehold' | 'listBuildings'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  users: Pick<UserService, 'getUser'>;
  audit: Pick<AuditService, 'record'>;
  events: DomainEventBus;
  clock: Clock;
  scheduler: Scheduler;
  uploads: UploadService | undefined;
}

export function createTicketService(deps: TicketServiceDeps) {
  const { categories, clock, events } = deps;

  async function attachPhotos(
    actor: Actor,
    ids: readonly string[],
    ticketId: Types.ObjectId,
  ): Promise<UploadRef[]> {
    if (ids.length === 0) return [];
    if (!deps.uploads)
      throw BadRequest({
        'zh-CN': '暂不能上传照片，请先不带照片提交',
        en: 'photos cannot be taken yet; send it without',
      });
    return deps.uploads.attach(actor, ids, { kind: TICKET_UPLOAD_KIND, recordId: String(ticketId) });
  }

  function announce(
    t: TicketDoc,
    action: TicketAction | 'report' | 'meToo' | 'followUpAsked',
    by: string | null,
    onBehalf?: boolean,
  ) {
    events.emit('repair.ticketChanged', {
      ticketId: String(t._id),
      communityId: String(t.communityId),
      providerId: String(t.providerId),
      status: t.status,
      action,
      by,
      ...(onBehalf ? { onBehalf } : {}),
    });
  }

  async function find(ticketId: string): Promise<TicketDoc | undefined> {
    if (!isId(ticketId)) return undefined;
    return (await RepairTicketModel.findById(ticketId).lean<TicketDoc>()) ?? undefined;
  }

  async function meTooOf(userId: string, ticketId: Types.ObjectId): Promise<boolean> {
    return (await RepairMeTooModel.exists({ ticketId, userId: oid(userId) })) !== null;
  }

  /** The ticket if this actor may see it; 404 otherwise, so nothing about it leaks. */
  async function visible(actor: Actor, ticketId: string): Promise<TicketDoc> {
    const t = await find(ticketId);
    if (!t) throw NotFound('repairTicket');
    if (!sightOf(actor, t).visible && !(t.area === 'public' && (await meTooOf(actor.userId, t._id))))
      throw NotFound('repairTicket');
    return t;
  }

  /**
   * What the actor may try to move: what they see, and for a technician of the team also a ticket
   * a colleague has just claimed, so the loser of a race hears 409 "taken" rather than 404.
   */
  async function movable(actor: Actor, ticketId: string): Promise<TicketDoc> {
    const t = await find(ticketId);
    if (t && isTeamTechnician(actor, String(t.communityId), String(t.providerId))) return t;
    return visible(actor, ticketId);
  }

  async function schedule(kind: string, t: TicketDoc, dueAt: Date) {
    await deps.scheduler.schedule({ kind, key: String(t._id), dueAt, payload: { ticketId: String(t._id) } });
  }
  const unschedule = async (kind: string, t: TicketDoc) => deps.scheduler.cancel(kind, String(t._id));

  /** Where it is and who it is for, checked against the category and the reporter's homes. */
  async function placeOf(
    actor: Actor,
    reporterId: string,
    body: ReportTicketBody,
    communityId: string,
    area: 'public' | 'home',
  ) {
    if (area === 'home') {
      const homes = reporterId === actor.userId ? actor.homes : await deps.memberships.homesOf(reporterId);
      const home = homes.find((h) => h.householdId === body.householdId && h.communityId === communityId);
      if (!body.householdId)
        throw ValidationFailed([{ location: 'body', path: 'householdId', reason: 'required' }]);
      if (!home)
        throw BadRequest({
          'zh-CN': '只能为本人所住的住户报修',
          en: "an in-home repair must be for the reporter's own household",
        });
      const household = await deps.communities.findHousehold(home.householdId);
      return {
        householdId: home.householdId,
        buildingId: home.buildingId,
        place: household ? `${household.buildingName} ${household.unit}` : '',
      };
    }
    if (!body.buildingId && !body.assetCode && !body.place)
      throw ValidationFailed([{ location: 'body', path: 'place', reason: 'required' }]);
    if (body.buildingId) {
      const buildings = await deps.communities.listBuildings(communityId);
      if (!buildings.some((b) => b.id === body.buildingId))
        throw ValidationFailed([{ location: 'body', path: 'buildingId', reason: 'invalid' }]);
    }
    return { buildingId: body.buildingId, place: body.place, assetCode: body.assetCode };
  }

  const service = {
    find,
    visible,
    meTooOf,

    /** Closed tickets a resident reported, closed since a moment (evaluation's to-rate list). */
    closedFor: (userId: string, since: Date) =>
      RepairTicketModel.find({ reporterId: oid(userId), status: 'closed', closedAt: { $gte: since } })
        .sort({ closedAt: -1 })
        .lean<TicketDoc[]>(),

    /** How many tickets of a community were closed in [from, to) (evaluation's served count). */
    closedCount: (communityId: string, from: Date, to: Date) =>
      RepairTicketModel.countDocuments({
        communityId: oid(communityId),
        status: 'closed',
        closedAt: { $gte: from, $lt: to },
      }),

    /** How many tickets a community has (the demo seed reports its examples once). */
    countIn: (communityId: string) => RepairTicketModel.countDocuments({ communityId: oid(communityId) }),

    async report(actor: Actor, body: ReportTicketBody): Promise<TicketDoc> {
      const category = await categories.find(body.categoryId);
      if (!category || !category.active) throw NotFound('repairCategory');
      const communityId = String(category.communityId);
      const providerId = String(category.providerId);
      let reporterId = actor.userId;
      if (body.onBehalfOf) {
        if (!isTeamOperator(actor, communityId, providerId) && !isCommittee(actor, communityId))
          throw NotFound('repairCategory');
        const resident = await deps.users.getUser(body.onBehalfOf);
        const homes = resident && !resident.deleted ? await deps.memberships.homesOf(resident.id) : [];
        if (!homes.some((h) => h.communityId === communityId)) throw NotFound('resident');
        reporterId = body.onBehalfOf;
      } else if (!actor.homes.some((h) => h.communityId === communityId)) {
        throw NotFound('repairCategory');
      }
      const deadline = category.urgencies.find((u) => u.level === body.urgency);
      if (!deadline)
        throw ValidationFailed([
          {
            location: 'body',
            path: 'urgency',
            reason: 'invalid_value',
            params: { options: category.urgencies.map((u) => u.level).join(', ') },
          },
        ]);
      const fields = checkAnswers(category.fields, body.fields);
      const place = await placeOf(actor, reporterId, body, communityId, category.area);
      const now = clock.now();
      const _id = new Types.ObjectId();
      const photos = await attachPhotos(actor, body.photos, _id);
      const onBehalf = Boolean(body.onBehalfOf);
      const entry: HistoryEntry = {
        action: 'report',
        from: null,
        to: 'submitted',
        by: oid(actor.userId),
        role: onBehalf ? 'staff' : 'reporter',
        at: now,
        note: onBehalf ? '工作人员代为报修' : '',
        photos,
      };
      let doc: TicketDoc;
      try {
        doc = (
          await RepairTicketModel.create({
            _id,
            communityId: oid(communityId),
            providerId: oid(providerId),
            categoryId: category._id,
            area: category.area,
            ...(place.householdId ? { householdId: oid(place.householdId) } : {}),
            ...(place.buildingId ? { buildingId: oid(place.buildingId) } : {}),
            ...(place.assetCode ? { assetCode: place.assetCode } : {}),
            place: place.place ?? '',
            ...(body.location ? { location: body.location } : {}),
            placeKey: category.area === 'public' ? placeKeyOf(place) : '',
            description: body.description,
            photos,
            urgency: body.urgency,
            preferredTimes: category.area === 'home' ? body.preferredTimes : [],
            fields,
            reporterId: oid(reporterId),
            ...(onBehalf ? { filedBy: oid(actor.userId) } : {}),
            status: 'submitted',
            open: true,
            meTooCount: 0,
            createdAt: now,
            dueAt: new Date(now.getTime() + deadline.hours * HOUR),
            history: [entry],
          })
        ).toObject();
      } catch (err) {
        if (photos.length > 0)
          await deps.uploads?.removeFor({ kind: TICKET_UPLOAD_KIND, recordId: String(_id) });
        throw err;
      }
      await schedule(JOB.deadline, doc, doc.dueAt);
      if (onBehalf)
        await deps.audit.record({
          actorId: actor.userId,
          action: 'repairs.reportOnBehalf',
          subjectUserId: reporterId,
          communityId,
          target: { kind: 'repairTicket', id: String(doc._id) },
          before: null,
          after: { categoryId: String(category._id), description: doc.description, urgency: doc.urgency },
        });
      announce(doc, 'report', actor.userId, onBehalf);
      return doc;
    },

    /** Moves a ticket as `actor` (or the system), or answers why not. */
    async transition(actor: Actor | 'system', ticketId: string, body: TransitionBody): Promise<TicketDoc> {
      const system = actor === 'system';
      const t = system ? await find(ticketId) : await movable(actor, ticketId);
      if (!t) throw NotFound('repairTicket');
      const roles: TicketRole[] = system ? ['system'] : rolesOn(actor, t);
      // Planned here first so a refused move answers before any photo is attached.
      const plan = ticketFlow.plan(t.status, body.action, roles);
      return apply(actor, t, plan.to, body, roles);
    },

    async meToo(actor: Actor, ticketId: string): Promise<TicketDoc> {
      const t = await visible(actor, ticketId);
      if (t.area !== 'public' || !t.open || !actor.homes.some((h) => h.communityId === String(t.communityId)))
        throw Conflict({
          'zh-CN': '只能对本社区仍在处理的公共区域报修点“我也遇到”',
          en: 'only open public-area reports of your community take a "me too"',
        });
      if (t.reporterId && String(t.reporterId) === actor.userId) return t;
      try {
        await RepairMeTooModel.create({ ticketId: t._id, userId: oid(actor.userId), at: clock.now() });
      } catch (err) {
        if (isDuplicateKey(err)) return t; // counted once
        throw err;
      }
      const updated = await RepairTicketModel.findOneAndUpdate(
        { _id: t._id },
        { $inc: { meTooCount: 1 } },
        { returnDocument: 'after' },
      ).lean<TicketDoc>();
      announce(updated!, 'meToo', actor.userId);
      return updated!;
    },

    /** Open public-area reports of the same category and place, offered before a new one is filed. */
    async similar(
      actor: Actor,
      q: { categoryId: string; buildingId?: string; assetCode?: string },
    ): Promise<TicketDoc[]> {
      const category = await categories.find(q.categoryId);
      if (!category || category.area !== 'public') return [];
      const communityId = String(category.communityId);
      if (
        !actor.homes.some((h) => h.communityId === communityId) &&
        !isTeamOperator(actor, communityId, String(category.providerId))
      )
        return [];
      const filter: Record<string, unknown> = {
        communityId: category.communityId,
        categoryId: category._id,
        area: 'public',
        open: true,
      };
      if (q.buildingId) filter.buildingId = oid(q.buildingId);
      if (q.assetCode) filter.assetCode = q.assetCode.trim();
      return RepairTicketModel.find(filter)
        .sort({ meTooCount: -1, createdAt: -1 })
        .limit(10)
        .lean<TicketDoc[]>();
    },

    /** The reporter of a closed public-area ticket, four weeks on: did it stay fixed? */
    async followUp(actor: Actor, ticketId: string, answer: FollowUpAnswer): Promise<TicketDoc> {
      const t = await visible(actor, ticketId);
      if (!followUpOpen(actor, t, clock.now()))
        throw Conflict({
          'zh-CN': '这张工单现在不需要回访',
          en: 'this ticket is not waiting for a follow-up answer',
        });
      const answered = await RepairTicketModel.findOneAndUpdate(
        { _id: t._id, status: 'closed', followUp: { $exists: false } },
        { $set: { followUp: answer } },
        { returnDocument: 'after' },
      ).lean<TicketDoc>();
      if (!answered) throw Conflict({ 'zh-CN': '已经回答过了', en: 'already answered' });
      if (answer !== 'notFixed') return answered;
      return service.transition('system', ticketId, {
        action: 'followUpReopen',
        note: '回访：问题仍未解决',
        photos: [],
      });
    },

    /** Scheduled: the due time passed. Flags and escalates once (guarded by escalatedAt). */
    async markOverdue(ticketId: string): Promise<boolean> {
      if (!isId(ticketId)) return false;
      const now = clock.now();
      const flagged = await RepairTicketModel.findOneAndUpdate(
        { _id: oid(ticketId), open: true, dueAt: { $lte: now }, escalatedAt: { $exists: false } },
        { $set: { overdue: true, escalatedAt: now } },
        { returnDocument: 'after' },
      ).lean<TicketDoc>();
      if (!flagged) return false;
      events.emit('repair.overdue', {
        ticketId,
        communityId: String(flagged.communityId),
        providerId: String(flagged.providerId),
        dueAt: flagged.dueAt,
      });
      return true;
    },

    /** Scheduled: a week after resolution without an answer. */
    async autoClose(ticketId: string): Promise<void> {
      const t = await find(ticketId);
      if (!t || t.status !== 'resolved' || !t.resolvedAt) return;
      if (t.resolvedAt.getTime() + AUTO_CLOSE_AFTER_MS > clock.now().getTime()) return;
      await service
        .transition('system', ticketId, { action: 'autoClose', note: '7 天未确认，自动完成', photos: [] })
        .catch((err: unknown) => {
          if (!(err instanceof Error && 'status' in err && (err as { status: number }).status === 409))
            throw err;
        });
    },

    /** Scheduled: four weeks after a public-area ticket closed, ask its reporter. */
    async askFollowUp(ticketId: string): Promise<void> {
      const t = await find(ticketId);
      if (!t || t.status !== 'closed' || t.area !== 'public' || t.followUp || !t.reporterId) return;
      announce(t, 'followUpAsked', null);
    },
  };

  async function apply(
    actor: Actor | 'system',
    t: TicketDoc,
    to: TicketStatus,
    body: TransitionBody,
    roles: TicketRole[],
  ) {
    const now = clock.now();
    const byId = actor === 'system' ? null : actor.userId;
    const set: Record<string, unknown> = { open: isOpen(to) };
    const unset: string[] = [];
    const extra: Record<string, unknown> = {};
    const note = body.note ?? '';
    if (NEEDS_REASON.includes(body.action) && !note)
      throw ValidationFailed([{ location: 'body', path: 'note', reason: 'required' }]);
    switch (body.action) {
      case 'assign': {
        if (!body.technicianId)
          throw ValidationFailed([{ location: 'body', path: 'technicianId', reason: 'required' }]);
        const tech = await deps.users.getUser(body.technicianId);
        const ok =
          tech &&
          !tech.deleted &&
          isTeamTechnician(
            { userId: tech.id, grants: tech.grants, homes: [], tags: [] },
            String(t.communityId),
            String(t.providerId),
          );
        if (!ok)
          throw BadRequest({
            'zh-CN': '只能派给本班组在本社区的维修师傅',
            en: 'assign to a technician of this team in this community',
          });
        set.assigneeId = oid(body.technicianId);
        break;
      }
      case 'claim':
        set.assigneeId = oid(byId!);
        extra.assigneeId = { $exists: false };
        break;
      case 'quote':
        if (t.area !== 'home')
          throw Conflict({ 'zh-CN': '只有入户维修可以报价', en: 'only in-home work is quoted' });
        if (!body.amountFen)
          throw ValidationFailed([{ location: 'body', path: 'amountFen', reason: 'required' }]);
        set.quote = { amountFen: body.amountFen, approved: null };
        break;
      case 'approveQuote':
        set['quote.approved'] = true;
        break;
      case 'declineQuote':
        set['quote.approved'] = false;
        break;
      case 'resolve':
        set.resolvedAt = now;
        break;
      case 'confirm':
        if (!body.rating) throw ValidationFailed([{ location: 'body', path: 'rating', reason: 'required' }]);
        set.rating = body.rating;
        set.comment = note;
        set.closedAt = now;
        break;
      case 'autoClose':
        set.closedAt = now;
        break;
      case 'reopen':
      case 'followUpReopen':
        // Back to the team's queue: the operator assigns it again, or a technician claims it.
        unset.push('assigneeId', 'resolvedAt', 'closedAt');
        break;
      case 'merge': {
        if (!body.intoTicketId || body.intoTicketId === String(t._id))
          throw ValidationFailed([{ location: 'body', path: 'intoTicketId', reason: 'invalid' }]);
        const survivor = await find(body.intoTicketId);
        if (
          !survivor ||
          !survivor.open ||
          String(survivor.communityId) !== String(t.communityId) ||
          String(survivor.providerId) !== String(t.providerId) ||
          survivor.area !== 'public' ||
          t.area !== 'public'
        )
          throw BadRequest({
            'zh-CN': '只能合并到本班组同社区仍在处理的公共区域报修',
            en: 'merge into an open public-area report of the same team and community',
          });
        set.mergedInto = survivor._id;
        break;
      }
      default:
        break;
    }
    const photos = actor === 'system' ? [] : await attachPhotos(actor, body.photos, t._id);
    // One conditional update on the state planned from (and `extra`); a race re-reads and lets the
    // flow answer for the state the ticket is in now (409 naming the allowed next states).
    const moved = await applyTransition<TicketDoc>({
      model: RepairTicketModel,
      id: t._id,
      flow: ticketFlow,
      action: body.action,
      roles,
      by: byId,
      note,
      photos,
      set,
      unset,
      extraFilter: extra,
      clock,
      state: t.status,
      resource: 'repairTicket',
    });
    await afterMove(moved, body.action);
    if (body.action === 'merge') await followSurvivor(moved, String(moved.mergedInto));
    if (actor !== 'system' && roles.includes('operator') && !roles.includes('reporter') && moved.reporterId)
      await deps.audit.record({
        actorId: actor.userId,
        action: `repairs.${body.action}`,
        subjectUserId: String(moved.reporterId),
        communityId: String(moved.communityId),
        target: { kind: 'repairTicket', id: String(moved._id) },
        before: { status: t.status },
        after: { status: moved.status, note },
      });
    announce(moved, body.action, byId);
    return moved;
  }

  /** Plans the ticket's scheduled work for its new state. */
  async function afterMove(t: TicketDoc, action: TicketAction) {
    if (!t.open) await unschedule(JOB.deadline, t);
    if (action === 'resolve')
      await schedule(JOB.autoClose, t, new Date(clock.now().getTime() + AUTO_CLOSE_AFTER_MS));
    if (action === 'reopen' || action === 'confirm') await unschedule(JOB.autoClose, t);
    if ((action === 'confirm' || action === 'autoClose') && t.area === 'public')
      await schedule(JOB.followUp, t, new Date(clock.now().getTime() + FOLLOW_UP_AFTER_MS));
    if (action === 'reopen' || action === 'followUpReopen') await schedule(JOB.deadline, t, t.dueAt);
  }

  /** A merged duplicate's reporter and "me too"s become "me too"s of the survivor, counted once each. */
  async function followSurvivor(duplicate: TicketDoc, survivorId: string) {
    const survivor = await find(survivorId);
    if (!survivor) return;
    const people = (await RepairMeTooModel.find({ ticketId: duplicate._id }).lean()).map((m) =>
      String(m.userId),
    );
    if (duplicate.reporterId) people.push(String(duplicate.reporterId));
    let added = 0;
    for (const userId of new Set(people)) {
      if (survivor.reporterId && String(survivor.reporterId) === userId) continue;
      try {
        await RepairMeTooModel.create({ ticketId: survivor._id, userId: oid(userId), at: clock.now() });
        added++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    if (added > 0) {
      const updated = await RepairTicketModel.findOneAndUpdate(
        { _id: survivor._id },
        { $inc: { meTooCount: added } },
        { returnDocument: 'after' },
      ).lean<TicketDoc>();
      if (updated) announce(updated, 'meToo', null);
    }
  }

  return service;
}
export type TicketService = ReturnType<typeof createTicketService>;

/** The reporter of a closed public-area ticket may answer the follow-up once, four weeks on. */
export function followUpOpen(actor: Actor, t: TicketDoc, now: Date): boolean {
  return (
    t.status === 'closed' &&
    t.area === 'public' &&
    !t.followUp &&
    !!t.reporterId &&
    String(t.reporterId) === actor.userId &&
    !!t.closedAt &&
    t.closedAt.getTime() + FOLLOW_UP_AFTER_MS <= now.getTime()
  );
}
