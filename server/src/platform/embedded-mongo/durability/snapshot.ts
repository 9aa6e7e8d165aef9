/**
 * Snapshots: the whole state, as the engine exports it, in the same record framing as the journal.
 * Written to a temp file, fsync'd, renamed into place and the directory fsync'd, so a snapshot file
 * either exists complete or not at all. The last record, `{ end: true, count }`, lets a reader tell
 * a complete snapshot from a damaged one anyway.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Mutation } from '../engine/mutations';
import { fsyncDir, SNAPSHOT_MAGIC } from './files';
import { encodeRecord, MAGIC_SIZE, scanRecords } from './records';

/** Mutations per record: large enough to amortize framing, small enough to bound memory per write. */
const MUTATIONS_PER_RECORD = 1000;
/** Buffered bytes before a write() call. */
const WRITE_CHUNK = 4 * 1024 * 1024;

export function writeSnapshot(file: string, mutations: Iterable<Mutation>): { count: number; bytes: number } {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let count = 0;
  let bytes = 0;
  try {
    let pending: Buffer[] = [SNAPSHOT_MAGIC];
    let pendingBytes = SNAPSHOT_MAGIC.length;
    const write = () => {
      const data = Buffer.concat(pending, pendingBytes);
      let offset = 0;
      while (offset < data.length) offset += fs.writeSync(fd, data, offset);
      bytes += data.length;
      pending = [];
      pendingBytes = 0;
    };
    const push = (record: Buffer) => {
      pending.push(record);
      pendingBytes += record.length;
      if (pendingBytes >= WRITE_CHUNK) write();
    };
    let batch: Mutation[] = [];
    for (const m of mutations) {
      batch.push(m);
      count++;
      if (batch.length >= MUTATIONS_PER_RECORD) {
        push(encodeRecord({ m: batch }));
        batch = [];
      }
    }
    if (batch.length > 0) push(encodeRecord({ m: batch }));
    push(encodeRecord({ end: true, count }));
    write();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
  return { count, bytes };
}

/** Reads a snapshot; throws if it is incomplete or damaged in any way. */
export function readSnapshot(file: string): Mutation[][] {
  const buf = fs.readFileSync(file);
  if (buf.length < MAGIC_SIZE || !buf.subarray(0, MAGIC_SIZE).equals(SNAPSHOT_MAGIC)) {
    throw new Error(`${file} is not a snapshot (bad magic)`);
  }
  const scan = scanRecords(buf, MAGIC_SIZE);
  if (scan.problem) throw new Error(`${file} is damaged: ${scan.problem}`);
  const last = scan.payloads[scan.payloads.length - 1];
  if (!last || last.end !== true) throw new Error(`${file} is incomplete: no end record`);
  const batches = scan.payloads.slice(0, -1).map((p) => p.m as Mutation[]);
  const count = batches.reduce((n, b) => n + b.length, 0);
  if (count !== last.count)
    throw new Error(`${file} is damaged: ${count} mutations, end record says ${last.count}`);
  return batches;
}
