/**
 * What the API has written: per collection a count and a hash of its documents (in _id order, so a
 * store that returns documents in another order is not a change), plus the files under the data
 * folder outside the database (uploaded images). Two snapshots around a refused request must be
 * equal, except for the collections listed in IGNORED_COLLECTIONS.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';

/**
 * Collections the platform writes on purpose for refused requests, each with the reason. Nothing
 * else may change when a request is refused.
 */
export const IGNORED_COLLECTIONS: Readonly<Record<string, string>> = {
  sign_in_failures:
    'the sign-in throttle counts each refused staff sign-in per username: that write is the refusal working',
};

export interface Snapshot {
  collections: Map<string, { count: number; hash: string }>;
  files: Set<string>;
}

/**
 * One `dbHash` command (mongod's, which the embedded store answers too) rather than reading every
 * collection: the walk snapshots after each of its thousands of requests, and reading fifty-odd
 * collections each time was half of its run. Counts, for the failure message, are read only for
 * collections whose hash moved since `previous`.
 */
export async function snapshot(
  connection: Connection,
  dataDir: string,
  previous?: Snapshot,
): Promise<Snapshot> {
  const db = connection.db;
  if (!db) throw new Error('database not connected');
  const hashed = (await db.command({ dbHash: 1 })) as { collections: Record<string, string> };
  const collections = new Map<string, { count: number; hash: string }>();
  await Promise.all(
    Object.entries(hashed.collections)
      .filter(([name]) => !(name in IGNORED_COLLECTIONS))
      .map(async ([name, hash]) => {
        const known = previous?.collections.get(name);
        const count = known?.hash === hash ? known.count : await db.collection(name).countDocuments({});
        collections.set(name, { count, hash });
      }),
  );
  return { collections, files: filesUnder(dataDir, path.join(dataDir, 'db')) };
}

function filesUnder(root: string, skip: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (full === skip) continue;
      if (entry.isDirectory()) walk(full);
      else out.add(`${path.relative(root, full)}:${fs.statSync(full).size}`);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/** What changed between two snapshots, in words; empty when nothing did. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const names = new Set([...before.collections.keys(), ...after.collections.keys()]);
  for (const name of [...names].sort()) {
    const a = before.collections.get(name);
    const b = after.collections.get(name);
    if (a?.hash === b?.hash) continue;
    if ((a?.count ?? 0) === 0 && (b?.count ?? 0) === 0) continue; // created empty (an index build)
    out.push(
      `${name}: ${a?.count ?? 0} → ${b?.count ?? 0} documents${a?.count === b?.count ? ' (one changed)' : ''}`,
    );
  }
  for (const file of after.files) if (!before.files.has(file)) out.push(`file appeared: ${file}`);
  for (const file of before.files) if (!after.files.has(file)) out.push(`file gone: ${file}`);
  return out;
}
