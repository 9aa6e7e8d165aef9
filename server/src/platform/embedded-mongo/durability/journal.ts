/**
 * The append-only journal: one CRC-framed record per changing command, fsync'd before the command
 * is acknowledged.
 *
 * Group commit: `record()` serializes its batch at once (so later in-memory changes to the same
 * objects cannot leak into it) and queues it. One flusher writes everything queued, fdatasyncs,
 * and resolves those callers; batches recorded while that write+sync is in flight go into the next
 * one. So 50 concurrent writers share a handful of syncs instead of queueing behind 50, and file
 * order is exactly the order `record()` was called in, which is the order the engine applied them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Mutation, Persistence } from '../engine/mutations';
import { fsyncDir, JOURNAL_MAGIC } from './files';
import { encodeRecord, MAGIC_SIZE, scanRecords } from './records';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Journal implements Persistence {
  private queued: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  /** Once a write or sync fails, memory and disk may disagree: refuse every later write. */
  private failure: Error | null = null;
  private closed = false;
  private size: number;
  /** How many write+sync rounds ran; lets tests and benchmarks see group commit working. */
  syncCount = 0;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    initialSize: number,
  ) {
    this.size = initialSize;
  }

  /** Creates a new, empty journal and makes its existence durable before anything is written to it. */
  static create(file: string): Journal {
    const fd = fs.openSync(file, 'wx');
    fs.writeSync(fd, JOURNAL_MAGIC);
    fs.fsyncSync(fd);
    fsyncDir(path.dirname(file));
    return new Journal(file, fd, JOURNAL_MAGIC.length);
  }

  get bytes(): number {
    return this.size;
  }

  record(mutations: Mutation[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    if (mutations.length === 0) return Promise.resolve();
    let record: Buffer;
    try {
      record = encodeRecord({ m: mutations });
    } catch (err) {
      return Promise.reject(err as Error);
    }
    this.queued.push(record);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing) this.flushing = this.flushLoop();
    return done;
  }

  /** Resolves once everything recorded so far is on disk. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    fs.closeSync(this.fd);
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const buffers = this.queued;
        const waiters = this.waiters;
        this.queued = [];
        this.waiters = [];
        try {
          if (this.failure) throw this.failure;
          const data = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
          await writeAll(this.fd, data);
          await fdatasync(this.fd);
          this.size += data.length;
          this.syncCount++;
          for (const w of waiters) w.resolve();
        } catch (err) {
          this.failure ??= new Error(`journal write failed (${this.file}): ${(err as Error).message}`);
          for (const w of waiters) w.reject(this.failure);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

function writeAll(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number) => {
      fs.write(fd, data, offset, data.length - offset, null, (err, written) => {
        if (err) return reject(err);
        if (offset + written < data.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

export interface JournalReadResult {
  batches: Mutation[][];
  /** Set when a torn or corrupt tail was found (and cut, if `repair` was asked for). */
  problem?: string;
  cutBytes: number;
}

/**
 * Reads every complete record of a journal. With `repair`, a bad tail is truncated away (and the
 * truncation fsync'd) so the file is clean if it is ever read again.
 */
export function readJournal(file: string, options: { repair: boolean }): JournalReadResult {
  const buf = fs.readFileSync(file);
  if (buf.length < MAGIC_SIZE || !buf.subarray(0, MAGIC_SIZE).equals(JOURNAL_MAGIC)) {
    // A journal torn while its header was written holds no records; anything else is not ours.
    if (buf.length < MAGIC_SIZE && JOURNAL_MAGIC.subarray(0, buf.length).equals(buf)) {
      return { batches: [], problem: 'journal header incomplete', cutBytes: buf.length };
    }
    throw new Error(`${file} is not a journal file (bad magic)`);
  }
  const scan = scanRecords(buf, MAGIC_SIZE);
  const batches = scan.payloads.map((p) => p.m as Mutation[]);
  const cutBytes = buf.length - scan.validEnd;
  if (scan.problem && options.repair) {
    const fd = fs.openSync(file, 'r+');
    try {
      fs.ftruncateSync(fd, scan.validEnd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  return { batches, problem: scan.problem, cutBytes };
}
