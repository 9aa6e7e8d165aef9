/**
 * Notices and who has read them. "Read once per person" is a unique index on (notice, user), so
 * two taps that open a notice at the same moment leave one read.
 */
import {
  NOTICE_CATEGORIES,
  NOTICE_STATUSES,
  RESIDENT_TAGS,
  type NoticeCategory,
  type NoticeStatus,
  type ResidentTag,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export const AUDIENCE_KINDS = ['community', 'buildings', 'tag'] as const;

export interface NoticeDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  body: string;
  category: NoticeCategory;
  audience: {
    kind: (typeof AUDIENCE_KINDS)[number];
    /** Set for kind 'buildings'. */
    buildingIds: Types.ObjectId[];
    /** Set for kind 'tag'. */
    tag?: ResidentTag;
  };
  pinned: boolean;
  status: NoticeStatus;
  publishedBy: Types.ObjectId;
  publishedAt: Date;
  expiresAt?: Date;
  withdrawnBy?: Types.ObjectId;
  withdrawnAt?: Date;
}

const noticeSchema = new Schema<NoticeDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    category: { type: String, required: true, enum: NOTICE_CATEGORIES },
    audience: {
      kind: { type: String, required: true, enum: AUDIENCE_KINDS },
      buildingIds: { type: [Schema.Types.ObjectId], default: [] },
      tag: { type: String, enum: RESIDENT_TAGS },
    },
    pinned: { type: Boolean, required: true, default: false },
    status: { type: String, required: true, enum: NOTICE_STATUSES },
    publishedBy: { type: Schema.Types.ObjectId, required: true },
    publishedAt: { type: Date, required: true },
    expiresAt: Date,
    withdrawnBy: Schema.Types.ObjectId,
    withdrawnAt: Date,
  },
  { timestamps: true },
);
// A resident's feed: their communities' live notices, pinned first, newest first.
noticeSchema.index({ communityId: 1, status: 1, pinned: -1, publishedAt: -1 });
export const NoticeModel = mongoose.model<NoticeDoc>('Notice', noticeSchema);

export interface NoticeReadDoc {
  _id: Types.ObjectId;
  notice: Types.ObjectId;
  user: Types.ObjectId;
  readAt: Date;
}

const noticeReadSchema = new Schema<NoticeReadDoc>({
  notice: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  readAt: { type: Date, required: true },
});
noticeReadSchema.index({ notice: 1, user: 1 }, { unique: true, name: 'one_read_per_user' });
export const NoticeReadModel = mongoose.model<NoticeReadDoc>('NoticeRead', noticeReadSchema);

export { isDuplicateKey } from '../../platform/database-errors';
