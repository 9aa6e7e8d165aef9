/** Collections and indexes: create, drop, dropDatabase, listCollections, *Indexes. */
import { Long, type Document } from 'bson';
import { Query } from 'mingo';
import { ID_INDEX, type Collection } from '../collection';
import { ErrorCode, fail } from '../errors';
import type { IndexSpec } from '../mutations';
import { isPlainObject, keyOf } from '../values';
import type { CommandContext, CommandHandler } from './context';
import { collectionName, optionalDoc } from './args';

function requireCollection(ctx: CommandContext, name: string): Collection {
  const coll = ctx.catalog.collection(ctx.db, name);
  if (!coll) fail(ErrorCode.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  return coll;
}

function create(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  if (name.includes('$') || name.startsWith('system.'))
    fail(ErrorCode.InvalidNamespace, `Invalid collection name: ${name}`);
  if (ctx.catalog.collection(ctx.db, name)) {
    fail(ErrorCode.NamespaceExists, `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.writer.createCollection(ctx.db, name);
  return { ok: 1 };
}

function drop(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const coll = requireCollection(ctx, name);
  const nIndexesWas = coll.indexes.size + 1;
  ctx.writer.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: coll.ns, ok: 1 };
}

function dropDatabase(ctx: CommandContext): Document {
  if (ctx.catalog.dbs.has(ctx.db)) ctx.writer.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
}

function listCollections(ctx: CommandContext): Document {
  const filter = optionalDoc(ctx, 'filter');
  const nameOnly = ctx.cmd.nameOnly === true;
  let infos: Document[] = ctx.catalog.collections(ctx.db).map((c) => ({
    name: c.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  if (filter && Object.keys(filter).length > 0) {
    const query = new Query(filter, {});
    infos = infos.filter((info) => query.test(info));
  }
  if (nameOnly) infos = infos.map((info) => ({ name: info.name, type: info.type }));
  return {
    cursor: { id: Long.ZERO, ns: `${ctx.db}.$cmd.listCollections`, firstBatch: infos },
    ok: 1,
  };
}

/** Options that decide what an index is; two specs differing here are different indexes. */
const SEMANTIC_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'];

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return SEMANTIC_OPTIONS.every(
    (o) =>
      keyOf(a[o] ?? (o === 'unique' || o === 'sparse' ? false : null)) ===
      keyOf(b[o] ?? (o === 'unique' || o === 'sparse' ? false : null)),
  );
}

function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    fail(ErrorCode.CannotCreateIndex, 'Index key pattern must be a non-empty object');
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0) {
    fail(ErrorCode.CannotCreateIndex, 'The index name must be a non-empty string');
  }
  const spec: IndexSpec = { name: raw.name, key: { ...raw.key } };
  for (const option of Object.keys(raw)) {
    if (option === 'name' || option === 'key' || option === 'v' || option === 'ns' || option === 'background')
      continue;
    spec[option] = raw[option];
  }
  if (spec.unique === false) delete spec.unique;
  if (spec.sparse === false) delete spec.sparse;
  return spec;
}

function createIndexes(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const raws = ctx.cmd.indexes;
  if (!Array.isArray(raws) || raws.length === 0)
    fail(ErrorCode.BadValue, 'Must specify at least one index to create');
  const specs = raws.map(parseIndexSpec);
  const before = ctx.catalog.collection(ctx.db, name);
  const numIndexesBefore = before ? before.indexes.size + 1 : 1;

  // Decide every index before building any, so a bad spec creates nothing.
  const toBuild: IndexSpec[] = [];
  for (const spec of specs) {
    const existing = before ? before.indexSpecs() : [ID_INDEX];
    const sameName = existing.find((e) => e.name === spec.name);
    const sameKey = existing.find((e) => keyOf(e.key) === keyOf(spec.key) && sameOptions(e, spec));
    if (sameName) {
      if (keyOf(sameName.key) !== keyOf(spec.key)) {
        fail(
          ErrorCode.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      if (!sameOptions(sameName, spec)) {
        fail(
          ErrorCode.IndexOptionsConflict,
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
        );
      }
      continue;
    }
    if (sameKey) {
      fail(ErrorCode.IndexOptionsConflict, `Index already exists with a different name: ${sameKey.name}`);
    }
    if (toBuild.some((b) => b.name === spec.name)) continue;
    toBuild.push(spec);
  }
  const { created } = ctx.writer.ensureCollection(ctx.db, name);
  for (const spec of toBuild) ctx.writer.createIndex(ctx.db, name, spec);
  const numIndexesAfter = numIndexesBefore + toBuild.length;
  const reply: Document = { numIndexesBefore, numIndexesAfter, createdCollectionAutomatically: created };
  if (toBuild.length === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
}

function listIndexes(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const coll = ctx.catalog.collection(ctx.db, name);
  if (!coll) fail(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const specs = coll
    .indexSpecs()
    .map(({ name: indexName, key, ...options }) => ({ v: 2, key: { ...key }, name: indexName, ...options }));
  return { cursor: { id: Long.ZERO, ns: coll.ns, firstBatch: specs }, ok: 1 };
}

function dropIndexes(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const coll = requireCollection(ctx, name);
  const nIndexesWas = coll.indexes.size + 1;
  const target = ctx.cmd.index;
  let names: string[];
  if (target === '*') {
    names = [...coll.indexes.keys()];
  } else if (typeof target === 'string') {
    names = [target];
  } else if (Array.isArray(target)) {
    names = target.map(String);
  } else if (isPlainObject(target)) {
    const found = coll.indexSpecs().filter((s) => keyOf(s.key) === keyOf(target));
    if (found.length === 0)
      fail(ErrorCode.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`);
    names = [found[0].name];
  } else {
    fail(ErrorCode.TypeMismatch, "BSON field 'dropIndexes.index' is missing but a required field");
  }
  for (const n of names) {
    if (n === '_id_') fail(ErrorCode.InvalidOptions, 'cannot drop _id index');
    if (!coll.indexes.has(n)) fail(ErrorCode.IndexNotFound, `index not found with name [${n}]`);
  }
  for (const n of names) ctx.writer.dropIndex(ctx.db, name, n);
  return target === '*'
    ? { nIndexesWas, msg: 'non-_id indexes dropped for collection', ok: 1 }
    : { nIndexesWas, ok: 1 };
}

function collStats(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const coll = ctx.catalog.collection(ctx.db, name);
  const count = coll?.docs.size ?? 0;
  return {
    ns: `${ctx.db}.${name}`,
    count,
    size: 0,
    storageSize: 0,
    nindexes: coll ? coll.indexes.size + 1 : 0,
    ok: 1,
  };
}

function splitNamespace(ns: unknown): { db: string; coll: string } {
  const dot = typeof ns === 'string' ? ns.indexOf('.') : -1;
  if (typeof ns !== 'string' || dot <= 0 || dot === ns.length - 1) {
    fail(ErrorCode.InvalidNamespace, `Invalid namespace specified '${String(ns)}'`);
  }
  return { db: ns.slice(0, dot), coll: ns.slice(dot + 1) };
}

/** Moves documents and indexes as mutations, so the journal replays it like any other write. */
function renameCollection(ctx: CommandContext): Document {
  const from = splitNamespace(ctx.cmd.renameCollection);
  const to = splitNamespace(ctx.cmd.to);
  const source = ctx.catalog.collection(from.db, from.coll);
  if (!source) fail(ErrorCode.NamespaceNotFound, `Source collection ${from.db}.${from.coll} does not exist`);
  if (from.db === to.db && from.coll === to.coll)
    fail(ErrorCode.IllegalOperation, "Can't rename a collection to itself");
  if (ctx.catalog.collection(to.db, to.coll)) {
    if (ctx.cmd.dropTarget !== true) fail(ErrorCode.NamespaceExists, 'target namespace exists');
    ctx.writer.dropCollection(to.db, to.coll);
  }
  ctx.writer.createCollection(to.db, to.coll);
  for (const index of source.indexes.values()) ctx.writer.createIndex(to.db, to.coll, index.spec);
  const target = ctx.catalog.collection(to.db, to.coll) as Collection;
  for (const doc of [...source.docs.values()]) ctx.writer.put(target, doc);
  ctx.writer.dropCollection(from.db, from.coll);
  return { ok: 1 };
}

export const ddlCommands: Record<string, CommandHandler> = {
  renamecollection: renameCollection,
  create,
  drop,
  dropdatabase: dropDatabase,
  listcollections: listCollections,
  createindexes: createIndexes,
  listindexes: listIndexes,
  dropindexes: dropIndexes,
  deleteindexes: dropIndexes,
  collstats: collStats,
};
