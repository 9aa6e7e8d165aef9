/**
 * The scheduler against the real embedded store, as two API instances would use it: each with its
 * own mongoose connection to one database. Due times are stepped on a ManualClock.
 */
import mongoose, { type Connection } from 'mongoose';
import { ManualClock } from '../clock';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo';
import { captureLogger } from '../testing';
import { scheduledJobModel } from './job.model';
import { DatabaseScheduler, type DueJob, type SchedulerOptions } from './scheduler';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let store: EmbeddedMongo;
let first: Connection;
let second: Connection;
let clock: ManualClock;
const started: DatabaseScheduler[] = [];

beforeAll(async () => {
  store = await startEmbeddedMongo({ dbPath: null });
  const connect = () =>
    mongoose.createConnection(store.uri, { dbName: 'scheduler-test', autoIndex: true }).asPromise();
  [first, second] = await Promise.all([connect(), connect()]);
  await scheduledJobModel(first).init();
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await store.close();
});
beforeEach(async () => {
  clock = new ManualClock();
  await scheduledJobModel(first).deleteMany({});
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((scheduler) => scheduler.stop()));
});

function makeScheduler(overrides: Partial<SchedulerOptions> = {}) {
  const { logger, lines } = captureLogger();
  const scheduler = new DatabaseScheduler({ connection: first, clock, logger, ...overrides });
  started.push(scheduler);
  return Object.assign(scheduler, { lines });
}

const jobOf = (kind: string, key: string) => scheduledJobModel(first).findOne({ kind, key }).lean();
const inMs = (ms: number) => new Date(clock.now().getTime() + ms);

