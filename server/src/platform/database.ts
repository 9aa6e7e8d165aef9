/**
 * The database handle: MongoDB when MONGODB_URI is set, otherwise the embedded MongoDB-compatible
 * store started in-process on loopback. Both are reached through mongoose over the wire protocol,
 * so application code never knows which it talks to; only `mode` (shown by /api/health) differs.
 */
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded-mongo';
import type { Logger } from './logger';

export type DatabaseMode = 'embedded' | 'mongodb';

export interface Database {
  mode: DatabaseMode;
  connection: Connection;
  /** Resolves when the database answers a ping within a couple of seconds; rejects otherwise. */
  ping(): Promise<void>;
  /** Disconnects mongoose, then stops the embedded store (which flushes its journal). */
  close(): Promise<void>;
}

/** What the HTTP app needs of the database; tests hand it a fake. */
export type DatabaseProbe = Pick<Database, 'mode' | 'ping'>;

const PING_TIMEOUT_MS = 2000;

export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  const log = logger.child({ component: 'database' });
  // Unknown fields in a filter are an error we want to see, not a silently ignored condition.
  mongoose.set('strictQuery', true);
  mongoose.set('bufferTimeoutMS', config.database.serverSelectionTimeoutMs);

  let embedded: EmbeddedMongo | undefined;
  let uri = config.database.uri;
  const mode: DatabaseMode = uri ? 'mongodb' : 'embedded';
  if (!uri) {
    if (config.env === 'production')
      log.warn('MONGODB_URI is not set: using the embedded store (single instance only)');
    embedded = await startEmbeddedMongo({
      dbPath: path.join(config.database.dataDir, 'db'),
      host: '127.0.0.1',
      port: 0,
      logger: log,
    });
    uri = embedded.uri;
  }

  try {
    await mongoose.connect(uri, {
      // Fail a request within a bound when the database is gone instead of hanging it: the driver
      // gives up finding a server after serverSelectionTimeoutMS, and mongoose stops holding
      // operations issued before the first connection after the same time (bufferTimeoutMS above;
      // its default is 10 s).
      // The error middleware answers both as 503 SERVICE_UNAVAILABLE. The driver keeps probing the
      // server meanwhile, so the API reconnects by itself when the database is back.
      serverSelectionTimeoutMS: config.database.serverSelectionTimeoutMs,
      connectTimeoutMS: 10_000,
      socketTimeoutMS: 45_000,
      maxPoolSize: 20,
      // Unique indexes carry rules ("one ballot per household"), so in development and tests they
      // must exist as soon as a model is used. In production index builds on large collections are
      // a deliberate, scheduled step (config database.autoIndex=false), not a side effect of boot.
      autoIndex: config.database.autoIndex,
      autoCreate: config.database.autoIndex,
      ...(embedded ? { dbName: 'linli' } : {}),
    });
  } catch (err) {
    await embedded?.close().catch(() => undefined);
    throw err;
  }
  log.info({ mode, uri: redactUri(uri) }, 'database connected');

  const connection = mongoose.connection;
  let closed = false;
  return {
    mode,
    connection,
    async ping() {
      const db = connection.db;
      if (!db || connection.readyState !== 1) throw new Error('database is not connected');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`database ping timed out after ${PING_TIMEOUT_MS}ms`)),
          PING_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([db.command({ ping: 1 }), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await mongoose.disconnect();
      await embedded?.close();
      log.info('database closed');
    },
  };
}

/** Credentials in a connection string never reach the logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//[redacted]@');
}
