/**
 * Memberships (a user belongs to a household) and carer links (a user may act for an elder).
 * "Only one open request per pair" is a unique index over the records still in play (`active`:
 * pending or approved/confirmed), so two taps on "join" cannot create two requests.
 */
import {
  CARER_LINK_STATUSES,
  MEMBERSHIP_RELATIONS,
  MEMBERSHIP_STATUSES,
  type CarerLinkStatus,
  type MembershipRelation,
  type MembershipStatus,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface MembershipDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  communityId: Types.ObjectId;
  relation: MembershipRelation;
  status: MembershipStatus;
  /** True while pending or approved: the unique index only counts these. */
  active: boolean;
  reason?: string;
  decidedBy?: Types.ObjectId;
  decidedAt?: Date;
  requestedAt: Date;
}

const membershipSchema = new Schema<MembershipDoc>({
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  buildingId: { type: Schema.Types.ObjectId, required: true },
  communityId: { type: Schema.Types.ObjectId, required: true },
  relation: { type: String, required: true, enum: MEMBERSHIP_RELATIONS },
  status: { type: String, required: true, enum: MEMBERSHIP_STATUSES },
  active: { type: Boolean, required: true },
  reason: String,
  decidedBy: Schema.Types.ObjectId,
  decidedAt: Date,
  requestedAt: { type: Date, required: true },
});
membershipSchema.index(
  { userId: 1, householdId: 1 },
  { unique: true, partialFilterExpression: { active: true }, name: 'one_open_membership_per_household' },
);
membershipSchema.index({ communityId: 1, status: 1, requestedAt: 1 });
export const MembershipModel = mongoose.model<MembershipDoc>('Membership', membershipSchema);

export interface CarerLinkDoc {
  _id: Types.ObjectId;
  carerId: Types.ObjectId;
  elderId: Types.ObjectId;
  /** The elder's communities when asked: their committees may confirm. */
  communityIds: Types.ObjectId[];
  status: CarerLinkStatus;
  active: boolean;
  reason?: string;
  decidedBy?: Types.ObjectId;
  decidedAt?: Date;
  requestedAt: Date;
}

const carerLinkSchema = new Schema<CarerLinkDoc>({
  carerId: { type: Schema.Types.ObjectId, required: true, index: true },
  elderId: { type: Schema.Types.ObjectId, required: true, index: true },
  communityIds: { type: [Schema.Types.ObjectId], default: [] },
  status: { type: String, required: true, enum: CARER_LINK_STATUSES },
  active: { type: Boolean, required: true },
  reason: String,
  decidedBy: Schema.Types.ObjectId,
  decidedAt: Date,
  requestedAt: { type: Date, required: true },
});
carerLinkSchema.index(
  { carerId: 1, elderId: 1 },
  { unique: true, partialFilterExpression: { active: true }, name: 'one_open_link_per_pair' },
);
carerLinkSchema.index({ communityIds: 1, status: 1 });
export const CarerLinkModel = mongoose.model<CarerLinkDoc>('CarerLink', carerLinkSchema);

export { isDuplicateKey } from '../../platform/database-errors';