/** Waits (real time, bounded) for a condition another promise chain makes true. */
async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('scheduler', () => {
  it('runs a job once it is due on the clock, not before, and only once', async () => {
    const scheduler = makeScheduler();
    const ran: DueJob[] = [];
    scheduler.handle('reminder', async (job) => void ran.push(job));
    const dueAt = inMs(HOUR);
    await scheduler.schedule({ kind: 'reminder', key: 'r1', dueAt, payload: { bookingId: 'b1' } });

    expect(await scheduler.runDue()).toBe(0);
    clock.advance(HOUR - 1);
    expect(await scheduler.runDue()).toBe(0);
    expect(ran).toHaveLength(0);

    clock.advance(1);
    expect(await scheduler.runDue()).toBe(1);
    expect(ran).toEqual([{ kind: 'reminder', key: 'r1', dueAt, payload: { bookingId: 'b1' }, attempts: 0 }]);
    expect(await jobOf('reminder', 'r1')).toMatchObject({ status: 'done', attempts: 1 });

    clock.advance(HOUR);
    expect(await scheduler.runDue()).toBe(0);
    expect(ran).toHaveLength(1);
  });

  it('moves a job when the same (kind, key) is scheduled again, keeping its payload when none is given', async () => {
    const scheduler = makeScheduler();
    const ran: DueJob[] = [];
    scheduler.handle('close', async (job) => void ran.push(job));
    await scheduler.schedule({ kind: 'close', key: 'vote1', dueAt: inMs(HOUR), payload: { n: 1 } });
    await scheduler.schedule({ kind: 'close', key: 'vote1', dueAt: inMs(2 * HOUR) });
    expect(await scheduledJobModel(first).countDocuments({ kind: 'close' })).toBe(1);

    clock.advance(HOUR);
    expect(await scheduler.runDue()).toBe(0);
    clock.advance(HOUR);
    expect(await scheduler.runDue()).toBe(1);
    expect(ran[0]).toMatchObject({ key: 'vote1', payload: { n: 1 } });

    // A done job scheduled again is pending again: how recurring work comes back.
    await scheduler.schedule({ kind: 'close', key: 'vote1', dueAt: inMs(HOUR), payload: { n: 2 } });
    expect(await jobOf('close', 'vote1')).toMatchObject({ status: 'pending', attempts: 0 });
    clock.advance(HOUR);
    expect(await scheduler.runDue()).toBe(1);
    expect(ran.map((job) => job.payload)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('cancels a pending job, and cancelling what is not there does nothing', async () => {
    const scheduler = makeScheduler();
    const ran: string[] = [];
    scheduler.handle('nudge', async (job) => void ran.push(job.key));
    await scheduler.schedule({ kind: 'nudge', key: 'a', dueAt: inMs(MINUTE) });
    await scheduler.schedule({ kind: 'nudge', key: 'b', dueAt: inMs(MINUTE) });
    await scheduler.cancel('nudge', 'a');
    await expect(scheduler.cancel('nudge', 'never-scheduled')).resolves.toBeUndefined();

    clock.advance(MINUTE);
    expect(await scheduler.runDue()).toBe(1);
    expect(ran).toEqual(['b']);
    expect(await jobOf('nudge', 'a')).toBeNull();
  });

  it('runs each of 50 due jobs exactly once when two instances sweep at the same time', async () => {
    const runs = new Map<string, number>();
    const count = async (job: DueJob) => {
      runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const one = makeScheduler({ owner: 'one' });
    const two = makeScheduler({ owner: 'two', connection: second });
    one.handle('batch', count);
    two.handle('batch', count);
    const keys = Array.from({ length: 50 }, (_, i) => `job-${i}`);
    await Promise.all(keys.map((key) => one.schedule({ kind: 'batch', key, dueAt: inMs(MINUTE) })));
    clock.advance(MINUTE);

    const [ranByOne, ranByTwo] = await Promise.all([one.runDue(), two.runDue()]);

    expect(ranByOne + ranByTwo).toBe(50);
    expect([...runs.keys()].sort()).toEqual([...keys].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await scheduledJobModel(first).countDocuments({ kind: 'batch', status: 'done' })).toBe(50);
  });

  it('takes over a job whose instance stopped answering once its lease has expired, and not before', async () => {
    const leaseMs = 10 * MINUTE;
    const stuck = makeScheduler({ owner: 'stuck', leaseMs });
    const healthy = makeScheduler({ owner: 'healthy', leaseMs, connection: second });
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let stuckStarted = false;
    stuck.handle('report', async () => {
      stuckStarted = true;
      await hung;
    });
    const ranByHealthy: DueJob[] = [];
    healthy.handle('report', async (job) => void ranByHealthy.push(job));
    await stuck.schedule({ kind: 'report', key: 'monthly', dueAt: inMs(0) });

    const stuckPass = stuck.runDue();
    await until(() => stuckStarted);
    expect(await jobOf('report', 'monthly')).toMatchObject({ status: 'running', owner: 'stuck' });

    clock.advance(leaseMs - 1);
    expect(await healthy.runDue()).toBe(0);
    clock.advance(1);
    expect(await healthy.runDue()).toBe(1);
    expect(ranByHealthy).toEqual([expect.objectContaining({ key: 'monthly', attempts: 1 })]);
    expect(await jobOf('report', 'monthly')).toMatchObject({ status: 'done', attempts: 2 });

    // The stuck one finishing late changes nothing: the job is no longer its claim.
    release();
    expect(await stuckPass).toBe(1);
    const job = await jobOf('report', 'monthly');
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job?.owner).toBeUndefined();
  });

  it('renews the lease of a handler that is still running, for up to maxRunMs', async () => {
    const leaseMs = 3000; // renewed every second (real time)
    const renewing = makeScheduler({ owner: 'renewing', leaseMs });
    const giving = makeScheduler({ owner: 'giving-up', leaseMs, maxRunMs: 0 });
    const other = makeScheduler({ owner: 'other', leaseMs, connection: second });
    const releases: (() => void)[] = [];
    const begun = new Set<string>();
    const hold = async (job: DueJob) => {
      begun.add(job.key);
      await new Promise<void>((resolve) => releases.push(resolve));
    };
    renewing.handle('long', hold);
    giving.handle('hung', hold);
    const othersRan: string[] = [];
    other.handle('long', async (job) => void othersRan.push(job.key));
    other.handle('hung', async (job) => void othersRan.push(job.key));
    await renewing.schedule({ kind: 'long', key: 'l1', dueAt: inMs(0) });
    await renewing.schedule({ kind: 'hung', key: 'h1', dueAt: inMs(0) });
    const firstLease = inMs(leaseMs);

    const passes = [renewing.runDue(), giving.runDue()];
    await until(() => begun.size === 2);
    clock.advance(leaseMs);
    // The live handler's lease moves on; the one past maxRunMs is said to be let go.
    await until(() => giving.lines.some((line) => /no longer renewed/.test(String(line.msg))), 10_000);
    const renewed = async () =>
      ((await jobOf('long', 'l1'))?.leaseUntil?.getTime() ?? 0) > firstLease.getTime();
    const deadline = Date.now() + 10_000;
    while (!(await renewed()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await other.runDue()).toBe(1);
    expect(othersRan).toEqual(['h1']);
    for (const release of releases) release();
    expect(await Promise.all(passes)).toEqual([1, 1]);
    expect(await jobOf('long', 'l1')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a failing handler later, with back-off, until it succeeds', async () => {
    const scheduler = makeScheduler({ retryDelayMs: (attempt) => attempt * MINUTE });
    const attempts: number[] = [];
    scheduler.handle('sync', async (job) => {
      attempts.push(job.attempts);
      if (job.attempts < 2) throw new Error(`upstream down (${job.attempts})`);
    });
    await scheduler.schedule({ kind: 'sync', key: 's1', dueAt: inMs(0) });

    expect(await scheduler.runDue()).toBe(1);
    expect(await jobOf('sync', 's1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Error: upstream down (0)',
      runAt: inMs(MINUTE),
    });
    clock.advance(MINUTE - 1);
    expect(await scheduler.runDue()).toBe(0);
    clock.advance(1);
    expect(await scheduler.runDue()).toBe(1); // fails again; next try 2 minutes on
    clock.advance(2 * MINUTE - 1);
    expect(await scheduler.runDue()).toBe(0);
    clock.advance(1);
    expect(await scheduler.runDue()).toBe(1);

    expect(attempts).toEqual([0, 1, 2]);
    expect(await jobOf('sync', 's1')).toMatchObject({ status: 'done', attempts: 3 });
    expect(scheduler.lines.filter((line) => line.msg === 'scheduled job failed; will retry')).toHaveLength(2);
  });

  it('marks a job failed, logged as an error, when its attempts run out', async () => {
    const scheduler = makeScheduler({ maxAttempts: 2, retryDelayMs: () => MINUTE });
    let calls = 0;
    scheduler.handle('doomed', async () => {
      calls += 1;
      throw new Error('always');
    });
    await scheduler.schedule({ kind: 'doomed', key: 'd1', dueAt: inMs(0) });
    expect(await scheduler.runDue()).toBe(1);
    clock.advance(MINUTE);
    expect(await scheduler.runDue()).toBe(1);
    clock.advance(HOUR);
    expect(await scheduler.runDue()).toBe(0);

    expect(calls).toBe(2);
    expect(await jobOf('doomed', 'd1')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'Error: always',
    });
    const errors = scheduler.lines.filter((line) => line.level === 50);
    expect(errors).toEqual([expect.objectContaining({ kind: 'doomed', key: 'd1' })]);
  });

  it('fails a job whose last attempt never finished when it is claimed again', async () => {
    const scheduler = makeScheduler({ maxAttempts: 1, leaseMs: MINUTE });
    let calls = 0;
    scheduler.handle('crashy', async () => void (calls += 1));
    await scheduler.schedule({ kind: 'crashy', key: 'c1', dueAt: inMs(0) });
    // What a process that died mid-run leaves behind: its claim, the attempt counted.
    await scheduledJobModel(first).updateOne(
      { kind: 'crashy', key: 'c1' },
      { $set: { status: 'running', owner: 'dead', claim: 'x', leaseUntil: inMs(MINUTE), attempts: 1 } },
    );
    clock.advance(MINUTE);
    expect(await scheduler.runDue()).toBe(0);
    expect(calls).toBe(0);
    expect(await jobOf('crashy', 'c1')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(scheduler.lines.some((line) => line.level === 50 && line.key === 'c1')).toBe(true);
  });

  it('keeps a job its own handler rescheduled pending at the new time (recurring work)', async () => {
    const scheduler = makeScheduler();
    const ranAt: string[] = [];
    scheduler.handle('daily', async (job) => {
      ranAt.push(clock.now().toISOString());
      await scheduler.schedule({ kind: 'daily', key: job.key, dueAt: inMs(24 * HOUR) });
    });
    await scheduler.schedule({ kind: 'daily', key: 'digest', dueAt: inMs(0) });
    expect(await scheduler.runDue()).toBe(1);
    expect(await jobOf('daily', 'digest')).toMatchObject({ status: 'pending', runAt: inMs(24 * HOUR) });
    clock.advance(24 * HOUR);
    expect(await scheduler.runDue()).toBe(1);
    expect(ranAt).toHaveLength(2);
  });

  it('leaves a due job of a kind nobody handles pending, and says so once', async () => {
    const scheduler = makeScheduler();
    scheduler.handle('known', async () => undefined);
    await scheduler.schedule({ kind: 'orphan', key: 'o1', dueAt: inMs(0) });
    await scheduler.schedule({ kind: 'orphan', key: 'o2', dueAt: inMs(0) });
    expect(await scheduler.runDue()).toBe(0);
    expect(await scheduler.runDue()).toBe(0);
    expect(await jobOf('orphan', 'o1')).toMatchObject({ status: 'pending', attempts: 0 });
    const said = scheduler.lines.filter((line) => line.kind === 'orphan');
    expect(said).toHaveLength(1);
    expect(said[0].msg).toMatch(/no handler/);
  });

  it('refuses a second handler for a kind and a due time that is not a date', async () => {
    const scheduler = makeScheduler();
    scheduler.handle('once', async () => undefined);
    expect(() => scheduler.handle('once', async () => undefined)).toThrow(/already registered/);
    await expect(
      scheduler.schedule({ kind: 'once', key: 'k', dueAt: new Date('not a date') }),
    ).rejects.toThrow(/not a valid date/);
  });

  it('sweeps by itself on real timers, and stop waits for the handler running then', async () => {
    const scheduler = makeScheduler();
    let finished = false;
    let begun = false;
    scheduler.handle('slow', async () => {
      begun = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
    });
    await scheduler.schedule({ kind: 'slow', key: 'x', dueAt: inMs(0) });
    scheduler.start(10);
    await until(() => begun);
    await scheduler.stop();
    expect(finished).toBe(true);
    expect(await jobOf('slow', 'x')).toMatchObject({ status: 'done' });

    // Stopped: nothing more is claimed.
    await scheduler.schedule({ kind: 'slow', key: 'y', dueAt: inMs(0) });
    expect(await scheduler.runDue()).toBe(0);
    expect(await jobOf('slow', 'y')).toMatchObject({ status: 'pending' });
  });
});
