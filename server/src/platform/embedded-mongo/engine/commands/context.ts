import type { Document } from 'bson';
import type { Catalog, Writer } from '../catalog';
import type { Cursors } from '../cursors';

/** What a command handler gets: the command, its database, and the state it may read or change. */
export interface CommandContext {
  cmd: Document;
  /** The command's name as sent (first key), e.g. `find`, `isMaster`. */
  name: string;
  db: string;
  catalog: Catalog;
  /** The only way a handler changes state (see catalog.ts). */
  writer: Writer;
  cursors: Cursors;
  now: () => Date;
  connectionId: number;
}

/** Runs synchronously: everything up to `Persistence.record` happens in one tick. */
export type CommandHandler = (ctx: CommandContext) => Document;
