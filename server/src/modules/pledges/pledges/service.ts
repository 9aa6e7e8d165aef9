/**
 * Pledging, withdrawing, conditional pledges, and what happens when a project activates or ends.
 *
 * Without transactions the writes are ordered so that a need is never over-pledged and a quantity
 * is given back exactly once:
 * - a firm pledge first freezes the project (`pledgeCount` +1, only while it takes pledges), then
 *   TAKES its quantity from the need with one conditional `$inc` that only applies while
 *   pledged + quantity <= target (money has no ceiling), then inserts the pledge (`counted: true`).
 *   If the insert fails (already pledged) the quantity is given back. A crash in between leaves the
 *   need counting a quantity no pledge holds: a bag unclaimed, never a need over-pledged.
 * - giving back (withdrawal, lapse, cancellation) flips the pledge out of play with a conditional
 *   update (once), then decrements the need and records the pledge in `need.returnedFor` in one
 *   conditional update that only applies while it is not recorded there, then clears `counted`.
 *   Run twice, it gives back once; `repair` finishes any left half-way.
 * So at rest, need.pledged = the sum of the quantities of its pledges with `counted: true`.
 *
 * Conditional pledges hold nothing until resolved. `settle` finds the largest set of conditional
 * pledges whose conditions all hold when every one of them is counted (PledgeBank's "I will if N
 * others will": eight neighbours each waiting for eight others all go ahead together), takes each
 * one's quantity like a firm pledge, and flips it to `pledged`. Then, if the project is open and
 * every threshold is met, it activates. When a project lapses, is cancelled or completes, the
 * conditional pledges still waiting are dropped.
 */
import type { CreatePledgeBody, PaperPledgeBody, PledgeStatus } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { isDuplicateKey } from '../../../platform/database-errors';
import { BadRequest, NotFound, ValidationFailed } from '../../../platform/errors';
import type { AuditService } from '../../audit';
import type { CommunitiesService } from '../../communities';
import type { MembershipService } from '../../membership';
import type { DomainEventBus } from '../../domain-events';
import { AlreadyPledged, NeedFull, PledgingClosed, conflict } from '../errors';
import { PLEDGING_STATUSES, TOLD_OF_REVISION } from '../policy';
import { NeedModel, ProjectModel, type NeedDoc, type ProjectDoc } from '../projects/model';
import type { ProjectService } from '../projects/service';
import { isId } from '../projects/service';
import { PledgeModel, type PledgeDoc } from './model';
import '../events';

/** Pledges still in play: they count for thresholds and conditions. */
const FIRM: PledgeStatus[] = ['pledged', 'fulfilled'];
const ERASED_NAME = '';

export interface PledgeServiceDeps {
  clock: Clock;
  events: DomainEventBus;
  projects: ProjectService;
  communities: Pick<CommunitiesService, 'getHousehold'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  users: { getUser(id: string): Promise<{ displayName: string } | undefined> };
  audit: Pick<AuditService, 'record'>;
}

interface Placement {
  project: ProjectDoc;
  need: NeedDoc;
  holderKey: string;
  userId: string | null;
  householdId: string;
  buildingId: string;
  quantity: number;
  condition?: { scope: 'building' | 'project'; atLeast: number };
  anonymous: boolean;
  paper?: { recordedBy: string; name: string };
  name: string;
}

