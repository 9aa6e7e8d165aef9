/**
 * The embedded MongoDB-compatible store: what the rest of the server sees of it.
 *
 * It listens on loopback and speaks the MongoDB wire protocol, so the application connects with the
 * stock driver (through mongoose) exactly as it would to a real mongod. Nothing outside this folder
 * imports from its subfolders.
 *
 *   startEmbeddedMongo({ dbPath: './data/db', host: '127.0.0.1', port: 0 })
 *     → { uri: 'mongodb://127.0.0.1:<port>/', host, port, close() }
 *
 * `dbPath: null` keeps everything in memory (no journal, no lock file): for unit tests only.
 * `close()` stops accepting connections, ends open ones, flushes the journal and releases the lock.
 */
import path from 'node:path';
import { Engine } from './engine/engine';
import { volatilePersistence, type Persistence } from './engine/mutations';
import { DurableStore, type RecoverableEngine } from './durability/durable-store';
import { WireServer, type CommandRunner } from './wire/server';

export interface EmbeddedMongoOptions {
  /** Directory holding the journal, snapshots and lock file; `null` = in memory only. */
  dbPath: string | null;
  /** Defaults to 127.0.0.1. The store is never meant to listen beyond loopback. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Optional structured logger (pino-compatible subset). */
  logger?: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
}

export interface EmbeddedMongo {
  uri: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  return startWithEngine(options, (persistence) => new Engine({ persistence }));
}

/**
 * The assembly, with the engine passed in so the wire and durability layers can be exercised
 * against a stand-in. Not part of the public surface.
 */
export async function startWithEngine(
  options: EmbeddedMongoOptions,
  createEngine: (persistence: Persistence) => CommandRunner & RecoverableEngine,
): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const store = options.dbPath === null ? null : new DurableStore(path.resolve(options.dbPath), logger);
  const engine = createEngine(store ?? volatilePersistence);
  await store?.open(engine);

  let wire: WireServer;
  try {
    wire = await WireServer.listen({ host, port: options.port ?? 0, runner: engine, logger });
  } catch (err) {
    await store?.close();
    throw err;
  }
  const port = wire.port;
  const uri = `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  logger?.info({ uri, dbPath: store?.dbPath ?? null }, 'embedded-mongo listening');

  let closing: Promise<void> | null = null;
  return {
    uri,
    host,
    port,
    close: () => {
      closing ??= (async () => {
        await wire.close();
        await store?.close();
        logger?.info({ uri }, 'embedded-mongo closed');
      })();
      return closing;
    },
  };
}
