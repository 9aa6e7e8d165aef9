/**
 * All databases and collections, and the one place state changes: `apply(mutation)`. Commands
 * change state only through a `Writer`, which applies each mutation and remembers it for
 * `Persistence.record`; recovery applies the same mutations directly. One code path for both is
 * what makes replay rebuild exactly what the commands built.
 */
import type { Document } from 'bson';
import { Collection } from './collection';
import type { IndexSpec, Mutation } from './mutations';

export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>();

  collection(db: string, coll: string): Collection | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** Applies one mutation. Idempotent; never validates (see `Writer` for the checked path). */
  apply(m: Mutation, enforceUnique = false): void {
    switch (m.kind) {
      case 'createCollection':
        this.ensure(m.db, m.coll);
        return;
      case 'dropCollection': {
        // A database exists only while it holds a collection, as in mongod.
        const colls = this.dbs.get(m.db);
        colls?.delete(m.coll);
        if (colls?.size === 0) this.dbs.delete(m.db);
        return;
      }
      case 'dropDatabase':
        this.dbs.delete(m.db);
        return;
      case 'createIndex': {
        const coll = this.ensure(m.db, m.coll);
        if (m.index.name === '_id_' || coll.indexes.has(m.index.name)) return;
        coll.addIndex(m.index, enforceUnique);
        return;
      }
      case 'dropIndex':
        this.collection(m.db, m.coll)?.dropIndex(m.name);
        return;
      case 'put':
        this.ensure(m.db, m.coll).put(m.doc);
        return;
      case 'remove':
        this.collection(m.db, m.coll)?.remove(m.id);
        return;
    }
  }

  private ensure(db: string, name: string): Collection {
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    let coll = colls.get(name);
    if (!coll) {
      coll = new Collection(db, name);
      colls.set(name, coll);
    }
    return coll;
  }

  /**
   * Lazy, over live state: consume it synchronously (no await between items), or a write landing
   * mid-way would tear the snapshot.
   */
  *exportMutations(): Iterable<Mutation> {
    for (const [db, colls] of this.dbs) {
      for (const [name, coll] of colls) {
        yield { kind: 'createCollection', db, coll: name };
        for (const index of coll.indexes.values())
          yield { kind: 'createIndex', db, coll: name, index: index.spec };
        for (const doc of coll.docs.values()) yield { kind: 'put', db, coll: name, doc };
      }
    }
  }
}

/** Applies a command's changes and collects them, in order, for one `Persistence.record` call. */
export class Writer {
  readonly mutations: Mutation[] = [];

  constructor(private readonly catalog: Catalog) {}

  private apply(m: Mutation): void {
    this.catalog.apply(m, true);
    this.mutations.push(m);
  }

  /** The collection, created (and recorded) if it does not exist yet, as writes do implicitly. */
  ensureCollection(db: string, coll: string): { collection: Collection; created: boolean } {
    const existing = this.catalog.collection(db, coll);
    if (existing) return { collection: existing, created: false };
    this.apply({ kind: 'createCollection', db, coll });
    return { collection: this.catalog.collection(db, coll) as Collection, created: true };
  }

  createCollection(db: string, coll: string): void {
    this.apply({ kind: 'createCollection', db, coll });
  }

  dropCollection(db: string, coll: string): void {
    this.apply({ kind: 'dropCollection', db, coll });
  }

  dropDatabase(db: string): void {
    this.apply({ kind: 'dropDatabase', db });
  }

  /** Throws the duplicate-key error (changing nothing) when a unique index refuses it. */
  createIndex(db: string, coll: string, index: IndexSpec): void {
    this.apply({ kind: 'createIndex', db, coll, index });
  }

  dropIndex(db: string, coll: string, name: string): void {
    this.apply({ kind: 'dropIndex', db, coll, name });
  }

  put(coll: Collection, doc: Document): void {
    this.apply({ kind: 'put', db: coll.db, coll: coll.name, doc });
  }

  remove(coll: Collection, id: unknown): void {
    this.apply({ kind: 'remove', db: coll.db, coll: coll.name, id });
  }
}
