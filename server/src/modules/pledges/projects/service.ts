/**
 * Projects: the committee creates (a draft), edits, opens, cancels and completes; the system
 * activates (every threshold met) and lapses (deadline passed unmet) through `settle` and the
 * deadline job.
 *
 * Frozen wording: a project's `pledgeCount` goes up with one conditional `$inc` before any pledge is
 * written (pledges/service.ts). An edit of an unfrozen project is one conditional update on
 * `pledgeCount: 0`; if a pledge got there first, the edit becomes a new version: the old wording is
 * kept in `versions`, needs may grow but never drop below what is pledged, and pledgers are told.
 */
import { randomInt } from 'node:crypto';
import type { CreateProjectBody, NeedInput, ProjectStatus, UpdateProjectBody } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound, ValidationFailed, isAppError } from '../../../platform/errors';
import { applyTransition } from '../../../platform/workflow';
import type { DomainEventBus } from '../../domain-events';
import type { Scheduler } from '../../../platform/scheduler';
import type { UploadService } from '../../../platform/uploads';
import { conflict } from '../errors';
import { EDITABLE_STATUSES } from '../policy';
import { projectFlow, type ProjectMove, type ProjectRole } from './flow';
import { NeedModel, ProjectModel, type NeedDoc, type ProjectDoc } from './model';
import '../events';

export const DEADLINE_JOB = 'pledges.deadline';
export const PROJECT_UPLOADS = 'pledgeProject';

export const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
const code = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export interface ProjectServiceDeps {
  clock: Clock;
  events: DomainEventBus;
  scheduler: Scheduler;
  uploads: UploadService;
}

