/**
 * Wellness alerts: one per delivery booking where nobody answered the door (unique on the
 * booking), open until a committee member of the elder's community acknowledges it with a note.
 * And a log of the WeChat subscribe messages sent about each alert, unique per alert and person, so
 * a replayed event never messages anyone twice.
 */
import { MEALS, WELLNESS_ALERT_STATUSES, type Meal, type WellnessAlertStatus } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface WellnessAlertDoc {
  _id: Types.ObjectId;
  elderId: Types.ObjectId;
  bookingId: Types.ObjectId;
  communityId: Types.ObjectId;
  providerId: Types.ObjectId;
  householdId: Types.ObjectId;
  date: string;
  meal: Meal;
  /** The canteen operator who recorded that nobody answered. */
  raisedBy: Types.ObjectId;
  raisedAt: Date;
  reportNote: string;
  status: WellnessAlertStatus;
  acknowledgedBy?: Types.ObjectId;
  acknowledgedAt?: Date;
  /** What the committee found. */
  note?: string;
}

const wellnessAlertSchema = new Schema<WellnessAlertDoc>(
  {
    elderId: { type: Schema.Types.ObjectId, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    meal: { type: String, required: true, enum: MEALS },
    raisedBy: { type: Schema.Types.ObjectId, required: true },
    raisedAt: { type: Date, required: true },
    reportNote: { type: String, default: '' },
    status: { type: String, required: true, enum: WELLNESS_ALERT_STATUSES },
    acknowledgedBy: Schema.Types.ObjectId,
    acknowledgedAt: Date,
    note: String,
  },
  { timestamps: true },
);
wellnessAlertSchema.index({ bookingId: 1 }, { unique: true, name: 'one_alert_per_booking' });
wellnessAlertSchema.index({ communityId: 1, status: 1, raisedAt: -1 });
wellnessAlertSchema.index({ elderId: 1, raisedAt: -1 });
export const WellnessAlertModel = mongoose.model<WellnessAlertDoc>('MealWellnessAlert', wellnessAlertSchema);

export const WELLNESS_MESSAGE_OUTCOMES = ['sending', 'sent', 'failed'] as const;

export interface WellnessMessageDoc {
  _id: Types.ObjectId;
  alert: Types.ObjectId;
  user: Types.ObjectId;
  outcome: (typeof WELLNESS_MESSAGE_OUTCOMES)[number];
  /** WeChat's errcode when it failed. */
  errcode?: number;
  at: Date;
}

const wellnessMessageSchema = new Schema<WellnessMessageDoc>({
  alert: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  outcome: { type: String, required: true, enum: WELLNESS_MESSAGE_OUTCOMES },
  errcode: Number,
  at: { type: Date, required: true },
});
wellnessMessageSchema.index({ alert: 1, user: 1 }, { unique: true, name: 'one_message_per_alert_user' });
export const WellnessMessageModel = mongoose.model<WellnessMessageDoc>(
  'MealWellnessMessage',
  wellnessMessageSchema,
);
