/**
 * Everything that makes the engine's state survive a restart, behind the engine's Persistence
 * interface: the lock, recovery (snapshot + journal replay), compaction, and the live journal.
 *
 * Life cycle: `await store.open(engine)` takes the folder lock (folder-lock.ts), rebuilds the engine's memory from
 * disk, compacts, and leaves a fresh journal open; the engine then calls `record()` for every
 * change; `close()` flushes the journal and releases the lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Mutation, Persistence } from '../engine/mutations';
import { journalName, listDbFiles, snapshotName, fsyncDir } from './files';
import { Journal, readJournal } from './journal';
import { acquireFolderLock, type FolderLock } from './folder-lock';
import { readSnapshot, writeSnapshot } from './snapshot';

/** The part of the engine recovery needs. */
export interface RecoverableEngine {
  applyMutation(m: Mutation): void;
  exportMutations(): Iterable<Mutation>;
}

export interface DurabilityLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RecoveryStats {
  snapshotGen: number | null;
  snapshotMutations: number;
  journalsReplayed: number;
  journalBatches: number;
  journalMutations: number;
  cutBytes: number;
  compactedMutations: number;
  /** Time spent reading and decoding files, applying mutations, and writing the new snapshot. */
  readMs: number;
  applyMs: number;
  compactMs: number;
  ms: number;
}

/**
 * A Persistence that can be handed to the engine's constructor before recovery has run: `record`
 * is only valid once `open` has finished (the engine receives no commands before that).
 */
export class DurableStore implements Persistence {
  private journal: Journal | null = null;
  private lock: FolderLock | null = null;
  lastRecovery: RecoveryStats | null = null;

  constructor(
    readonly dbPath: string,
    private readonly logger?: DurabilityLogger,
  ) {}

  record(mutations: Mutation[]): Promise<void> {
    if (!this.journal) return Promise.reject(new Error('durable store is not open'));
    return this.journal.record(mutations);
  }

  /** The live journal, for tests and diagnostics. */
  get currentJournal(): Journal | null {
    return this.journal;
  }

  async open(engine: RecoverableEngine): Promise<RecoveryStats> {
    fs.mkdirSync(this.dbPath, { recursive: true });
    const lock = await acquireFolderLock(this.dbPath, (stale) =>
      this.logger?.warn(
        { dbPath: this.dbPath, ...stale },
        'taking over a stale lock: the last store here did not close',
      ),
    );
    this.lock = lock;
    try {
      const stats = this.recover(engine);
      this.lastRecovery = stats;
      lock.serve((request) => this.answer(engine, request));
      return stats;
    } catch (err) {
      this.lock = null;
      await lock.release();
      throw err;
    }
  }

  /** The folder lock, for answering requests over its socket (backups). */
  get folderLock(): FolderLock | null {
    return this.lock;
  }

  /** Requests over the lock socket (from `npm run db:backup`). */
  private async answer(
    engine: RecoverableEngine,
    request: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (request.op === 'backup' && typeof request.to === 'string' && path.isAbsolute(request.to)) {
      return { ok: true, ...this.backupTo(engine, request.to) };
    }
    return { ok: false, error: 'unknown request (expected { op: "backup", to: <absolute folder> })' };
  }

