/**
 * A daycare centre's records: its settings (one per provider of kind 'daycare'), its classes with
 * the places they hold, and its visit slots.
 *
 * A class keeps its places in `seats`, keyed by enquiry id (or a generated id for a child enrolled
 * outside the platform), with `taken` counting them. Taking a place is one conditional update
 * (`taken` below capacity and no seat for that enquiry yet), giving it back is one too (the seat is
 * there): each is idempotent per enquiry, so a retried expiry never frees a place twice or fills
 * one twice.
 */
import type { AgeBand, PriorityRule } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import type { UploadRef } from '../../../platform/uploads';

export interface FeeDoc {
  priceFen: number;
  subsidyFen: number;
}

export interface CentreSettingsDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  address: string;
  hours: { opens: string; closes: string };
  inclusive: boolean;
  fees: { fullDay?: FeeDoc; halfDay?: FeeDoc; hourly?: FeeDoc };
  ageRangeMonths: { min: number; max: number };
  photos: UploadRef[];
  offerExpiryDays: number;
  priorityRules: PriorityRule[];
  description: string;
  replyTemplates: { title: string; text: string }[];
}

const fee = { _id: false, priceFen: Number, subsidyFen: Number };
const centreSettingsSchema = new Schema<CentreSettingsDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true, unique: true },
    address: { type: String, default: '' },
    hours: { _id: false, opens: String, closes: String },
    inclusive: { type: Boolean, default: false },
    fees: { _id: false, fullDay: { type: fee }, halfDay: { type: fee }, hourly: { type: fee } },
    ageRangeMonths: { _id: false, min: Number, max: Number },
    photos: { type: [{ _id: false, id: String, width: Number, height: Number }], default: [] },
    offerExpiryDays: { type: Number, default: 7 },
    priorityRules: { type: [String], default: [] },
    description: { type: String, default: '' },
    replyTemplates: { type: [{ _id: false, title: String, text: String }], default: [] },
  },
  { timestamps: true },
);
export const CentreSettingsModel = mongoose.model<CentreSettingsDoc>(
  'DaycareCentreSettings',
  centreSettingsSchema,
);

export const DEFAULT_CENTRE_SETTINGS: Omit<CentreSettingsDoc, '_id' | 'providerId'> = {
  address: '',
  hours: { opens: '08:00', closes: '17:30' },
  inclusive: false,
  fees: {},
  ageRangeMonths: { min: 6, max: 36 },
  photos: [],
  offerExpiryDays: 7,
  priorityRules: [],
  description: '',
  replyTemplates: [],
};

export interface SeatDoc {
  kind: 'enrolled' | 'offered';
  birthMonth: string;
  /** Absent for a child the centre entered (enrolled outside the platform). */
  enquiryId?: Types.ObjectId;
  since: Date;
}

export interface ClassDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  name: string;
  band: AgeBand;
  capacity: number;
  taken: number;
  seats: Record<string, SeatDoc>;
  createdAt: Date;
}

const classSchema = new Schema<ClassDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    band: { type: String, required: true },
    capacity: { type: Number, required: true },
    taken: { type: Number, default: 0 },
    seats: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, minimize: false },
);
export const ClassModel = mongoose.model<ClassDoc>('DaycareClass', classSchema);

export interface VisitSlotDoc {
  _id: Types.ObjectId;
  providerId: Types.ObjectId;
  startsAt: Date;
  date: string;
  time: string;
  durationMinutes: number;
  places: number;
  booked: number;
  /** Enquiries holding a place, so a place is given back once and a family books once. */
  enquiryIds: Types.ObjectId[];
}

const visitSlotSchema = new Schema<VisitSlotDoc>(
  {
    providerId: { type: Schema.Types.ObjectId, required: true },
    startsAt: { type: Date, required: true },
    date: { type: String, required: true },
    time: { type: String, required: true },
    durationMinutes: { type: Number, required: true },
    places: { type: Number, required: true },
    booked: { type: Number, default: 0 },
    enquiryIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);
visitSlotSchema.index({ providerId: 1, startsAt: 1 });
export const VisitSlotModel = mongoose.model<VisitSlotDoc>('DaycareVisitSlot', visitSlotSchema);
