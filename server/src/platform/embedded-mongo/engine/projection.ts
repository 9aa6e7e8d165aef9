/**
 * Find projections. Plain inclusion/exclusion (mongoose's `-__v`, `select('name email')`) is done
 * here on a copy; operators ($slice, $elemMatch, positional `.$`, expressions) go to mingo.
 */
import type { Document } from 'bson';
import { Query } from 'mingo';
import { fail } from './errors';
import { clone, isPlainObject } from './values';

export type Projector = (doc: Document) => Document;

interface PathTree {
  [field: string]: PathTree | true;
}

function buildTree(paths: string[]): PathTree {
  const root: PathTree = {};
  for (const path of paths) {
    const parts = path.split('.');
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === parts.length - 1) node[part] = true;
      else {
        const next = node[part];
        if (next === true) break;
        if (!next) node[part] = {};
        node = node[part] as PathTree;
      }
    }
  }
  return root;
}

function include(value: unknown, tree: PathTree): unknown {
  if (Array.isArray(value)) return value.filter(isPlainObject).map((v) => include(v, tree));
  if (!isPlainObject(value)) return undefined;
  const out: Document = {};
  for (const key of Object.keys(value)) {
    const sub = tree[key];
    if (sub === undefined) continue;
    if (sub === true) out[key] = clone(value[key]);
    else {
      const inner = include(value[key], sub);
      if (inner !== undefined) out[key] = inner;
    }
  }
  return out;
}

function exclude(value: unknown, tree: PathTree): unknown {
  if (Array.isArray(value)) return value.map((v) => (isPlainObject(v) ? exclude(v, tree) : clone(v)));
  if (!isPlainObject(value)) return clone(value);
  const out: Document = {};
  for (const key of Object.keys(value)) {
    const sub = tree[key];
    if (sub === true) continue;
    out[key] = sub === undefined ? clone(value[key]) : exclude(value[key], sub);
  }
  return out;
}

function isSimple(spec: Document): boolean {
  return Object.keys(spec).every((k) => {
    const v = spec[k];
    return !k.includes('$') && (typeof v === 'number' || typeof v === 'boolean');
  });
}

/** A function returning a projected copy (never the stored object itself). */
export function compileProjection(spec: Document | undefined, filter?: Document): Projector {
  if (!spec || !isPlainObject(spec) || Object.keys(spec).length === 0) return clone;
  if (!isSimple(spec)) {
    const query = new Query(filter ?? {}, {});
    return (doc) => {
      const [projected] = query.find([clone(doc)], spec).all() as Document[];
      return projected;
    };
  }
  const keys = Object.keys(spec);
  const idShown = !('_id' in spec) || Boolean(spec._id);
  const others = keys.filter((k) => k !== '_id');
  const inclusion = others.length > 0 ? Boolean(spec[others[0]]) : Boolean(spec._id);
  const mixed = others.find((k) => Boolean(spec[k]) !== inclusion);
  if (mixed !== undefined) {
    if (inclusion) fail(31254, `Cannot do exclusion on field ${mixed} in inclusion projection`);
    fail(31253, `Cannot do inclusion on field ${mixed} in exclusion projection`);
  }
  if (inclusion) {
    const tree = buildTree(others.filter((k) => Boolean(spec[k])));
    return (doc) => {
      const out = include(doc, tree) as Document;
      if (!idShown || !('_id' in doc)) return out;
      return { _id: clone(doc._id), ...out };
    };
  }
  const tree = buildTree([...others.filter((k) => !spec[k]), ...(idShown ? [] : ['_id'])]);
  return (doc) => exclude(doc, tree) as Document;
}