  /**
   * A consistent copy of the running store: the whole state as it is at this instant (commands run
   * one at a time, so no command is half in it), written as one snapshot in a new folder, fsync'd.
   * A store started on that folder loads it like any data folder. Blocks the store while it writes
   * (about 0.5 s per 100k documents on the dev machine).
   */
  backupTo(engine: RecoverableEngine, dir: string): { dir: string; mutations: number } {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new Error(`backup folder ${dir} is not empty; give a new or empty folder`);
    }
    fs.mkdirSync(dir, { recursive: true });
    const written = writeSnapshot(path.join(dir, snapshotName(1)), engine.exportMutations());
    fsyncDir(dir);
    return { dir, mutations: written.count };
  }

  async close(): Promise<void> {
    const journal = this.journal;
    this.journal = null;
    try {
      if (journal) await journal.close();
    } finally {
      const lock = this.lock;
      this.lock = null;
      await lock?.release();
    }
  }

  private recover(engine: RecoverableEngine): RecoveryStats {
    const started = performance.now();
    const files = listDbFiles(this.dbPath);
    // Leftover temp files are snapshots that never finished; the data they hold is still in the
    // journals they were meant to replace.
    for (const tmp of files.temps) fs.rmSync(tmp, { force: true });

    const stats: RecoveryStats = {
      snapshotGen: null,
      snapshotMutations: 0,
      journalsReplayed: 0,
      journalBatches: 0,
      journalMutations: 0,
      cutBytes: 0,
      compactedMutations: 0,
      readMs: 0,
      applyMs: 0,
      compactMs: 0,
      ms: 0,
    };

    // Newest snapshot that reads back whole. A damaged one is set aside (renamed, never deleted)
    // and the next older one used; the journals it covered are normally gone by then, so this is
    // logged loudly: it means the disk lost data that had been synced.
    for (let i = files.snapshots.length - 1; i >= 0 && stats.snapshotGen === null; i--) {
      const { gen, file } = files.snapshots[i];
      let batches: Mutation[][];
      const readStarted = performance.now();
      try {
        batches = readSnapshot(file);
        stats.readMs += performance.now() - readStarted;
      } catch (err) {
        const aside = `${file}.damaged-${Date.now()}`;
        this.logger?.error({ file, aside, err: (err as Error).message }, 'snapshot unreadable; set aside');
        fs.renameSync(file, aside);
        continue;
      }
      const applyStarted = performance.now();
      for (const batch of batches) {
        for (const m of batch) engine.applyMutation(m);
        stats.snapshotMutations += batch.length;
      }
      stats.applyMs += performance.now() - applyStarted;
      stats.snapshotGen = gen;
    }

    const baseGen = stats.snapshotGen ?? 0;
    for (const { gen, file } of files.journals) {
      if (gen <= baseGen) continue; // already inside the snapshot
      const readStarted = performance.now();
      const read = readJournal(file, { repair: true });
      stats.readMs += performance.now() - readStarted;
      if (read.problem) {
        stats.cutBytes += read.cutBytes;
        this.logger?.warn(
          { file, problem: read.problem, cutBytes: read.cutBytes },
          'journal tail was torn or corrupt; cut at the last complete record',
        );
      }
      const applyStarted = performance.now();
      for (const batch of read.batches) {
        for (const m of batch) engine.applyMutation(m);
        stats.journalMutations += batch.length;
      }
      stats.applyMs += performance.now() - applyStarted;
      stats.journalBatches += read.batches.length;
      stats.journalsReplayed++;
    }

    // Compact: one snapshot of the recovered state, then a fresh journal, then drop what it covers.
    const highest = Math.max(0, ...files.journals.map((j) => j.gen), ...files.snapshots.map((s) => s.gen));
    const gen = highest + 1;
    const compactStarted = performance.now();
    const written = writeSnapshot(path.join(this.dbPath, snapshotName(gen)), engine.exportMutations());
    stats.compactedMutations = written.count;
    this.journal = Journal.create(path.join(this.dbPath, journalName(gen + 1)));
    for (const old of [...files.journals, ...files.snapshots]) {
      if (old.gen <= gen) fs.rmSync(old.file, { force: true });
    }
    fsyncDir(this.dbPath);
    stats.compactMs = performance.now() - compactStarted;

    for (const key of ['readMs', 'applyMs', 'compactMs'] as const) stats[key] = Math.round(stats[key]);
    stats.ms = Math.round(performance.now() - started);
    this.logger?.info({ dbPath: this.dbPath, ...stats }, 'embedded-mongo recovered');
    return stats;
  }
}
