/**
 * The server as `npm start` runs it, for browser tests that must move its clock forward: a visit
 * that can be marked only once its slot has begun, a deadline, an escalation. Waiting for such a
 * moment in real time cost a browser test two minutes of CI per run.
 *
 * The clock starts at CLOCK_START and runs on in real time, like `clockStartingAt`, and the parent
 * process (the test) moves it with a message over the child-process channel: `{ advanceClockMs }`,
 * answered with `{ clockAdvancedTo }`. There is no HTTP surface for it and `main.ts` has none of
 * it: only a process started with this file and an IPC channel can step time, which production
 * never does.
 */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import type { Clock } from '../platform/clock';
import { start, type RunningServer } from '../main';

/** Real time from `startAt` on, plus whatever the test has added. */
export class SteppableClock implements Clock {
  private readonly startMs: number;
  private readonly startedAt = performance.now();
  private addedMs = 0;

  constructor(startAt: Date) {
    this.startMs = startAt.getTime();
    if (Number.isNaN(this.startMs)) throw new RangeError('SteppableClock: the start is not a valid date');
  }

  now(): Date {
    return new Date(this.startMs + this.addedMs + Math.floor(performance.now() - this.startedAt));
  }

  advance(ms: number): void {
    // Time only moves forward: the store and the scheduler assume it never steps back.
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('SteppableClock: advance by a positive number of ms');
    this.addedMs += ms;
  }
}

function main(): void {
  if (!process.send) throw new Error('steppable-clock-server: start it with an IPC channel (stdio "ipc")');
  const config = loadConfig();
  if (config.env === 'production') throw new Error('steppable-clock-server: never in production');
  const logger = createLogger({ level: config.log.level });
  const clock = new SteppableClock(
    config.clock.startAt === undefined ? new Date() : new Date(config.clock.startAt),
  );

  let running: RunningServer | undefined;
  process.on('message', (message: { advanceClockMs?: unknown }) => {
    if (typeof message?.advanceClockMs !== 'number') return;
    clock.advance(message.advanceClockMs);
    // The sweep polls in real time; run what the step made due now, so the test need not wait a poll.
    void (running?.scheduler.runDue() ?? Promise.resolve()).finally(() =>
      process.send?.({ clockAdvancedTo: clock.now().toISOString() }),
    );
  });
  const stop = () =>
    void (running ? running.stop() : Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The test's end closes the channel; a server whose test died must not linger.
  process.on('disconnect', stop);

  start({ config, logger, clock }).then(
    (server) => (running = server),
    (err: unknown) => {
      logger.fatal({ err }, 'failed to start');
      process.exit(1);
    },
  );
}

if (require.main === module) main();
