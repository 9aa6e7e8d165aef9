/**
 * Meal bookings. "One booking per elder per menu" is a unique index over the bookings still in
 * play (`active`: booked, served or no-show); a cancelled one drops out of it, so the elder may book
 * again. The pickup code is unique per menu. The price breakdown is frozen here at booking.
 */
import {
  BOOKING_SOURCES,
  BOOKING_STATUSES,
  DELIVERY_OUTCOMES,
  MEALS,
  MEAL_MODES,
  RESIDENT_TAGS,
  type BookingSource,
  type BookingStatus,
  type DeliveryOutcome,
  type Meal,
  type MealMode,
  type PriceBreakdown,
  type ResidentTag,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface BookingDoc {
  _id: Types.ObjectId;
  menuId: Types.ObjectId;
  providerId: Types.ObjectId;
  date: string;
  meal: Meal;
  /** 'YYYY-MM' of `date`, for the monthly cap and the settlement. */
  month: string;
  elderId: Types.ObjectId;
  bookedBy: Types.ObjectId;
  /** The community whose policy priced it (the elder's home the canteen serves). */
  communityId: Types.ObjectId;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  mode: MealMode;
  dietaryNote: string;
  status: BookingStatus;
  active: boolean;
  pickupCode: string;
  price: PriceBreakdown;
  /** Age tier label and tags on the meal date, for the settlement report. */
  tierLabel: string;
  tags: ResidentTag[];
  bookedAt: Date;
  cancelledAt?: Date;
  cancelledBy?: Types.ObjectId;
  cancelReason?: string;
  servedAt?: Date;
  servedBy?: Types.ObjectId;
  /** Absent on bookings made before sources were recorded: those were all 'direct'. */
  source?: BookingSource;
  standingOrderId?: Types.ObjectId;
  /**
   * Set when a bulk cancellation (menu withdrawn, account erased) has cancelled the booking but not
   * yet given its place back; cleared once it has (see places.ts).
   */
  placeToFree?: boolean;
  /** What the delivery round recorded at the door (delivery bookings only). */
  deliveryOutcome?: DeliveryOutcome;
  deliveryNote?: string;
}

const bookingSchema = new Schema<BookingDoc>(
  {
    menuId: { type: Schema.Types.ObjectId, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    meal: { type: String, required: true, enum: MEALS },
    month: { type: String, required: true },
    elderId: { type: Schema.Types.ObjectId, required: true },
    bookedBy: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    mode: { type: String, required: true, enum: MEAL_MODES },
    dietaryNote: { type: String, default: '' },
    status: { type: String, required: true, enum: BOOKING_STATUSES },
    active: { type: Boolean, required: true },
    pickupCode: { type: String, required: true },
    price: {
      baseFen: { type: Number, required: true },
      lines: [{ _id: false, kind: String, label: String, fen: Number }],
      subsidyFen: { type: Number, required: true },
      payableFen: { type: Number, required: true },
    },
    tierLabel: { type: String, default: '' },
    tags: { type: [String], enum: RESIDENT_TAGS, default: [] },
    bookedAt: { type: Date, required: true },
    cancelledAt: Date,
    cancelledBy: Schema.Types.ObjectId,
    cancelReason: String,
    servedAt: Date,
    servedBy: Schema.Types.ObjectId,
    source: { type: String, enum: BOOKING_SOURCES },
    standingOrderId: Schema.Types.ObjectId,
    placeToFree: Boolean,
    deliveryOutcome: { type: String, enum: DELIVERY_OUTCOMES },
    deliveryNote: String,
  },
  { timestamps: true },
);
bookingSchema.index(
  { menuId: 1, elderId: 1 },
  { unique: true, partialFilterExpression: { active: true }, name: 'one_booking_per_elder_per_menu' },
);
bookingSchema.index({ menuId: 1, pickupCode: 1 }, { unique: true, name: 'one_pickup_code_per_menu' });
bookingSchema.index({ elderId: 1, month: 1 });
bookingSchema.index({ providerId: 1, month: 1, status: 1 });
export const BookingModel = mongoose.model<BookingDoc>('MealBooking', bookingSchema);

/** Which unique index a duplicate-key error came from (the store reports its key pattern). */
export function duplicateKeyOf(err: unknown): 'elder' | 'pickupCode' | undefined {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== 11000) return undefined;
  const { keyPattern, message } = err as { keyPattern?: Record<string, unknown>; message?: string };
  if (keyPattern ? 'pickupCode' in keyPattern : message?.includes('pickup')) return 'pickupCode';
  return 'elder';
}
