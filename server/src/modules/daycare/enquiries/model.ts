/**
 * Enquiries and their messages. One enquiry per chosen centre (up to 3, sharing a `groupId` and
 * ranked by `preference`), each moving through enquiryFlow on its own. The child is a nickname
 * and a birth month, nothing more; `consents` records who agreed to which wording, and when,
 * before the child was stored. After a withdrawn or declined enquiry's retention period the child
 * and the questions are blanked (`childErasedAt`) and its messages deleted; the bare record stays
 * for the centre's and the committee's counts.
 */
import type { AgeBand, EnquiryRole, EnquiryStatus, Schedule } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface HistoryEntry {
  action: string;
  from: EnquiryStatus;
  to: EnquiryStatus;
  by: Types.ObjectId | null;
  role: EnquiryRole;
  at: Date;
  note?: string;
}

export interface ConsentRecord {
  userId: Types.ObjectId;
  version: string;
  wording: string;
  at: Date;
}

export interface EnquiryDoc {
  _id: Types.ObjectId;
  groupId: Types.ObjectId;
  preference: number;
  providerId: Types.ObjectId;
  /** A community the centre serves (the first), for audit entries and the committee's figures. */
  communityId: Types.ObjectId;
  guardianId: Types.ObjectId;
  preparedBy?: Types.ObjectId;
  child: { nickname: string; birthMonth: string };
  childErasedAt?: Date;
  /** The child's band by age at the desired start (for demand figures; kept after erasure). */
  ageBand: AgeBand | null;
  ageMonthsAtStart: number;
  desiredStart: string;
  schedule: Schedule;
  questions: string;
  classId: Types.ObjectId | null;
  livesInCommunity: boolean;
  status: EnquiryStatus;
  history: HistoryEntry[];
  consents: ConsentRecord[];
  declineReason?: string;
  visit?: { slotId: Types.ObjectId; startsAt: Date };
  offeredAt?: Date;
  offerExpiresAt?: Date;
  waitlistedAt?: Date;
  /**
   * Set in the same write that closes an enquiry holding an offered place: its place is still to
   * be passed to the next family. `passedTo` records that family before its seat is taken, so a
   * retried run finishes the same hand-over instead of offering the place to a second family.
   */
  passOn?: boolean;
  passedTo?: Types.ObjectId;
  unread: { guardian: number; centre: number };
  createdAt: Date;
}

const enquirySchema = new Schema<EnquiryDoc>(
  {
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    preference: { type: Number, required: true },
    providerId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    guardianId: { type: Schema.Types.ObjectId, required: true, index: true },
    preparedBy: { type: Schema.Types.ObjectId, index: true },
    child: { _id: false, nickname: String, birthMonth: String },
    childErasedAt: Date,
    ageBand: { type: String, default: null },
    ageMonthsAtStart: Number,
    desiredStart: String,
    schedule: String,
    questions: { type: String, default: '' },
    classId: { type: Schema.Types.ObjectId, default: null },
    livesInCommunity: Boolean,
    status: { type: String, required: true },
    history: {
      type: [
        {
          _id: false,
          action: String,
          from: String,
          to: String,
          by: Schema.Types.ObjectId,
          role: String,
          at: Date,
          note: String,
        },
      ],
      default: [],
    },
    consents: {
      type: [{ _id: false, userId: Schema.Types.ObjectId, version: String, wording: String, at: Date }],
      default: [],
    },
    declineReason: String,
    visit: { _id: false, slotId: Schema.Types.ObjectId, startsAt: Date },
    offeredAt: Date,
    offerExpiresAt: Date,
    waitlistedAt: Date,
    passOn: Boolean,
    passedTo: Schema.Types.ObjectId,
    unread: { _id: false, guardian: { type: Number, default: 0 }, centre: { type: Number, default: 0 } },
  },
  { timestamps: true },
);
enquirySchema.index({ providerId: 1, status: 1, createdAt: -1 });
enquirySchema.index({ classId: 1, status: 1 });
enquirySchema.index({ communityId: 1, createdAt: 1 });
export const EnquiryModel = mongoose.model<EnquiryDoc>('DaycareEnquiry', enquirySchema);

export interface MessageDoc {
  _id: Types.ObjectId;
  enquiryId: Types.ObjectId;
  from: 'guardian' | 'centre';
  authorId: Types.ObjectId;
  text: string;
  at: Date;
}
const messageSchema = new Schema<MessageDoc>({
  enquiryId: { type: Schema.Types.ObjectId, required: true },
  from: { type: String, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, required: true },
  at: { type: Date, required: true },
});
messageSchema.index({ enquiryId: 1, at: 1 });
export const MessageModel = mongoose.model<MessageDoc>('DaycareMessage', messageSchema);
