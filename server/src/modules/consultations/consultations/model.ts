/**
 * A consultation: what is asked, who may vote, the ballot's form, the window, the secrecy
 * settings, and where it is in its lifecycle (with the history of every move). For an owners'
 * decision it also keeps the matter and the rule set it will be counted under, frozen at creation.
 */
import {
  BALLOT_KINDS,
  CONSULTATION_STATUSES,
  ELIGIBILITIES,
  OWNER_MATTERS,
  type BallotKind,
  type ConsultationStatus,
  type Eligibility,
  type OwnerMatter,
  type RuleSet,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { workflowHistorySchema, type StoredHistoryEntry } from '../../../platform/workflow';

export interface ConsultationDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  body: string;
  eligibility: Eligibility;
  matter?: OwnerMatter;
  ruleSet?: RuleSet;
  buildingIds: Types.ObjectId[];
  ballot: {
    kind: BallotKind;
    options: { id: string; label: string }[];
    minChoices: number;
    maxChoices: number;
  };
  resultsHidden: boolean;
  secretBallot: boolean;
  allowChange: boolean;
  discussionOpensAt?: Date;
  votingOpensAt?: Date;
  votingClosesAt: Date;
  status: ConsultationStatus;
  history: StoredHistoryEntry[];
  openedAt?: Date;
  closedAt?: Date;
  publishedAt?: Date;
  /** How many electors the roll frozen at opening holds, and how many have voted (one $inc each). */
  electors: number;
  voted: number;
  attachments: { id: string; width: number; height: number }[];
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const consultationSchema = new Schema<ConsultationDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    eligibility: { type: String, required: true, enum: ELIGIBILITIES },
    matter: { type: String, enum: OWNER_MATTERS },
    ruleSet: { type: Schema.Types.Mixed },
    buildingIds: { type: [Schema.Types.ObjectId], default: [] },
    ballot: {
      kind: { type: String, required: true, enum: BALLOT_KINDS },
      options: [
        { _id: false, id: { type: String, required: true }, label: { type: String, required: true } },
      ],
      minChoices: { type: Number, required: true },
      maxChoices: { type: Number, required: true },
    },
    resultsHidden: { type: Boolean, required: true },
    secretBallot: { type: Boolean, required: true },
    allowChange: { type: Boolean, required: true },
    discussionOpensAt: Date,
    votingOpensAt: Date,
    votingClosesAt: { type: Date, required: true },
    status: { type: String, required: true, enum: CONSULTATION_STATUSES },
    history: { type: [workflowHistorySchema()], default: [] },
    openedAt: Date,
    closedAt: Date,
    publishedAt: Date,
    electors: { type: Number, required: true, default: 0 },
    voted: { type: Number, required: true, default: 0 },
    attachments: [{ _id: false, id: String, width: Number, height: Number }],
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
consultationSchema.index({ communityId: 1, status: 1, createdAt: -1 });
export const ConsultationModel = mongoose.model<ConsultationDoc>('Consultation', consultationSchema);

export interface CommentDoc {
  _id: Types.ObjectId;
  consultationId: Types.ObjectId;
  communityId: Types.ObjectId;
  /** null once the author deleted their account: the words stay, the name goes. */
  authorId: Types.ObjectId | null;
  committee: boolean;
  kind: 'comment' | 'proposal' | 'reply';
  body: string;
  replyTo?: Types.ObjectId;
  attachments: { id: string; width: number; height: number }[];
  createdAt: Date;
}

const commentSchema = new Schema<CommentDoc>(
  {
    consultationId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    authorId: { type: Schema.Types.ObjectId, default: null, index: true },
    committee: { type: Boolean, required: true },
    kind: { type: String, required: true, enum: ['comment', 'proposal', 'reply'] },
    body: { type: String, required: true },
    replyTo: Schema.Types.ObjectId,
    attachments: [{ _id: false, id: String, width: Number, height: Number }],
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
commentSchema.index({ consultationId: 1, createdAt: 1 });
export const ConsultationCommentModel = mongoose.model<CommentDoc>('ConsultationComment', commentSchema);
