/**
 * The pledges part of "download my data" and "delete my account".
 *
 * Export: the person's pledges, their points ledger entries and balances, redemption orders and
 * convention signatures.
 * Erase (safe to run again after an interruption):
 *  1. pledges still waiting on a condition are dropped (nobody is there to hold them);
 *  2. every other pledge stays, so the project's totals stay right, but loses the person: no user
 *     id, no name, shown as anonymous; its holder becomes an opaque key derived from the account
 *     (the same on a re-run, so an interrupted run finishes on the same key);
 *  3. ledger entries, balances and redemption orders move to that same opaque key, so a ledger's
 *     balance still equals the sum of its entries;
 *  4. convention signatures are deleted: the signature map no longer counts them.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { PersonalDataContributor } from '../identity';
import type { ConventionService } from './convention/service';
import { PledgeModel, type PledgeDoc } from './pledges/model';
import {
  PointsBalanceModel,
  PointsEntryModel,
  RedemptionModel,
  type PointsBalanceDoc,
  type PointsEntryDoc,
  type RedemptionDoc,
} from './points/model';
import { isId } from './projects/service';
import { NeedModel } from './projects/model';

export const erasedKey = (userId: string) =>
  `erased:${createHash('sha256').update(`linli-pledges:${userId}`).digest('hex').slice(0, 24)}`;

export function pledgesPersonalData(deps: {
  convention: Pick<ConventionService, 'exportFor' | 'eraseFor'>;
}): PersonalDataContributor {
  return {
    name: 'pledges',

    async export(userId) {
      if (!isId(userId))
        return {
          pledges: [],
          pointsEntries: [],
          pointsBalances: [],
          redemptions: [],
          conventionSignatures: [],
        };
      const id = new Types.ObjectId(userId);
      const [pledges, entries, balances, orders] = await Promise.all([
        PledgeModel.find({ userId: id }).sort({ pledgedAt: 1, _id: 1 }).lean<PledgeDoc[]>(),
        PointsEntryModel.find({ holderKey: userId }).sort({ at: 1, _id: 1 }).lean<PointsEntryDoc[]>(),
        PointsBalanceModel.find({ holderKey: userId }).lean<PointsBalanceDoc[]>(),
        RedemptionModel.find({ holderKey: userId }).sort({ placedAt: 1 }).lean<RedemptionDoc[]>(),
      ]);
      const needs = new Map(
        (await NeedModel.find({ _id: { $in: pledges.map((p) => p.needId) } }, { label: 1 }).lean()).map(
          (n) => [String(n._id), n.label],
        ),
      );
      return {
        pledges: pledges.map((p) => ({
          id: String(p._id),
          projectId: String(p.projectId),
          need: needs.get(String(p.needId)) ?? '',
          kind: p.kind,
          quantity: p.quantity,
          status: p.status,
          anonymous: p.anonymous,
          ...(p.condition ? { condition: { scope: p.condition.scope, atLeast: p.condition.atLeast } } : {}),
          pledgedAt: p.pledgedAt.toISOString(),
          ...(p.received !== undefined ? { received: p.received } : {}),
          ...(p.minutes !== undefined ? { minutes: p.minutes } : {}),
        })),
        pointsEntries: entries.map((e) => ({
          communityId: String(e.communityId),
          kind: e.kind,
          points: e.points,
          reason: e.reason,
          at: e.at.toISOString(),
        })),
        pointsBalances: balances.map((b) => ({ communityId: String(b.communityId), balance: b.balance })),
        redemptions: orders.map((o) => ({
          reward: o.rewardName,
          points: o.points,
          status: o.status,
          placedAt: o.placedAt.toISOString(),
        })),
        conventionSignatures: await deps.convention.exportFor(userId),
      };
    },

    async erase(userId) {
      if (!isId(userId)) return;
      const id = new Types.ObjectId(userId);
      const key = erasedKey(userId);
      const waiting = await PledgeModel.find({ userId: id, status: 'conditional' }, { _id: 1 }).lean();
      await PledgeModel.updateMany(
        { _id: { $in: waiting.map((p) => p._id) }, status: 'conditional' },
        { $set: { status: 'dropped', active: false, droppedReason: '认领人已注销账户' } },
      );
      // One per pledge: the holder key must stay unique per need among pledges in play.
      for (const p of await PledgeModel.find({ userId: id }, { _id: 1 }).lean())
        await PledgeModel.updateOne(
          { _id: p._id },
          { $set: { userId: null, holderKey: `${key}:${String(p._id)}`, name: '', anonymous: true } },
        );
      await PointsEntryModel.updateMany({ holderKey: userId }, { $set: { holderKey: key, userId: null } });
      await PointsBalanceModel.updateMany({ holderKey: userId }, { $set: { holderKey: key, userId: null } });
      await RedemptionModel.updateMany({ holderKey: userId }, { $set: { holderKey: key, userId: null } });
      await deps.convention.eraseFor(userId);
    },
  };
}
