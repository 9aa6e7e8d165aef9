/**
 * The consultation's life: the committee drafts it, edits the draft, and moves it along the
 * lifecycle (lifecycle.ts) by hand; the scheduler opens a draft for discussion at
 * discussionOpensAt, opens voting at votingOpensAt (from discussion) and closes it at
 * votingClosesAt. Every move is one conditional update on the state it leaves,
 * so a committee member's "close" racing the scheduler's moves it once. A time already passed is
 * also honoured when the consultation is next read (`settle`), so a missed job never leaves a vote
 * open past its close.
 */
import {
  APPROVAL_OPTION_NAMES,
  APPROVAL_OPTIONS,
  CIVIL_CODE_278,
  type BallotSpecBody,
  type ConsultationTransition,
  type CreateConsultationBody,
  type UpdateConsultationBody,
} from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { BadRequest, Conflict, NotFound } from '../../../platform/errors';
import { findPage, type Page } from '../../../platform/paging';
import type { DomainEventBus } from '../../domain-events';
import type { Electorate } from '../ballots/electorate-service';
import '../events';
import type { ConsultationPorts, SchedulerPort, UploadsPort } from '../ports';
import { applyTransition } from '../../../platform/workflow';
import { consultationFlow, type LifecycleRole } from './lifecycle';
import { ConsultationModel, type ConsultationDoc } from './model';

