/**
 * Boot: config → logger → database → HTTP server (the Koa app) + realtime → listen → the
 * scheduler's sweep (every scheduler.pollMs).
 * Shutdown on SIGINT/SIGTERM: stop accepting, let in-flight requests finish (bounded by
 * http.shutdownTimeoutMs), close realtime, stop the scheduler (its running handlers finish), let
 * domain-event subscribers finish, close realtime's Redis clients (when REDIS_URL is set), close the
 * database (flushing the embedded store), exit 0.
 * A second signal exits at once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { answerClientErrors } from './platform/client-errors';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { connectDatabase, type Database } from './platform/database';
import { missingIndexes } from './platform/indexes';
import { createLogger, type Logger } from './platform/logger';
import { attachRealtime, InboxDelivery, type Realtime, type RealtimeServer } from './platform/realtime';
import { createScheduler, type DatabaseScheduler, type Scheduler } from './platform/scheduler';
import { clockStartingAt, systemClock, type Clock } from './platform/clock';
import { EventBus } from './platform/events';
import { WeChatClient } from './platform/wechat/wechat-client';
import { createUploads, type Uploads } from './platform/uploads';
import { localInvalidations, redisInvalidations, type Invalidations } from './platform/invalidations';
import { createRedisRateLimiter, type RateLimiter } from './platform/rate-limit';
import { buildModules } from './modules';
import type { DomainEventBus } from './modules/domain-events';

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  realtime: RealtimeServer;
  database: Database;
  events: DomainEventBus;
  /** The sweep runs by itself when scheduler.pollMs > 0; tests with it off call runDue(). */
  scheduler: Scheduler;
  /** The upload service (tests register access checks and attach through it). */
  uploads: Uploads;
  /** Graceful stop; safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Tests pass a ManualClock; the system clock otherwise. */
  clock?: Clock;
  /** Tests pass a client pointed at a fake WeChat; otherwise built from config when configured. */
  wechat?: WeChatClient;
}

export async function start({
  config,
  logger,
  clock = systemClock,
  wechat,
}: StartOptions): Promise<RunningServer> {
  const database = await connectDatabase(config, logger);
  let shared: SharedThroughRedis;
  try {
    shared = await shareThroughRedis(config, logger);
  } catch (err) {
    await database.close();
    throw err;
  }
  const events: DomainEventBus = new EventBus(logger);
  // Modules keep the delivery from the start; it reaches sockets once realtime is attached below.
  const delivery = new InboxDelivery({ connection: database.connection, clock, logger });
  const scheduler = createScheduler({ connection: database.connection, clock, logger });
  const uploads = createUploads({ config, clock, logger, scheduler });
  const modules = buildModules({
    config,
    logger,
    events,
    clock,
    realtime: delivery,
    wechat: wechat ?? wechatClientFromConfig(config),
    scheduler,
    uploads: uploads.service,
    invalidations: shared.invalidations,
  });
  const app = createApp({
    config,
    logger,
    database,
    ...(shared.rateLimiter ? { rateLimiter: shared.rateLimiter } : {}),
    authenticator: modules.authenticator,
    modules: [...modules.apiModules, uploads.api(modules.authenticator)],
  });
  const server = http.createServer(app.callback());
  answerClientErrors(server, logger);
  let realtime: Realtime | undefined;
  try {
    // Boot-time work (the demo seed) finishes before the first request, so a newcomer's first
    // page already shows the demo community. It logs its own failures and never throws.
    await modules.ready;
    if (!config.database.autoIndex) await reportMissingIndexes(database, logger);
    realtime = await attachRealtime({
      server,
      config,
      logger,
      authenticator: modules.authenticator,
      delivery,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await realtime?.releaseAdapter();
    await shared.close();
    await database.close();
    throw err;
  }
  const attached = realtime;

  const { port } = server.address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, docs: `${url}/api/docs`, db: database.mode, env: config.env }, `listening on ${url}`);
  // In the background: boot is done; what a previous process left unfinished is picked up now.
  void events.emit('system.started', {});
  // Jobs that fell due while no instance was running are among the first the sweep finds.
  scheduler.start(config.scheduler.pollMs);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= shutdown({
      server,
      realtime: attached,
      database,
      events,
      scheduler,
      shared,
      logger,
      timeoutMs: config.http.shutdownTimeoutMs,
    }));
  return {
    url,
    port,
    server,
    realtime: attached.io,
    database,
    events,
    scheduler,
    uploads: uploads.service,
    stop,
  };
}

