/**
 * A pledge project and its needs. Needs are documents of their own (one per money target, goods
 * item or labour slot) so that taking from one is a single conditional `$inc` on that document:
 * `pledged` only moves while it stays within `target` (goods and labour), however many pledge at
 * once. The project keeps its wording, thresholds, deadline, state and history; `pledgeCount`
 * counts pledges ever made, and the first one freezes the wording and needs (an edit after that is
 * a new version, see projects/service.ts).
 */
import { NEED_KINDS, PROJECT_STATUSES, type NeedKind, type ProjectStatus } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import type { UploadRef } from '../../../platform/uploads';
import { workflowHistorySchema, type StoredHistoryEntry } from '../../../platform/workflow';

export type HistoryEntry = StoredHistoryEntry;

export interface ProjectVersion {
  version: number;
  title: string;
  description: string;
  changeNote?: string;
  at: Date;
}

export interface ProjectDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  description: string;
  photos: UploadRef[];
  thresholds: { households?: number; moneyFen?: number };
  deadline: Date;
  status: ProjectStatus;
  version: number;
  versions: ProjectVersion[];
  pledgeCount: number;
  history: HistoryEntry[];
  cancelReason?: string;
  createdBy: Types.ObjectId;
  createdAt: Date;
}

const projectSchema = new Schema<ProjectDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    photos: [{ _id: false, id: String, width: Number, height: Number }],
    thresholds: { households: Number, moneyFen: Number },
    deadline: { type: Date, required: true },
    status: { type: String, required: true, enum: PROJECT_STATUSES },
    version: { type: Number, required: true, default: 1 },
    versions: [
      { _id: false, version: Number, title: String, description: String, changeNote: String, at: Date },
    ],
    pledgeCount: { type: Number, required: true, default: 0 },
    history: { type: [workflowHistorySchema()], default: [] },
    cancelReason: String,
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
projectSchema.index({ communityId: 1, status: 1, deadline: 1 });
export const ProjectModel = mongoose.model<ProjectDoc>('PledgeProject', projectSchema);

export interface NeedDoc {
  _id: Types.ObjectId;
  projectId: Types.ObjectId;
  communityId: Types.ObjectId;
  kind: NeedKind;
  label: string;
  unit?: string;
  /** Money: target fen; goods: quantity; labour: headcount. */
  target: number;
  /** Firm pledges (money: fen promised). Guarded by target for goods and labour. */
  pledged: number;
  /** Confirmed received (money fen, goods items) or volunteers checked out. */
  received: number;
  startsAt?: Date;
  endsAt?: Date;
  /** Labour: the codes shown at the activity (unique among slots, see the index). */
  checkInCode?: string;
  checkOutCode?: string;
  order: number;
  /** Pledges whose quantity was given back, so a re-run of a withdrawal gives it back once. */
  returnedFor: Types.ObjectId[];
}

const needSchema = new Schema<NeedDoc>(
  {
    projectId: { type: Schema.Types.ObjectId, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: NEED_KINDS },
    label: { type: String, required: true },
    unit: String,
    target: { type: Number, required: true, min: 1 },
    pledged: { type: Number, required: true, default: 0, min: 0 },
    received: { type: Number, required: true, default: 0, min: 0 },
    startsAt: Date,
    endsAt: Date,
    checkInCode: String,
    checkOutCode: String,
    order: { type: Number, required: true, default: 0 },
    returnedFor: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);
needSchema.index(
  { projectId: 1, checkInCode: 1 },
  { unique: true, partialFilterExpression: { kind: 'labour' }, name: 'one_check_in_code' },
);
needSchema.index(
  { projectId: 1, checkOutCode: 1 },
  { unique: true, partialFilterExpression: { kind: 'labour' }, name: 'one_check_out_code' },
);
export const NeedModel = mongoose.model<NeedDoc>('PledgeNeed', needSchema);
