/**
 * Points: rules per community, the resident's ledger and balance, corrections by the committee,
 * the reward catalogue and redemption orders.
 *
 * A redemption, in order (no transactions): (1) the order is inserted as `placing`; (2) one item
 * of stock is taken with a conditional `$inc` (only while stock >= 1); (3) the points are debited
 * through the ledger (only while the balance covers them, entry id = the order's id); (4) the order
 * becomes `pending`. A refusal at (2) or (3) gives back what was taken and marks the order `failed`.
 * So however many race, no balance goes below 0 and no stock below 0. A crash after (2) leaves an
 * item out of stock that nobody bought (the safe side); after (3), `repair` finds the debit and
 * moves the order on. A refusal by staff flips `pending` → `refused` with a refund entry id in the
 * same write, then refunds through the ledger and puts the item back; `repair` finishes a refund a
 * crash cut short.
 */
import type { PointsRules, RedemptionStatus, RewardBody } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import type { AuditService } from '../../audit';
import type { DomainEventBus } from '../../domain-events';
import { OutOfStock, PointsInsufficient, conflict } from '../errors';
import { isId } from '../projects/service';
import type { Ledger } from './ledger';
import {
  DEFAULT_POINTS_RULES,
  PointsEntryModel,
  PointsRulesModel,
  RedemptionModel,
  RewardModel,
  type PointsEntryDoc,
  type RedemptionDoc,
  type RewardDoc,
} from './model';
import '../events';

export interface PointsServiceDeps {
  clock: Clock;
  events: DomainEventBus;
  ledger: Ledger;
  audit: Pick<AuditService, 'record'>;
}

const holderOf = (userId: string, communityId: string) => ({ holderKey: userId, userId, communityId });

