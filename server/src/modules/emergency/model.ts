/**
 * Emergency alerts, one per call for help, and each community's escalation setting.
 *
 * One open alert per person: `openKey` is the person's id while the alert is open or acknowledged,
 * and the alert's own id once closed, under a plain unique index. A press inserts an alert with
 * openKey = person; when that is refused as a duplicate, the press joins the open one. So twenty
 * presses at once make one alert, with no check-then-insert and no partial index (which the
 * embedded store and older MongoDB handle differently).
 */
import {
  EMERGENCY_ALERT_STATUSES,
  EMERGENCY_LOCATION_DATUMS,
  EMERGENCY_OUTCOMES,
  EMERGENCY_RECIPIENT_ROLES,
  type EmergencyAlertStatus,
  type EmergencyLocation,
  type EmergencyOutcome,
  type EmergencyRecipientRole,
} from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { workflowHistorySchema, type StoredHistoryEntry } from '../../platform/workflow';

export interface ToldEntry {
  userId: Types.ObjectId;
  role: EmergencyRecipientRole;
  round: 'raised' | 'escalated';
  at: Date;
}

export interface EmergencyAlertDoc {
  _id: Types.ObjectId;
  personId: Types.ObjectId;
  openKey: string;
  communityId: Types.ObjectId;
  householdId: Types.ObjectId;
  raisedAt: Date;
  presses: number;
  lastPressedAt: Date;
  location?: EmergencyLocation;
  status: EmergencyAlertStatus;
  escalated: boolean;
  escalatedAt?: Date;
  told: ToldEntry[];
  acknowledgedBy?: Types.ObjectId;
  acknowledgedAt?: Date;
  closedBy?: Types.ObjectId;
  closedAt?: Date;
  outcome?: EmergencyOutcome;
  closeNote?: string;
  /** Every move (emergencyFlow), who made it and when. */
  history: StoredHistoryEntry[];
}

const toldSchema = new Schema<ToldEntry>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, required: true, enum: EMERGENCY_RECIPIENT_ROLES },
    round: { type: String, required: true, enum: ['raised', 'escalated'] },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const locationSchema = new Schema<EmergencyLocation>(
  {
    datum: { type: String, required: true, enum: [...EMERGENCY_LOCATION_DATUMS] },
    latitude: { type: Number, required: true },
    longitude: { type: Number, required: true },
    accuracyM: Number,
  },
  { _id: false },
);

const alertSchema = new Schema<EmergencyAlertDoc>(
  {
    personId: { type: Schema.Types.ObjectId, required: true },
    openKey: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    raisedAt: { type: Date, required: true },
    presses: { type: Number, required: true, default: 1 },
    lastPressedAt: { type: Date, required: true },
    location: locationSchema,
    status: { type: String, required: true, enum: EMERGENCY_ALERT_STATUSES },
    escalated: { type: Boolean, required: true, default: false },
    escalatedAt: Date,
    told: { type: [toldSchema], default: [] },
    acknowledgedBy: Schema.Types.ObjectId,
    acknowledgedAt: Date,
    closedBy: Schema.Types.ObjectId,
    closedAt: Date,
    outcome: { type: String, enum: EMERGENCY_OUTCOMES },
    closeNote: String,
    history: { type: [workflowHistorySchema()], default: [] },
  },
  { timestamps: true },
);
alertSchema.index({ openKey: 1 }, { unique: true, name: 'one_open_alert_per_person' });
alertSchema.index({ communityId: 1, raisedAt: -1 });
alertSchema.index({ personId: 1, raisedAt: -1 });
alertSchema.index({ 'told.userId': 1 });
export const EmergencyAlertModel = mongoose.model<EmergencyAlertDoc>('EmergencyAlert', alertSchema);

export interface EmergencySettingsDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  escalateAfterMinutes: number;
}

const settingsSchema = new Schema<EmergencySettingsDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    escalateAfterMinutes: { type: Number, required: true },
  },
  { timestamps: true },
);
settingsSchema.index({ communityId: 1 }, { unique: true, name: 'one_setting_per_community' });
export const EmergencySettingsModel = mongoose.model<EmergencySettingsDoc>(
  'EmergencySettings',
  settingsSchema,
);

/** Log of WeChat messages about an alert: unique per alert, person and round, so none goes twice. */
export interface EmergencyMessageDoc {
  _id: Types.ObjectId;
  alert: Types.ObjectId;
  user: Types.ObjectId;
  round: 'raised' | 'escalated';
  outcome: 'sending' | 'sent' | 'failed';
  errcode?: number;
  at: Date;
}
const messageSchema = new Schema<EmergencyMessageDoc>({
  alert: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  round: { type: String, required: true, enum: ['raised', 'escalated'] },
  outcome: { type: String, required: true, enum: ['sending', 'sent', 'failed'] },
  errcode: Number,
  at: { type: Date, required: true },
});
messageSchema.index(
  { alert: 1, user: 1, round: 1 },
  { unique: true, name: 'one_message_per_alert_user_round' },
);
export const EmergencyMessageModel = mongoose.model<EmergencyMessageDoc>('EmergencyMessage', messageSchema);
