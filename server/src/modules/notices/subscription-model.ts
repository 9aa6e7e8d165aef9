/**
 * WeChat subscribe messages: the consents a resident has granted (one message each), and a log of
 * what we sent, unique per notice and user so a notice never reaches someone twice by WeChat.
 */
import { SUBSCRIPTION_TEMPLATES, type SubscriptionTemplate } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface SubscriptionCreditDoc {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  template: SubscriptionTemplate;
  /** Unspent consents; never below 0 (spent only by a conditional $inc). */
  credits: number;
}

const creditSchema = new Schema<SubscriptionCreditDoc>(
  {
    user: { type: Schema.Types.ObjectId, required: true },
    template: { type: String, required: true, enum: SUBSCRIPTION_TEMPLATES },
    credits: { type: Number, required: true, min: 0, default: 0 },
  },
  { timestamps: true },
);
creditSchema.index({ user: 1, template: 1 }, { unique: true, name: 'one_counter_per_template' });
export const SubscriptionCreditModel = mongoose.model<SubscriptionCreditDoc>(
  'SubscriptionCredit',
  creditSchema,
);

export const NOTICE_MESSAGE_OUTCOMES = ['sending', 'sent', 'failed'] as const;
export type NoticeMessageOutcome = (typeof NOTICE_MESSAGE_OUTCOMES)[number];

export interface NoticeMessageDoc {
  _id: Types.ObjectId;
  notice: Types.ObjectId;
  user: Types.ObjectId;
  outcome: NoticeMessageOutcome;
  /** WeChat's errcode when it failed. */
  errcode?: number;
  at: Date;
}

const noticeMessageSchema = new Schema<NoticeMessageDoc>({
  notice: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  outcome: { type: String, required: true, enum: NOTICE_MESSAGE_OUTCOMES },
  errcode: Number,
  at: { type: Date, required: true },
});
noticeMessageSchema.index({ notice: 1, user: 1 }, { unique: true, name: 'one_message_per_notice_user' });
export const NoticeMessageModel = mongoose.model<NoticeMessageDoc>('NoticeMessage', noticeMessageSchema);
