/**
 * Repair tickets and the "me too"s on them. A ticket keeps its whole history (who, when, note,
 * photos) inside itself, so one conditional update on the status moves it and records the move.
 * "Me too" is one document per (ticket, resident), unique: a second tap from the same resident
 * is a duplicate key and is not counted; the ticket's counter moves only when the insert did.
 */
import {
  FOLLOW_UP_ANSWERS,
  REPAIR_AREAS,
  TICKET_STATUSES,
  URGENCY_LEVELS,
  type FollowUpAnswer,
  type RepairArea,
  type TicketStatus,
  type UrgencyLevel,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import type { UploadRef } from '../ports';

export interface HistoryEntry {
  action: string;
  from: TicketStatus | null;
  to: TicketStatus;
  /** null for the system (scheduled work). */
  by: Types.ObjectId | null;
  role: string;
  at: Date;
  note: string;
  photos: UploadRef[];
}

export interface TicketDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  providerId: Types.ObjectId;
  categoryId: Types.ObjectId;
  area: RepairArea;
  householdId?: Types.ObjectId;
  buildingId?: Types.ObjectId;
  assetCode?: string;
  place: string;
  /** As received from WeChat (GCJ-02); Open311 converts to WGS84 on the way out. */
  location?: { latitude: number; longitude: number };
  /** Public-area duplicates match on this: the building and asset the report names. */
  placeKey: string;
  description: string;
  photos: UploadRef[];
  urgency: UrgencyLevel;
  preferredTimes: string[];
  fields: Record<string, string | number | string[]>;
  /** null once the reporter's account is erased (a public-area ticket stays, without the person). */
  reporterId: Types.ObjectId | null;
  /** Set when staff filed it for the resident (an elder who phoned the office). */
  filedBy?: Types.ObjectId;
  status: TicketStatus;
  open: boolean;
  assigneeId?: Types.ObjectId;
  quote?: { amountFen: number; approved: boolean | null };
  rating?: number;
  comment?: string;
  meTooCount: number;
  mergedInto?: Types.ObjectId;
  dueAt: Date;
  overdue: boolean;
  escalatedAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  followUp?: FollowUpAnswer;
  history: HistoryEntry[];
  createdAt: Date;
}

const uploadRef = { _id: false, id: String, width: Number, height: Number };

const ticketSchema = new Schema<TicketDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    categoryId: { type: Schema.Types.ObjectId, required: true },
    area: { type: String, required: true, enum: REPAIR_AREAS },
    householdId: Schema.Types.ObjectId,
    buildingId: Schema.Types.ObjectId,
    assetCode: String,
    place: { type: String, default: '' },
    location: { _id: false, latitude: Number, longitude: Number },
    placeKey: { type: String, default: '' },
    description: { type: String, required: true },
    photos: [uploadRef],
    urgency: { type: String, required: true, enum: URGENCY_LEVELS },
    preferredTimes: [String],
    fields: { type: Schema.Types.Mixed, default: {} },
    reporterId: { type: Schema.Types.ObjectId, default: null },
    filedBy: Schema.Types.ObjectId,
    status: { type: String, required: true, enum: TICKET_STATUSES },
    open: { type: Boolean, required: true },
    assigneeId: Schema.Types.ObjectId,
    quote: { _id: false, amountFen: Number, approved: { type: Boolean, default: null } },
    rating: Number,
    comment: String,
    meTooCount: { type: Number, default: 0 },
    mergedInto: Schema.Types.ObjectId,
    dueAt: { type: Date, required: true },
    overdue: { type: Boolean, default: false },
    escalatedAt: Date,
    resolvedAt: Date,
    closedAt: Date,
    followUp: { type: String, enum: FOLLOW_UP_ANSWERS },
    /** Set from the injected clock (not mongoose's timestamps): deadlines and figures count from it. */
    createdAt: { type: Date, required: true },
    history: [
      {
        _id: false,
        action: String,
        from: String,
        to: String,
        by: Schema.Types.ObjectId,
        role: String,
        at: Date,
        note: String,
        photos: [uploadRef],
      },
    ],
  },
  { minimize: false },
);
ticketSchema.index({ providerId: 1, communityId: 1, status: 1 });
ticketSchema.index({ communityId: 1, area: 1, createdAt: -1 });
ticketSchema.index({ reporterId: 1, createdAt: -1 });
ticketSchema.index({ assigneeId: 1, open: 1 });
ticketSchema.index({ communityId: 1, categoryId: 1, placeKey: 1, open: 1 });
export const RepairTicketModel = mongoose.model<TicketDoc>('RepairTicket', ticketSchema);

export interface MeTooDoc {
  _id: Types.ObjectId;
  ticketId: Types.ObjectId;
  userId: Types.ObjectId;
  at: Date;
}
const meTooSchema = new Schema<MeTooDoc>({
  ticketId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
meTooSchema.index({ ticketId: 1, userId: 1 }, { unique: true, name: 'one_me_too_per_resident' });
meTooSchema.index({ userId: 1 });
export const RepairMeTooModel = mongoose.model<MeTooDoc>('RepairMeToo', meTooSchema);