/** What instances share through Redis besides realtime's rooms: cache drops and the request budget. */
interface SharedThroughRedis {
  invalidations: Invalidations;
  /** Undefined without REDIS_URL: the app counts in memory. */
  rateLimiter?: RateLimiter;
  close(): Promise<void>;
}

async function shareThroughRedis(config: Config, logger: Logger): Promise<SharedThroughRedis> {
  const url = config.redis.url;
  if (!url) return { invalidations: localInvalidations(), close: async () => undefined };
  const invalidations = await redisInvalidations(url, logger);
  try {
    const rate = await createRedisRateLimiter({ ...config.rateLimit, url }, logger);
    return {
      invalidations,
      rateLimiter: rate.limiter,
      close: async () => {
        await Promise.all([invalidations.close(), rate.close()]);
      },
    };
  } catch (err) {
    await invalidations.close();
    throw err;
  }
}

/** With autoIndex off the rules that unique indexes carry hold only once `npm run db:indexes` ran. */
async function reportMissingIndexes(database: Database, logger: Logger): Promise<void> {
  const missing = await missingIndexes(database.connection);
  for (const report of missing)
    logger.error(
      { collection: report.collection, indexes: report.indexes },
      'indexes missing: run `npm run db:indexes` (uniqueness rules do not hold without them)',
    );
}

function wechatClientFromConfig(config: Config): WeChatClient | undefined {
  const { apiBase, appId, secret } = config.wechat;
  return appId && secret ? new WeChatClient({ apiBase, appId, appSecret: secret }) : undefined;
}

async function shutdown(parts: {
  server: http.Server;
  realtime: Realtime;
  database: Database;
  events: DomainEventBus;
  scheduler: DatabaseScheduler;
  shared: SharedThroughRedis;
  logger: Logger;
  timeoutMs: number;
}): Promise<void> {
  const { server, realtime, database, events, scheduler, shared, logger, timeoutMs } = parts;
  // io.close() disconnects realtime clients and closes the HTTP server: no new connections, and the
  // callback fires once every open request has been answered.
  const drained = new Promise<void>((resolve) => void realtime.io.close(() => resolve()));
  // Keep-alive connections that go idle after their last response would hold the server open.
  const reaper = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([drained, timedOut])) === 'timeout') {
      logger.warn({ timeoutMs }, 'requests still running at shutdown timeout; closing their connections');
      server.closeAllConnections();
      await drained;
    }
  } finally {
    clearInterval(reaper);
    clearTimeout(timer);
  }
  // No new claims; handlers already running finish (their events are drained next).
  await scheduler.stop();
  // Subscribers still delivering (realtime, WeChat messages) finish before the database goes.
  await events.drain();
  // Their last emits went out through Redis; only now may its clients close.
  await realtime.releaseAdapter();
  await shared.close();
  await database.close();
  logger.info('stopped');
}

/** The real time, unless development or a browser test set where the clock starts (never in production). */
function clockFromConfig(config: Config, logger: Logger): Clock {
  const { startAt } = config.clock;
  if (startAt === undefined) return systemClock;
  const start = new Date(startAt);
  logger.warn(
    { clockStartAt: start.toISOString() },
    `the clock is shifted: it starts at ${start.toISOString()} and runs on from there (CLOCK_START)`,
  );
  return clockStartingAt(start);
}

function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    // Before the logger exists: a plain line an operator can read, and a non-zero exit.
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  const logger = createLogger({ level: config.log.level });

  let running: RunningServer | undefined;
  let exiting = false;
  const exit = (code: number, reason: string) => {
    if (exiting) {
      logger.warn({ reason }, 'second shutdown request: exiting now');
      process.exit(1);
    }
    exiting = true;
    logger.info({ reason }, 'shutting down');
    // Whatever happens in cleanup, the process does not outlive its grace period by much.
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs + 5000).unref();
    (running ? running.stop() : Promise.resolve()).then(
      () => process.exit(code),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  process.on('SIGINT', () => exit(0, 'SIGINT'));
  process.on('SIGTERM', () => exit(0, 'SIGTERM'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    exit(1, 'uncaughtException');
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    exit(1, 'unhandledRejection');
  });

  start({ config, logger, clock: clockFromConfig(config, logger) }).then(
    (server) => {
      running = server;
      // A signal that arrived during boot is honoured now that there is something to stop.
      if (exiting) void server.stop().then(() => process.exit(0));
    },
    (err: unknown) => {
      logger.fatal({ err }, 'failed to start');
      process.exit(1);
    },
  );
}

if (require.main === module) main();
