/**
 * Menus: one per canteen, date and meal (unique). `seatsTaken` and `deliveriesTaken` are the
 * capacity counters: only the booking service (and places.ts, for bulk cancellations) moves them,
 * with conditional updates, so they always equal the active bookings of each kind and never exceed
 * the capacity. A menu edit may lower a capacity only to what is taken, in the same conditional way.
 */
import { DISH_TAGS, MEALS, MENU_STATUSES, type Dish, type Meal, type MenuStatus } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface MenuDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  date: string;
  meal: Meal;
  dishes: Dish[];
  basePriceFen: number;
  seatCapacity: number;
  deliveryCapacity: number;
  seatsTaken: number;
  deliveriesTaken: number;
  status: MenuStatus;
  publishedAt?: Date;
  createdBy: Types.ObjectId;
  withdrawnAt?: Date;
  withdrawnBy?: Types.ObjectId;
  withdrawReason?: string;
  /** Bookings whose place a bulk cancellation gave back, so it is given back once (places.ts). */
  freedFor?: Types.ObjectId[];
  /**
   * When every standing order matching this publication had been tried. Unset on a published menu
   * means the run was cut short (the process stopped): the next start finishes it.
   */
  standingOrdersHonouredAt?: Date;
  /** Until when an instance holds the run of this publication's standing orders (a renewed lease). */
  standingOrdersClaimUntil?: Date;
}

const menuSchema = new Schema<MenuDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    meal: { type: String, required: true, enum: MEALS },
    dishes: [
      {
        _id: false,
        name: { type: String, required: true },
        tags: { type: [String], enum: DISH_TAGS, default: [] },
        allergens: { type: [String], default: [] },
      },
    ],
    basePriceFen: { type: Number, required: true, min: 0 },
    seatCapacity: { type: Number, required: true, min: 0 },
    deliveryCapacity: { type: Number, required: true, min: 0 },
    seatsTaken: { type: Number, required: true, default: 0, min: 0 },
    deliveriesTaken: { type: Number, required: true, default: 0, min: 0 },
    status: { type: String, required: true, enum: MENU_STATUSES },
    publishedAt: Date,
    createdBy: { type: Schema.Types.ObjectId, required: true },
    withdrawnAt: Date,
    withdrawnBy: Schema.Types.ObjectId,
    withdrawReason: String,
    freedFor: { type: [Schema.Types.ObjectId], default: undefined },
    standingOrdersHonouredAt: Date,
    standingOrdersClaimUntil: Date,
  },
  { timestamps: true },
);
menuSchema.index({ providerId: 1, date: 1, meal: 1 }, { unique: true, name: 'one_menu_per_canteen_meal' });
menuSchema.index({ status: 1, date: 1 });
export const MenuModel = mongoose.model<MenuDoc>('Menu', menuSchema);