export function createProjectService(deps: ProjectServiceDeps) {
  const { clock, events, scheduler, uploads } = deps;

  function field(path: string, zh: string, en: string) {
    return ValidationFailed([
      { location: 'body', path, reason: 'custom', params: { text: { 'zh-CN': zh, en } } },
    ]);
  }

  function checkDeadline(deadline: string, needs: readonly NeedInput[]) {
    if (Date.parse(deadline) <= clock.now().getTime())
      throw field('deadline', '截止时间须在将来', 'must be in the future');
    needs.forEach((n, i) => {
      if (n.kind === 'labour' && Date.parse(n.startsAt) < Date.parse(deadline) - 366 * 86_400_000)
        throw field(`needs.${i}.startsAt`, '时段与截止时间相差过远', 'is too far before the deadline');
    });
    if (needs.filter((n) => n.kind === 'money').length > 1)
      throw field('needs', '每个项目最多一项资金需求', 'a project has at most one money need');
  }

  function needFields(n: NeedInput, order: number) {
    return {
      kind: n.kind,
      label: n.label,
      order,
      ...(n.kind === 'money' ? { target: n.targetFen, unit: undefined } : {}),
      ...(n.kind === 'goods' ? { target: n.quantity, unit: n.unit } : {}),
      ...(n.kind === 'labour'
        ? { target: n.headcount, startsAt: new Date(n.startsAt), endsAt: new Date(n.endsAt) }
        : {}),
    };
  }

  async function insertNeed(project: ProjectDoc, n: NeedInput, order: number) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await NeedModel.create({
          projectId: project._id,
          communityId: project.communityId,
          ...needFields(n, order),
          ...(n.kind === 'labour' ? { checkInCode: code(), checkOutCode: code() } : {}),
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000 || attempt >= 8) throw err;
      }
    }
  }

  async function scheduleDeadline(project: Pick<ProjectDoc, '_id' | 'deadline'>) {
    await scheduler.schedule({ kind: DEADLINE_JOB, key: String(project._id), dueAt: project.deadline });
  }

  /** Photos an edit took off the project are deleted (nobody can see them any more anyway). */
  async function dropPhotos(before: ProjectDoc, after: ProjectDoc) {
    const gone = before.photos.filter((p) => !after.photos.some((q) => q.id === p.id)).map((p) => p.id);
    if (gone.length > 0)
      await uploads.removeSome({ kind: PROJECT_UPLOADS, recordId: String(before._id) }, gone);
  }

  const service = {
    async find(projectId: string): Promise<ProjectDoc | undefined> {
      if (!isId(projectId)) return undefined;
      return (await ProjectModel.findById(projectId).lean<ProjectDoc>()) ?? undefined;
    },

    async get(projectId: string): Promise<ProjectDoc> {
      const project = await service.find(projectId);
      if (!project) throw NotFound('pledgeProject');
      return project;
    },

    async needsOf(projectId: Types.ObjectId | string): Promise<NeedDoc[]> {
      return NeedModel.find({ projectId }).sort({ order: 1, _id: 1 }).lean<NeedDoc[]>();
    },

    async findNeed(needId: string): Promise<NeedDoc | undefined> {
      if (!isId(needId)) return undefined;
      return (await NeedModel.findById(needId).lean<NeedDoc>()) ?? undefined;
    },

    /** Projects completed (moved to done) since a moment, or in [from, to) (evaluation). */
    async doneBetween(filter: { ids?: Types.ObjectId[]; communityId?: string; from: Date; to?: Date }) {
      return ProjectModel.find({
        ...(filter.ids ? { _id: { $in: filter.ids } } : {}),
        ...(filter.communityId ? { communityId: new Types.ObjectId(filter.communityId) } : {}),
        status: 'done',
        history: {
          $elemMatch: {
            action: 'complete',
            at: { $gte: filter.from, ...(filter.to ? { $lt: filter.to } : {}) },
          },
        },
      }).lean<ProjectDoc[]>();
    },

    async list(filter: {
      communityIds: string[];
      statuses?: readonly ProjectStatus[];
    }): Promise<ProjectDoc[]> {
      return ProjectModel.find({
        communityId: { $in: filter.communityIds.map((id) => new Types.ObjectId(id)) },
        ...(filter.statuses ? { status: { $in: [...filter.statuses] } } : {}),
      })
        .sort({ deadline: 1, _id: 1 })
        .limit(200)
        .lean<ProjectDoc[]>();
    },

    async create(actor: Actor, body: CreateProjectBody): Promise<ProjectDoc> {
      checkDeadline(body.deadline, body.needs);
      const id = new Types.ObjectId();
      const photos =
        body.photoIds.length > 0
          ? await uploads.attach(actor, body.photoIds, { kind: PROJECT_UPLOADS, recordId: String(id) })
          : [];
      const now = clock.now();
      const created = await ProjectModel.create({
        _id: id,
        communityId: body.communityId,
        title: body.title,
        description: body.description,
        photos,
        thresholds: body.thresholds,
        deadline: new Date(body.deadline),
        status: 'draft',
        version: 1,
        versions: [{ version: 1, title: body.title, description: body.description, at: now }],
        pledgeCount: 0,
        history: [],
        createdBy: actor.userId,
      });
      const project = created.toObject() as ProjectDoc;
      // A crash here leaves a draft with fewer needs: only the committee sees it, and an edit fixes it.
      for (const [i, n] of body.needs.entries()) await insertNeed(project, n, i);
      return project;
    },

    async update(actor: Actor, project: ProjectDoc, body: UpdateProjectBody): Promise<ProjectDoc> {
      if (!EDITABLE_STATUSES.includes(project.status))
        throw conflict({ 'zh-CN': '已结束的项目不能修改', en: 'a finished project cannot be edited' });
      checkDeadline(body.deadline, body.needs);
      const needs = await service.needsOf(project._id);
      const byId = new Map(needs.map((n) => [String(n._id), n]));
      body.needs.forEach((n, i) => {
        if (n.id && !byId.has(n.id))
          throw field(`needs.${i}.id`, '不是本项目的需求', 'is not a need of this project');
        if (n.id && byId.get(n.id)!.kind !== n.kind)
          throw field(`needs.${i}.kind`, '不能改变需求的类型', 'cannot change the kind of a need');
      });
      const kept = new Set(body.needs.flatMap((n) => (n.id ? [n.id] : [])));
      const photos =
        body.photoIds.length > 0
          ? [
              ...project.photos.filter((p) => body.photoIds.includes(p.id)),
              ...(await uploads.attach(
                actor,
                body.photoIds.filter((id) => !project.photos.some((p) => p.id === id)),
                { kind: PROJECT_UPLOADS, recordId: String(project._id) },
              )),
            ]
          : [];
      const wording = {
        title: body.title,
        description: body.description,
        photos,
        thresholds: body.thresholds,
        deadline: new Date(body.deadline),
      };
      const now = clock.now();

      // Unfrozen: change in place, as long as no pledge has been made meanwhile.
      const unfrozen = await ProjectModel.findOneAndUpdate(
        { _id: project._id, pledgeCount: 0, status: { $in: EDITABLE_STATUSES } },
        {
          $set: {
            ...wording,
            versions: [{ version: 1, title: body.title, description: body.description, at: now }],
          },
        },
        { returnDocument: 'after' },
      ).lean<ProjectDoc>();
      if (unfrozen) {
        await NeedModel.deleteMany({
          projectId: project._id,
          _id: { $nin: [...kept].map((id) => new Types.ObjectId(id)) },
        });
        for (const [i, n] of body.needs.entries()) {
          if (n.id) await NeedModel.updateOne({ _id: n.id }, { $set: needFields(n, i) });
          else await insertNeed(unfrozen, n, i);
        }
        await dropPhotos(project, unfrozen);
        if (unfrozen.status !== 'draft') await scheduleDeadline(unfrozen);
        void events.emit('pledge.progress', {
          projectId: String(unfrozen._id),
          communityId: String(unfrozen.communityId),
          status: unfrozen.status,
        });
        return unfrozen;
      }

      // Frozen: a new version. Needs with pledges stay, and never below what is pledged.
      for (const need of needs) {
        const wanted = body.needs.findIndex((n) => n.id === String(need._id));
        if (wanted < 0 && need.pledged > 0)
          throw field(
            'needs',
            `“${need.label}”已有人认领，不能删除`,
            `"${need.label}" has pledges and cannot be removed`,
          );
        if (wanted >= 0 && needFields(body.needs[wanted], wanted).target! < need.pledged)
          throw field(
            `needs.${wanted}`,
            `“${need.label}”已认领 ${need.pledged}，数量不能少于此`,
            `"${need.label}" already has ${need.pledged} pledged; it cannot need less`,
          );
      }
      const version = project.version + 1;
      const revised = await ProjectModel.findOneAndUpdate(
        { _id: project._id, version: project.version, status: { $in: EDITABLE_STATUSES } },
        {
          $set: { ...wording, version },
          $push: {
            versions: {
              version,
              title: body.title,
              description: body.description,
              ...(body.changeNote ? { changeNote: body.changeNote } : {}),
              at: now,
            },
          },
        },
        { returnDocument: 'after' },
      ).lean<ProjectDoc>();
      if (!revised)
        throw conflict({
          'zh-CN': '项目刚被他人修改，请刷新后再改',
          en: 'the project was just changed; reload and edit again',
        });
      for (const [i, n] of body.needs.entries()) {
        if (!n.id) {
          await insertNeed(revised, n, i);
          continue;
        }
        // The guard keeps a racing pledge's quantity: never set a target below what is pledged.
        const { target, ...rest } = needFields(n, i);
        await NeedModel.updateOne({ _id: n.id, pledged: { $lte: target } }, { $set: { ...rest, target } });
      }
      const removed = needs.filter((n) => !kept.has(String(n._id)) && n.pledged === 0).map((n) => n._id);
      await NeedModel.deleteMany({ _id: { $in: removed }, pledged: 0 });
      await dropPhotos(project, revised);
      if (revised.status !== 'draft') await scheduleDeadline(revised);
      void events.emit('pledge.progress', {
        projectId: String(revised._id),
        communityId: String(revised.communityId),
        status: revised.status,
      });
      return revised;
    },

    /**
     * One workflow move with one conditional update on the from-state (applyTransition). Resolves
     * with the project as it now is, or null when a system move found it already elsewhere.
     */
    async move(
      project: ProjectDoc,
      action: ProjectMove,
      by: { userId: string | null; role: ProjectRole },
      extra: { note?: string; set?: Record<string, unknown> } = {},
    ): Promise<ProjectDoc | null> {
      try {
        return await applyTransition<ProjectDoc>({
          model: ProjectModel,
          id: project._id,
          flow: projectFlow,
          action,
          roles: [by.role],
          by: by.userId,
          ...(extra.note ? { note: extra.note } : {}),
          ...(extra.set ? { set: extra.set } : {}),
          clock,
          state: project.status,
          resource: 'pledgeProject',
        });
      } catch (err) {
        // A system move (a settle, the deadline job) finding the project already moved on is done.
        if (by.role === 'system' && isAppError(err) && err.status === 409) return null;
        throw err;
      }
    },

    /** Opens a draft that has needs and a deadline still ahead, and schedules the deadline job. */
    async open(actor: Actor, project: ProjectDoc): Promise<ProjectDoc> {
      projectFlow.plan(project.status, 'open', ['committee']);
      if (project.deadline <= clock.now())
        throw field('deadline', '截止时间已过，请先修改', 'has passed; edit it first');
      if ((await service.needsOf(project._id)).length === 0)
        throw field('needs', '项目至少需要一项需求', 'a project needs at least one need');
      const opened = await service.move(project, 'open', { userId: actor.userId, role: 'committee' });
      if (!opened) throw NotFound('pledgeProject');
      await scheduleDeadline(opened);
      return opened;
    },

    scheduleDeadline,
  };
  return service;
}

export type ProjectService = ReturnType<typeof createProjectService>;
