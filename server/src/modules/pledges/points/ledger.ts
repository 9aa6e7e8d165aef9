/**
 * Posting to the time bank without transactions.
 *
 * Two documents per resident and community: the entries (append-only: inserted, never updated)
 * and a balance document. The balance is what guards spending: a debit is one conditional `$inc`
 * that only applies while `balance >= cost`, so however many redemptions race, the balance never
 * goes below 0. The entries are the record the balance is derived from.
 *
 * The order of writes, and why it keeps them equal or repairable:
 *  1. balance: `$inc` by the entry's points AND `$push` the whole entry onto `pending`, in one
 *     conditional update (debits: only while the balance covers them; every entry: only while
 *     that entry id is not already pending, so a repeated step 1 counts once);
 *  2. insert the entry under the id chosen in step 1 (a duplicate id means a repair already did);
 *  3. `$pull` the entry from `pending`.
 * At every instant balance = sum(entries) + sum(pending entries not yet inserted). A crash after
 * step 1 leaves the entry in `pending`; `settle` (run before every read of a ledger and on boot)
 * inserts what is pending and pulls it, which makes the two equal again. With `pending` empty the
 * balance is exactly the sum of the entries, which the tests check after their concurrency runs.
 *
 * Credits must come from a once-only step of the caller (the status flip that fulfils a pledge or
 * refuses an order); the unique index on an entry's source is a backstop: were the same source
 * posted twice, the second insert fails and its step 1 is undone.
 */
import { Types } from 'mongoose';
import type { PointsEntryKind } from '@linli/shared';
import { isDuplicateKey } from '../../../platform/database-errors';
import {
  PointsBalanceModel,
  PointsEntryModel,
  type EntrySource,
  type PendingEntry,
  type PointsBalanceDoc,
} from './model';

export interface Holder {
  holderKey: string;
  userId: string | null;
  communityId: string;
}

export interface Posting {
  /** Chosen by the caller when the id must be known before posting (an order pays with its own id). */
  entryId?: Types.ObjectId;
  kind: PointsEntryKind;
  points: number;
  reason: string;
  source: EntrySource;
  by: string | null;
  at: Date;
}

const key = (h: Pick<Holder, 'holderKey' | 'communityId'>) => ({
  holderKey: h.holderKey,
  communityId: new Types.ObjectId(h.communityId),
});

export function createLedger() {
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([PointsBalanceModel.init(), PointsEntryModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  /** Steps 2 and 3 for one pending entry; safe to run any number of times, from anywhere. */
  async function finish(
    balance: Pick<PointsBalanceDoc, '_id' | 'holderKey' | 'userId' | 'communityId'>,
    p: PendingEntry,
  ) {
    try {
      await PointsEntryModel.create({
        _id: p.entryId,
        holderKey: balance.holderKey,
        userId: balance.userId,
        communityId: balance.communityId,
        kind: p.kind,
        points: p.points,
        reason: p.reason,
        source: p.source,
        by: p.by,
        at: p.at,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const same = await PointsEntryModel.exists({ _id: p.entryId });
      if (!same) {
        // Another entry already holds this source: this posting is a repeat; undo its step 1.
        await PointsBalanceModel.updateOne(
          { _id: balance._id, 'pending.entryId': p.entryId },
          { $inc: { balance: -p.points }, $pull: { pending: { entryId: p.entryId } } },
        );
        return false;
      }
    }
    await PointsBalanceModel.updateOne({ _id: balance._id }, { $pull: { pending: { entryId: p.entryId } } });
    return true;
  }

  const ledger = {
    /**
     * Posts an entry. Resolves with the new balance, or null when a debit is not covered (nothing
     * written then).
     */
    async post(holder: Holder, posting: Posting): Promise<number | null> {
      await indexesBuilt();
      const entryId = posting.entryId ?? new Types.ObjectId();
      const pending: PendingEntry = {
        entryId,
        kind: posting.kind,
        points: posting.points,
        reason: posting.reason,
        source: posting.source,
        by: posting.by ? new Types.ObjectId(posting.by) : null,
        at: posting.at,
      };
      const debit = posting.points < 0;
      let after: PointsBalanceDoc | null;
      try {
        after = await PointsBalanceModel.findOneAndUpdate(
          {
            ...key(holder),
            'pending.entryId': { $ne: entryId },
            ...(debit ? { balance: { $gte: -posting.points } } : {}),
          },
          {
            $inc: { balance: posting.points },
            $push: { pending },
            $setOnInsert: { userId: holder.userId ? new Types.ObjectId(holder.userId) : null },
          },
          { upsert: !debit, returnDocument: 'after' },
        ).lean<PointsBalanceDoc>();
      } catch (err) {
        // The upsert met the existing balance whose guard refused: this entry is already pending.
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      if (!after) return null;
      const written = await finish(after, pending);
      return written ? after.balance : after.balance - posting.points;
    },

    /** Finishes whatever a crash left pending for this holder (see the header). */
    async settle(holder: Pick<Holder, 'holderKey' | 'communityId'>): Promise<void> {
      const balance = await PointsBalanceModel.findOne(key(holder)).lean<PointsBalanceDoc>();
      for (const p of balance?.pending ?? []) await finish(balance!, p);
    },

    /** Every holder with something pending (boot). */
    async settleAll(): Promise<void> {
      const stuck = await PointsBalanceModel.find({ 'pending.0': { $exists: true } }).lean<
        PointsBalanceDoc[]
      >();
      for (const b of stuck) for (const p of b.pending) await finish(b, p);
    },

    async balanceOf(holder: Pick<Holder, 'holderKey' | 'communityId'>): Promise<number> {
      await ledger.settle(holder);
      return (await PointsBalanceModel.findOne(key(holder), { balance: 1 }).lean())?.balance ?? 0;
    },

    /** Whether an entry (or a pending one) with this id exists: a posting already happened. */
    async posted(
      holder: Pick<Holder, 'holderKey' | 'communityId'>,
      entryId: Types.ObjectId,
    ): Promise<boolean> {
      if (await PointsEntryModel.exists({ _id: entryId })) return true;
      return Boolean(await PointsBalanceModel.exists({ ...key(holder), 'pending.entryId': entryId }));
    },
  };
  return ledger;
}

export type Ledger = ReturnType<typeof createLedger>;
