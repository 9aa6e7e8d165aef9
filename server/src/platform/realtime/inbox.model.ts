/**
 * What realtime keeps so a client that was away catches up: each user's events with their seq
 * (the inbox, 7 days), and each user's sequence counter. The counter is never deleted, so a seq is
 * never handed out twice even after the inbox entries that used it have expired.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose';

export const INBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

/** How many recent claims a counter remembers; see InboxDelivery.nextSeqs. */
export const CLAIMS_KEPT = 64;

export interface InboxEntry {
  user: Types.ObjectId;
  seq: number;
  event: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface SeqCounter {
  /** The user's id. */
  _id: Types.ObjectId;
  /** The last seq handed out. */
  seq: number;
  /**
   * Ids of the latest deliveries that took a seq, oldest first; the last one took `seq`, the one
   * before it `seq - 1`, and so on. Lets a bulk update tell each delivery which seq it got.
   */
  claims: string[];
}

const InboxEntrySchema = new Schema<InboxEntry>(
  {
    user: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    event: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'realtime_inbox', versionKey: false, minimize: false },
);
// One event per seq per user; replay reads a user's entries in seq order.
InboxEntrySchema.index({ user: 1, seq: 1 }, { unique: true });
InboxEntrySchema.index({ createdAt: 1 }, { expireAfterSeconds: INBOX_TTL_SECONDS });

const SeqCounterSchema = new Schema<SeqCounter>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    claims: { type: [String], default: [] },
  },
  { collection: 'realtime_sequences', versionKey: false },
);

export interface InboxModels {
  Inbox: Model<InboxEntry>;
  SeqCounter: Model<SeqCounter>;
}

/** The models on a connection (the app's, or a test's second instance's). */
export function inboxModels(connection: Connection): InboxModels {
  return {
    Inbox:
      (connection.models.RealtimeInboxEntry as Model<InboxEntry> | undefined) ??
      connection.model<InboxEntry>('RealtimeInboxEntry', InboxEntrySchema),
    SeqCounter:
      (connection.models.RealtimeSeqCounter as Model<SeqCounter> | undefined) ??
      connection.model<SeqCounter>('RealtimeSeqCounter', SeqCounterSchema),
  };
}
