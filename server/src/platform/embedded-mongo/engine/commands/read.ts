/** Reads: find, getMore, killCursors, count, distinct, aggregate. */
import { Long, type Document } from 'bson';
import { checkPipeline, runPipeline } from '../aggregate';
import type { CursorReply } from '../cursors';
import { ErrorCode, fail } from '../errors';
import { compileProjection } from '../projection';
import { findMatching } from '../query';
import { sortDocuments } from '../sort';
import { clone, isPlainObject, keyOf, toNumber, valuesAtPath } from '../values';
import { collectionName, optionalNumber, optionalDoc } from './args';
import type { CommandContext, CommandHandler } from './context';

export function cursorReply(reply: CursorReply, first: boolean): Document {
  return {
    cursor: { [first ? 'firstBatch' : 'nextBatch']: reply.batch, id: reply.id, ns: reply.ns },
    ok: 1,
  };
}

function find(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const filter = optionalDoc(ctx, 'filter');
  const sort = optionalDoc(ctx, 'sort');
  const skip = optionalNumber(ctx, 'skip') ?? 0;
  let limit = optionalNumber(ctx, 'limit') ?? 0;
  const batchSize = optionalNumber(ctx, 'batchSize');
  let single = ctx.cmd.singleBatch === true;
  if (skip < 0) fail(ErrorCode.BadValue, 'skip value must be non-negative');
  if (limit < 0) {
    // Legacy negative limit: one batch of |limit| documents.
    limit = -limit;
    single = true;
  }
  if (batchSize !== undefined && batchSize < 0)
    fail(ErrorCode.BadValue, 'batchSize value must be non-negative');
  const ns = `${ctx.db}.${name}`;
  const coll = ctx.catalog.collection(ctx.db, name);
  const projection = compileProjection(optionalDoc(ctx, 'projection'), filter);
  if (!coll) return cursorReply(ctx.cursors.start(ns, [], projection, batchSize, true), true);

  const hasSort = sort !== undefined && Object.keys(sort).length > 0;
  const max = !hasSort && limit > 0 ? skip + limit : Infinity;
  let docs = findMatching(coll, filter, max);
  if (hasSort) docs = sortDocuments(docs, sort, limit > 0 ? skip + limit : Infinity);
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  const firstBatch = limit > 0 && (batchSize === undefined || batchSize > limit) ? limit : batchSize;
  return cursorReply(ctx.cursors.start(ns, docs, projection, firstBatch, single), true);
}

function cursorIdOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  const n = toNumber(v);
  if (n === undefined) fail(ErrorCode.TypeMismatch, "Field 'getMore' must be of type long");
  return n;
}

function getMore(ctx: CommandContext): Document {
  const id = cursorIdOf(ctx.cmd.getMore);
  const coll = ctx.cmd.collection;
  if (typeof coll !== 'string') fail(ErrorCode.TypeMismatch, "Field 'collection' must be of type string");
  const batchSize = optionalNumber(ctx, 'batchSize');
  return cursorReply(ctx.cursors.next(id, `${ctx.db}.${coll}`, batchSize), false);
}

function killCursors(ctx: CommandContext): Document {
  collectionName(ctx);
  const ids = Array.isArray(ctx.cmd.cursors) ? ctx.cmd.cursors : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = cursorIdOf(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(Long.fromNumber(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const coll = ctx.catalog.collection(ctx.db, name);
  if (!coll) return { n: 0, ok: 1 };
  const query = optionalDoc(ctx, 'query');
  const skip = Math.max(0, optionalNumber(ctx, 'skip') ?? 0);
  const limit = Math.abs(optionalNumber(ctx, 'limit') ?? 0);
  let n = !query || Object.keys(query).length === 0 ? coll.docs.size : findMatching(coll, query).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
}

function distinct(ctx: CommandContext): Document {
  const name = collectionName(ctx);
  const key = ctx.cmd.key;
  if (typeof key !== 'string')
    fail(ErrorCode.TypeMismatch, "BSON field 'distinct.key' is missing but a required field");
  const coll = ctx.catalog.collection(ctx.db, name);
  if (!coll) return { values: [], ok: 1 };
  const seen = new Map<string, unknown>();
  for (const doc of findMatching(coll, optionalDoc(ctx, 'query'))) {
    for (const v of valuesAtPath(doc, key)) {
      if (v === undefined) continue;
      const k = keyOf(v);
      if (!seen.has(k)) seen.set(k, clone(v));
    }
  }
  return { values: [...seen.values()], ok: 1 };
}

function aggregate(ctx: CommandContext): Document {
  const target = ctx.cmd.aggregate;
  const coll = typeof target === 'string' ? target : undefined;
  if (coll === undefined && target !== 1) {
    fail(ErrorCode.FailedToParse, "Invalid aggregate namespace: 'aggregate' must be a string or 1");
  }
  const pipeline = checkPipeline(ctx.cmd.pipeline);
  if (ctx.cmd.explain) fail(ErrorCode.IllegalOperation, 'explain is not supported by the embedded store');
  const cursorSpec = ctx.cmd.cursor;
  if (!isPlainObject(cursorSpec)) {
    fail(
      ErrorCode.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const results = runPipeline(ctx.catalog, ctx.db, coll, pipeline);
  const batchSize = cursorSpec.batchSize === undefined ? undefined : toNumber(cursorSpec.batchSize);
  const ns = `${ctx.db}.${coll ?? '$cmd.aggregate'}`;
  // Results are fresh objects made by mingo from copies: nothing to copy again on the way out.
  return cursorReply(
    ctx.cursors.start(ns, results, (d) => d, batchSize, false),
    true,
  );
}

export const readCommands: Record<string, CommandHandler> = {
  find,
  getmore: getMore,
  killcursors: killCursors,
  count,
  distinct,
  aggregate,
};
