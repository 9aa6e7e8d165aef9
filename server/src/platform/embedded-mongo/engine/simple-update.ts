/**
 * The update operators mongoose sends on every save and findOneAndUpdate ($set, $unset, $inc,
 * $min, $max, $mul, $currentDate on plain dotted paths) and the realtime seq counter's $push with
 * $each and $slice, applied without mingo: mingo's update rebuilds its operator tables on every call
 * (~150 µs, most of a findOneAndUpdate; a notice's 5,000-counter bulk update spent 0.7 s there).
 * Anything else (positional paths, other array operators or $push modifiers, $rename, Long/Decimal
 * arithmetic) returns undefined so the caller uses mingo.
 */
import type { Document } from 'bson';
import { ErrorCode, fail } from './errors';
import { clone, compareValues, formatValue, getPath, isPlainObject, keyOf } from './values';

const SIMPLE = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$currentDate', '$push']);

/** A $push argument with modifiers: only $each, optionally with an integer $slice, is ours. */
function pushModifiers(value: unknown): { each: unknown[]; slice?: number } | 'plain' | undefined {
  if (!isPlainObject(value)) return 'plain';
  const keys = Object.keys(value);
  if (!keys.some((key) => key.startsWith('$'))) return 'plain';
  if (!Array.isArray(value.$each)) return undefined;
  if (keys.some((key) => key !== '$each' && key !== '$slice')) return undefined;
  if ('$slice' in value && !Number.isInteger(value.$slice)) return undefined;
  return { each: value.$each, slice: value.$slice as number | undefined };
}

function applicable(doc: Document, modifier: Document): boolean {
  for (const op of Object.keys(modifier)) {
    if (!SIMPLE.has(op)) return false;
    const arg = modifier[op] as Document;
    for (const path of Object.keys(arg)) {
      if (path.includes('$') || path === '' || path.startsWith('.') || path.endsWith('.')) return false;
      if (op === '$push') {
        const current = getPath(doc, path);
        if ((current !== undefined && !Array.isArray(current)) || pushModifiers(arg[path]) === undefined)
          return false;
      }
      if (op === '$inc' || op === '$mul') {
        const current = getPath(doc, path);
        if (typeof arg[path] !== 'number' || (current !== undefined && typeof current !== 'number'))
          return false;
      }
      if (
        op === '$currentDate' &&
        arg[path] !== true &&
        !(isPlainObject(arg[path]) && arg[path].$type === 'date')
      )
        return false;
    }
  }
  return true;
}

/** mongod refuses two operators touching the same path or a path and its prefix. */
function checkConflicts(modifier: Document): void {
  const paths = Object.keys(modifier)
    .flatMap((op) => Object.keys(modifier[op] as Document))
    .sort();
  for (let i = 1; i < paths.length; i++) {
    const [a, b] = [paths[i - 1], paths[i]];
    if (a === b || b.startsWith(a + '.')) {
      fail(
        ErrorCode.ConflictingUpdateOperators,
        `Updating the path '${b}' would create a conflict at '${a}'`,
      );
    }
  }
}

/** The container holding the last segment of `path`, created on the way when `create`. */
function parentOf(doc: Document, parts: string[], create: boolean): Document | unknown[] | undefined {
  let node: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    let next: unknown;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) {
        if (!create) return undefined;
        fail(
          ErrorCode.PathNotViable,
          `Cannot create field '${part}' in element {${parts[i - 1]}: ${formatValue(node)}}`,
        );
      }
      next = node[Number(part)];
      if (next === undefined || next === null) {
        if (!create) return undefined;
        while (node.length < Number(part)) node.push(null);
        next = {};
        node[Number(part)] = next;
      }
    } else {
      const obj = node as Document;
      next = obj[part];
      if (next === undefined) {
        if (!create) return undefined;
        next = {};
        obj[part] = next;
      }
    }
    if (
      typeof next !== 'object' ||
      next === null ||
      next instanceof Date ||
      (!Array.isArray(next) && !isPlainObject(next))
    ) {
      if (!create) return undefined;
      fail(
        ErrorCode.PathNotViable,
        `Cannot create field '${parts[i + 1]}' in element {${part}: ${formatValue(next)}}`,
      );
    }
    node = next;
  }
  return node as Document | unknown[];
}

