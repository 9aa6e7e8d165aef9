/**
 * Ratings: one per served item (unique on service and item), by someone who was served. And the
 * items a resident dismissed from their to-rate list (unique per user and item), so they are
 * never asked again.
 */
import { EVALUATED_SERVICES, type EvaluatedService } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface RatingDoc {
  _id: Types.ObjectId;
  service: EvaluatedService;
  itemId: Types.ObjectId;
  /** Null once the rater's account is deleted (the scores stay in the figures). */
  raterId: Types.ObjectId | null;
  providerId: Types.ObjectId;
  communityId: Types.ObjectId;
  servedAt: Date;
  /** Shanghai month of servedAt, 'YYYY-MM': the month the figures count it in. */
  month: string;
  scores: Record<string, number>;
  comment?: string;
  signed: boolean;
  reply?: { text: string; by: Types.ObjectId; at: Date };
  /** When it was first given, on the injected Clock (the 7-day edit window runs from here). */
  ratedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const ratingSchema = new Schema<RatingDoc>(
  {
    service: { type: String, required: true, enum: EVALUATED_SERVICES },
    itemId: { type: Schema.Types.ObjectId, required: true },
    raterId: { type: Schema.Types.ObjectId, default: null },
    providerId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    servedAt: { type: Date, required: true },
    month: { type: String, required: true },
    scores: { type: Schema.Types.Mixed, required: true },
    comment: String,
    signed: { type: Boolean, required: true, default: false },
    ratedAt: { type: Date, required: true },
    reply: {
      type: new Schema({ text: String, by: Schema.Types.ObjectId, at: Date }, { _id: false }),
      default: undefined,
    },
  },
  { timestamps: true, minimize: false },
);
ratingSchema.index({ service: 1, itemId: 1 }, { unique: true, name: 'one_rating_per_item' });
ratingSchema.index({ service: 1, communityId: 1, month: 1 });
ratingSchema.index({ service: 1, providerId: 1, month: 1 });
ratingSchema.index({ raterId: 1 });
export const RatingModel = mongoose.model<RatingDoc>('Rating', ratingSchema);

export interface DismissalDoc {
  _id: Types.ObjectId;
  service: EvaluatedService;
  itemId: Types.ObjectId;
  userId: Types.ObjectId;
  at: Date;
}
const dismissalSchema = new Schema<DismissalDoc>({
  service: { type: String, required: true, enum: EVALUATED_SERVICES },
  itemId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
dismissalSchema.index({ userId: 1, service: 1, itemId: 1 }, { unique: true, name: 'one_dismissal_per_item' });
export const DismissalModel = mongoose.model<DismissalDoc>('RatingDismissal', dismissalSchema);
