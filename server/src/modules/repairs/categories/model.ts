/**
 * Repair categories of a community (Open311 "services"). The code is unique per community: it is
 * the service_code city platforms file requests under.
 */
import {
  FIELD_TYPES,
  REPAIR_AREAS,
  URGENCY_LEVELS,
  type FieldType,
  type RepairArea,
  type UrgencyLevel,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface CategoryDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  providerId: Types.ObjectId;
  code: string;
  name: string;
  group: string;
  description: string;
  area: RepairArea;
  urgencies: { level: UrgencyLevel; hours: number }[];
  fields: { key: string; label: string; type: FieldType; required: boolean; options: string[] }[];
  active: boolean;
}

const categorySchema = new Schema<CategoryDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    group: { type: String, required: true },
    description: { type: String, default: '' },
    area: { type: String, required: true, enum: REPAIR_AREAS },
    urgencies: [{ _id: false, level: { type: String, enum: URGENCY_LEVELS }, hours: Number }],
    fields: [
      {
        _id: false,
        key: String,
        label: String,
        type: { type: String, enum: FIELD_TYPES },
        required: Boolean,
        options: [String],
      },
    ],
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
categorySchema.index({ communityId: 1, code: 1 }, { unique: true, name: 'one_code_per_community' });
export const RepairCategoryModel = mongoose.model<CategoryDoc>('RepairCategory', categorySchema);
