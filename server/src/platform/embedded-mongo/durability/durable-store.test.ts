import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { FakeEngine } from '../conformance/support/fake-engine';
import { DurableStore } from './durable-store';
import { listDbFiles } from './files';
import { DbPathLockedError, LOCK_SOCKET_NAME, probeFolder } from './folder-lock';

async function openStore(dbPath: string) {
  const store = new DurableStore(dbPath);
  const engine = new FakeEngine(store);
  const stats = await store.open(engine);
  return { store, engine, stats };
}

async function insert(engine: FakeEngine, ...ids: number[]) {
  const reply = await engine.runCommand({
    insert: 'c',
    documents: ids.map((_id) => ({ _id, v: _id * 10 })),
    $db: 'app',
  });
  expect(reply.ok).toBe(1);
}

/**
 * Pretend the process died without closing: the journal stays as it is and the lock socket is left
 * behind by a process that was SIGKILLed while listening on it (so nothing listens there any more).
 */
async function simulateCrash(store: DurableStore) {
  await store.folderLock!.release();
  const socket = path.join(store.dbPath, LOCK_SOCKET_NAME);
  const child = spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  expect(child.signal).toBe('SIGKILL');
  expect(fs.statSync(socket).isSocket()).toBe(true);
}

describe('DurableStore', () => {
  let dbPath: string;
  beforeEach(() => {
    dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'emdb-'));
  });
  afterEach(() => fs.rmSync(dbPath, { recursive: true, force: true }));

  it('recovers after a clean close, compacting to one snapshot and one journal', async () => {
    const first = await openStore(dbPath);
    await insert(first.engine, 1, 2, 3);
    await first.engine.runCommand({ delete: 'c', $db: 'app' });
    await insert(first.engine, 4);
    await first.store.close();
    expect(fs.existsSync(path.join(dbPath, LOCK_SOCKET_NAME))).toBe(false);

    const second = await openStore(dbPath);
    expect([...second.engine.collections.get('app.c')!.keys()]).toEqual(['4']);
    expect(second.stats.journalMutations).toBe(7); // 3 puts, 3 removes, 1 put
    const files = listDbFiles(dbPath);
    expect(files.snapshots).toHaveLength(1);
    expect(files.journals).toHaveLength(1);
    expect(files.journals[0].gen).toBe(files.snapshots[0].gen + 1);
    await second.store.close();

    // Third open reads the state from the snapshot, replays nothing twice.
    const third = await openStore(dbPath);
    expect(third.stats.snapshotMutations).toBe(1);
    expect(third.stats.journalMutations).toBe(0);
    expect(third.engine.collections.get('app.c')!.get('4')).toEqual({ _id: 4, v: 40 });
    await third.store.close();
  });

  it('recovers acknowledged writes after a crash, taking over the stale lock', async () => {
    const first = await openStore(dbPath);
    await insert(first.engine, 1);
    await insert(first.engine, 2);
    await simulateCrash(first.store);

    const second = await openStore(dbPath);
    expect([...second.engine.collections.get('app.c')!.keys()].sort()).toEqual(['1', '2']);
    expect(await probeFolder(dbPath)).toEqual({ live: true, pid: process.pid });
    await second.store.close();
  });

  it('opens a journal with a torn last record, keeping all complete records', async () => {
    const first = await openStore(dbPath);
    for (let i = 1; i <= 20; i++) await insert(first.engine, i);
    const journalFile = first.store.currentJournal!.file;
    await simulateCrash(first.store);
    fs.truncateSync(journalFile, fs.statSync(journalFile).size - 4);

    const second = await openStore(dbPath);
    expect(second.engine.collections.get('app.c')!.size).toBe(19);
    expect(second.stats.cutBytes).toBeGreaterThan(0);
    await second.store.close();
  });

  it('ignores a snapshot temp file left by a crash during compaction', async () => {
    const first = await openStore(dbPath);
    await insert(first.engine, 7);
    await simulateCrash(first.store);
    fs.writeFileSync(path.join(dbPath, 'snapshot-00000099.snap.tmp'), 'half written');

    const second = await openStore(dbPath);
    expect(second.engine.collections.get('app.c')!.has('7')).toBe(true);
    expect(listDbFiles(dbPath).temps).toEqual([]);
    await second.store.close();
  });

  it('refuses a second opener of the same dbPath, naming the path and the holder', async () => {
    const first = await openStore(dbPath);
    let error: unknown;
    try {
      await openStore(dbPath);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DbPathLockedError);
    expect((error as Error).message).toContain(dbPath);
    expect((error as Error).message).toContain(String(process.pid));
    await first.store.close();
  });
});
