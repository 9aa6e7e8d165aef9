/**
 * Crash safety, end to end: the store runs in a child process exactly as `npm run db` runs it, the
 * parent writes through the stock driver from many concurrent writers and notes every write the
 * store acknowledged, then the child is SIGKILLed mid-load. After a restart on the same dbPath every
 * acknowledged write must be there. Only meaningful against the embedded store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { REAL_MONGODB_URI } from './support/target';
import { runChildStoreExpectingFailure, startChildStore, type ChildStore } from './support/child-store';

const describeEmbedded = REAL_MONGODB_URI ? describe.skip : describe;
const { MongoClient } = mongoose.mongo;

describeEmbedded('durability across kill -9', () => {
  let dbPath: string;
  const children: ChildStore[] = [];
  beforeAll(() => {
    dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'emdb-crash-'));
  });
  afterAll(() => {
    for (const c of children) c.child.kill('SIGKILL');
    fs.rmSync(dbPath, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, refuses a second process, and survives a torn journal tail', async () => {
    const first = await startChildStore(dbPath);
    children.push(first);

    // A second process on the same dbPath is refused with the path and the holder's pid.
    const second = await runChildStoreExpectingFailure(dbPath);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(dbPath);
    expect(second.stderr).toContain(String(first.child.pid));

    const client = new MongoClient(first.uri, {
      maxPoolSize: 50,
      retryWrites: false, // a retry could land on the restarted store and blur what was acknowledged
      serverSelectionTimeoutMS: 500,
    });
    await client.connect();
    const coll = client.db('crash').collection<{ _id: string; w: number; n: number; pad: string }>('writes');
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 40 }, async (_, w) => {
      for (let n = 0; !stop; n++) {
        const _id = `w${w}-${n}`;
        try {
          if (n % 5 === 4) {
            // Some batches too, so multi-document records are exercised.
            const docs = [0, 1, 2].map((k) => ({ _id: `${_id}-${k}`, w, n, pad: 'x'.repeat(100) }));
            await coll.insertMany(docs);
            acknowledged.push(...docs.map((d) => d._id));
          } else {
            await coll.insertOne({ _id, w, n, pad: 'x'.repeat(100) });
            acknowledged.push(_id);
          }
        } catch {
          return; // the store is gone: this writer is done
        }
      }
    });

    // Let load build up, then kill without warning while writes are in flight.
    while (acknowledged.length < 3000) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    await client.close(true);
    const acked = new Set(acknowledged);

    // Tear the tail the way a crash mid-write would: a partial record after the last good one.
    const journal = fs
      .readdirSync(dbPath)
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .pop()!;
    fs.appendFileSync(path.join(dbPath, journal), Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6]));

    const restarted = await startChildStore(dbPath);
    children.push(restarted);
    expect(restarted.stderr()).toMatch(/stale lock/);
    const reader = new MongoClient(restarted.uri);
    try {
      const ids = new Set(
        (
          await reader
            .db('crash')
            .collection<{ _id: string }>('writes')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id),
      );
      const missing = [...acked].filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      expect(ids.size).toBeGreaterThanOrEqual(acked.size);
      // And it still takes writes.
      await reader
        .db('crash')
        .collection('writes')
        .insertOne({ _id: 'after-restart' } as never);
    } finally {
      await reader.close();
    }
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(fs.existsSync(path.join(dbPath, 'mongod.sock'))).toBe(false);
    expect(restarted.stderr()).toMatch(/journal tail was torn/);
  }, 45000);
});
