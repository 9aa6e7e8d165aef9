/**
 * The time bank: an append-only ledger of entries per resident and community (never updated; a
 * correction is a new entry), a balance document per resident and community that guards spending,
 * the community's points rules, its rewards and redemption orders. See points/ledger.ts for how the
 * two ledger documents stay equal without transactions.
 */
import {
  POINTS_ENTRY_KINDS,
  REDEMPTION_STATUSES,
  type PointsEntryKind,
  type RedemptionStatus,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface EntrySource {
  kind: 'pledge' | 'redemption' | 'refund' | 'correction';
  id: string;
}

export interface PointsEntryDoc {
  _id: Types.ObjectId;
  holderKey: string;
  userId: Types.ObjectId | null;
  communityId: Types.ObjectId;
  kind: PointsEntryKind;
  points: number;
  reason: string;
  source: EntrySource;
  by: Types.ObjectId | null;
  at: Date;
}

const entrySchema = new Schema<PointsEntryDoc>(
  {
    holderKey: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    communityId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: POINTS_ENTRY_KINDS },
    points: { type: Number, required: true },
    reason: { type: String, default: '' },
    source: { _id: false, kind: { type: String, required: true }, id: { type: String, required: true } },
    by: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
  },
  { timestamps: false },
);
entrySchema.index({ holderKey: 1, communityId: 1, at: -1, _id: -1 });
// A pledge earns once, an order is paid once and refunded once: the backstop behind the callers'
// own once-only status flips.
entrySchema.index({ 'source.kind': 1, 'source.id': 1 }, { unique: true, name: 'one_entry_per_source' });
export const PointsEntryModel = mongoose.model<PointsEntryDoc>('PointsEntry', entrySchema);

export interface PendingEntry {
  entryId: Types.ObjectId;
  kind: PointsEntryKind;
  points: number;
  reason: string;
  source: EntrySource;
  by: Types.ObjectId | null;
  at: Date;
}

export interface PointsBalanceDoc {
  _id: Types.ObjectId;
  holderKey: string;
  userId: Types.ObjectId | null;
  communityId: Types.ObjectId;
  balance: number;
  /** Entries counted in `balance` but perhaps not yet in the ledger (see ledger.ts). */
  pending: PendingEntry[];
}

const balanceSchema = new Schema<PointsBalanceDoc>(
  {
    holderKey: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    communityId: { type: Schema.Types.ObjectId, required: true },
    balance: { type: Number, required: true, default: 0, min: 0 },
    pending: [
      {
        _id: false,
        entryId: Schema.Types.ObjectId,
        kind: String,
        points: Number,
        reason: String,
        source: { _id: false, kind: String, id: String },
        by: Schema.Types.ObjectId,
        at: Date,
      },
    ],
  },
  { timestamps: true },
);
balanceSchema.index({ holderKey: 1, communityId: 1 }, { unique: true, name: 'one_balance_per_holder' });
export const PointsBalanceModel = mongoose.model<PointsBalanceDoc>('PointsBalance', balanceSchema);

export interface PointsRulesDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  perHour: number;
  perGoodsItem: number;
  perTenYuan: number;
}
const rulesSchema = new Schema<PointsRulesDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, unique: true },
    perHour: { type: Number, required: true },
    perGoodsItem: { type: Number, required: true },
    perTenYuan: { type: Number, required: true },
  },
  { timestamps: true },
);
export const PointsRulesModel = mongoose.model<PointsRulesDoc>('PointsRules', rulesSchema);
/** Until a committee sets its own: 10 an hour of labour, 1 a goods item, 1 per ¥10 received. */
export const DEFAULT_POINTS_RULES = { perHour: 10, perGoodsItem: 1, perTenYuan: 1 } as const;

export interface RewardDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  name: string;
  description: string;
  costPoints: number;
  stock: number;
  active: boolean;
}
const rewardSchema = new Schema<RewardDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    costPoints: { type: Number, required: true, min: 1 },
    stock: { type: Number, required: true, min: 0 },
    active: { type: Boolean, required: true },
  },
  { timestamps: true },
);
export const RewardModel = mongoose.model<RewardDoc>('PointsReward', rewardSchema);

export interface RedemptionDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  rewardId: Types.ObjectId;
  rewardName: string;
  userId: Types.ObjectId | null;
  holderKey: string;
  points: number;
  status: RedemptionStatus;
  placedAt: Date;
  decidedAt?: Date;
  decidedBy?: Types.ObjectId;
  refusedReason?: string;
  /** Set with the refusal, so the refund entry is written once whoever finishes it. */
  refundEntryId?: Types.ObjectId;
}
const redemptionSchema = new Schema<RedemptionDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    rewardId: { type: Schema.Types.ObjectId, required: true },
    rewardName: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    holderKey: { type: String, required: true },
    points: { type: Number, required: true },
    status: { type: String, required: true, enum: REDEMPTION_STATUSES },
    placedAt: { type: Date, required: true },
    decidedAt: Date,
    decidedBy: Schema.Types.ObjectId,
    refusedReason: String,
    refundEntryId: Schema.Types.ObjectId,
  },
  { timestamps: true },
);
redemptionSchema.index({ holderKey: 1, placedAt: -1 });
redemptionSchema.index({ communityId: 1, status: 1, placedAt: 1 });
export const RedemptionModel = mongoose.model<RedemptionDoc>('PointsRedemption', redemptionSchema);
