/**
 * Where people live: community → building → household, and the providers that serve communities.
 * The unique indexes carry the "only one" rules (a community code, a building name within its
 * community, a unit within its building), so two admins saving at once cannot both create one.
 */
import { PROVIDER_KINDS, type ProviderKind } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface CommunityDoc {
  _id: Types.ObjectId;
  name: string;
  code: string;
  address: string;
  district: string;
}

const communitySchema = new Schema<CommunityDoc>(
  {
    name: { type: String, required: true },
    code: { type: String, required: true, unique: true },
    address: { type: String, required: true },
    district: { type: String, required: true },
  },
  { timestamps: true },
);
export const CommunityModel = mongoose.model<CommunityDoc>('Community', communitySchema);

export interface BuildingDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  name: string;
  sortOrder: number;
}

const buildingSchema = new Schema<BuildingDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    sortOrder: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
buildingSchema.index({ communityId: 1, name: 1 }, { unique: true });
export const BuildingModel = mongoose.model<BuildingDoc>('Building', buildingSchema);

export interface HouseholdDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  buildingId: Types.ObjectId;
  unit: string;
  /** Exclusive area in hundredths of a m² (89.50 m² → 8950): exact, so vote tallies add up. */
  areaCentiSquareMetres: number;
}

const householdSchema = new Schema<HouseholdDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    unit: { type: String, required: true },
    areaCentiSquareMetres: {
      type: Number,
      required: true,
      min: 1,
      validate: { validator: Number.isInteger, message: 'area must be whole hundredths of a m²' },
    },
  },
  { timestamps: true },
);
householdSchema.index({ buildingId: 1, unit: 1 }, { unique: true });
export const HouseholdModel = mongoose.model<HouseholdDoc>('Household', householdSchema);

export interface ProviderDoc {
  _id: Types.ObjectId;
  name: string;
  kind: ProviderKind;
  communityIds: Types.ObjectId[];
}

const providerSchema = new Schema<ProviderDoc>(
  {
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: PROVIDER_KINDS },
    communityIds: { type: [Schema.Types.ObjectId], required: true, index: true },
  },
  { timestamps: true },
);
export const ProviderModel = mongoose.model<ProviderDoc>('Provider', providerSchema);

export { isDuplicateKey } from '../../platform/database-errors';
