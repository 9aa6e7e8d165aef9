/**
 * Due work kept in the database: "close the vote at 18:00", "remind the elder the day before".
 * A job is a (kind, key) row with a due time; whichever instance claims it first runs it, the
 * claim is one conditional update (so with two instances it runs once), a claim whose instance
 * died is taken over once its lease has expired, and a handler that throws is retried later with
 * back-off until its attempts run out.
 *
 * Due times and leases are read on the injected Clock; only the background sweep's polling uses
 * real timers. Delivery is at least once: a process that dies after the handler's writes but
 * before the job is marked done leaves it to be run again, so handlers guard their writes with
 * the state they expect.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Connection, Model } from 'mongoose';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { scheduledJobModel, type ScheduledJob } from './job.model';

export interface DueJob {
  kind: string;
  key: string;
  /** When it was scheduled for (a retry keeps it). */
  dueAt: Date;
  payload: Record<string, unknown>;
  /** Earlier attempts that failed or whose process died: 0 the first time. */
  attempts: number;
}

export type JobHandler = (job: DueJob) => Promise<void>;

export interface Scheduler {
  /** What runs for a kind of job; registered once per kind when a module is built. */
  handle(kind: string, handler: JobHandler): void;
  /**
   * Schedules (kind, key) at dueAt; scheduling the same (kind, key) again moves it (upsert) and
   * makes it pending again whatever it was (done, failed, running), with its attempts reset.
   * Without `payload` a moved job keeps the payload it had.
   */
  schedule(job: { kind: string; key: string; dueAt: Date; payload?: Record<string, unknown> }): Promise<void>;
  /** Cancels a pending job; nothing happens when there is none. */
  cancel(kind: string, key: string): Promise<void>;
  /**
   * Claims and runs every job due at clock.now() until none is left; resolves with how many ran
   * here (handlers called, whether they succeeded or threw).
   */
  runDue(): Promise<number>;
}

export interface SchedulerOptions {
  connection: Connection;
  clock: Clock;
  logger: Logger;
  /** Names this instance in the claims it holds; defaults to host:pid:random. */
  owner?: string;
  /** How long a claim holds before another instance may take the job over. */
  leaseMs?: number;
  /** Attempts before a job is marked failed. */
  maxAttempts?: number;
  /** How long (real time) a running handler's lease is renewed; after that it may be taken over. */
  maxRunMs?: number;
  /** How long to wait before attempt n + 1, after attempt n (1-based) failed. */
  retryDelayMs?: (attempt: number) => number;
  /** Jobs run at the same time by one runDue. */
  concurrency?: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MAX_RUN_MS = 60 * 60_000;
/** 1 min, 5 min, 25 min, 2 h 5 min, … at most 6 h: a flaky dependency gets time to recover. */
export const defaultRetryDelayMs = (attempt: number): number =>
  Math.min(60_000 * 5 ** (attempt - 1), 6 * 60 * 60_000);
/**
 * One runDue claims at most this many jobs, so a handler that reschedules its own job for "now"
 * cannot keep it busy for ever; the rest run on the next pass.
 */
export const MAX_JOBS_PER_PASS = 1000;
const MAX_ERROR_LENGTH = 2000;

/** The scheduler on the database, with the background sweep main.ts starts and stops. */
export class DatabaseScheduler implements Scheduler {
  private readonly jobs: Model<ScheduledJob>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly maxRunMs: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly concurrency: number;
  private readonly handlers = new Map<string, JobHandler>();
  /** Kinds already reported as having no handler, so the log says it once. */
  private readonly reportedUnhandled = new Set<string>();
  private readonly passes = new Set<Promise<number>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.jobs = scheduledJobModel(options.connection);
    this.clock = options.clock;
    this.log = options.logger.child({ component: 'scheduler' });
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.maxRunMs = options.maxRunMs ?? DEFAULT_MAX_RUN_MS;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  handle(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`scheduler: a handler for "${kind}" is already registered`);
    this.handlers.set(kind, handler);
  }

