/**
 * The resident convention (居民公约): versions a committee publishes (numbered per community, the
 * number unique so two publishing at once cannot both be version 3) and signatures, one per
 * resident per version (a unique index: signing twice is answered with the first signature).
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface ConventionVersionDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  version: number;
  text: string;
  effectiveDate: string;
  publishedAt: Date;
  publishedBy: Types.ObjectId;
}
const versionSchema = new Schema<ConventionVersionDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    text: { type: String, required: true },
    effectiveDate: { type: String, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
versionSchema.index({ communityId: 1, version: 1 }, { unique: true, name: 'one_number_per_version' });
export const ConventionVersionModel = mongoose.model<ConventionVersionDoc>(
  'ConventionVersion',
  versionSchema,
);

export interface SignatureDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  versionId: Types.ObjectId;
  version: number;
  userId: Types.ObjectId;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  name: string;
  signedAt: Date;
}
const signatureSchema = new Schema<SignatureDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    versionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, default: '' },
    signedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
signatureSchema.index({ versionId: 1, userId: 1 }, { unique: true, name: 'one_signature_per_version' });
signatureSchema.index({ communityId: 1, userId: 1 });
export const SignatureModel = mongoose.model<SignatureDoc>('ConventionSignature', signatureSchema);
