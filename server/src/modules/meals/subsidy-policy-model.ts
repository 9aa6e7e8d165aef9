/**
 * A community's meal subsidy policy: data the committee edits, read at booking time only. Bookings
 * keep their own frozen breakdown, so editing this never changes a past booking.
 */
import type { ResidentTag } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface SubsidyPolicyDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  eligibilityAge: number;
  ageTiers: { minAge: number; maxAge?: number; subsidyFen: number }[];
  tagExtras: Partial<Record<ResidentTag, number>>;
  monthlyCapFen: number;
  updatedBy: Types.ObjectId;
  updatedAt: Date;
}

const subsidyPolicySchema = new Schema<SubsidyPolicyDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, unique: true },
    eligibilityAge: { type: Number, required: true },
    ageTiers: [{ _id: false, minAge: Number, maxAge: Number, subsidyFen: Number }],
    tagExtras: { type: Schema.Types.Mixed, default: {} },
    monthlyCapFen: { type: Number, required: true },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, minimize: false },
);
export const SubsidyPolicyModel = mongoose.model<SubsidyPolicyDoc>('SubsidyPolicy', subsidyPolicySchema);

/** Before the committee sets a policy: elders from 60 may book, at the full price. */
export const NO_SUBSIDY = { eligibilityAge: 60, ageTiers: [], tagExtras: {}, monthlyCapFen: 0 };
