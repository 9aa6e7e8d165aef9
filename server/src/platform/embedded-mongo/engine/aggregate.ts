/**
 * Aggregation pipelines through mingo. Stored documents reach mingo only as copies (it mutates its
 * input in places: $unwind with includeArrayIndex, $addFields on dotted paths), and a leading
 * $match is planned against our indexes so `countDocuments({ community })` does not scan.
 */
import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import type { Catalog } from './catalog';
import type { Collection } from './collection';
import { ErrorCode, fail, MongoCommandError } from './errors';
import { isScalar } from './fast-filter';
import { candidates, compileFilter, findMatching } from './query';
import { clone, isPlainObject, setPath, valuesAtPath } from './values';

/** Stages mingo implements that make sense here; anything else gets mongod's unknown-stage error. */
const UNSUPPORTED = new Set([
  '$out',
  '$merge',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$indexStats',
  '$collStats',
  '$planCursor',
]);

export function checkPipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline))
    fail(ErrorCode.TypeMismatch, "'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      fail(ErrorCode.FailedToParse, 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    if (name === '$changeStream') {
      fail(ErrorCode.ChangeStreamNotSupported, 'The $changeStream stage is only supported on replica sets');
    }
    if (UNSUPPORTED.has(name))
      fail(ErrorCode.UnknownPipelineStage, `Unrecognized pipeline stage name: '${name}'`);
  }
  return pipeline as Document[];
}

/**
 * The driver's countDocuments pipeline, `$match, [$skip], [$limit], $group {_id: 1, n: {$sum: 1}}`,
 * answered by counting: no copies, no mingo.
 */
function countShortcut(collection: Collection, pipeline: Document[]): Document[] | undefined {
  const [match, ...rest] = pipeline;
  const group = rest.pop();
  if (!match || !isPlainObject(match.$match) || !group || !isPlainObject(group.$group)) return undefined;
  const spec = group.$group;
  const keys = Object.keys(spec);
  if (keys.length !== 2 || spec._id !== 1 || keys[1] === '_id') return undefined;
  const counter = spec[keys[1]];
  if (!isPlainObject(counter) || Object.keys(counter).length !== 1 || counter.$sum !== 1) return undefined;
  let skip = 0;
  let limit = Infinity;
  for (const stage of rest) {
    if (typeof stage.$skip === 'number' && limit === Infinity) skip += stage.$skip;
    else if (typeof stage.$limit === 'number') limit = Math.min(limit, stage.$limit);
    else return undefined;
  }
  const matcher = compileFilter(match.$match);
  let n = 0;
  for (const doc of candidates(collection, match.$match)) if (matcher(doc)) n++;
  n = Math.min(Math.max(0, n - skip), limit);
  return n === 0 ? [] : [{ _id: 1, [keys[1]]: n }];
}

interface EqualityLookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

function equalityLookup(stage: Document): EqualityLookup | undefined {
  const spec = stage.$lookup;
  if (!isPlainObject(spec)) return undefined;
  const keys = Object.keys(spec).sort().join(',');
  if (keys !== 'as,foreignField,from,localField') return undefined;
  const { from, localField, foreignField, as } = spec;
  if ([from, localField, foreignField, as].some((v) => typeof v !== 'string')) return undefined;
  return spec as EqualityLookup;
}

/**
 * `$lookup` by equality without handing mingo a copy of the whole foreign collection: each input
 * document's local values become an `$in` on the foreign field, which the foreign indexes serve.
 * Undefined (mingo does the stage) when a local value is not a plain scalar.
 */
function joinByEquality(
  catalog: Catalog,
  db: string,
  lookup: EqualityLookup,
  docs: Document[],
): Document[] | undefined {
  const locals = docs.map((doc) =>
    valuesAtPath(doc, lookup.localField).map((v) => (v === undefined ? null : v)),
  );
  if (!locals.every((values) => values.every(isScalar))) return undefined;
  const foreign = catalog.collection(db, lookup.from);
  // Input documents are already private copies (ours or mingo's): set the field in place.
  docs.forEach((doc, i) => {
    const matches = foreign
      ? findMatching(foreign, { [lookup.foreignField]: { $in: locals[i] } }).map(clone)
      : [];
    setPath(doc, lookup.as, matches);
  });
  return docs;
}

export function runPipeline(
  catalog: Catalog,
  db: string,
  coll: string | undefined,
  pipeline: Document[],
): Document[] {
  const collection = coll === undefined ? undefined : catalog.collection(db, coll);
  const counted = collection ? countShortcut(collection, pipeline) : undefined;
  if (counted) return counted;
  let input: Document[] = [];
  let stages = pipeline;
  if (collection) {
    const first = pipeline[0];
    if (first && isPlainObject(first.$match) && !('$expr' in first.$match) && !('$text' in first.$match)) {
      const matcher = compileFilter(first.$match);
      for (const doc of candidates(collection, first.$match)) if (matcher(doc)) input.push(clone(doc));
      stages = pipeline.slice(1);
    } else {
      input = [...collection.docs.values()].map(clone);
    }
  }
  // Equality $lookups run here, through the foreign collection's indexes; everything between them
  // runs in mingo.
  let docs = input;
  let pending: Document[] = [];
  const flush = () => {
    if (pending.length > 0) docs = runMingo(catalog, db, pending, docs);
    pending = [];
  };
  for (const stage of stages) {
    const lookup = equalityLookup(stage);
    if (lookup) {
      flush();
      const joined = joinByEquality(catalog, db, lookup, docs);
      if (joined) {
        docs = joined;
        continue;
      }
    }
    pending.push(stage);
  }
  flush();
  return docs;
}

function runMingo(catalog: Catalog, db: string, stages: Document[], input: Document[]): Document[] {
  const aggregator = new Aggregator(stages, {
    collectionResolver: (name: string) => [...(catalog.collection(db, name)?.docs.values() ?? [])].map(clone),
  });
  try {
    return aggregator.run(input) as Document[];
  } catch (e) {
    if (e instanceof MongoCommandError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const unknown = /unknown pipeline operator:? '?(\$\w+)/i.exec(message) ?? /(\$\w+)/.exec(message);
    if (/pipeline/i.test(message) && unknown) {
      fail(ErrorCode.UnknownPipelineStage, `Unrecognized pipeline stage name: '${unknown[1]}'`);
    }
    fail(ErrorCode.BadValue, message);
  }
}