export function createPledgeService(deps: PledgeServiceDeps) {
  const { clock, events, projects, communities, memberships, users, audit } = deps;

  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([PledgeModel.init(), NeedModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  function progress(project: Pick<ProjectDoc, '_id' | 'communityId' | 'status'>) {
    void events.emit('pledge.progress', {
      projectId: String(project._id),
      communityId: String(project.communityId),
      status: project.status,
    });
  }

  function tell(
    project: ProjectDoc,
    userIds: (string | null)[],
    status: PledgeStatus | ProjectDoc['status'],
    extra: { pledgeId?: string; reason?: string; version?: number } = {},
  ) {
    const ids = [...new Set(userIds.filter((id): id is string => Boolean(id)))];
    if (ids.length === 0) return;
    void events.emit('pledge.pledgersTold', {
      projectId: String(project._id),
      userIds: ids,
      status,
      ...extra,
    });
  }

  async function take(need: NeedDoc, quantity: number): Promise<boolean> {
    const guard =
      need.kind === 'money' ? {} : { $expr: { $lte: [{ $add: ['$pledged', quantity] }, '$target'] } };
    const taken = await NeedModel.updateOne({ _id: need._id, ...guard }, { $inc: { pledged: quantity } });
    return taken.modifiedCount === 1;
  }

  /** Gives an uninserted take back (the insert failed); the take had no pledge to record. */
  async function untake(needId: Types.ObjectId, quantity: number) {
    await NeedModel.updateOne({ _id: needId, pledged: { $gte: quantity } }, { $inc: { pledged: -quantity } });
  }

  /** Gives a pledge's counted quantity back exactly once (see the header). */
  async function giveBackOnce(pledge: Pick<PledgeDoc, '_id' | 'needId' | 'quantity'>) {
    await NeedModel.updateOne(
      { _id: pledge.needId, returnedFor: { $ne: pledge._id }, pledged: { $gte: pledge.quantity } },
      { $inc: { pledged: -pledge.quantity }, $push: { returnedFor: pledge._id } },
    );
    await PledgeModel.updateOne({ _id: pledge._id }, { $set: { counted: false } });
  }

  async function remainingOf(needId: Types.ObjectId) {
    const now = await NeedModel.findById(needId).lean<NeedDoc>();
    return now ? Math.max(0, now.target - now.pledged) : 0;
  }

  async function place(p: Placement): Promise<PledgeDoc> {
    const { project, need, quantity } = p;
    if (need.kind === 'labour' && quantity !== 1)
      throw ValidationFailed([
        {
          location: 'body',
          path: 'quantity',
          reason: 'custom',
          params: {
            text: { 'zh-CN': '每个时段每人只占一个名额', en: 'a labour slot takes one place per person' },
          },
        },
      ]);
    if (p.condition && p.paper)
      throw BadRequest({ 'zh-CN': '纸质认领不能附带条件', en: 'a paper pledge cannot be conditional' });
    await indexesBuilt();
    const now = clock.now();
    const frozen = await ProjectModel.findOneAndUpdate(
      { _id: project._id, status: { $in: PLEDGING_STATUSES }, deadline: { $gt: now } },
      { $inc: { pledgeCount: 1 } },
      { returnDocument: 'after', projection: { version: 1, status: 1 } },
    ).lean<Pick<ProjectDoc, 'version' | 'status'>>();
    if (!frozen) throw PledgingClosed();

    const firm = !p.condition;
    if (firm && !(await take(need, quantity))) {
      if (await PledgeModel.exists({ needId: need._id, holderKey: p.holderKey, active: true }))
        throw AlreadyPledged();
      throw NeedFull(need.label, await remainingOf(need._id), need.unit ?? '');
    }
    let pledge: PledgeDoc;
    try {
      const doc = await PledgeModel.create({
        projectId: project._id,
        communityId: project.communityId,
        needId: need._id,
        kind: need.kind,
        userId: p.userId,
        holderKey: p.holderKey,
        householdId: p.householdId,
        buildingId: p.buildingId,
        quantity,
        status: firm ? 'pledged' : 'conditional',
        active: true,
        counted: firm,
        ...(p.condition ? { condition: p.condition } : {}),
        anonymous: p.anonymous,
        ...(p.paper ? { paper: p.paper } : {}),
        name: p.name,
        projectVersion: frozen.version,
        pledgedAt: now,
      });
      pledge = doc.toObject() as PledgeDoc;
    } catch (err) {
      if (firm) await untake(need._id, quantity);
      if (isDuplicateKey(err)) throw AlreadyPledged();
      throw err;
    }
    // The deadline job or a cancellation may have ended the project after our freeze and looked
    // for pledges before this one existed: then this pledge drops itself.
    const still = await ProjectModel.findById(project._id, { status: 1 }).lean<Pick<ProjectDoc, 'status'>>();
    if (!still || !PLEDGING_STATUSES.includes(still.status)) {
      await drop(pledge, '项目已结束');
      throw PledgingClosed();
    }
    return pledge;
  }

  async function drop(pledge: PledgeDoc, reason: string): Promise<boolean> {
    const dropped = await PledgeModel.findOneAndUpdate(
      { _id: pledge._id, status: { $in: ['conditional', 'pledged'] } },
      { $set: { status: 'dropped', active: false, droppedReason: reason } },
      { returnDocument: 'after' },
    ).lean<PledgeDoc>();
    if (dropped?.counted) await giveBackOnce(dropped);
    return Boolean(dropped);
  }

  /** Households and money behind firm pledges, and whether every threshold is met. */
  async function standing(project: ProjectDoc) {
    const firm = { projectId: project._id, status: { $in: FIRM } };
    const [households, money] = await Promise.all([
      PledgeModel.distinct('householdId', firm),
      NeedModel.findOne({ projectId: project._id, kind: 'money' }, { pledged: 1 }).lean<
        Pick<NeedDoc, 'pledged'>
      >(),
    ]);
    const moneyFen = money?.pledged ?? 0;
    const t = project.thresholds ?? {};
    const met =
      (t.households === undefined || t.households === null || households.length >= t.households) &&
      (t.moneyFen === undefined || t.moneyFen === null || moneyFen >= t.moneyFen);
    return { households: households.length, moneyFen, thresholdsMet: met };
  }

  /** The conditional pledges that go ahead together (the greatest set whose conditions all hold). */
  function resolvable(firm: PledgeDoc[], waiting: PledgeDoc[]): PledgeDoc[] {
    let set = waiting;
    for (;;) {
      const counted = [...firm, ...set];
      const next = set.filter((p) => {
        const others = new Set(
          counted
            .filter((o) => o.holderKey !== p.holderKey)
            .filter((o) => p.condition!.scope === 'project' || String(o.buildingId) === String(p.buildingId))
            .map((o) => o.holderKey),
        );
        return others.size >= p.condition!.atLeast;
      });
      if (next.length === set.length) return set;
      set = next;
    }
  }

  async function resolveConditions(project: ProjectDoc): Promise<PledgeDoc[]> {
    const resolved: PledgeDoc[] = [];
    const [firm, waiting] = await Promise.all([
      PledgeModel.find({ projectId: project._id, status: { $in: FIRM } }).lean<PledgeDoc[]>(),
      PledgeModel.find({ projectId: project._id, status: 'conditional' })
        .sort({ pledgedAt: 1, _id: 1 })
        .lean<PledgeDoc[]>(),
    ]);
    if (waiting.length === 0) return resolved;
    for (const p of resolvable(firm, waiting)) {
      const need = await NeedModel.findById(p.needId).lean<NeedDoc>();
      if (!need || !(await take(need, p.quantity))) continue; // nothing left to take: it keeps waiting
      const flipped = await PledgeModel.findOneAndUpdate(
        { _id: p._id, status: 'conditional' },
        { $set: { status: 'pledged', counted: true } },
        { returnDocument: 'after' },
      ).lean<PledgeDoc>();
      if (flipped) resolved.push(flipped);
      else await untake(p.needId, p.quantity); // another settle resolved (or it was withdrawn) meanwhile
    }
    return resolved;
  }

  async function pledgerIds(projectId: Types.ObjectId, statuses: PledgeStatus[]) {
    const ids: (Types.ObjectId | null)[] = await PledgeModel.distinct('userId', {
      projectId,
      status: { $in: statuses },
    });
    return ids.filter(Boolean).map(String);
  }

  /** Drops what is still waiting (and, for an ending without collection, every firm pledge too). */
  async function dropAll(project: ProjectDoc, statuses: PledgeStatus[], reason: string) {
    const left = await PledgeModel.find({ projectId: project._id, status: { $in: statuses } }).lean<
      PledgeDoc[]
    >();
    for (const p of left) await drop(p, reason);
    // Finish give-backs a crash left half-way (flipped but still counted).
    const owed = await PledgeModel.find({ projectId: project._id, active: false, counted: true }).lean<
      PledgeDoc[]
    >();
    for (const p of owed) await giveBackOnce(p);
  }

  const service = {
    standing,

    /** Resolves conditional pledges and activates the project once every threshold is met. Idempotent. */
    async settle(projectId: string): Promise<ProjectDoc | undefined> {
      let project = await projects.find(projectId);
      if (!project || !PLEDGING_STATUSES.includes(project.status)) return project;
      for (let round = 0; round < 5; round += 1) {
        const resolved = await resolveConditions(project);
        for (const p of resolved)
          tell(project, [p.userId ? String(p.userId) : null], 'pledged', { pledgeId: String(p._id) });
        if (resolved.length === 0) break;
      }
      if (project.status === 'open' && (await standing(project)).thresholdsMet) {
        const moved = await projects.move(project, 'activate', { userId: null, role: 'system' });
        if (moved) {
          project = moved;
          tell(project, await pledgerIds(project._id, ['pledged', 'conditional']), 'active');
          // Conditions counting the whole project may hold now that more joined.
          await resolveConditions(project);
        }
      }
      progress(project);
      return project;
    },

    /** The deadline job: settle once more, then lapse an open project; an active one stops waiting. */
    async deadlinePassed(projectId: string): Promise<void> {
      const settled = await service.settle(projectId);
      if (!settled) return;
      if (settled.status === 'open' && clock.now() >= settled.deadline) {
        const told = await pledgerIds(settled._id, ['pledged', 'conditional']);
        const lapsed = await projects.move(settled, 'lapse', { userId: null, role: 'system' });
        if (lapsed) {
          await dropAll(lapsed, ['conditional', 'pledged'], '项目截止时未达成启动条件，不再收取');
          tell(lapsed, told, 'lapsed', { reason: '项目未达成，认领不再收取' });
          progress(lapsed);
        }
      } else if (settled.status === 'lapsed' || settled.status === 'cancelled') {
        await dropAll(settled, ['conditional', 'pledged'], '项目已结束');
      } else if (settled.status === 'active' && clock.now() >= settled.deadline) {
        await dropAll(settled, ['conditional'], '项目截止时条件未满足');
        progress(settled);
      }
    },

    /** After the committee cancels or completes: pledges still waiting are dropped. */
    async ended(project: ProjectDoc, reason: string): Promise<void> {
      const told = await pledgerIds(project._id, ['pledged', 'conditional']);
      await dropAll(
        project,
        project.status === 'cancelled' ? ['conditional', 'pledged'] : ['conditional'],
        reason,
      );
      tell(project, told, project.status, { reason });
      progress(project);
    },

    async pledge(actor: Actor, project: ProjectDoc, body: CreatePledgeBody): Promise<PledgeDoc> {
      const need = await projects.findNeed(body.needId);
      if (!need || String(need.projectId) !== String(project._id)) throw NotFound('pledgeNeed');
      const communityId = String(project.communityId);
      const homes = actor.homes.filter((h) => h.communityId === communityId);
      const home = body.householdId ? homes.find((h) => h.householdId === body.householdId) : homes[0];
      if (!home)
        throw BadRequest({
          'zh-CN': '请选择你在本社区的住户',
          en: 'choose one of your households in this community',
        });
      const user = await users.getUser(actor.userId);
      const pledge = await place({
        project,
        need,
        holderKey: actor.userId,
        userId: actor.userId,
        householdId: home.householdId,
        buildingId: home.buildingId,
        quantity: body.quantity,
        ...(body.condition ? { condition: body.condition } : {}),
        anonymous: body.anonymous,
        name: actor.profile?.displayName ?? user?.displayName ?? '',
      });
      await service.settle(String(project._id));
      return (await PledgeModel.findById(pledge._id).lean<PledgeDoc>()) ?? pledge;
    },

    /** The committee records a pledge from a paper form, for someone who does not use a phone. */
    async paperPledge(actor: Actor, project: ProjectDoc, body: PaperPledgeBody): Promise<PledgeDoc> {
      const need = await projects.findNeed(body.needId);
      if (!need || String(need.projectId) !== String(project._id)) throw NotFound('pledgeNeed');
      const household = await communities.getHousehold(body.householdId);
      if (household.communityId !== String(project.communityId)) throw NotFound('household');
      if (body.residentUserId) {
        const homes = await memberships.homesOf(body.residentUserId);
        if (!homes.some((h) => h.householdId === household.id)) throw NotFound('resident');
      }
      const id = new Types.ObjectId();
      const pledge = await place({
        project,
        need,
        holderKey: body.residentUserId ?? `paper:${String(id)}`,
        userId: body.residentUserId ?? null,
        householdId: household.id,
        buildingId: household.buildingId,
        quantity: body.quantity,
        anonymous: body.anonymous,
        paper: { recordedBy: actor.userId, name: body.name },
        name: body.name,
      });
      await audit.record({
        actorId: actor.userId,
        action: 'pledge.paperRecorded',
        ...(body.residentUserId ? { subjectUserId: body.residentUserId } : {}),
        communityId: String(project.communityId),
        target: { kind: 'pledge', id: String(pledge._id) },
        before: null,
        after: {
          needId: String(need._id),
          quantity: pledge.quantity,
          name: body.name,
          household: household.id,
        },
      });
      await service.settle(String(project._id));
      return (await PledgeModel.findById(pledge._id).lean<PledgeDoc>()) ?? pledge;
    },

    /** A new version after pledges were made: everyone who pledged is told. */
    async revised(project: ProjectDoc, changeNote?: string): Promise<void> {
      const ids = await pledgerIds(project._id, TOLD_OF_REVISION);
      tell(project, ids, project.status, {
        version: project.version,
        ...(changeNote ? { reason: changeNote } : {}),
      });
    },

    async find(pledgeId: string): Promise<PledgeDoc | undefined> {
      if (!isId(pledgeId)) return undefined;
      return (await PledgeModel.findById(pledgeId).lean<PledgeDoc>()) ?? undefined;
    },

    /** Withdraws before the project activates (a conditional pledge: while the project takes pledges). */
    async withdraw(project: ProjectDoc, pledge: PledgeDoc): Promise<PledgeDoc> {
      const allowed: PledgeStatus[] =
        project.status === 'open'
          ? ['pledged', 'conditional']
          : PLEDGING_STATUSES.includes(project.status)
            ? ['conditional']
            : [];
      const withdrawn = await PledgeModel.findOneAndUpdate(
        { _id: pledge._id, status: { $in: allowed } },
        { $set: { status: 'withdrawn', active: false, withdrawnAt: clock.now() } },
        { returnDocument: 'after' },
      ).lean<PledgeDoc>();
      if (!withdrawn)
        throw conflict({
          'zh-CN': '项目启动后不能撤回认领；如有变故请联系居委会',
          en: 'a pledge cannot be withdrawn once the project is active; please talk to the committee',
        });
      if (withdrawn.counted) await giveBackOnce(withdrawn);
      progress(project);
      return { ...withdrawn, counted: false };
    },

    async ofProject(projectId: Types.ObjectId, statuses?: PledgeStatus[]): Promise<PledgeDoc[]> {
      return PledgeModel.find({ projectId, ...(statuses ? { status: { $in: statuses } } : {}) })
        .sort({ pledgedAt: 1, _id: 1 })
        .lean<PledgeDoc[]>();
    },

    async mine(userId: string): Promise<PledgeDoc[]> {
      return PledgeModel.find({ userId: new Types.ObjectId(userId) })
        .sort({ pledgedAt: -1, _id: -1 })
        .limit(200)
        .lean<PledgeDoc[]>();
    },

    /** Fulfilled pledges of people with an account, oldest first (evaluation: one item per person and project). */
    async fulfilled(filter: { userId?: string; projectIds?: Types.ObjectId[] }): Promise<PledgeDoc[]> {
      return PledgeModel.find({
        status: 'fulfilled',
        userId: filter.userId ? new Types.ObjectId(filter.userId) : { $ne: null },
        ...(filter.projectIds ? { projectId: { $in: filter.projectIds } } : {}),
      })
        .sort({ _id: 1 })
        .lean<PledgeDoc[]>();
    },

    /** Finishes give-backs a crash left half-way, everywhere (boot). */
    async repair(): Promise<void> {
      const owed = await PledgeModel.find({ active: false, counted: true }).lean<PledgeDoc[]>();
      for (const p of owed) await giveBackOnce(p);
    },

    erasedName: ERASED_NAME,
  };
  return service;
}

export type PledgeService = ReturnType<typeof createPledgeService>;
