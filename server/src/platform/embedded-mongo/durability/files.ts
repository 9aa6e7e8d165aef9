/**
 * Names and fsync helpers for the files in a dbPath.
 *
 *   journal-<gen>.log     append-only batches written since snapshot <gen - 1>
 *   snapshot-<gen>.snap   the whole state after every journal with generation <= <gen>
 *   mongod.sock           Unix socket the running store listens on: the folder's lock (folder-lock.ts)
 *
 * Generations only grow. On open we load the newest snapshot S, replay journals > S in order,
 * then write snapshot G = (highest generation seen) + 1, start journal G + 1, and delete everything
 * <= G. A crash at any step leaves either the old files (still complete) or the new snapshot
 * (which shadows the journals it covers), so replay never applies a batch twice.
 */
import fs from 'node:fs';
import path from 'node:path';

export const JOURNAL_MAGIC = Buffer.from('EMJRNL1\n', 'latin1');
export const SNAPSHOT_MAGIC = Buffer.from('EMSNAP1\n', 'latin1');

const JOURNAL_RE = /^journal-(\d+)\.log$/;
const SNAPSHOT_RE = /^snapshot-(\d+)\.snap$/;

export function journalName(gen: number): string {
  return `journal-${String(gen).padStart(8, '0')}.log`;
}

export function snapshotName(gen: number): string {
  return `snapshot-${String(gen).padStart(8, '0')}.snap`;
}

export interface DbFiles {
  journals: Array<{ gen: number; file: string }>;
  snapshots: Array<{ gen: number; file: string }>;
  temps: string[];
}

export function listDbFiles(dir: string): DbFiles {
  const result: DbFiles = { journals: [], snapshots: [], temps: [] };
  for (const name of fs.readdirSync(dir)) {
    const j = JOURNAL_RE.exec(name);
    const s = SNAPSHOT_RE.exec(name);
    if (j) result.journals.push({ gen: Number(j[1]), file: path.join(dir, name) });
    else if (s) result.snapshots.push({ gen: Number(s[1]), file: path.join(dir, name) });
    else if (name.endsWith('.tmp')) result.temps.push(path.join(dir, name));
  }
  result.journals.sort((a, b) => a.gen - b.gen);
  result.snapshots.sort((a, b) => a.gen - b.gen);
  return result;
}

/** Makes a directory entry (a create, rename or unlink) survive power loss. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