export const OPEN_DISCUSSION_JOB = 'consultation.openDiscussion';
export const OPEN_VOTING_JOB = 'consultation.openVoting';
export const CLOSE_VOTING_JOB = 'consultation.closeVoting';

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export function createConsultations(deps: {
  ports: Pick<ConsultationPorts, 'communities'>;
  electorate: Electorate;
  events: DomainEventBus;
  clock: Clock;
  scheduler: SchedulerPort;
  uploads: UploadsPort;
}) {
  const { ports, electorate, events, clock, scheduler, uploads } = deps;

  async function checkBuildings(communityId: string, buildingIds: readonly string[]) {
    if (buildingIds.length === 0) return;
    const known = new Set((await ports.communities.listBuildings(communityId)).map((b) => b.id));
    const unknown = buildingIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw BadRequest(
        {
          'zh-CN': '所选楼栋不属于该社区，请刷新后重选',
          en: 'some chosen buildings are not in this community; refresh and choose again',
        },
        { field: 'buildingIds', unknown },
      );
  }

  const TIME_NAMES = {
    discussionOpensAt: { 'zh-CN': '开始讨论时间', en: 'the discussion opening time' },
    votingOpensAt: { 'zh-CN': '开始投票时间', en: 'the voting opening time' },
    votingClosesAt: { 'zh-CN': '投票截止时间', en: 'the voting closing time' },
  } as const;
  type TimeField = keyof typeof TIME_NAMES;

  /**
   * The times set in this request are in the future, and the schedule runs in order: discussion,
   * then voting opens, then it closes. Each refusal names the field to change.
   */
  function checkTimes(times: Partial<Record<TimeField, Date>>, given: readonly TimeField[]) {
    const now = clock.now().getTime();
    for (const field of given) {
      const at = times[field];
      if (at && at.getTime() <= now)
        throw BadRequest(
          {
            'zh-CN': `${TIME_NAMES[field]['zh-CN']}已过，请选一个将来的时间`,
            en: `${TIME_NAMES[field].en} has passed; choose a time in the future`,
          },
          { field },
        );
    }
    const order: TimeField[] = ['discussionOpensAt', 'votingOpensAt', 'votingClosesAt'];
    for (let i = 1; i < order.length; i++) {
      const later = times[order[i]];
      for (const earlierField of order.slice(0, i)) {
        const earlier = times[earlierField];
        if (later && earlier && later.getTime() <= earlier.getTime())
          throw BadRequest(
            {
              'zh-CN': `${TIME_NAMES[order[i]]['zh-CN']}须晚于${TIME_NAMES[earlierField]['zh-CN']}`,
              en: `${TIME_NAMES[order[i]].en} must be after ${TIME_NAMES[earlierField].en}`,
            },
            { field: order[i] },
          );
      }
    }
  }

  function ballotOf(spec: BallotSpecBody): ConsultationDoc['ballot'] {
    const options =
      spec.kind === 'approval'
        ? APPROVAL_OPTIONS.map((id) => ({ id, label: APPROVAL_OPTION_NAMES[id]['zh-CN'] }))
        : spec.options!.map((label, i) => ({ id: `o${i + 1}`, label }));
    const [minChoices, maxChoices] =
      spec.kind === 'multiple' ? [spec.minChoices ?? 1, spec.maxChoices ?? options.length] : [1, 1];
    return { kind: spec.kind, options, minChoices, maxChoices };
  }

  async function emitStatus(doc: ConsultationDoc) {
    void events.emit('consultation.statusChanged', {
      consultationId: String(doc._id),
      communityId: String(doc.communityId),
      buildingIds: doc.buildingIds.map(String),
      status: doc.status,
    });
  }

  /** Schedules what the new state waits for, and cancels what it no longer does. */
  async function scheduleFor(doc: ConsultationDoc) {
    const key = String(doc._id);
    if (doc.status === 'draft' && doc.discussionOpensAt) {
      await scheduler.schedule({ kind: OPEN_DISCUSSION_JOB, key, dueAt: doc.discussionOpensAt });
    } else {
      await scheduler.cancel(OPEN_DISCUSSION_JOB, key);
    }
    if (doc.status === 'discussion' && doc.votingOpensAt) {
      await scheduler.schedule({ kind: OPEN_VOTING_JOB, key, dueAt: doc.votingOpensAt });
    } else {
      await scheduler.cancel(OPEN_VOTING_JOB, key);
    }
    if (doc.status === 'voting')
      await scheduler.schedule({ kind: CLOSE_VOTING_JOB, key, dueAt: doc.votingClosesAt });
    else await scheduler.cancel(CLOSE_VOTING_JOB, key);
  }

  const service = {
    async create(actor: Actor, input: CreateConsultationBody): Promise<ConsultationDoc> {
      await ports.communities.getCommunity(input.communityId);
      const buildingIds = [...new Set(input.buildingIds ?? [])];
      await checkBuildings(input.communityId, buildingIds);
      const times = {
        ...(input.discussionOpensAt ? { discussionOpensAt: new Date(input.discussionOpensAt) } : {}),
        ...(input.votingOpensAt ? { votingOpensAt: new Date(input.votingOpensAt) } : {}),
        votingClosesAt: new Date(input.votingClosesAt),
      };
      checkTimes(times, ['discussionOpensAt', 'votingOpensAt', 'votingClosesAt']);
      const id = new Types.ObjectId();
      // Attach first: a bad upload id is answered before anything is written.
      const attachments = input.attachmentIds.length
        ? await uploads.attach(actor, input.attachmentIds, { kind: 'consultation', recordId: String(id) })
        : [];
      const doc = await ConsultationModel.create({
        _id: id,
        communityId: input.communityId,
        title: input.title,
        body: input.body,
        eligibility: input.eligibility,
        ...(input.eligibility === 'owner'
          ? { matter: input.matter, ruleSet: input.ruleSet ?? CIVIL_CODE_278 }
          : {}),
        buildingIds,
        ballot: ballotOf(input.ballot),
        resultsHidden: input.resultsHidden,
        secretBallot: input.secretBallot,
        allowChange: input.allowChange,
        ...times,
        status: 'draft',
        history: [],
        attachments,
        createdBy: actor.userId,
      });
      const created = doc.toObject();
      await scheduleFor(created);
      return created;
    },

    async find(consultationId: string): Promise<ConsultationDoc | undefined> {
      if (!isId(consultationId)) return undefined;
      const doc = await ConsultationModel.findById(consultationId).lean<ConsultationDoc>();
      return doc ? service.settle(doc) : undefined;
    },

    async get(consultationId: string): Promise<ConsultationDoc> {
      const doc = await service.find(consultationId);
      if (!doc) throw NotFound('consultation');
      return doc;
    },

    async list(filter: {
      communityIds: string[];
      includeDrafts: boolean;
      status?: string;
      page: number;
      pageSize: number;
    }): Promise<Page<ConsultationDoc>> {
      const query = {
        communityId: { $in: filter.communityIds.filter(isId) },
        ...(filter.status
          ? { status: filter.status }
          : filter.includeDrafts
            ? {}
            : { status: { $ne: 'draft' } }),
      };
      const page = await findPage<ConsultationDoc>(
        ConsultationModel,
        query,
        { createdAt: -1, _id: -1 },
        filter,
      );
      return { ...page, items: await Promise.all(page.items.map((d) => service.settle(d))) };
    },

    /**
     * A draft takes any field; in discussion only the voting window may move; once voting opened
     * nothing changes (what was voted on is what was shown). Bad input is answered before anything
     * is written, and a move racing the edit re-reads and answers for the new state.
     */
    async update(
      actor: Actor,
      doc: ConsultationDoc,
      input: UpdateConsultationBody,
    ): Promise<ConsultationDoc> {
      const given = (Object.keys(input) as (keyof UpdateConsultationBody)[]).filter(
        (k) => input[k] !== undefined,
      );
      const windowOnly = given.every((k) => k === 'votingOpensAt' || k === 'votingClosesAt');
      if (doc.status !== 'draft' && !(doc.status === 'discussion' && windowOnly)) {
        throw Conflict(
          doc.status === 'discussion'
            ? {
                'zh-CN': '讨论已开始，只能调整投票时间；其他内容须在草稿时修改',
                en: 'the discussion has opened: only the voting window can change now',
              }
            : {
                'zh-CN': '投票已开始，协商内容和时间都不能再修改',
                en: 'voting has opened: the consultation can no longer be edited',
              },
          { status: doc.status },
        );
      }
      const set: Record<string, unknown> = {};
      const unset: Record<string, 1> = {};

      const timeOf = (field: TimeField): Date | undefined => {
        const v = input[field];
        return v === undefined ? doc[field] : v === null ? undefined : new Date(v);
      };
      const times = {
        discussionOpensAt: timeOf('discussionOpensAt'),
        votingOpensAt: timeOf('votingOpensAt'),
        votingClosesAt: timeOf('votingClosesAt')!,
      };
      checkTimes(
        times,
        (['discussionOpensAt', 'votingOpensAt', 'votingClosesAt'] as const).filter((f) => input[f]),
      );
      for (const field of ['discussionOpensAt', 'votingOpensAt', 'votingClosesAt'] as const) {
        if (input[field] === undefined) continue;
        if (times[field]) set[field] = times[field];
        else unset[field] = 1;
      }

      if (input.title !== undefined) set.title = input.title;
      if (input.body !== undefined) set.body = input.body;
      for (const flag of ['resultsHidden', 'secretBallot', 'allowChange'] as const)
        if (input[flag] !== undefined) set[flag] = input[flag];
      if (input.buildingIds !== undefined) {
        const buildingIds = [...new Set(input.buildingIds)];
        await checkBuildings(String(doc.communityId), buildingIds);
        set.buildingIds = buildingIds;
      }

      // Who votes, on what, and how: checked as the draft will be after the edit.
      const eligibility = input.eligibility ?? doc.eligibility;
      const matter =
        eligibility !== 'owner'
          ? undefined
          : input.matter === undefined
            ? doc.matter
            : (input.matter ?? undefined);
      const ballot = input.ballot ? ballotOf(input.ballot) : doc.ballot;
      if (eligibility === 'owner') {
        if (!matter)
          throw BadRequest(
            { 'zh-CN': '业主共同决定须选择表决事项', en: "an owners' decision names its matter" },
            { field: 'matter' },
          );
        if (ballot.kind !== 'approval')
          throw BadRequest(
            {
              'zh-CN': '业主共同决定只能是同意 / 反对 / 弃权',
              en: "an owners' decision is approve / reject / abstain",
            },
            { field: 'ballot.kind' },
          );
      } else if (input.matter) {
        throw BadRequest(
          { 'zh-CN': '只有业主共同决定才有表决事项', en: "only an owners' decision has a matter" },
          { field: 'matter' },
        );
      }
      if (input.eligibility !== undefined) set.eligibility = eligibility;
      if (input.ballot) set.ballot = ballot;
      if (eligibility === 'owner') {
        set.matter = matter;
        set.ruleSet = input.ruleSet ?? doc.ruleSet ?? CIVIL_CODE_278;
      } else {
        unset.matter = 1;
        unset.ruleSet = 1;
      }

      if (input.attachmentIds !== undefined) {
        const wanted = [...new Set(input.attachmentIds)];
        const had = new Set((doc.attachments ?? []).map((a) => a.id));
        const added = wanted.filter((id) => !had.has(id));
        const attached = added.length
          ? await uploads.attach(actor, added, { kind: 'consultation', recordId: String(doc._id) })
          : [];
        const byId = new Map([...(doc.attachments ?? []), ...attached].map((a) => [a.id, a]));
        set.attachments = wanted.map((id) => byId.get(id)!);
      }

      const updated = await ConsultationModel.findOneAndUpdate(
        { _id: doc._id, status: doc.status },
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { returnDocument: 'after' },
      ).lean<ConsultationDoc>();
      if (!updated) return service.update(actor, await service.get(String(doc._id)), input);
      await scheduleFor(updated);
      // The files of attachments the edit dropped go only once the edit stands, so a refused or
      // raced edit never leaves the draft pointing at deleted files.
      if (input.attachmentIds !== undefined) {
        const kept = new Set(updated.attachments.map((a) => a.id));
        const dropped = (doc.attachments ?? []).map((a) => a.id).filter((id) => !kept.has(id));
        if (dropped.length)
          await uploads.removeSome({ kind: 'consultation', recordId: String(doc._id) }, dropped);
      }
      return updated;
    },

    /**
     * Takes a lifecycle move. Opening the vote draws up the roll first (idempotent), so the
     * consultation is never 'voting' without its electors.
     */
    async transition(
      doc: ConsultationDoc,
      action: ConsultationTransition,
      by: { userId: string | null; role: LifecycleRole },
    ): Promise<ConsultationDoc> {
      const plan = consultationFlow.plan(doc.status, action, [by.role]);
      const now = clock.now();
      if (action === 'openVoting' && now.getTime() >= doc.votingClosesAt.getTime()) {
        throw Conflict(
          {
            'zh-CN': '投票截止时间已过，请先修改截止时间再开始投票',
            en: 'the closing time has passed; change it before opening the vote',
          },
          { field: 'votingClosesAt' },
        );
      }
      const extra: Record<string, unknown> = {};
      if (action === 'openVoting') {
        extra.openedAt = now;
        extra.electors = await electorate.drawUp({
          id: String(doc._id),
          communityId: String(doc.communityId),
          eligibility: doc.eligibility,
          buildingIds: doc.buildingIds.map(String),
        });
      }
      if (action === 'close') extra.closedAt = now;
      if (action === 'publish') extra.publishedAt = now;
      let updated: ConsultationDoc;
      try {
        updated = await applyTransition<ConsultationDoc>({
          model: ConsultationModel,
          id: doc._id,
          flow: consultationFlow,
          action,
          roles: [by.role],
          by: by.userId,
          set: extra,
          clock,
          state: doc.status,
          resource: 'consultation',
        });
      } catch (err) {
        // The scheduler and a committee member closing at once: the second finds it done already.
        const current = await ConsultationModel.findById(doc._id).lean<ConsultationDoc>();
        if (by.role === 'system' && current && current.status === plan.to) return current;
        throw err;
      }
      await scheduleFor(updated);
      await emitStatus(updated);
      return updated;
    },

    /** Applies a set time already passed (the scheduler's job, or the first read after it). */
    async settle(doc: ConsultationDoc): Promise<ConsultationDoc> {
      const now = clock.now().getTime();
      const system = { userId: null, role: 'system' as const };
      try {
        if (doc.status === 'draft' && doc.discussionOpensAt && now >= doc.discussionOpensAt.getTime()) {
          if (now >= doc.votingClosesAt.getTime()) return doc; // the whole window passed: the committee decides
          doc = await service.transition(doc, 'openDiscussion', system);
        }
        if (doc.status === 'discussion' && doc.votingOpensAt && now >= doc.votingOpensAt.getTime()) {
          if (now >= doc.votingClosesAt.getTime()) return doc; // the window passed unopened: the committee decides
          doc = await service.transition(doc, 'openVoting', system);
        }
        if (doc.status === 'voting' && now >= doc.votingClosesAt.getTime()) {
          doc = await service.transition(doc, 'close', system);
        }
      } catch (err) {
        // A concurrent move is fine (the state is re-read next time); anything else is a real error.
        if (!(err instanceof Error && 'code' in err && (err as { code: string }).code === 'CONFLICT'))
          throw err;
      }
      return doc;
    },

    /** +1 on the turnout counter, answering the new count. */
    async countVote(consultationId: string): Promise<number> {
      const doc = await ConsultationModel.findOneAndUpdate(
        { _id: consultationId },
        { $inc: { voted: 1 } },
        { returnDocument: 'after', projection: { voted: 1 } },
      ).lean<Pick<ConsultationDoc, 'voted'>>();
      return doc?.voted ?? 0;
    },

    registerJobs() {
      const run = async (job: { key: string }) => {
        const doc = isId(job.key) ? await ConsultationModel.findById(job.key).lean<ConsultationDoc>() : null;
        if (doc) await service.settle(doc);
      };
      scheduler.handle(OPEN_DISCUSSION_JOB, run);
      scheduler.handle(OPEN_VOTING_JOB, run);
      scheduler.handle(CLOSE_VOTING_JOB, run);
    },
  };
  return service;
}

export type Consultations = ReturnType<typeof createConsultations>;
