/**
 * The audit log: one entry per staff change to a resident's record. Entries are never edited,
 * except that erasing a resident's data removes their id from the entries about them.
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface AuditEntryDoc {
  _id: Types.ObjectId;
  actorId: Types.ObjectId;
  /** What was done, 'membership.approve', 'resident.setTags', ... */
  action: string;
  subjectUserId?: Types.ObjectId | null;
  subjectErased: boolean;
  communityId: Types.ObjectId;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
  at: Date;
}

const auditEntrySchema = new Schema<AuditEntryDoc>({
  actorId: { type: Schema.Types.ObjectId, required: true },
  action: { type: String, required: true },
  subjectUserId: { type: Schema.Types.ObjectId, default: null },
  subjectErased: { type: Boolean, default: false },
  communityId: { type: Schema.Types.ObjectId, required: true },
  target: {
    kind: { type: String, required: true },
    id: { type: String, required: true },
  },
  before: { type: Schema.Types.Mixed, default: null },
  after: { type: Schema.Types.Mixed, default: null },
  at: { type: Date, required: true },
});
// The two ways the log is read: a community's entries, and one resident's, newest first.
auditEntrySchema.index({ communityId: 1, at: -1 });
auditEntrySchema.index({ subjectUserId: 1, at: -1 });

export const AuditEntryModel = mongoose.model<AuditEntryDoc>('AuditEntry', auditEntrySchema);
