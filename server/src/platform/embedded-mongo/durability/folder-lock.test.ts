/**
 * The data folder's lock as a user meets it: the store runs as `npm run db` runs it (a child
 * process), is killed without warning, and must start again on the same folder, whatever pid it
 * gets; while it runs, a second store on the folder is refused with a message naming the folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  runChildStoreExpectingFailure,
  startChildStore,
  startChildStoreSettled,
  type ChildStore,
} from '../conformance/support/child-store';
import { acquireFolderLock, DbPathLockedError, LOCK_SOCKET_NAME, probeFolder } from './folder-lock';

const { MongoClient } = mongoose.mongo;

/** A fresh pid namespace, as a container gives its processes: the store is pid 1 in it. */
function pidNamespaceLauncher(): string[] {
  // This test must not pass by doing nothing: without unshare it fails, loudly.
  const found = spawnSync('sh', ['-c', 'command -v unshare'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error('unshare (util-linux) is required for the pid namespace test');
  const probe = spawnSync('unshare', ['--pid', '--fork', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`unshare --pid --fork does not work here (run as root): ${probe.stderr}`);
  }
  return ['unshare', '--pid', '--fork'];
}

async function writeAndRead(uri: string, id: string): Promise<string[]> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000 });
  try {
    const coll = client.db('lock').collection<{ _id: string }>('marks');
    await coll.insertOne({ _id: id });
    return (await coll.find({}).toArray()).map((d) => d._id).sort();
  } finally {
    await client.close();
  }
}

function lockArtifacts(dbPath: string): string[] {
  return fs.readdirSync(dbPath).filter((name) => name.startsWith('mongod.'));
}

describe('the data folder lock', () => {
  let dbPath: string;
  const started: ChildStore[] = [];
  beforeEach(() => {
    dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'emdb-lock-'));
  });
  afterEach(async () => {
    for (const store of started.splice(0)) {
      if (store.child.exitCode !== null || store.child.signalCode !== null) continue;
      // Under a launcher the store is the launcher's child: killing the launcher would orphan it.
      let storePid: number | null = null;
      try {
        storePid = store.storePid();
      } catch {
        // the launcher has exited already
      }
      if (storePid !== null) process.kill(storePid, 'SIGKILL');
      store.child.kill('SIGKILL');
      await store.exited;
    }
    fs.rmSync(dbPath, { recursive: true, force: true });
  });

  it('starts again after a SIGKILL in a fresh pid namespace, where the new store gets the same pid', async () => {
    const launcher = pidNamespaceLauncher();
    const first = await startChildStore(dbPath, { launcher });
    started.push(first);
    expect(await probeFolder(dbPath)).toEqual({ live: true, pid: 1 });
    expect(await writeAndRead(first.uri, 'before')).toEqual(['before']);

    process.kill(first.storePid(), 'SIGKILL');
    await first.exited;
    // What the kill left: the socket file, with nobody listening on it.
    expect(fs.statSync(path.join(dbPath, LOCK_SOCKET_NAME)).isSocket()).toBe(true);
    expect(await probeFolder(dbPath)).toEqual({ live: false, pid: null });

    const second = await startChildStore(dbPath, { launcher });
    started.push(second);
    expect(await probeFolder(dbPath)).toEqual({ live: true, pid: 1 }); // the same pid as the dead owner
    expect(second.stderr()).toMatch(/stale lock/);
    expect(await writeAndRead(second.uri, 'after')).toEqual(['after', 'before']);

    // And while it runs, a store in yet another namespace is refused, naming the folder.
    const third = await runChildStoreExpectingFailure(dbPath, { launcher });
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain(`dbPath ${dbPath} is in use`);
  }, 30000);

  it('starts when a lock file left by an older version names a live, unrelated process', async () => {
    // After a reboot the pid in an old lock file belongs to some other program: init, or this jest worker.
    for (const pid of [1, process.pid]) {
      fs.writeFileSync(path.join(dbPath, 'mongod.lock'), `${pid}\n`);
      const store = await startChildStore(dbPath);
      started.push(store);
      expect(store.stderr()).toMatch(/stale lock/);
      expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false);
      store.child.kill('SIGTERM');
      expect(await store.exited).toBe(0);
      started.pop();
    }
    // A clean stop leaves nothing of the lock behind.
    expect(lockArtifacts(dbPath)).toEqual([]);
  }, 30000);

  it('starts again immediately after a SIGKILL, while the dead owner is still a zombie', async () => {
    // The store's parent execs into sleep, which never reaps it: once killed, it stays a zombie
    // (its pid still "exists") for as long as this test looks.
    const first = await startChildStore(dbPath, { launcher: ['sh', '-c', '"$@" & exec sleep 60', 'sh'] });
    started.push(first);
    await writeAndRead(first.uri, 'before');
    const deadPid = first.storePid();
    process.kill(deadPid, 'SIGKILL');
    const state = () => fs.readFileSync(`/proc/${deadPid}/stat`, 'utf8').split(') ')[1][0];
    for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(state()).toBe('Z');

    const second = await startChildStore(dbPath);
    started.push(second);
    expect(state()).toBe('Z'); // still a zombie while the new store took the folder
    expect(await writeAndRead(second.uri, 'after')).toEqual(['after', 'before']);
  }, 30000);

  it('lets exactly one of several stores started at once on one folder run', async () => {
    const attempts = await Promise.all([0, 1, 2].map(() => startChildStoreSettled(dbPath)));
    const running = attempts.flatMap((a) => ('store' in a ? [a] : []));
    const refused = attempts.flatMap((a) => ('store' in a ? [] : [a]));
    for (const a of running) started.push(a.store);
    expect(running).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`dbPath ${dbPath} is in use`);
    }
    expect(await writeAndRead(running[0].store.uri, 'one')).toEqual(['one']);
    // The losers removed their private sockets; only the holder's remains.
    expect(lockArtifacts(dbPath)).toEqual([LOCK_SOCKET_NAME]);
  }, 30000);

  it('refuses a second lock in the same process and takes over a stale socket in a long folder path', async () => {
    const deep = path.join(dbPath, 'a-rather-long-folder-name-'.repeat(4), 'db');
    fs.mkdirSync(deep, { recursive: true });
    expect(Buffer.byteLength(path.join(deep, LOCK_SOCKET_NAME))).toBeGreaterThan(108);
    const first = await acquireFolderLock(deep);
    await expect(acquireFolderLock(deep)).rejects.toThrow(DbPathLockedError);
    await expect(acquireFolderLock(deep)).rejects.toThrow(deep);
    expect(await probeFolder(deep)).toEqual({ live: true, pid: process.pid });
    await first.release();
    expect(lockArtifacts(deep)).toEqual([]);

    // A socket left by a process killed while listening on it, in the long folder.
    const killed = spawnSync(
      process.execPath,
      [
        '-e',
        `require('net').createServer().listen('${LOCK_SOCKET_NAME}', () => process.kill(process.pid, 'SIGKILL'))`,
      ],
      { cwd: deep },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.statSync(path.join(deep, LOCK_SOCKET_NAME)).isSocket()).toBe(true);
    let takeover: unknown = null;
    const second = await acquireFolderLock(deep, (stale) => (takeover = stale));
    expect(takeover).toEqual({ socket: true, legacyPid: null });
    await second.release();
  });
});
