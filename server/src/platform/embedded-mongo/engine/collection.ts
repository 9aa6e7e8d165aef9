/**
 * One collection: documents by `_id`, and the indexes over them.
 *
 * Stored documents are treated as immutable: an update builds a new object and swaps it in. That
 * is what lets a `put` mutation, a cursor's batch or a snapshot hold a stored object without a later
 * write changing it underneath them.
 */
import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from './errors';
import { SecondaryIndex } from './index-keys';
import type { IndexSpec } from './mutations';
import { formatValue, keyOf } from './values';

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } };

export class Collection {
  /** id key (keyOf(_id)) → document; a Map keeps insertion order, MongoDB's natural order here. */
  readonly docs = new Map<string, Document>();
  /** Secondary indexes by name; `_id_` is implicit in `docs`. */
  readonly indexes = new Map<string, SecondaryIndex>();

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get(id: unknown): Document | undefined {
    return this.docs.get(keyOf(id));
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  /**
   * The duplicate-key error `doc` would cause, or undefined. `replacing` is the id key of the
   * document it replaces (its own old keys do not conflict).
   */
  duplicateKeyError(doc: Document, replacing?: string): MongoCommandError | undefined {
    const id = keyOf(doc._id);
    if (id !== replacing && this.docs.has(id)) {
      return this.dupError('_id_', { _id: 1 }, [doc._id]);
    }
    for (const index of this.indexes.values()) {
      const conflict = index.conflict(id, doc);
      if (conflict) return this.dupError(index.spec.name, index.spec.key, conflict.values);
    }
    return undefined;
  }

  dupError(indexName: string, keyPattern: Document, values: unknown[]): MongoCommandError {
    const keyValue: Document = {};
    Object.keys(keyPattern).forEach((field, i) => (keyValue[field] = values[i] ?? null));
    const shown = Object.keys(keyValue)
      .map((f) => `${f}: ${formatValue(keyValue[f])}`)
      .join(', ');
    return new MongoCommandError(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${this.ns} index: ${indexName} dup key: { ${shown} }`,
      { keyPattern: { ...keyPattern }, keyValue },
    );
  }

  /** Insert or replace by `_id`, keeping indexes in step. No validation: callers check first. */
  put(doc: Document): void {
    const id = keyOf(doc._id);
    const old = this.docs.get(id);
    if (old) for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(id, doc);
  }

  remove(idValue: unknown): Document | undefined {
    const id = keyOf(idValue);
    const old = this.docs.get(id);
    if (!old) return undefined;
    for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.delete(id);
    return old;
  }

  /** Builds the index; with `enforce`, a unique index over duplicates is refused and not added. */
  addIndex(spec: IndexSpec, enforce: boolean): void {
    const index = new SecondaryIndex(spec);
    for (const [id, doc] of this.docs) {
      if (enforce) {
        const conflict = index.conflict(id, doc);
        if (conflict) throw this.dupError(spec.name, spec.key, conflict.values);
      }
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }
}
