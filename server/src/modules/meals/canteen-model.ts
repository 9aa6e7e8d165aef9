/**
 * A canteen's booking rules and what residents need to find it: when booking opens and closes,
 * where it delivers, its address and serving hours. One document per provider of kind 'canteen'
 * (unique), created with defaults the first time its operator saves.
 */
import type { ServingHours } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface CanteenSettingsDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  opensDaysAhead: number;
  /** 'HH:MM' in Asia/Shanghai on the meal date. */
  cutoffs: { lunch: string; dinner: string };
  deliveryBuildingIds: Types.ObjectId[];
  /** Empty until the operator gives one (older documents lack it: read through DEFAULT_…). */
  address?: string;
  servingHours?: ServingHours;
}

const span = { from: { type: String, required: true }, to: { type: String, required: true } };

const canteenSettingsSchema = new Schema<CanteenSettingsDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true, unique: true },
    opensDaysAhead: { type: Number, required: true },
    cutoffs: {
      lunch: { type: String, required: true },
      dinner: { type: String, required: true },
    },
    deliveryBuildingIds: { type: [Schema.Types.ObjectId], default: [] },
    address: { type: String, default: '' },
    servingHours: { type: { _id: false, lunch: { _id: false, ...span }, dinner: { _id: false, ...span } } },
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
  address: '',
  servingHours: { lunch: { from: '11:00', to: '13:00' }, dinner: { from: '17:00', to: '18:30' } },
};