  async schedule(job: {
    kind: string;
    key: string;
    dueAt: Date;
    payload?: Record<string, unknown>;
  }): Promise<void> {
    const { kind, key, dueAt, payload } = job;
    if (!kind || !key) throw new TypeError('scheduler.schedule: kind and key must be non-empty');
    if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime()))
      throw new TypeError(`scheduler.schedule: dueAt of ${kind}/${key} is not a valid date`);
    const now = this.clock.now();
    const update = {
      $set: {
        dueAt,
        runAt: dueAt,
        status: 'pending',
        attempts: 0,
        updatedAt: now,
        ...(payload === undefined ? {} : { payload }),
      },
      $unset: { lastError: '', owner: '', claim: '', leaseUntil: '', doneAt: '', failedAt: '' },
      $setOnInsert: { createdAt: now, ...(payload === undefined ? { payload: {} } : {}) },
    };
    try {
      await this.jobs.updateOne({ kind, key }, update, { upsert: true });
    } catch (err) {
      // Two first schedules of one (kind, key) at once: one inserted, the other now updates it.
      if ((err as { code?: unknown }).code !== 11000) throw err;
      await this.jobs.updateOne({ kind, key }, update);
    }
  }

  async cancel(kind: string, key: string): Promise<void> {
    await this.jobs.deleteOne({ kind, key, status: 'pending' });
  }

  runDue(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    const pass = this.pass();
    this.passes.add(pass);
    const forget = () => void this.passes.delete(pass);
    pass.then(forget, forget);
    return pass;
  }

  /** Polls every pollMs (real time) until stop(); 0 or less leaves the sweep off. */
  start(pollMs: number): void {
    if (pollMs <= 0 || this.timer || this.stopped) return;
    const next = () => {
      this.timer = setTimeout(() => {
        this.runDue()
          .catch((err: unknown) => this.log.warn({ err }, 'scheduler pass failed; trying again next poll'))
          .finally(() => {
            if (!this.stopped) next();
          });
      }, pollMs);
      // The HTTP server keeps the process alive; the sweep alone should not.
      this.timer.unref();
    };
    next();
  }

  /** Stops the sweep and claiming; resolves once the handlers running now have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.passes]);
  }

  private async pass(): Promise<number> {
    await this.reportUnhandled();
    if (this.handlers.size === 0) return 0;
    let claimed = 0;
    let ran = 0;
    const worker = async () => {
      while (!this.stopped && claimed < MAX_JOBS_PER_PASS) {
        const job = await this.claim();
        if (!job) return;
        claimed += 1;
        if (await this.execute(job)) ran += 1;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    if (claimed >= MAX_JOBS_PER_PASS)
      this.log.warn({ claimed }, 'more jobs due than one pass runs; the rest run on the next pass');
    return ran;
  }

  /** One conditional update: a due pending job, or a running one whose lease has run out. */
  private async claim(): Promise<ScheduledJob | null> {
    const now = this.clock.now();
    return this.jobs
      .findOneAndUpdate(
        {
          kind: { $in: [...this.handlers.keys()] },
          $or: [
            { status: 'pending', runAt: { $lte: now } },
            { status: 'running', leaseUntil: { $lte: now } },
          ],
        },
        {
          $set: {
            status: 'running',
            owner: this.owner,
            claim: crypto.randomUUID(),
            leaseUntil: new Date(now.getTime() + this.leaseMs),
            updatedAt: now,
          },
          $inc: { attempts: 1 },
        },
        { sort: { runAt: 1 }, returnDocument: 'after' },
      )
      .lean<ScheduledJob>()
      .exec();
  }

  /** Runs a claimed job and records the outcome; false when it was not run (attempts used up). */
  private async execute(job: ScheduledJob): Promise<boolean> {
    const mine = { _id: job._id, claim: job.claim, status: 'running' as const };
    const release = { owner: '', claim: '', leaseUntil: '' };
    const where = { kind: job.kind, key: job.key, attempts: job.attempts };
    if (job.attempts > this.maxAttempts) {
      // Claimed again after its last attempt's process died: that counts as a failure too.
      const now = this.clock.now();
      const lastError = 'its last attempt did not finish (the process running it stopped)';
      await this.jobs.updateOne(mine, {
        $set: { status: 'failed', failedAt: now, updatedAt: now, lastError },
        $unset: release,
      });
      this.log.error(where, 'scheduled job failed: its attempts ran out (the last ones did not finish)');
      return false;
    }
    const handler = this.handlers.get(job.kind);
    if (!handler) return false; // cannot happen: claims name only kinds with a handler
    // A handler slower than the lease keeps its claim: the lease is renewed while it runs, for up
    // to maxRunMs (real time); one that hangs longer lets it lapse, so another instance can retry.
    const renewUntil = Date.now() + this.maxRunMs;
    const renewal = setInterval(
      () => {
        if (Date.now() > renewUntil) {
          clearInterval(renewal);
          this.log.warn(
            { ...where, maxRunMs: this.maxRunMs },
            'scheduled job still running: its lease is no longer renewed and may be taken over',
          );
          return;
        }
        const until = new Date(this.clock.now().getTime() + this.leaseMs);
        this.jobs
          .updateOne(mine, { $set: { leaseUntil: until } })
          .catch((err: unknown) => this.log.warn({ err, ...where }, 'could not renew a job lease'));
      },
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    );
    renewal.unref();
    let failure: unknown;
    let failed = false;
    try {
      await handler({
        kind: job.kind,
        key: job.key,
        dueAt: job.dueAt,
        payload: job.payload ?? {},
        attempts: job.attempts - 1,
      });
    } catch (err) {
      failed = true;
      failure = err;
    } finally {
      clearInterval(renewal);
    }

    const now = this.clock.now();
    let outcome;
    if (!failed) {
      outcome = await this.jobs.updateOne(mine, {
        $set: { status: 'done', doneAt: now, updatedAt: now },
        $unset: release,
      });
      this.log.debug(where, 'scheduled job done');
    } else {
      const lastError = describeError(failure);
      if (job.attempts >= this.maxAttempts) {
        outcome = await this.jobs.updateOne(mine, {
          $set: { status: 'failed', failedAt: now, updatedAt: now, lastError },
          $unset: release,
        });
        this.log.error({ ...where, err: failure }, 'scheduled job failed: its attempts ran out');
      } else {
        const runAt = new Date(now.getTime() + this.retryDelayMs(job.attempts));
        outcome = await this.jobs.updateOne(mine, {
          $set: { status: 'pending', runAt, updatedAt: now, lastError },
          $unset: release,
        });
        this.log.warn(
          { ...where, err: failure, retryAt: runAt.toISOString() },
          'scheduled job failed; will retry',
        );
      }
    }
    // Rescheduled while it ran (often by its own handler, for the next occurrence), or taken over
    // after the lease ran out: the row now belongs to that, and stays as it is.
    if (outcome.matchedCount === 0) this.log.debug(where, 'job changed while it ran; its new state stands');
    return true;
  }

  private async reportUnhandled(): Promise<void> {
    const kinds: string[] = await this.jobs.distinct('kind', {
      status: 'pending',
      runAt: { $lte: this.clock.now() },
      kind: { $nin: [...this.handlers.keys(), ...this.reportedUnhandled] },
    });
    for (const kind of kinds) {
      this.reportedUnhandled.add(kind);
      this.log.warn({ kind }, `due jobs of kind "${kind}" have no handler in this process: left pending`);
    }
  }
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function createScheduler(options: SchedulerOptions): DatabaseScheduler {
  return new DatabaseScheduler(options);
}
