/**
 * The consultation's life: the committee drafts it, edits the draft, and moves it along the
 * lifecycle (lifecycle.ts) by hand; the scheduler opens voting at votingOpensAt (from discussion)
 * and closes it at votingClosesAt. Every move is one conditional update on the state it leaves,
 * so a committee member's "close" racing the scheduler's moves it once. A time already passed is
 * also honoured when the consultation is next read (`settle`), so a missed job never leaves a vote
 * open past its close.
 */
import {
  APPROVAL_OPTION_NAMES,
  APPROVAL_OPTIONS,
  CIVIL_CODE_278,
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
      const options =
        input.ballot.kind === 'approval'
          ? APPROVAL_OPTIONS.map((id) => ({ id, label: APPROVAL_OPTION_NAMES[id]['zh-CN'] }))
          : input.ballot.options!.map((label, i) => ({ id: `o${i + 1}`, label }));
      const [minChoices, maxChoices] =
        input.ballot.kind === 'multiple'
          ? [input.ballot.minChoices ?? 1, input.ballot.maxChoices ?? options.length]
          : [1, 1];
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
        ballot: { kind: input.ballot.kind, options, minChoices, maxChoices },
        resultsHidden: input.resultsHidden,
        secretBallot: input.secretBallot,
        allowChange: input.allowChange,
        ...(input.votingOpensAt ? { votingOpensAt: new Date(input.votingOpensAt) } : {}),
        votingClosesAt: new Date(input.votingClosesAt),
        status: 'draft',
        history: [],
        attachments,
        createdBy: actor.userId,
      });
      return doc.toObject();
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

    /** Drafts only (and the window while voting has not opened): what was voted on never changes. */
    async update(doc: ConsultationDoc, input: UpdateConsultationBody): Promise<ConsultationDoc> {
      const textEdit = input.title !== undefined || input.body !== undefined;
      if (doc.status !== 'draft' && (textEdit || doc.status !== 'discussion')) {
        throw Conflict({
          'zh-CN': '只有草稿可以修改内容；讨论中只能调整投票时间',
          en: 'only a draft can be edited; in discussion only the voting window can change',
        });
      }
      const opens =
        input.votingOpensAt === undefined
          ? doc.votingOpensAt
          : input.votingOpensAt
            ? new Date(input.votingOpensAt)
            : undefined;
      const closes = input.votingClosesAt ? new Date(input.votingClosesAt) : doc.votingClosesAt;
      if (opens && closes.getTime() <= opens.getTime())
        throw BadRequest(
          { 'zh-CN': '投票截止时间须晚于开始时间', en: 'voting must close after it opens' },
          { field: 'votingClosesAt' },
        );
      const updated = await ConsultationModel.findOneAndUpdate(
        { _id: doc._id, status: doc.status },
        {
          $set: {
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.body !== undefined ? { body: input.body } : {}),
            votingClosesAt: closes,
            ...(opens ? { votingOpensAt: opens } : {}),
          },
          ...(opens ? {} : { $unset: { votingOpensAt: 1 } }),
        },
        { returnDocument: 'after' },
      ).lean<ConsultationDoc>();
      if (!updated) return service.update(await service.get(String(doc._id)), input);
      await scheduleFor(updated);
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
      scheduler.handle(OPEN_VOTING_JOB, run);
      scheduler.handle(CLOSE_VOTING_JOB, run);
    },
  };
  return service;
}

export type Consultations = ReturnType<typeof createConsultations>;
