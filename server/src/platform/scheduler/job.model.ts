/**
 * What the scheduler keeps: one document per (kind, key), so "remind the elder the day before" is
 * a row that survives restarts and is claimed by exactly one instance at a time.
 *
 * Life of a job: pending → running (claimed, with a lease) → done; a failed run goes back to
 * pending at a later `runAt` until its attempts run out, then it is failed. Scheduling the same
 * (kind, key) again makes it pending at the new time, whatever state it was in.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Done jobs stay a month (what ran, when, after how many attempts), then the store removes them. */
export const DONE_JOB_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface ScheduledJob {
  _id: Types.ObjectId;
  kind: string;
  key: string;
  /** When the job was scheduled for; handlers see this, retries do not move it. */
  dueAt: Date;
  /** When it may next be claimed: dueAt at first, later after a failed attempt. */
  runAt: Date;
  payload: Record<string, unknown>;
  status: JobStatus;
  /** Claims so far (each run, including one whose process died). */
  attempts: number;
  lastError?: string;
  /** The claim that is running it: the instance, a token for this claim, and until when it holds. */
  owner?: string;
  claim?: string;
  leaseUntil?: Date;
  /** Set when done; the TTL index counts from it. */
  doneAt?: Date;
  failedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const ScheduledJobSchema = new Schema<ScheduledJob>(
  {
    kind: { type: String, required: true },
    key: { type: String, required: true },
    dueAt: { type: Date, required: true },
    runAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: JOB_STATUSES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: String,
    owner: String,
    claim: String,
    leaseUntil: Date,
    doneAt: Date,
    failedAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // Timestamps come from the injected Clock (set by the scheduler), not from mongoose's Date.now.
  { collection: 'scheduled_jobs', versionKey: false, minimize: false },
);
// One job per (kind, key): scheduling again moves it rather than adding a second.
ScheduledJobSchema.index({ kind: 1, key: 1 }, { unique: true });
// The claim: pending and due, or running with an expired lease, earliest first.
ScheduledJobSchema.index({ status: 1, runAt: 1 });
ScheduledJobSchema.index({ status: 1, leaseUntil: 1 });
// Only done jobs carry doneAt, so only they expire.
ScheduledJobSchema.index({ doneAt: 1 }, { expireAfterSeconds: DONE_JOB_TTL_SECONDS });

/** The model on a connection (the app's, or a test's second instance's). */
export function scheduledJobModel(connection: Connection): Model<ScheduledJob> {
  return (
    (connection.models.ScheduledJob as Model<ScheduledJob> | undefined) ??
    connection.model<ScheduledJob>('ScheduledJob', ScheduledJobSchema)
  );
}
