/**
 * One uploaded image: who sent it, whether a record has taken it yet, and where its two encodings
 * are kept. `pending` until a module attaches it to a record (then `attached` with its owner);
 * a pending upload nobody attached within ABANDON_AFTER_MS is deleted with its blobs.
 */
import mongoose, { Schema, type Types } from 'mongoose';

/** 'deleting' is internal: a deletion in progress (see upload-service.ts), never attached or served. */
export const UPLOAD_STATES = ['pending', 'attached', 'deleting'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

export interface UploadOwner {
  /** Which kind of record, as the module registered it ('repairTicket'). */
  kind: string;
  recordId: string;
}

export interface UploadDoc {
  _id: Types.ObjectId;
  uploaderId: string;
  state: UploadState;
  owner?: UploadOwner;
  /** Blob keys of the stored image and its thumbnail. */
  keys: { full: string; thumb: string };
  width: number;
  height: number;
  bytes: number;
  thumbWidth: number;
  thumbHeight: number;
  thumbBytes: number;
  contentType: string;
  createdAt: Date;
  attachedAt?: Date;
}

const uploadSchema = new Schema<UploadDoc>(
  {
    uploaderId: { type: String, required: true },
    state: { type: String, enum: UPLOAD_STATES, required: true },
    owner: {
      type: {
        _id: false,
        kind: { type: String, required: true },
        recordId: { type: String, required: true },
      },
      required: false,
    },
    keys: {
      _id: false,
      full: { type: String, required: true },
      thumb: { type: String, required: true },
    },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    bytes: { type: Number, required: true },
    thumbWidth: { type: Number, required: true },
    thumbHeight: { type: Number, required: true },
    thumbBytes: { type: Number, required: true },
    contentType: { type: String, required: true },
    // Set from the injected Clock, not by mongoose timestamps: abandonment is a time rule.
    createdAt: { type: Date, required: true },
    attachedAt: { type: Date },
  },
  { versionKey: false },
);
// A record's photos (present, removeFor) and a person's uploads (export, erasure).
uploadSchema.index({ 'owner.kind': 1, 'owner.recordId': 1 });
uploadSchema.index({ uploaderId: 1, createdAt: 1 });
// The abandonment sweep: pending uploads, oldest first.
uploadSchema.index({ state: 1, createdAt: 1 });

export const UploadModel = mongoose.model<UploadDoc>('Upload', uploadSchema);
