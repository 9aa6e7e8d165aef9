/**
 * The engine: runs one command document against memory and answers as mongod would.
 *
 * A command runs synchronously to completion, then its mutations go to `Persistence.record` in the
 * same tick; the reply resolves only once they are durable. Nothing else can run between a
 * command's reads and its writes, which is what makes a conditional findAndModify atomic.
 */
import type { Document } from 'bson';
import { Catalog, Writer } from './catalog';
import { adminCommands } from './commands/admin';
import type { CommandContext, CommandHandler } from './commands/context';
import { ddlCommands } from './commands/ddl';
import { readCommands } from './commands/read';
import { writeCommands } from './commands/write';
import { Cursors } from './cursors';
import { ErrorCode, MongoCommandError, toCommandError } from './errors';
import { volatilePersistence, type Mutation, type Persistence } from './mutations';
import { removeExpired, TTL_INTERVAL_MS } from './ttl';
import { canonicalize, isPlainObject } from './values';

export interface EngineOptions {
  persistence?: Persistence;
  now?: () => Date;
}

/** Lower-cased command name → handler; mongod accepts `isMaster` and `ismaster` alike. */
const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({ ...adminCommands, ...ddlCommands, ...readCommands, ...writeCommands }),
);

const TRANSACTION_COMMANDS = new Set(['committransaction', 'aborttransaction']);

export class Engine {
  private readonly catalog = new Catalog();
  private readonly persistence: Persistence;
  private readonly now: () => Date;
  private readonly cursors: Cursors;
  private lastTtlSweep: number;

  constructor(options: EngineOptions = {}) {
    this.persistence = options.persistence ?? volatilePersistence;
    this.now = options.now ?? (() => new Date());
    this.cursors = new Cursors(() => this.now().getTime());
    this.lastTtlSweep = this.now().getTime();
  }

  async runCommand(cmd: Document, ctx: { connectionId?: number } = {}): Promise<Document> {
    const writer = new Writer(this.catalog);
    this.sweepExpired(writer);
    const reply = this.execute(cmd, writer, ctx.connectionId ?? 0);
    if (writer.mutations.length === 0) return reply;
    try {
      await this.persistence.record(writer.mutations);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return new MongoCommandError(ErrorCode.InternalError, `write not made durable: ${message}`).toReply();
    }
    return reply;
  }

  /** At most once a minute, like mongod's TTL monitor (see ttl.ts). */
  private sweepExpired(writer: Writer): void {
    const now = this.now();
    if (now.getTime() - this.lastTtlSweep < TTL_INTERVAL_MS) return;
    this.lastTtlSweep = now.getTime();
    try {
      removeExpired(this.catalog, writer, now);
    } catch {
      // A TTL pass must never fail the command that happened to trigger it.
    }
  }

  applyMutation(m: Mutation): void {
    this.catalog.apply(m, false);
  }

  exportMutations(): Iterable<Mutation> {
    return this.catalog.exportMutations();
  }

  /** Synchronous on purpose (see the file comment); never throws. */
  private execute(raw: Document, writer: Writer, connectionId: number): Document {
    try {
      if (!isPlainObject(raw))
        throw new MongoCommandError(ErrorCode.FailedToParse, 'command must be a document');
      const name = Object.keys(raw)[0];
      if (name === undefined) throw new MongoCommandError(ErrorCode.FailedToParse, 'no command given');
      const lower = name.toLowerCase();
      if (
        TRANSACTION_COMMANDS.has(lower) ||
        raw.startTransaction !== undefined ||
        raw.autocommit !== undefined ||
        raw.txnNumber !== undefined
      ) {
        throw new MongoCommandError(
          ErrorCode.IllegalOperation,
          'Transaction numbers are only allowed on a replica set member or mongos',
        );
      }
      const handler = HANDLERS.get(lower);
      if (!handler) throw new MongoCommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      const cmd = canonicalize(raw) as Document;
      const db = typeof cmd.$db === 'string' ? cmd.$db : 'test';
      const context: CommandContext = {
        cmd,
        name,
        db,
        catalog: this.catalog,
        writer,
        cursors: this.cursors,
        now: this.now,
        connectionId,
      };
      return handler(context);
    } catch (e) {
      return toCommandError(e).toReply();
    }
  }
}
