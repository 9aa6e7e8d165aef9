/**
 * The monthly subsidy ledger: one document per elder, community and month, holding the subsidy
 * frozen on that elder's bookings that still count against the community's monthly cap (booked or
 * served; a cancelled or no-show meal is never settled, so it gives its subsidy back).
 *
 * Why a document of its own: summing the elder's bookings and then inserting one more is a race
 * (an elder and their carer booking two menus at once both see the same sum, and together pass the
 * cap). Here the subsidy is RESERVED with one conditional `$inc` that only applies while the ledger
 * plus the new subsidy stays within the cap, so however many bookings race, the ledger never passes
 * it, and the ledger is what the next price is computed from.
 *
 * The price is computed from a held amount no greater than the ledger's (nothing held, on the
 * first try), and cut to min(wanted, room): if it passes the guard, it fits the real room too, so it
 * is exactly the price the ledger at that instant gives. If the guard refuses, the ledger is read
 * and the meal priced again. A release racing in between can only make that read too high: the
 * elder then gets less subsidy than the room allows, never more.
 *
 * The reservation is also an upsert, so the elder's first booking of the month creates the ledger
 * in the same round trip. When a ledger exists but has no room, the upsert's insert collides with
 * the unique index (the guard is not part of the key): that error means "no room", like a miss.
 * Ledgers exist since subsidies do (no booking predates them), so a new one starts from zero.
 */
import type { PriceBreakdown } from '@linli/shared';
import mongoose, { Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../../platform/database-errors';
import { Conflict } from '../../platform/errors';
import type { BookingDoc } from './booking-model';

export interface SubsidyLedgerDoc {
  _id: Types.ObjectId;
  elderId: Types.ObjectId;
  /** The community whose policy (and cap) priced the bookings. */
  communityId: Types.ObjectId;
  /** 'YYYY-MM' of the meal dates. */
  month: string;
  /** Sum of `price.subsidyFen` over the elder's booked and served bookings of this month here. */
  heldFen: number;
  /** Bookings whose subsidy a bulk cancellation gave back (releaseSubsidyOnce), so a re-run skips them. */
  releasedFor: Types.ObjectId[];
}

const ledgerSchema = new Schema<SubsidyLedgerDoc>(
  {
    elderId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    heldFen: { type: Number, required: true, min: 0 },
    releasedFor: { type: [Schema.Types.ObjectId], default: undefined },
  },
  { timestamps: true },
);
ledgerSchema.index(
  { elderId: 1, communityId: 1, month: 1 },
  { unique: true, name: 'one_ledger_per_elder_community_month' },
);
export const SubsidyLedgerModel = mongoose.model<SubsidyLedgerDoc>('MealSubsidyLedger', ledgerSchema);

/** The statuses whose subsidy counts against the cap. */
export const HOLDING_STATUSES = ['booked', 'served'] as const;

export interface LedgerKey {
  elderId: string | Types.ObjectId;
  communityId: string | Types.ObjectId;
  month: string;
}

const filterOf = (key: LedgerKey) => ({
  elderId: new Types.ObjectId(String(key.elderId)),
  communityId: new Types.ObjectId(String(key.communityId)),
  month: key.month,
});

/**
 * Gives a bulk-cancelled booking's subsidy back exactly once, however often an interrupted bulk
 * cancellation (a withdrawn menu, an erased account) is run again: the decrement and the record of
 * it are one conditional update (see places.ts for the same pattern on seats).
 */
export async function releaseSubsidyOnce(
  booking: Pick<BookingDoc, '_id' | 'elderId' | 'communityId' | 'month' | 'price'>,
): Promise<void> {
  const fen = booking.price.subsidyFen;
  if (fen <= 0) return;
  await SubsidyLedgerModel.updateOne(
    { ...filterOf(booking), releasedFor: { $ne: booking._id }, heldFen: { $gte: fen } },
    { $inc: { heldFen: -fen }, $push: { releasedFor: booking._id } },
  );
}

/** Each refusal means another booking of the same elder reserved meanwhile; this many is absurd. */
const RESERVE_ATTEMPTS = 50;

export function createSubsidyLedger() {
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= SubsidyLedgerModel.init().catch((err) => {
      indexes = undefined;
      throw err;
    }));

  /** Adds `fen` to the ledger (creating it) if that keeps it within `capFen`; false if it would not. */
  async function tryReserve(key: LedgerKey, fen: number, capFen: number): Promise<boolean> {
    try {
      await SubsidyLedgerModel.updateOne(
        { ...filterOf(key), heldFen: { $lte: capFen - fen } },
        { $inc: { heldFen: fen } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false; // the ledger exists and is too full for this
      throw err;
    }
  }

  /** What the ledger holds now (0 when the elder has no booking there this month). */
  async function held(key: LedgerKey): Promise<number> {
    return (await SubsidyLedgerModel.findOne(filterOf(key), { heldFen: 1 }).lean())?.heldFen ?? 0;
  }

  return {
    held,

    /**
     * Prices the meal from the ledger (`priceAt(heldFen)`) and reserves its subsidy within
     * `capFen`, retrying with the ledger as it now is when another booking got there first.
     * Resolves with the price whose subsidy is now held; a zero subsidy reserves nothing.
     */
    async reserve(
      key: LedgerKey,
      capFen: number,
      priceAt: (heldFen: number) => PriceBreakdown,
    ): Promise<PriceBreakdown> {
      // The subsidy only shrinks as the ledger grows: if an empty ledger would give none, skip it.
      const ifNothingHeld = priceAt(0);
      if (ifNothingHeld.subsidyFen <= 0) return ifNothingHeld;
      // The first attempt goes without reading the ledger, priced as if nothing were held: if that
      // fits under the cap, it is the price the real ledger gives too (see the header), so an
      // elder well within the cap books with one round trip. Otherwise read the ledger and retry.
      await indexesBuilt(); // the unique index is what turns "no room" into an error, not a second ledger
      let price = ifNothingHeld;
      for (let attempt = 1; ; attempt += 1) {
        if (await tryReserve(key, price.subsidyFen, capFen)) return price;
        if (attempt >= RESERVE_ATTEMPTS)
          throw Conflict({
            'zh-CN': '同一位长者的订餐同时提交过多，请稍后再试',
            en: 'too many bookings for this elder at the same moment; please try again',
          });
        price = priceAt(await held(key));
        if (price.subsidyFen <= 0) return price;
      }
    },

    /**
     * Gives a booking's subsidy back. Call it once per booking, after the single conditional update
     * that took the booking out of HOLDING_STATUSES (or after its insert failed): that update
     * happens once, so the release does too. Never takes the ledger below zero.
     */
    async release(booking: LedgerKey & { price: Pick<PriceBreakdown, 'subsidyFen'> }): Promise<void> {
      const fen = booking.price.subsidyFen;
      if (fen <= 0) return;
      await SubsidyLedgerModel.updateOne(
        { ...filterOf(booking), heldFen: { $gte: fen } },
        { $inc: { heldFen: -fen } },
      );
    },
  };
}

export type SubsidyLedger = ReturnType<typeof createSubsidyLedger>;
