/**
 * Standing orders: "book lunch at this canteen every Monday, Wednesday and Friday, for pickup".
 * One per elder, canteen and meal (unique): to change the days, delete it and set a new one.
 * `createdBy` is the elder or the carer who set it up; bookings it makes are booked by them.
 */
import { MEALS, MEAL_MODES, STANDING_ORDER_STATUSES, type Meal, type MealMode } from '@linli/shared';
import type { StandingOrderStatus } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface StandingOrderDoc {
  _id: Types.ObjectId;
  elderId: Types.ObjectId;
  createdBy: Types.ObjectId;
  providerId: Types.ObjectId;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, sorted. */
  weekdays: number[];
  meal: Meal;
  mode: MealMode;
  dietaryNote: string;
  status: StandingOrderStatus;
  pausedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const standingOrderSchema = new Schema<StandingOrderDoc>(
  {
    elderId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    weekdays: { type: [Number], required: true },
    meal: { type: String, required: true, enum: MEALS },
    mode: { type: String, required: true, enum: MEAL_MODES },
    dietaryNote: { type: String, default: '' },
    status: { type: String, required: true, enum: STANDING_ORDER_STATUSES },
    pausedAt: Date,
  },
  { timestamps: true },
);
standingOrderSchema.index(
  { elderId: 1, providerId: 1, meal: 1 },
  { unique: true, name: 'one_standing_order_per_elder_canteen_meal' },
);
/** What publication looks for: a canteen's active orders for one meal. */
standingOrderSchema.index({ providerId: 1, meal: 1, status: 1 });
standingOrderSchema.index({ createdBy: 1 });

export const StandingOrderModel = mongoose.model<StandingOrderDoc>('MealStandingOrder', standingOrderSchema);
