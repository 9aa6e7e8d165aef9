/**
 * Enquiries: made (with consent recorded in the same write as the child), moved through
 * enquiryFlow with one conditional update on the expected status, and the places they hold
 * (a visit, a class seat) taken and given back around those moves. Messages both ways with
 * unread counts per side.
 *
 * Without transactions a move and its place are two writes. Places are taken before the move and
 * given back if the move loses a race; places of a closed enquiry are given back by `settle`,
 * which is idempotent (each place is keyed by the enquiry) and is run again by the offer-expiry
 * job, so an interrupted close is finished rather than leaking a seat.
 */
import {
  DAYCARE_CONSENT,
  ageInMonths,
  type EnquiryAction,
  type EnquiryBody,
  type EnquiryRole,
  type EnquiryStatus,
  type Home,
} from '@linli/shared';
import { Types, type UpdateQuery } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { BadRequest, Conflict, NotFound, ValidationFailed } from '../../../platform/errors';
import { findPage } from '../../../platform/paging';
import type { AuditService } from '../../audit';
import type { Provider } from '../../communities';
import type { DomainEventBus } from '../../domain-events';
import type { CarerLinkService } from '../../membership';
import { bandForAge, classFor } from '../centres/age';
import type { ClassDoc } from '../centres/model';
import type { CentreService, CentreSettings } from '../centres/service';
import { isId } from '../centres/service';
import { addDays, daysBetween, shanghaiDate } from '../dates';
import { ClassFull, ConsentRequired, NoClassForAge, VisitFull } from '../errors';
import { enquiryChanged } from '../events';
import type { Scheduler } from '../../../platform/scheduler';
import { rolesOn } from '../policy';
import { waitlistOrder } from '../waitlist/order';
import { CLOSED_WITHOUT_PLACE, enquiryFlow } from './flow';
import { EnquiryModel, MessageModel, type EnquiryDoc, type HistoryEntry, type MessageDoc } from './model';

export const OFFER_EXPIRY = 'daycare.offerExpiry';
export const RETENTION = 'daycare.childRetention';
const DAY_MS = 24 * 3600_000;

export interface EnquiryServiceDeps {
  centres: CentreService;
  clock: Clock;
  events: DomainEventBus;
  scheduler: Scheduler;
  audit: Pick<AuditService, 'record'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer'>;
  homesOf(userId: string): Promise<Home[]>;
  retentionDays: number;
}

export interface Availability {
  provider: Provider;
  settings: CentreSettings;
  ageMonthsAtStart: number;
  cls: ClassDoc | undefined;
  waitlisted: number;
}

type StepExtras = { set?: Record<string, unknown>; unset?: Record<string, 1>; note?: string };

