/**
 * Fulfilment: the committee confirms goods and money received (recorded here, never processed:
 * there is no payment), and volunteers are checked in and out of their slot, by the committee or
 * with the slot's codes; the hours count from the two times, capped by the slot's length.
 *
 * Each fulfilment is one conditional update from `pledged` to `fulfilled` that also sets
 * `pointsDue` from the community's rules: it succeeds once, so the points are earned once. The
 * ledger posting follows (entry id = the pledge's id), then `pointsDue` is cleared; `repair` posts
 * whatever a crash left due (the ledger's unique source index refuses a second entry).
 */
import type { PointsRules } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import type { AuditService } from '../../audit';
import type { DomainEventBus } from '../../domain-events';
import { conflict } from '../errors';
import type { Ledger } from '../points/ledger';
import { NeedModel, type NeedDoc, type ProjectDoc } from '../projects/model';
import { PledgeModel, type PledgeDoc } from './model';

/** Volunteers may check in from this long before their slot starts. */
export const CHECK_IN_EARLY_MS = 60 * 60_000;

export interface FulfilmentDeps {
  clock: Clock;
  events: DomainEventBus;
  ledger: Ledger;
  audit: Pick<AuditService, 'record'>;
  rulesOf(communityId: string): Promise<PointsRules>;
}

export function pointsFor(rules: PointsRules, kind: PledgeDoc['kind'], amount: number): number {
  if (kind === 'goods') return rules.perGoodsItem * amount;
  if (kind === 'money') return rules.perTenYuan * Math.floor(amount / 1000);
  return Math.floor((rules.perHour * amount) / 60); // labour: amount in minutes
}

