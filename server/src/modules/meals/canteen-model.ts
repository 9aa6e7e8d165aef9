/**
 * A canteen's booking rules: when booking opens and closes, and where it delivers. One document per
 * provider of kind 'canteen' (unique), created with defaults the first time its operator saves.
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface CanteenSettingsDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  opensDaysAhead: number;
  /** 'HH:MM' in Asia/Shanghai on the meal date. */
  cutoffs: { lunch: string; dinner: string };
  deliveryBuildingIds: Types.ObjectId[];
}

const canteenSettingsSchema = new Schema<CanteenSettingsDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true, unique: true },
    opensDaysAhead: { type: Number, required: true },
    cutoffs: {
      lunch: { type: String, required: true },
      dinner: { type: String, required: true },
    },
    deliveryBuildingIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);
export const CanteenSettingsModel = mongoose.model<CanteenSettingsDoc>(
  'CanteenSettings',
  canteenSettingsSchema,
);

/** What a canteen runs on until its operator says otherwise. */
export const DEFAULT_CANTEEN_SETTINGS = {
  opensDaysAhead: 7,
  cutoffs: { lunch: '09:30', dinner: '15:30' },
  deliveryBuildingIds: [] as Types.ObjectId[],
};