export function createEnquiryService(deps: EnquiryServiceDeps) {
  const { centres, clock, events, scheduler, audit } = deps;

  function checkConsent(consent: { version: string; agreed: boolean }) {
    if (consent.version !== DAYCARE_CONSENT.version || consent.agreed !== true) throw ConsentRequired();
  }
  const consentRecord = (userId: string) => ({
    userId: new Types.ObjectId(userId),
    version: DAYCARE_CONSENT.version,
    wording: DAYCARE_CONSENT.text['zh-CN'],
    at: clock.now(),
  });

  function checkStart(desiredStart: string) {
    const today = shanghaiDate(clock.now());
    const ahead = daysBetween(today, desiredStart);
    if (ahead < 14 || ahead > 365)
      throw ValidationFailed([
        {
          location: 'body',
          path: 'desiredStart',
          reason: 'custom',
          params: {
            text: {
              'zh-CN': `入托日期须在 ${addDays(today, 14)} 至 ${addDays(today, 365)} 之间`,
              en: `must be between ${addDays(today, 14)} and ${addDays(today, 365)}`,
            },
          },
        },
      ]);
  }

  async function waitlistedIn(classId: Types.ObjectId): Promise<number> {
    return EnquiryModel.countDocuments({ classId, status: 'waitlisted' });
  }

  const service = {
    /** For each chosen centre: the child's age at the start, the derived class and its places. */
    async availability(input: { birthMonth: string; desiredStart: string; centreIds: readonly string[] }) {
      const out: Availability[] = [];
      for (const id of input.centreIds) {
        const provider = await centres.centre(id);
        const settings = await centres.settings(id);
        const classes = await centres.classes(id);
        const cls = classFor(classes, input.birthMonth, input.desiredStart, settings.ageRangeMonths);
        out.push({
          provider,
          settings,
          ageMonthsAtStart: ageInMonths(input.birthMonth, input.desiredStart),
          cls,
          waitlisted: cls ? await waitlistedIn(cls._id) : 0,
        });
      }
      return out;
    },

    /**
     * One enquiry per chosen centre. Everything is checked before anything is written: consent,
     * the start date, who it is for, and that every centre has a class for the child's age.
     */
    async create(actor: Actor, input: EnquiryBody): Promise<EnquiryDoc[]> {
      checkConsent(input.consent);
      checkStart(input.desiredStart);
      const forOther = input.forGuardianId && input.forGuardianId.toLowerCase() !== actor.userId;
      if (forOther && !(await deps.carerLinks.isConfirmedCarer(actor.userId, input.forGuardianId!)))
        throw BadRequest(
          {
            'zh-CN': '只有经家长确认的家属代办人才能替家长准备咨询',
            en: 'only a family member the parent confirmed as their carer can prepare an enquiry for them',
          },
          { field: 'forGuardianId' },
        );
      const guardianId = forOther ? input.forGuardianId!.toLowerCase() : actor.userId;
      const availability = await service.availability({ ...input, birthMonth: input.child.birthMonth });
      for (const a of availability)
        if (!a.cls) throw NoClassForAge(a.provider.name, a.ageMonthsAtStart, a.settings.ageRangeMonths);
      const homes = forOther ? await deps.homesOf(guardianId) : actor.homes;
      const now = clock.now();
      const groupId = new Types.ObjectId();
      const status: EnquiryStatus = forOther ? 'prepared' : 'new';
      const docs = await EnquiryModel.insertMany(
        availability.map((a, index) => ({
          groupId,
          preference: index + 1,
          providerId: a.provider.id,
          communityId: a.provider.communityIds[0],
          guardianId,
          ...(forOther ? { preparedBy: actor.userId } : {}),
          child: { nickname: input.child.nickname.trim(), birthMonth: input.child.birthMonth },
          ageBand: bandForAge(a.ageMonthsAtStart),
          ageMonthsAtStart: a.ageMonthsAtStart,
          desiredStart: input.desiredStart,
          schedule: input.schedule,
          questions: input.questions,
          classId: a.cls!._id,
          livesInCommunity: homes.some((h) => a.provider.communityIds.includes(h.communityId)),
          status,
          history: [],
          consents: [consentRecord(actor.userId)],
          unread: { guardian: 0, centre: 0 },
          createdAt: now,
        })),
      );
      const made = docs.map((d) => d.toObject() as EnquiryDoc);
      for (const e of made) void events.emit('daycare.enquiryChanged', enquiryChanged(e));
      return made;
    },

    async find(enquiryId: string): Promise<EnquiryDoc | undefined> {
      if (!isId(enquiryId)) return undefined;
      return (await EnquiryModel.findById(enquiryId).lean<EnquiryDoc>()) ?? undefined;
    },

    /** Enquiries whose visit the centre recorded as made since a moment, for the family (evaluation). */
    async visitedFor(userId: string, since: Date): Promise<EnquiryDoc[]> {
      const family = new Types.ObjectId(userId);
      return EnquiryModel.find({
        $or: [{ guardianId: family }, { preparedBy: family }],
        history: { $elemMatch: { action: 'markVisited', at: { $gte: since } } },
      }).lean<EnquiryDoc[]>();
    },

    /** How many visits to centres of a community were recorded as made in [from, to) (evaluation). */
    visitedCount(communityId: string, from: Date, to: Date): Promise<number> {
      return EnquiryModel.countDocuments({
        communityId: new Types.ObjectId(communityId),
        history: { $elemMatch: { action: 'markVisited', at: { $gte: from, $lt: to } } },
      });
    },

    /** The enquiry if the actor has a relation to it; 404 otherwise (nothing leaks). */
    async visible(actor: Actor, enquiryId: string): Promise<{ enquiry: EnquiryDoc; roles: EnquiryRole[] }> {
      const enquiry = await service.find(enquiryId);
      const roles = enquiry ? rolesOn(actor, enquiry) : [];
      if (!enquiry || !roles.length) throw NotFound('enquiry');
      return { enquiry, roles };
    },

    async mine(actor: Actor, page: { page: number; pageSize: number }, status?: EnquiryStatus) {
      const me = new Types.ObjectId(actor.userId);
      return findPage<EnquiryDoc>(
        EnquiryModel,
        { $or: [{ guardianId: me }, { preparedBy: me }], ...(status ? { status } : {}) },
        { createdAt: -1, preference: 1, _id: 1 },
        page,
      );
    },

    /** A centre's enquiries, unread first, then newest; never the ones still being prepared. */
    async inbox(providerId: string, page: { page: number; pageSize: number }, status?: EnquiryStatus) {
      return findPage<EnquiryDoc>(
        EnquiryModel,
        { providerId, status: status ?? { $ne: 'prepared' } },
        { 'unread.centre': -1, createdAt: -1, _id: 1 },
        page,
      );
    },

    async ofProvider(providerId: string): Promise<EnquiryDoc[]> {
      return EnquiryModel.find({ providerId, status: { $ne: 'prepared' } })
        .sort({ createdAt: 1 })
        .lean<EnquiryDoc[]>();
    },

    /** The class's waitlist in the centre's published order. */
    async queueOf(cls: ClassDoc): Promise<EnquiryDoc[]> {
      const settings = await centres.settings(String(cls.providerId));
      const waiting = await EnquiryModel.find({ classId: cls._id, status: 'waitlisted' }).lean<
        EnquiryDoc[]
      >();
      const enrolled = await EnquiryModel.find(
        { providerId: cls.providerId, status: 'enrolled' },
        { guardianId: 1 },
      ).lean<EnquiryDoc[]>();
      return waitlistOrder(
        waiting,
        settings.priorityRules,
        new Set(enrolled.map((e) => String(e.guardianId))),
      );
    },

    /**
     * Moves an enquiry by `action` for the actor's roles: one conditional update on the status it
     * is in. If another request moved it first, the plan is made again against the new status, so
     * the answer is the 409 naming what is possible now.
     */
    async step(
      enquiry: EnquiryDoc,
      action: EnquiryAction,
      roles: readonly EnquiryRole[],
      by: string | null,
      extras: StepExtras = {},
    ): Promise<EnquiryDoc> {
      let current = enquiry;
      for (let attempt = 0; attempt < 3; attempt++) {
        const plan = enquiryFlow.plan(current.status, action, roles);
        const role = plan.role;
        const entry: HistoryEntry = {
          action,
          from: current.status,
          to: plan.to,
          by: by ? new Types.ObjectId(by) : null,
          role,
          at: clock.now(),
          ...(extras.note ? { note: extras.note } : {}),
        };
        const givesUpPlace = current.status === 'offered' && CLOSED_WITHOUT_PLACE.includes(plan.to);
        const update: UpdateQuery<EnquiryDoc> = {
          $set: { status: plan.to, ...extras.set, ...(givesUpPlace ? { passOn: true } : {}) },
          $push: { history: entry },
          ...(extras.unset ? { $unset: extras.unset } : {}),
        };
        const doc = await EnquiryModel.findOneAndUpdate(
          { _id: current._id, status: { $in: plan.from } },
          update,
          {
            returnDocument: 'after',
          },
        ).lean<EnquiryDoc>();
        if (doc) {
          void events.emit('daycare.enquiryChanged', enquiryChanged(doc));
          if (role === 'centre' && by)
            await audit.record({
              actorId: by,
              action: `daycare.enquiry.${action}`,
              subjectUserId: String(doc.guardianId),
              communityId: String(doc.communityId),
              target: { kind: 'daycareEnquiry', id: String(doc._id) },
              before: { status: current.status },
              after: { status: doc.status, ...(extras.note ? { note: extras.note } : {}) },
            });
          return doc;
        }
        const reread = await service.find(String(current._id));
        if (!reread) throw NotFound('enquiry');
        current = reread;
      }
      throw Conflict({
        'zh-CN': '该咨询正在变动，请刷新后再试',
        en: 'the enquiry is changing; refresh and try again',
      });
    },

    async confirm(
      actor: Actor,
      enquiry: EnquiryDoc,
      roles: EnquiryRole[],
      consent: { version: string; agreed: boolean },
    ) {
      checkConsent(consent);
      const group = await EnquiryModel.find({ groupId: enquiry.groupId, status: 'prepared' }).lean<
        EnquiryDoc[]
      >();
      let mine = enquiry;
      // The parent confirms the whole preparation (every centre chosen), consenting for themself.
      for (const e of group.length ? group : [enquiry]) {
        const moved = await service.step(e, 'confirm', roles, actor.userId, {});
        await EnquiryModel.updateOne(
          { _id: moved._id },
          { $push: { consents: consentRecord(actor.userId) } },
        );
        if (moved._id.equals(enquiry._id)) mine = moved;
      }
      return (await service.find(String(mine._id))) ?? mine;
    },

    async bookVisit(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[], slotId: string) {
      enquiryFlow.plan(enquiry.status, 'bookVisit', roles);
      const slot = await centres.findSlot(slotId);
      if (!slot || !slot.providerId.equals(enquiry.providerId)) throw NotFound('visitSlot');
      if (!(await centres.takeVisitPlace(slot._id, enquiry._id))) throw VisitFull();
      try {
        return await service.step(enquiry, 'bookVisit', roles, actor.userId, {
          set: { visit: { slotId: slot._id, startsAt: slot.startsAt } },
        });
      } catch (err) {
        await centres.releaseVisitPlace(slot._id, enquiry._id);
        throw err;
      }
    },

    async cancelVisit(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[]) {
      const moved = await service.step(enquiry, 'cancelVisit', roles, actor.userId, { unset: { visit: 1 } });
      if (enquiry.visit) await centres.releaseVisitPlace(enquiry.visit.slotId, enquiry._id);
      return moved;
    },

    async markVisited(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[]) {
      enquiryFlow.plan(enquiry.status, 'markVisited', roles);
      if (enquiry.visit && enquiry.visit.startsAt > clock.now())
        throw Conflict({
          'zh-CN': '参观时间还没到，参观后再标记',
          en: 'the visit has not happened yet; mark it after the visit',
        });
      return service.step(enquiry, 'markVisited', roles, actor.userId);
    },

    /** Holds a place in the class for the family, then moves the enquiry; expiry is scheduled. */
    async offer(actor: Actor | null, enquiry: EnquiryDoc, roles: EnquiryRole[], classId?: string) {
      const action: EnquiryAction = roles.includes('system') ? 'offerNext' : 'offer';
      enquiryFlow.plan(enquiry.status, action, roles);
      const cls = await centres.findClass(classId ?? String(enquiry.classId));
      if (!cls || !cls.providerId.equals(enquiry.providerId)) throw NotFound('daycareClass');
      if (!(await centres.takeSeat(cls._id, enquiry._id, enquiry.child.birthMonth)))
        throw ClassFull(cls.name, cls.band, cls.capacity);
      const settings = await centres.settings(String(enquiry.providerId));
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + settings.offerExpiryDays * DAY_MS);
      let moved: EnquiryDoc;
      try {
        moved = await service.step(enquiry, action, roles, actor?.userId ?? null, {
          set: { classId: cls._id, offeredAt: now, offerExpiresAt: expiresAt },
        });
      } catch (err) {
        await centres.releaseSeat(cls._id, enquiry._id);
        throw err;
      }
      await scheduler.schedule({ kind: OFFER_EXPIRY, key: String(moved._id), dueAt: expiresAt });
      return moved;
    },

    async waitlist(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[]) {
      const moved = await service.step(enquiry, 'waitlist', roles, actor.userId, {
        set: { waitlistedAt: clock.now() },
      });
      return moved;
    },

    async accept(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[]) {
      const moved = await service.step(enquiry, 'accept', roles, actor.userId, {
        unset: { offerExpiresAt: 1 },
      });
      if (moved.classId) await centres.enrolSeat(moved.classId, moved._id);
      await scheduler.cancel(OFFER_EXPIRY, String(moved._id));
      // Enrolled at one preference: the family's enquiries at the others close.
      const others = await EnquiryModel.find({
        groupId: moved.groupId,
        _id: { $ne: moved._id },
        status: { $nin: ['enrolled', 'declined', 'withdrawn'] },
      }).lean<EnquiryDoc[]>();
      for (const other of others) {
        try {
          const closed = await service.step(other, 'enrolledElsewhere', ['system'], null, {
            note: 'enrolled at another centre',
          });
          await service.settle(closed);
        } catch {
          // moved on by someone else meanwhile; nothing to close
        }
      }
      return moved;
    },

    /** Decline (centre, with a reason), withdraw (guardian) or decline an offer: closes and frees. */
    async close(
      actor: Actor,
      enquiry: EnquiryDoc,
      roles: EnquiryRole[],
      action: 'decline' | 'withdraw' | 'declineOffer',
      reason?: string,
    ) {
      const moved = await service.step(enquiry, action, roles, actor.userId, {
        ...(reason ? { set: { declineReason: reason }, note: reason } : {}),
      });
      await service.settle(moved);
      return moved;
    },

    /**
     * Finishes closing an enquiry that ended without a place (withdrawn, declined, expired): gives
     * back its visit place and class seat, passes an offered place on to the next family, and
     * schedules the deletion of the child's data. Each step is idempotent, so running it again
     * (the expiry job does, at least once) finishes an interrupted close and changes nothing else.
     */
    async settle(e: EnquiryDoc): Promise<void> {
      if (!CLOSED_WITHOUT_PLACE.includes(e.status)) return;
      if (e.visit && e.visit.startsAt > clock.now()) await centres.releaseVisitPlace(e.visit.slotId, e._id);
      if (e.classId) await centres.releaseSeat(e.classId, e._id);
      if (e.classId && e.passOn) await service.passOn(e._id, e.classId);
      await scheduler.cancel(OFFER_EXPIRY, String(e._id));
      const closedAt = [...e.history].reverse().find((h) => h.to === e.status)?.at ?? clock.now();
      await scheduler.schedule({
        kind: RETENTION,
        key: String(e._id),
        dueAt: new Date(new Date(closedAt).getTime() + deps.retentionDays * DAY_MS),
      });
    },

    /**
     * Offers the place a closed enquiry gave up to the first family of the class's waitlist, once.
     * The family is written down (`passedTo`) before its seat is taken; a run that stopped
     * half-way is finished for that same family, and a finished hand-over is never repeated.
     */
    async passOn(fromId: Types.ObjectId, classId: Types.ObjectId): Promise<void> {
      for (let round = 0; round < 20; round++) {
        const from = await EnquiryModel.findById(fromId).lean<EnquiryDoc>();
        if (!from?.passOn) return;
        const done = () => EnquiryModel.updateOne({ _id: fromId }, { $unset: { passOn: 1 } });
        if (!from.passedTo) {
          const cls = await centres.findClass(String(classId));
          const next = cls ? (await service.queueOf(cls))[0] : undefined;
          if (!next) return void (await done());
          await EnquiryModel.updateOne(
            { _id: fromId, passedTo: { $exists: false } },
            { $set: { passedTo: next._id } },
          );
          continue;
        }
        const target = await service.find(String(from.passedTo));
        if (target?.status === 'waitlisted') {
          try {
            await service.offer(null, target, ['system'], String(classId));
            return void (await done());
          } catch {
            const now = await service.find(String(target._id));
            // No seat to be had (the centre filled it meanwhile): nothing left to pass on.
            if (now?.status === 'waitlisted') return void (await done());
          }
        }
        const reached = await service.find(String(from.passedTo));
        if (
          reached &&
          reached.history.some(
            (h) => h.action === 'offerNext' && new Date(h.at) >= new Date(from.history.at(-1)!.at),
          )
        )
          return void (await done());
        // That family left the queue before the offer reached it: choose again.
        await EnquiryModel.updateOne({ _id: fromId, passedTo: from.passedTo }, { $unset: { passedTo: 1 } });
      }
    },

    /** After an account is deleted: a free place goes to the first family waiting, if any. */
    async offerFreePlace(classId: Types.ObjectId): Promise<void> {
      const cls = await centres.findClass(String(classId));
      if (!cls || cls.taken >= cls.capacity) return;
      const next = (await service.queueOf(cls))[0];
      if (next) await service.offer(null, next, ['system'], String(classId)).catch(() => undefined);
    },

    /** The scheduler's job at an offer's expiry; a job for an offer accepted since does nothing. */
    async expireOffer(enquiryId: string): Promise<void> {
      const e = await service.find(enquiryId);
      if (!e) return;
      if (e.status === 'offered') {
        if (!e.offerExpiresAt || e.offerExpiresAt > clock.now()) return;
        try {
          const expired = await service.step(e, 'expire', ['system'], null, {
            note: 'offer expired',
            unset: { offerExpiresAt: 1 },
          });
          await service.settle(expired);
        } catch {
          const now = await service.find(enquiryId);
          if (now) await service.settle(now);
        }
        return;
      }
      await service.settle(e); // a close interrupted before its place went back
    },

    // ---- messages ----

    async post(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[], text: string) {
      const from = roles.includes('centre') ? 'centre' : roles.includes('guardian') ? 'guardian' : undefined;
      if (!from || enquiry.status === 'prepared' || enquiry.childErasedAt)
        throw Conflict({
          'zh-CN': '这条咨询现在不能发消息',
          en: 'messages cannot be sent on this enquiry now',
        });
      const message = await MessageModel.create({
        enquiryId: enquiry._id,
        from,
        authorId: actor.userId,
        text,
        at: clock.now(),
      });
      const other = from === 'centre' ? 'guardian' : 'centre';
      await EnquiryModel.updateOne({ _id: enquiry._id }, { $inc: { [`unread.${other}`]: 1 } });
      void events.emit('daycare.messagePosted', {
        enquiryId: String(enquiry._id),
        providerId: String(enquiry.providerId),
        guardianId: String(enquiry.guardianId),
        from,
      });
      return message.toObject() as MessageDoc;
    },

    /** A centre's first message answers a new enquiry: it becomes `replied`. */
    async reply(actor: Actor, enquiry: EnquiryDoc, roles: EnquiryRole[], text: string) {
      enquiryFlow.plan(enquiry.status, 'reply', roles);
      await service.post(actor, enquiry, roles, text);
      return service.step(enquiry, 'reply', roles, actor.userId);
    },

    async messages(enquiry: EnquiryDoc): Promise<MessageDoc[]> {
      return MessageModel.find({ enquiryId: enquiry._id }).sort({ at: 1, _id: 1 }).lean<MessageDoc[]>();
    },

    async markRead(enquiry: EnquiryDoc, roles: EnquiryRole[]) {
      const sides = [
        ...(roles.includes('centre') ? ['centre'] : []),
        ...(roles.includes('guardian') ? ['guardian'] : []),
      ];
      if (!sides.length) return;
      await EnquiryModel.updateOne(
        { _id: enquiry._id },
        { $set: Object.fromEntries(sides.map((s) => [`unread.${s}`, 0])) },
      );
    },

    async unreadFor(
      actor: Actor,
    ): Promise<{ guardian: number; centres: { providerId: string; unread: number }[] }> {
      const mine = await EnquiryModel.find({ guardianId: actor.userId }, { unread: 1 }).lean<EnquiryDoc[]>();
      const providerIds = actor.grants.flatMap((g) => (g.role === 'operator' ? [g.providerId] : []));
      const centresUnread = [];
      for (const providerId of new Set(providerIds)) {
        const docs = await EnquiryModel.find(
          { providerId, status: { $ne: 'prepared' }, 'unread.centre': { $gt: 0 } },
          { unread: 1 },
        ).lean<EnquiryDoc[]>();
        centresUnread.push({ providerId, unread: docs.reduce((n, d) => n + d.unread.centre, 0) });
      }
      return { guardian: mine.reduce((n, d) => n + (d.unread?.guardian ?? 0), 0), centres: centresUnread };
    },

    /** The scheduler's job at the end of retention: blank the child, delete the conversation. */
    async eraseChild(enquiryId: string): Promise<void> {
      const e = await service.find(enquiryId);
      if (!e || !CLOSED_WITHOUT_PLACE.includes(e.status) || e.childErasedAt) return;
      await MessageModel.deleteMany({ enquiryId: e._id });
      // History notes may quote the centre's reason, which can speak of the child: they go too.
      const history = e.history.map(({ note: _note, ...entry }) => entry);
      await EnquiryModel.updateOne(
        { _id: e._id, status: { $in: CLOSED_WITHOUT_PLACE } },
        {
          $set: {
            child: { nickname: '', birthMonth: '' },
            questions: '',
            history,
            childErasedAt: clock.now(),
          },
          $unset: { declineReason: 1 },
        },
      );
    },
  };
  return service;
}

export type EnquiryService = ReturnType<typeof createEnquiryService>;
