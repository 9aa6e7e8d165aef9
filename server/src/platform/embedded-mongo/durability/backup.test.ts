/**
 * `npm run db:backup`: a consistent copy of the data folder while the store runs (the store writes
 * its state at that instant) and while it is stopped (files copied under the folder lock); a store
 * started on the copy has exactly what was there when the copy was made.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startChildStore, type ChildStore } from '../conformance/support/child-store';
import { startEmbeddedMongo } from '../index';

const { MongoClient } = mongoose.mongo;
const BACKUP_CLI = path.resolve(__dirname, '../backup-cli.ts');

function backup(dbPath: string, out: string) {
  const run = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), BACKUP_CLI, '--dbpath', dbPath, '--out', out],
    { encoding: 'utf8', env: { ...process.env, INIT_CWD: process.cwd() } },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function idsIn(dbPath: string): Promise<string[]> {
  const store = await startEmbeddedMongo({ dbPath });
  const client = new MongoClient(store.uri);
  try {
    const docs = await client.db('app').collection<{ _id: string }>('things').find({}).toArray();
    return docs.map((d) => d._id).sort();
  } finally {
    await client.close();
    await store.close();
  }
}

describe('npm run db:backup', () => {
  let root: string;
  let store: ChildStore | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'emdb-backup-'));
  });
  afterEach(async () => {
    if (store && store.child.exitCode === null && store.child.signalCode === null) {
      store.child.kill('SIGKILL');
      await store.exited;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('copies a running store at an instant, and a stopped one under the lock', async () => {
    const dbPath = path.join(root, 'db');
    store = await startChildStore(dbPath);
    const client = new MongoClient(store.uri);
    const things = client.db('app').collection<{ _id: string }>('things');
    const before = Array.from({ length: 50 }, (_, i) => `before-${String(i).padStart(2, '0')}`);
    await things.insertMany(before.map((_id) => ({ _id })));

    const running = backup(dbPath, path.join(root, 'copy-running'));
    expect(running.stderr).toBe('');
    expect(running.code).toBe(0);
    expect(JSON.parse(running.stdout)).toMatchObject({ from: 'running store', ok: true });
    await things.insertOne({ _id: 'after' });

    // Into a folder that is not empty: refused, nothing overwritten.
    const again = backup(dbPath, path.join(root, 'copy-running'));
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);

    await client.close();
    store.child.kill('SIGTERM');
    expect(await store.exited).toBe(0);

    const stopped = backup(dbPath, path.join(root, 'copy-stopped'));
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ from: 'stopped store', ok: true });

    expect(await idsIn(path.join(root, 'copy-running'))).toEqual(before);
    expect(await idsIn(path.join(root, 'copy-stopped'))).toEqual(['after', ...before]);
  }, 60000);
});