function read(container: Document | unknown[], key: string): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

function write(container: Document | unknown[], key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const index = Number(key);
    if (!/^\d+$/.test(key)) fail(ErrorCode.PathNotViable, `Cannot create field '${key}' in an array`);
    while (container.length < index) container.push(null);
    container[index] = value;
  } else container[key] = value;
}

/**
 * Applies `modifier` to `doc` in place (the caller passes a private copy). Returns whether anything
 * changed, or undefined when the modifier needs mingo.
 */
export function applySimpleUpdate(
  doc: Document,
  modifier: Document,
  now: () => Date = () => new Date(),
): boolean | undefined {
  if (!applicable(doc, modifier)) return undefined;
  checkConflicts(modifier);
  let changed = false;
  // mongod (5.0+) applies an update's fields in lexicographic order of their paths, whatever the
  // operator: that decides where new fields land in the document.
  const steps = Object.keys(modifier)
    .flatMap((op) => Object.keys(modifier[op] as Document).map((path) => ({ op, path })))
    .sort((a, b) => comparePaths(a.path, b.path));
  for (const { op, path } of steps) {
    const arg = modifier[op] as Document;
    const parts = path.split('.');
    const key = parts[parts.length - 1];
    if (op === '$unset') {
      const parent = parentOf(doc, parts, false);
      if (!parent || read(parent, key) === undefined) continue;
      // Unsetting an array element leaves a null in its place, as mongod does.
      if (Array.isArray(parent)) parent[Number(key)] = null;
      else delete parent[key];
      changed = true;
      continue;
    }
    const parent = parentOf(doc, parts, true) as Document | unknown[];
    const current = read(parent, key);
    const value = arg[path];
    let next: unknown;
    switch (op) {
      case '$set':
        next = clone(value);
        break;
      case '$inc':
        next = current === undefined ? value : (current as number) + (value as number);
        break;
      case '$mul':
        next = current === undefined ? 0 : (current as number) * (value as number);
        break;
      case '$min':
        next = current === undefined || compareValues(value, current) < 0 ? value : current;
        break;
      case '$max':
        next = current === undefined || compareValues(value, current) > 0 ? value : current;
        break;
      case '$currentDate':
        next = now();
        break;
      case '$push': {
        const modifiers = pushModifiers(value)!;
        const pushed = modifiers === 'plain' ? [value] : modifiers.each;
        const all = [...((current as unknown[] | undefined) ?? []), ...pushed.map(clone)];
        const slice = modifiers === 'plain' ? undefined : modifiers.slice;
        // $slice keeps the first n (positive), the last n (negative) or none (0), after the push.
        next =
          slice === undefined
            ? all
            : slice >= 0
              ? all.slice(0, slice)
              : all.slice(Math.max(0, all.length + slice));
        // As mongod counts it: pushing anything, creating the array or slicing some off is a
        // modification, even when the array ends up as it was ($each ['a'] with $slice -1).
        const sliced = (next as unknown[]).length < all.length;
        if (current !== undefined && pushed.length === 0 && !sliced) continue;
        write(parent, key, next);
        changed = true;
        continue;
      }
    }
    if (current !== undefined && next === current) continue;
    if (
      current !== undefined &&
      typeof next === 'object' &&
      keyOf(next) === keyOf(current) &&
      sameKind(next, current)
    )
      continue;
    write(parent, key, next);
    changed = true;
  }
  return changed;
}

/** Segment by segment; numeric segments in numeric order, as mongod orders field updates. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const numeric = /^\d+$/.test(pa[i]) && /^\d+$/.test(pb[i]);
    if (numeric) return Number(pa[i]) - Number(pb[i]);
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** keyOf treats 1 and Long(1) alike; a type change is still a modification. */
function sameKind(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && Array.isArray(a) === Array.isArray(b);
}
