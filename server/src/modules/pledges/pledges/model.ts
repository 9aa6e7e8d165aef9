/**
 * Pledges. One active pledge per need per pledger is a unique index over `holderKey` (the user id;
 * `paper:<id>` for a paper pledge of someone without an account; `erased:<id>` after account
 * deletion) among pledges still in play (`active`: conditional, pledged or fulfilled).
 */
import { NEED_KINDS, PLEDGE_STATUSES, type NeedKind, type PledgeStatus } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface PledgeDoc {
  _id: Types.ObjectId;
  projectId: Types.ObjectId;
  communityId: Types.ObjectId;
  needId: Types.ObjectId;
  kind: NeedKind;
  /** Null once the account is erased (the pledge still counts in the project's totals). */
  userId: Types.ObjectId | null;
  holderKey: string;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  /** Goods items, money fen, or 1 (a place in a labour slot). */
  quantity: number;
  status: PledgeStatus;
  active: boolean;
  /** Whether `quantity` is counted in the need's `pledged` (firm pledges; not yet given back). */
  counted: boolean;
  condition?: { scope: 'building' | 'project'; atLeast: number };
  anonymous: boolean;
  /** Recorded by the committee from a paper form. */
  paper?: { recordedBy: Types.ObjectId; name: string };
  /** Display name at pledge time, for public lists (blanked on erasure). */
  name: string;
  projectVersion: number;
  pledgedAt: Date;
  withdrawnAt?: Date;
  droppedReason?: string;
  received?: number;
  confirmedBy?: Types.ObjectId;
  confirmedAt?: Date;
  checkedInAt?: Date;
  checkedOutAt?: Date;
  minutes?: number;
  /** Points this fulfilment earns, set with the status flip; cleared once in the ledger. */
  pointsDue?: number;
  points?: number;
}

const pledgeSchema = new Schema<PledgeDoc>(
  {
    projectId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    needId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: NEED_KINDS },
    userId: { type: Schema.Types.ObjectId, default: null },
    holderKey: { type: String, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    quantity: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: PLEDGE_STATUSES },
    active: { type: Boolean, required: true },
    counted: { type: Boolean, required: true },
    condition: { _id: false, scope: String, atLeast: Number },
    anonymous: { type: Boolean, required: true },
    paper: { _id: false, recordedBy: Schema.Types.ObjectId, name: String },
    name: { type: String, default: '' },
    projectVersion: { type: Number, required: true },
    pledgedAt: { type: Date, required: true },
    withdrawnAt: Date,
    droppedReason: String,
    received: Number,
    confirmedBy: Schema.Types.ObjectId,
    confirmedAt: Date,
    checkedInAt: Date,
    checkedOutAt: Date,
    minutes: Number,
    pointsDue: Number,
    points: Number,
  },
  { timestamps: true },
);
pledgeSchema.index(
  { needId: 1, holderKey: 1 },
  { unique: true, partialFilterExpression: { active: true }, name: 'one_pledge_per_need_per_pledger' },
);
pledgeSchema.index({ projectId: 1, status: 1 });
pledgeSchema.index({ userId: 1, pledgedAt: -1 });
export const PledgeModel = mongoose.model<PledgeDoc>('Pledge', pledgeSchema);
