/**
 * The contract between the in-memory engine and whatever makes it durable.
 *
 * The engine executes every command synchronously against memory (which is what makes a
 * conditional findAndModify atomic: nothing else runs between its check and its write), and, in the
 * same tick, hands the resulting state changes to `Persistence.record`. The command's reply is sent
 * only after the promise `record` returned has resolved, so an acknowledged write is a durable write.
 *
 * Mutations describe resulting state, not operations: `put` carries the whole document as it now is.
 * That makes replay idempotent and independent of query or update semantics: the journal never has
 * to re-run an update operator.
 */
import type { Document } from 'bson';

export interface IndexSpec {
  /** e.g. `email_1`, `community_1_unit_1`. */
  name: string;
  /** Ordered key pattern, e.g. `{ community: 1, unit: 1 }`. */
  key: Document;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  /** Any other options createIndexes was given, kept so listIndexes can echo them back. */
  [option: string]: unknown;
}

export type Mutation =
  | { kind: 'createCollection'; db: string; coll: string }
  | { kind: 'dropCollection'; db: string; coll: string }
  | { kind: 'dropDatabase'; db: string }
  | { kind: 'createIndex'; db: string; coll: string; index: IndexSpec }
  | { kind: 'dropIndex'; db: string; coll: string; name: string }
  /** Insert or wholly replace the document with this `_id` (the document carries its `_id`). */
  | { kind: 'put'; db: string; coll: string; doc: Document }
  | { kind: 'remove'; db: string; coll: string; id: unknown };

export interface Persistence {
  /**
   * Called synchronously, in the order the changes were applied to memory, once per command
   * that changed something. Resolves when the mutations are on disk (fsync'd). Implementations
   * may batch several calls into one write + fsync (group commit) but must keep their order.
   */
  record(mutations: Mutation[]): Promise<void>;
}

/** For the engine alone (tests, scratch use): nothing is kept. */
export const volatilePersistence: Persistence = {
  record: () => Promise.resolve(),
};