export function createFulfilment(deps: FulfilmentDeps) {
  const { clock, events, ledger, audit, rulesOf } = deps;

  const notActive = () =>
    conflict({
      'zh-CN': '项目启动后才能登记收到或签到',
      en: 'receipts and check-ins are recorded once the project is active',
    });

  async function award(pledge: PledgeDoc, label: string): Promise<PledgeDoc> {
    const due = pledge.pointsDue ?? 0;
    if (due > 0 && pledge.userId) {
      const holder = {
        holderKey: String(pledge.userId),
        userId: String(pledge.userId),
        communityId: String(pledge.communityId),
      };
      const balance = await ledger.post(holder, {
        entryId: pledge._id,
        kind: 'earned',
        points: due,
        reason: label,
        source: { kind: 'pledge', id: String(pledge._id) },
        by: null,
        at: clock.now(),
      });
      if (balance !== null)
        void events.emit('points.changed', {
          userId: String(pledge.userId),
          communityId: String(pledge.communityId),
          balance,
        });
    }
    const done = await PledgeModel.findOneAndUpdate(
      { _id: pledge._id },
      { $unset: { pointsDue: 1 }, $set: { points: pledge.userId ? due : 0 } },
      { returnDocument: 'after' },
    ).lean<PledgeDoc>();
    return done ?? pledge;
  }

  function recordStaff(actor: Actor, pledge: PledgeDoc, action: string, after: Record<string, unknown>) {
    return audit.record({
      actorId: actor.userId,
      action,
      ...(pledge.userId ? { subjectUserId: String(pledge.userId) } : {}),
      communityId: String(pledge.communityId),
      target: { kind: 'pledge', id: String(pledge._id) },
      before: { status: pledge.status },
      after,
    });
  }

  const collecting = (project: ProjectDoc) => project.status === 'active' || project.status === 'done';

  async function finishLabour(actor: Actor | null, project: ProjectDoc, pledge: PledgeDoc, need: NeedDoc) {
    if (!pledge.checkedInAt)
      throw conflict({ 'zh-CN': '尚未签到，不能签退', en: 'not checked in yet, so cannot check out' });
    const now = clock.now();
    const slotMinutes = Math.floor((need.endsAt!.getTime() - need.startsAt!.getTime()) / 60_000);
    const minutes = Math.max(
      0,
      Math.min(Math.floor((now.getTime() - pledge.checkedInAt.getTime()) / 60_000), slotMinutes),
    );
    const rules = await rulesOf(String(pledge.communityId));
    const done = await PledgeModel.findOneAndUpdate(
      { _id: pledge._id, status: 'pledged', checkedInAt: { $exists: true } },
      {
        $set: {
          status: 'fulfilled',
          checkedOutAt: now,
          minutes,
          received: 1,
          pointsDue: pointsFor(rules, 'labour', minutes),
          ...(actor ? { confirmedBy: actor.userId } : {}),
        },
      },
      { returnDocument: 'after' },
    ).lean<PledgeDoc>();
    if (!done) throw conflict({ 'zh-CN': '已签退过', en: 'already checked out' });
    await NeedModel.updateOne({ _id: need._id }, { $inc: { received: 1 } });
    if (actor) await recordStaff(actor, pledge, 'pledge.checkOut', { status: 'fulfilled', minutes });
    const awarded = await award(
      done,
      `志愿服务 ${need.label} ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`,
    );
    void events.emit('pledge.progress', {
      projectId: String(project._id),
      communityId: String(project.communityId),
      status: project.status,
    });
    return awarded;
  }

  async function startLabour(actor: Actor | null, project: ProjectDoc, pledge: PledgeDoc, need: NeedDoc) {
    const now = clock.now();
    if (now.getTime() < need.startsAt!.getTime() - CHECK_IN_EARLY_MS || now >= need.endsAt!)
      throw conflict({
        'zh-CN': '不在该时段的签到时间内（开始前 1 小时至结束）',
        en: "outside this slot's check-in time (from an hour before it starts until it ends)",
      });
    const checked = await PledgeModel.findOneAndUpdate(
      { _id: pledge._id, status: 'pledged', checkedInAt: { $exists: false } },
      { $set: { checkedInAt: now } },
      { returnDocument: 'after' },
    ).lean<PledgeDoc>();
    if (!checked) throw conflict({ 'zh-CN': '已签到过', en: 'already checked in' });
    if (actor) await recordStaff(actor, pledge, 'pledge.checkIn', { checkedInAt: now.toISOString() });
    void events.emit('pledge.progress', {
      projectId: String(project._id),
      communityId: String(project.communityId),
      status: project.status,
    });
    return checked;
  }

  async function labourNeed(pledge: PledgeDoc) {
    const need = await NeedModel.findById(pledge.needId).lean<NeedDoc>();
    if (!need || pledge.kind !== 'labour') throw NotFound('pledge');
    return need;
  }

  return {
    /** Goods or money received, as counted by the committee (default: as pledged). */
    async confirm(actor: Actor, project: ProjectDoc, pledge: PledgeDoc, received?: number, note?: string) {
      if (pledge.kind === 'labour')
        throw conflict({
          'zh-CN': '志愿时段以签到签退确认',
          en: 'labour is confirmed by check-in and check-out',
        });
      if (!collecting(project)) throw notActive();
      const amount = received ?? pledge.quantity;
      const rules = await rulesOf(String(pledge.communityId));
      const done = await PledgeModel.findOneAndUpdate(
        { _id: pledge._id, status: 'pledged' },
        {
          $set: {
            status: 'fulfilled',
            received: amount,
            confirmedBy: new Types.ObjectId(actor.userId),
            confirmedAt: clock.now(),
            pointsDue: pointsFor(rules, pledge.kind, amount),
          },
        },
        { returnDocument: 'after' },
      ).lean<PledgeDoc>();
      if (!done)
        throw conflict({
          'zh-CN': '该认领已确认过或已不在进行中',
          en: 'this pledge was already confirmed or is no longer in play',
        });
      await NeedModel.updateOne({ _id: pledge.needId }, { $inc: { received: amount } });
      await recordStaff(actor, pledge, 'pledge.confirmReceived', {
        status: 'fulfilled',
        received: amount,
        ...(note ? { note } : {}),
      });
      const need = await NeedModel.findById(pledge.needId, { label: 1, unit: 1 }).lean<NeedDoc>();
      const label =
        pledge.kind === 'money'
          ? `捐资 ¥${(amount / 100).toFixed(2)}`
          : `捐物 ${need?.label ?? ''} ${amount}${need?.unit ?? ''}`;
      const awarded = await award(done, label);
      void events.emit('pledge.progress', {
        projectId: String(project._id),
        communityId: String(project.communityId),
        status: project.status,
      });
      return awarded;
    },

    async checkIn(actor: Actor | null, project: ProjectDoc, pledge: PledgeDoc) {
      if (!collecting(project)) throw notActive();
      return startLabour(actor, project, pledge, await labourNeed(pledge));
    },

    async checkOut(actor: Actor | null, project: ProjectDoc, pledge: PledgeDoc) {
      if (!collecting(project)) throw notActive();
      return finishLabour(actor, project, pledge, await labourNeed(pledge));
    },

    /** A resident at the activity types the slot's code: their own pledge for that slot moves. */
    async byCode(userId: string, project: ProjectDoc, code: string) {
      if (!collecting(project)) throw notActive();
      const need = await NeedModel.findOne({
        projectId: project._id,
        $or: [{ checkInCode: code }, { checkOutCode: code }],
      }).lean<NeedDoc>();
      if (!need) throw NotFound('checkInCode');
      const pledge = await PledgeModel.findOne({
        needId: need._id,
        userId: new Types.ObjectId(userId),
        status: 'pledged',
      }).lean<PledgeDoc>();
      if (!pledge) throw NotFound('checkInCode');
      return need.checkInCode === code
        ? startLabour(null, project, pledge, need)
        : finishLabour(null, project, pledge, need);
    },

    /** Posts points a crash left due (boot). */
    async repair() {
      const due = await PledgeModel.find({ pointsDue: { $exists: true } }).lean<PledgeDoc[]>();
      for (const p of due) await award(p, '补记积分');
    },
  };
}

export type Fulfilment = ReturnType<typeof createFulfilment>;
