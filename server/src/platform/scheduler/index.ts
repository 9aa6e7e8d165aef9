/**
 * The scheduler: restart-safe due work kept in the database (collection `scheduled_jobs`).
 *
 *   deps.scheduler.handle('vote.close', async (job) => { ...guarded by the state it expects... });
 *   await deps.scheduler.schedule({ kind: 'vote.close', key: voteId, dueAt, payload: { voteId } });
 *   await deps.scheduler.cancel('vote.close', voteId);
 *
 * - One job per (kind, key); scheduling it again moves it and makes it pending again (a done job
 *   too: recurring work reschedules its own key from its handler).
 * - Due is `runAt <= clock.now()` on the injected Clock. A claim is one conditional
 *   findOneAndUpdate (pending and due, or running with an expired lease) that sets running, a
 *   lease and this instance as owner; two instances therefore never both run a claim.
 * - A handler that throws is retried with back-off (1 min, 5 min, 25 min, …); after 5 attempts the
 *   job is failed and logged as an error. A process that dies mid-run leaves its lease to expire
 *   (5 min), then another instance takes the job over: at least once, so handlers are idempotent.
 *   A live handler's lease is renewed while it runs (up to an hour).
 * - Done jobs are kept 30 days (TTL on doneAt); failed jobs stay for someone to look at.
 * - A due job of a kind nobody handles stays pending; each instance logs that once per kind.
 * - main.ts starts the sweep (every SCHEDULER_POLL_MS, real time; 0 = off) after the server
 *   listens and stops it, waiting for running handlers, before the database closes. Tests keep it
 *   off: step `api.clock`, then `await api.scheduler.runDue()`.
 */
export {
  createScheduler,
  DatabaseScheduler,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_RUN_MS,
  defaultRetryDelayMs,
  MAX_JOBS_PER_PASS,
  type DueJob,
  type JobHandler,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler';
export { DONE_JOB_TTL_SECONDS, scheduledJobModel, type JobStatus, type ScheduledJob } from './job.model';
