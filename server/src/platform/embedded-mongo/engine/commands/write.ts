/**
 * Writes: insert, update, delete, findAndModify. Each statement is validated against the current
 * state (unique indexes included) before anything is applied, so a failed statement leaves no
 * trace; ordered batches stop at the first failure, unordered ones carry on.
 */
import { ObjectId, type Document } from 'bson';
import type { Collection } from '../collection';
import { ErrorCode, fail, toCommandError } from '../errors';
import { compileProjection } from '../projection';
import { findMatching } from '../query';
import { sortDocuments } from '../sort';
import { applyUpdate, buildUpsert, validateUpdate, type UpdateSpec } from '../update';
import { isPlainObject, keyOf, toNumber } from '../values';
import { collectionName, optionalDoc } from './args';
import type { CommandContext, CommandHandler } from './context';

function statements(ctx: CommandContext, field: string): unknown[] {
  const v = ctx.cmd[field];
  if (!Array.isArray(v))
    fail(ErrorCode.FailedToParse, `BSON field '${ctx.name}.${field}' is missing but a required field`);
  return v;
}

function writeReply(n: number, errors: Document[], extra: Document = {}): Document {
  const reply: Document = { n, ...extra };
  if (errors.length > 0) reply.writeErrors = errors;
  reply.ok = 1;
  return reply;
}