export function createPointsService(deps: PointsServiceDeps) {
  const { clock, events, ledger, audit } = deps;

  function changed(userId: string | null, communityId: string, balance: number | null) {
    if (userId && balance !== null) void events.emit('points.changed', { userId, communityId, balance });
  }

  async function finishRefund(order: RedemptionDoc) {
    if (!order.refundEntryId) return;
    const holder = {
      holderKey: order.holderKey,
      userId: order.userId ? String(order.userId) : null,
      communityId: String(order.communityId),
    };
    if (await ledger.posted(holder, order.refundEntryId)) return;
    const balance = await ledger.post(holder, {
      entryId: order.refundEntryId,
      kind: 'refunded',
      points: order.points,
      reason: `兑换未通过，退回：${order.rewardName}`,
      source: { kind: 'refund', id: String(order._id) },
      by: order.decidedBy ? String(order.decidedBy) : null,
      at: clock.now(),
    });
    await RewardModel.updateOne({ _id: order.rewardId }, { $inc: { stock: 1 } });
    changed(order.userId ? String(order.userId) : null, String(order.communityId), balance);
  }

  const service = {
    async rules(communityId: string): Promise<PointsRules> {
      const doc = isId(communityId) ? await PointsRulesModel.findOne({ communityId }).lean() : null;
      return doc
        ? { perHour: doc.perHour, perGoodsItem: doc.perGoodsItem, perTenYuan: doc.perTenYuan }
        : { ...DEFAULT_POINTS_RULES };
    },

    async saveRules(communityId: string, rules: PointsRules): Promise<PointsRules> {
      await PointsRulesModel.updateOne({ communityId }, { $set: rules }, { upsert: true });
      return service.rules(communityId);
    },

    async ledgerOf(userId: string, communityId: string, page: { page: number; pageSize: number }) {
      const holder = holderOf(userId, communityId);
      const balance = await ledger.balanceOf(holder);
      const filter = { holderKey: userId, communityId: new Types.ObjectId(communityId) };
      const [items, total] = await Promise.all([
        PointsEntryModel.find(filter)
          .sort({ at: -1, _id: -1 })
          .skip((page.page - 1) * page.pageSize)
          .limit(page.pageSize)
          .lean<PointsEntryDoc[]>(),
        PointsEntryModel.countDocuments(filter),
      ]);
      return { balance, items, total, ...page };
    },

    /** A correction is a new entry, never an edit; a negative one cannot take the balance below 0. */
    async correct(
      actor: Actor,
      communityId: string,
      input: { userId: string; points: number; reason: string },
    ) {
      const entryId = new Types.ObjectId();
      const balance = await ledger.post(holderOf(input.userId, communityId), {
        entryId,
        kind: 'correction',
        points: input.points,
        reason: input.reason,
        source: { kind: 'correction', id: String(entryId) },
        by: actor.userId,
        at: clock.now(),
      });
      if (balance === null)
        throw PointsInsufficient(-input.points, await ledger.balanceOf(holderOf(input.userId, communityId)));
      await audit.record({
        actorId: actor.userId,
        action: 'points.correction',
        subjectUserId: input.userId,
        communityId,
        target: { kind: 'pointsEntry', id: String(entryId) },
        before: null,
        after: { points: input.points, reason: input.reason, balance },
      });
      changed(input.userId, communityId, balance);
      return { balance };
    },

    // ---- rewards ----

    async rewards(communityId: string, activeOnly: boolean): Promise<RewardDoc[]> {
      return RewardModel.find({ communityId, ...(activeOnly ? { active: true } : {}) })
        .sort({ costPoints: 1, _id: 1 })
        .lean<RewardDoc[]>();
    },

    async findReward(rewardId: string): Promise<RewardDoc | undefined> {
      if (!isId(rewardId)) return undefined;
      return (await RewardModel.findById(rewardId).lean<RewardDoc>()) ?? undefined;
    },

    async createReward(communityId: string, body: RewardBody): Promise<RewardDoc> {
      return (await RewardModel.create({ communityId, ...body })).toObject() as RewardDoc;
    },

    async updateReward(reward: RewardDoc, body: RewardBody): Promise<RewardDoc> {
      const updated = await RewardModel.findOneAndUpdate(
        { _id: reward._id },
        { $set: body },
        { returnDocument: 'after' },
      ).lean<RewardDoc>();
      return updated ?? reward;
    },

    // ---- redemptions ----

    async redeem(actor: Actor, reward: RewardDoc): Promise<RedemptionDoc> {
      const communityId = String(reward.communityId);
      if (!reward.active) throw OutOfStock(reward.name);
      const now = clock.now();
      const order = (
        await RedemptionModel.create({
          communityId: reward.communityId,
          rewardId: reward._id,
          rewardName: reward.name,
          userId: actor.userId,
          holderKey: actor.userId,
          points: reward.costPoints,
          status: 'placing',
          placedAt: now,
        })
      ).toObject() as RedemptionDoc;
      const fail = () =>
        RedemptionModel.updateOne({ _id: order._id, status: 'placing' }, { $set: { status: 'failed' } });
      const taken = await RewardModel.updateOne(
        { _id: reward._id, active: true, stock: { $gte: 1 } },
        { $inc: { stock: -1 } },
      );
      if (taken.modifiedCount !== 1) {
        await fail();
        throw OutOfStock(reward.name);
      }
      const holder = holderOf(actor.userId, communityId);
      const balance = await ledger.post(holder, {
        entryId: order._id,
        kind: 'redeemed',
        points: -reward.costPoints,
        reason: `兑换：${reward.name}`,
        source: { kind: 'redemption', id: String(order._id) },
        by: null,
        at: now,
      });
      if (balance === null) {
        await RewardModel.updateOne({ _id: reward._id }, { $inc: { stock: 1 } });
        await fail();
        throw PointsInsufficient(reward.costPoints, await ledger.balanceOf(holder));
      }
      const placed = await RedemptionModel.findOneAndUpdate(
        { _id: order._id, status: 'placing' },
        { $set: { status: 'pending' } },
        { returnDocument: 'after' },
      ).lean<RedemptionDoc>();
      changed(actor.userId, communityId, balance);
      void events.emit('points.redemptionPlaced', { communityId, redemptionId: String(order._id) });
      return placed ?? { ...order, status: 'pending' };
    },

    async findRedemption(id: string): Promise<RedemptionDoc | undefined> {
      if (!isId(id)) return undefined;
      return (await RedemptionModel.findById(id).lean<RedemptionDoc>()) ?? undefined;
    },

    async myRedemptions(userId: string): Promise<RedemptionDoc[]> {
      return RedemptionModel.find({ holderKey: userId, status: { $in: ['pending', 'confirmed', 'refused'] } })
        .sort({ placedAt: -1, _id: -1 })
        .limit(200)
        .lean<RedemptionDoc[]>();
    },

    async redemptionsOf(communityId: string, status?: RedemptionStatus): Promise<RedemptionDoc[]> {
      return RedemptionModel.find({
        communityId,
        status: status ? status : { $in: ['pending', 'confirmed', 'refused'] as RedemptionStatus[] },
      })
        .sort({ placedAt: 1, _id: 1 })
        .limit(500)
        .lean<RedemptionDoc[]>();
    },

    async decide(
      actor: Actor,
      order: RedemptionDoc,
      decision: { confirm: true } | { confirm: false; reason: string },
    ) {
      const set = decision.confirm
        ? { status: 'confirmed', decidedAt: clock.now(), decidedBy: actor.userId }
        : {
            status: 'refused',
            decidedAt: clock.now(),
            decidedBy: actor.userId,
            refusedReason: decision.reason,
            refundEntryId: new Types.ObjectId(),
          };
      const decided = await RedemptionModel.findOneAndUpdate(
        { _id: order._id, status: 'pending' },
        { $set: set },
        { returnDocument: 'after' },
      ).lean<RedemptionDoc>();
      if (!decided)
        throw conflict(
          { 'zh-CN': '该兑换已处理过', en: 'this redemption has already been decided' },
          { status: order.status },
        );
      if (!decision.confirm) await finishRefund(decided);
      await audit.record({
        actorId: actor.userId,
        action: decision.confirm ? 'points.redemptionConfirmed' : 'points.redemptionRefused',
        ...(decided.userId ? { subjectUserId: String(decided.userId) } : {}),
        communityId: String(decided.communityId),
        target: { kind: 'redemption', id: String(decided._id) },
        before: { status: 'pending' },
        after: {
          status: decided.status,
          ...(decided.refusedReason ? { reason: decided.refusedReason } : {}),
        },
      });
      if (decided.userId)
        void events.emit('points.redemptionChanged', {
          userId: String(decided.userId),
          redemptionId: String(decided._id),
          status: decided.status,
        });
      return decided;
    },

    /** Finishes what a crash cut short (boot): pending ledger postings, placing orders, refunds. */
    async repair(olderThanMs = 60_000) {
      await ledger.settleAll();
      const before = new Date(clock.now().getTime() - olderThanMs);
      for (const order of await RedemptionModel.find({ status: 'placing', placedAt: { $lt: before } }).lean<
        RedemptionDoc[]
      >()) {
        const paid = await PointsEntryModel.exists({ _id: order._id });
        await RedemptionModel.updateOne(
          { _id: order._id, status: 'placing' },
          { $set: { status: paid ? 'pending' : 'failed' } },
        );
      }
      for (const order of await RedemptionModel.find({ status: 'refused' }).lean<RedemptionDoc[]>())
        await finishRefund(order);
    },

    notFound: () => NotFound('redemption'),
  };
  return service;
}

export type PointsService = ReturnType<typeof createPointsService>;
