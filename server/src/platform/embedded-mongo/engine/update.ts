/**
 * Update documents: operator updates (via mingo, plus $setOnInsert which mingo lacks), replacements
 * and pipeline updates, always computed on a copy so a failed statement changes nothing.
 */
import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { ErrorCode, fail, MongoCommandError } from './errors';
import { applySimpleUpdate } from './simple-update';
import { clone, formatValue, getPath, isPlainObject, keyOf, setPath, toNumber } from './values';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);

const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export type UpdateSpec = Document | Document[];

export interface UpdateOptions {
  arrayFilters?: Document[];
  /** The statement's filter, needed by the positional `$` operator. */
  filter?: Document;
  /** True when building an upsert's new document: `$setOnInsert` applies and `_id` may be set. */
  inserting?: boolean;
}

export interface UpdateOutcome {
  doc: Document;
  changed: boolean;
}

export function isOperatorUpdate(u: Document): boolean {
  const first = Object.keys(u)[0];
  return first !== undefined && first.startsWith('$');
}

/** Rejects a malformed update up front, as mongod does even when nothing matches. */
export function validateUpdate(u: unknown): void {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        fail(ErrorCode.InvalidOptions, `${name ?? 'stage'} is not allowed to be used within an update`);
      }
    }
    return;
  }
  if (!isPlainObject(u))
    fail(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  if (!isOperatorUpdate(u)) {
    for (const key of Object.keys(u)) {
      if (key.startsWith('$')) {
        fail(
          ErrorCode.DollarPrefixedFieldName,
          `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
      }
    }
    return;
  }
  for (const op of Object.keys(u)) {
    if (!OPERATORS.has(op)) {
      fail(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const arg = u[op];
    if (!isPlainObject(arg)) {
      fail(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(arg)}}`,
      );
    }
    if (op === '$inc' || op === '$mul') {
      for (const field of Object.keys(arg)) {
        if (toNumber(arg[field]) === undefined) {
          const verb = op === '$inc' ? 'increment' : 'multiply';
          fail(
            ErrorCode.TypeMismatch,
            `Cannot ${verb} with non-numeric argument: {${field}: ${formatValue(arg[field])}}`,
          );
        }
      }
    }
  }
}

/** Computes the updated document on a copy of `old`; `old` is never touched. */
export function applyUpdate(old: Document, u: UpdateSpec, options: UpdateOptions = {}): UpdateOutcome {
  let outcome: UpdateOutcome;
  if (Array.isArray(u)) outcome = applyPipeline(old, u);
  else if (isOperatorUpdate(u)) outcome = applyOperators(old, u, options);
  else outcome = applyReplacement(old, u);
  const hadId = old._id !== undefined;
  if (hadId && keyOf(outcome.doc._id) !== keyOf(old._id)) {
    fail(
      ErrorCode.ImmutableField,
      options.inserting || !isOperatorUpdate(Array.isArray(u) ? {} : u)
        ? `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(outcome.doc._id)}`
        : "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  if (outcome.doc._id !== undefined && Array.isArray(outcome.doc._id)) {
    fail(ErrorCode.InvalidIdField, `The '_id' value cannot be of type array`);
  }
  return outcome;
}

function applyOperators(old: Document, u: Document, options: UpdateOptions): UpdateOutcome {
  const modifier: Document = {};
  for (const op of Object.keys(u)) if (op !== '$setOnInsert') modifier[op] = u[op];
  if (options.inserting && isPlainObject(u.$setOnInsert)) {
    const set: Document = { ...(modifier.$set as Document | undefined) };
    for (const path of Object.keys(u.$setOnInsert)) {
      if (path in set)
        fail(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${path}' would create a conflict at '${path}'`,
        );
      set[path] = u.$setOnInsert[path];
    }
    modifier.$set = set;
  }
  const doc = clone(old);
  checkNumericTargets(doc, modifier);
  if (Object.keys(modifier).length === 0) return { doc, changed: false };
  const simple = applySimpleUpdate(doc, modifier);
  if (simple !== undefined) return { doc, changed: simple };
  const positional = Object.keys(modifier).some((op) =>
    Object.keys(modifier[op] as Document).some((path) => /(^|\.)\$(\.|$)/.test(path)),
  );
  let changedPaths: string[];
  try {
    changedPaths = mingoUpdate(doc, modifier, options.arrayFilters, positional ? options.filter : undefined);
  } catch (e) {
    throw translateMingoError(e);
  }
  return { doc, changed: changedPaths.length > 0 };
}

/** mingo quietly skips `$inc` on a string; mongod refuses the statement. */
function checkNumericTargets(doc: Document, modifier: Document): void {
  for (const op of ['$inc', '$mul']) {
    const arg = modifier[op];
    if (!isPlainObject(arg)) continue;
    for (const path of Object.keys(arg)) {
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current !== undefined && current !== null && toNumber(current) === undefined) {
        fail(
          ErrorCode.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${path.split('.').pop()}' of non-numeric type ${Array.isArray(current) ? 'array' : current instanceof Date ? 'date' : typeof current}`,
        );
      }
    }
  }
}

function translateMingoError(e: unknown): MongoCommandError {
  if (e instanceof MongoCommandError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/immutable field '_id'/.test(message)) {
    return new MongoCommandError(
      ErrorCode.ImmutableField,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  const conflict = /updating the path '(.*)' would create a conflict at '(.*)'/i.exec(message);
  if (conflict) {
    return new MongoCommandError(
      ErrorCode.ConflictingUpdateOperators,
      `Updating the path '${conflict[1]}' would create a conflict at '${conflict[2]}'`,
    );
  }
  return new MongoCommandError(ErrorCode.BadValue, message);
}

function applyReplacement(old: Document, replacement: Document): UpdateOutcome {
  const doc: Document = {};
  const id = replacement._id !== undefined ? replacement._id : old._id;
  if (id !== undefined) doc._id = clone(id);
  for (const key of Object.keys(replacement)) if (key !== '_id') doc[key] = clone(replacement[key]);
  return { doc, changed: keyOf(doc) !== keyOf(old) };
}

function applyPipeline(old: Document, stages: Document[]): UpdateOutcome {
  let result: Document[];
  try {
    // mingo may mutate its input (FACTS.md): give it a copy.
    result = new Aggregator(stages, {}).run([clone(old)]) as Document[];
  } catch (e) {
    throw translateMingoError(e);
  }
  const out = result[0] ?? {};
  const doc: Document = {};
  if (out._id !== undefined) doc._id = out._id;
  else if (old._id !== undefined) doc._id = old._id;
  for (const key of Object.keys(out)) if (key !== '_id') doc[key] = out[key];
  return { doc, changed: keyOf(doc) !== keyOf(old) };
}

/** The equality fields of a filter, as the starting document of an upsert. */
export function upsertSeed(filter: Document | undefined): Document {
  const seed: Document = {};
  if (filter) addEqualities(filter, seed);
  return seed;
}

function addEqualities(filter: Document, seed: Document): void {
  for (const field of Object.keys(filter)) {
    const v = filter[field];
    if (field === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) addEqualities(sub, seed);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) {
      if ('$eq' in v) setPath(seed, field, clone(v.$eq));
      else if (Array.isArray(v.$in) && v.$in.length === 1) setPath(seed, field, clone(v.$in[0]));
      continue;
    }
    if (v instanceof RegExp) continue;
    setPath(seed, field, clone(v));
  }
}

/** The document an upsert inserts: seed from the filter, then the update, `_id` first. */
export function buildUpsert(
  filter: Document | undefined,
  u: UpdateSpec,
  arrayFilters?: Document[],
): Document {
  const seed = upsertSeed(filter);
  let doc: Document;
  if (!Array.isArray(u) && !isOperatorUpdate(u)) {
    // A replacement keeps only the filter's _id, as mongod does.
    if (u._id !== undefined && seed._id !== undefined && keyOf(u._id) !== keyOf(seed._id)) {
      fail(
        ErrorCode.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(u._id)}`,
      );
    }
    doc = applyReplacement(seed._id !== undefined ? { _id: seed._id } : {}, u).doc;
  } else {
    doc = applyUpdate(seed, u, { arrayFilters, filter, inserting: true }).doc;
  }
  const id = doc._id !== undefined ? doc._id : new ObjectId();
  const ordered: Document = { _id: id };
  for (const key of Object.keys(doc)) if (key !== '_id') ordered[key] = doc[key];
  return ordered;
}