/** `_id` first, generated when absent, as mongod stores it. */
function withId(doc: Document): Document {
  if (doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc;
  const out: Document = { _id: doc._id !== undefined ? doc._id : new ObjectId() };
  for (const key of Object.keys(doc)) if (key !== '_id') out[key] = doc[key];
  return out;
}

function checkInsertable(coll: Collection, doc: Document): void {
  if (Array.isArray(doc._id)) fail(ErrorCode.InvalidIdField, "The '_id' value cannot be of type array");
  if (doc._id instanceof RegExp) fail(ErrorCode.InvalidIdField, "The '_id' value cannot be of type regex");
  const dup = coll.duplicateKeyError(doc);
  if (dup) throw dup;
}

function insert(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const docs = statements(ctx, 'documents');
  const ordered = ctx.cmd.ordered !== false;
  const { collection } = ctx.writer.ensureCollection(ctx.db, name);
  const errors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const raw = docs[i];
      if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'Document to insert must be an object');
      const doc = withId(raw);
      checkInsertable(collection, doc);
      ctx.writer.put(collection, doc);
      n++;
    } catch (e) {
      errors.push(toCommandError(e).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeReply(n, errors);
}

interface UpdateStatement {
  q: Document;
  u: UpdateSpec;
  multi: boolean;
  upsert: boolean;
  arrayFilters?: Document[];
}

/** Shape checks: mongod rejects the whole command (ok: 0) when a statement is malformed. */
function parseUpdateStatement(raw: unknown): UpdateStatement {
  if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'update statement must be an object');
  const q = raw.q === undefined ? {} : raw.q;
  if (!isPlainObject(q))
    fail(ErrorCode.TypeMismatch, "BSON field 'update.updates.q' is the wrong type, expected type 'object'");
  const u = raw.u as UpdateSpec;
  if (!isPlainObject(u) && !Array.isArray(u)) {
    fail(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  }
  const multi = raw.multi === true;
  if (multi && !Array.isArray(u) && !(Object.keys(u)[0] ?? '').startsWith('$') && Object.keys(u).length > 0) {
    fail(ErrorCode.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  const arrayFilters = Array.isArray(raw.arrayFilters) ? (raw.arrayFilters as Document[]) : undefined;
  return { q, u, multi, upsert: raw.upsert === true, arrayFilters };
}

/** Swaps in an updated document after checking unique indexes against everyone else. */
function replaceChecked(ctx: CommandContext, coll: Collection, old: Document, doc: Document): void {
  const dup = coll.duplicateKeyError(doc, keyOf(old._id));
  if (dup) throw dup;
  ctx.writer.put(coll, doc);
}

function insertUpsert(
  ctx: CommandContext,
  coll: Collection,
  q: Document,
  u: UpdateSpec,
  arrayFilters?: Document[],
): Document {
  const doc = buildUpsert(q, u, arrayFilters);
  checkInsertable(coll, doc);
  ctx.writer.put(coll, doc);
  return doc;
}

function update(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const raws = statements(ctx, 'updates');
  const ordered = ctx.cmd.ordered !== false;
  const errors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  const parsed = raws.map(parseUpdateStatement);
  for (let i = 0; i < parsed.length; i++) {
    try {
      const st = parsed[i];
      validateUpdate(st.u);
      const existing = ctx.catalog.collection(ctx.db, name);
      const matched = existing ? findMatching(existing, st.q, st.multi ? Infinity : 1) : [];
      if (matched.length === 0) {
        if (st.upsert) {
          const { collection } = ctx.writer.ensureCollection(ctx.db, name);
          const doc = insertUpsert(ctx, collection, st.q, st.u, st.arrayFilters);
          upserted.push({ index: i, _id: doc._id });
          n++;
        }
        continue;
      }
      const coll = existing as Collection;
      for (const old of matched) {
        const outcome = applyUpdate(old, st.u, { arrayFilters: st.arrayFilters, filter: st.q });
        if (outcome.changed) {
          replaceChecked(ctx, coll, old, outcome.doc);
          nModified++;
        }
        n++;
      }
    } catch (e) {
      errors.push(toCommandError(e).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeReply(n, errors, { nModified, ...(upserted.length > 0 ? { upserted } : {}) });
}

function remove(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const raws = statements(ctx, 'deletes');
  const ordered = ctx.cmd.ordered !== false;
  const errors: Document[] = [];
  let n = 0;
  // Shape checks first: a malformed statement fails the whole command, as in mongod.
  const parsed = raws.map((raw) => {
    if (!isPlainObject(raw) || !isPlainObject(raw.q))
      fail(ErrorCode.FailedToParse, "BSON field 'delete.deletes.q' is missing but a required field");
    const limit = toNumber(raw.limit) ?? 0;
    if (limit !== 0 && limit !== 1)
      fail(ErrorCode.FailedToParse, `The limit field in delete objects must be 0 or 1. Got ${limit}`);
    return { q: raw.q, limit };
  });
  for (let i = 0; i < parsed.length; i++) {
    try {
      const { q, limit } = parsed[i];
      const coll = ctx.catalog.collection(ctx.db, name);
      if (!coll) continue;
      for (const doc of findMatching(coll, q, limit === 1 ? 1 : Infinity)) {
        ctx.writer.remove(coll, doc._id);
        n++;
      }
    } catch (e) {
      errors.push(toCommandError(e).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeReply(n, errors);
}

function findAndModify(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const query = optionalDoc(ctx, 'query') ?? {};
  const sort = optionalDoc(ctx, 'sort');
  const removing = ctx.cmd.remove === true;
  const u = ctx.cmd.update as UpdateSpec | undefined;
  const returnNew = ctx.cmd.new === true;
  const upsert = ctx.cmd.upsert === true;
  const arrayFilters = Array.isArray(ctx.cmd.arrayFilters) ? (ctx.cmd.arrayFilters as Document[]) : undefined;
  if (removing && u !== undefined)
    fail(ErrorCode.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!removing && u === undefined)
    fail(ErrorCode.FailedToParse, 'Either an update or remove=true must be specified');
  if (removing && returnNew)
    fail(
      ErrorCode.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  if (removing && upsert) fail(ErrorCode.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  if (u !== undefined) validateUpdate(u);
  const project = compileProjection(optionalDoc(ctx, 'fields') ?? optionalDoc(ctx, 'projection'), query);

  const existing = ctx.catalog.collection(ctx.db, name);
  const hasSort = sort !== undefined && Object.keys(sort).length > 0;
  let target: Document | undefined;
  if (existing) {
    const found = findMatching(existing, query, hasSort ? Infinity : 1);
    target = (hasSort ? sortDocuments(found, sort, 1) : found)[0];
  }

  if (removing) {
    if (!target || !existing) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.writer.remove(existing, target._id);
    return { lastErrorObject: { n: 1 }, value: project(target), ok: 1 };
  }
  const spec = u as UpdateSpec;
  if (!target) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const { collection } = ctx.writer.ensureCollection(ctx.db, name);
    const doc = insertUpsert(ctx, collection, query, spec, arrayFilters);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: returnNew ? project(doc) : null,
      ok: 1,
    };
  }
  const coll = existing as Collection;
  const outcome = applyUpdate(target, spec, { arrayFilters, filter: query });
  if (outcome.changed) replaceChecked(ctx, coll, target, outcome.doc);
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: project(returnNew ? outcome.doc : target),
    ok: 1,
  };
}

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findandmodify: findAndModify,
};
