/**
 * The embedded store through mongoose: the operations every service leans on, at 1 and 50
 * concurrent callers, then memory and start-up with 100k documents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { Schema } from 'mongoose';
import { formatRate, runLoad } from './load';
import { startStoreProcess } from './store-process';

const itemSchema = new Schema({ name: String, building: Number, tags: [String] }, { timestamps: true });
const slotSchema = new Schema({ capacity: Number, taken: Number });

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export async function benchStore(print: (line: string) => void): Promise<void> {
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-store-'));
  let store = await startStoreProcess(dbPath);
  const connection = await mongoose
    .createConnection(store.uri, { dbName: 'bench', maxPoolSize: 64 })
    .asPromise();
  try {
    const Item = connection.model('Item', itemSchema);
    const Slot = connection.model('Slot', slotSchema);
    await Item.init();
    print(`store: separate process, journal fsync on, client mongoose ${mongoose.version}`);

    for (const concurrency of [1, 50]) {
      const total = concurrency === 1 ? 2_000 : 10_000;
      const ids: mongoose.Types.ObjectId[] = [];
      // doc.save() is the plain single-document insert; Model.create adds mongoose's own
      // bookkeeping on top (about 40% more client CPU in mongoose 9), so both are shown.
      const saves = await runLoad(concurrency, total, async (i) => {
        const doc = await new Item({ name: `item ${i}`, building: i % 12, tags: ['a', 'b'] }).save();
        ids.push(doc._id);
      });
      print(`  insert doc.save  c=${String(concurrency).padEnd(2)} ${formatRate(saves)}`);
      const creates = await runLoad(concurrency, total, (i) =>
        Item.create({ name: `created ${i}`, building: i % 12, tags: ['a', 'b'] }),
      );
      print(`  insert create    c=${String(concurrency).padEnd(2)} ${formatRate(creates)}`);

      const reads = await runLoad(concurrency, total, (i) =>
        Item.findById(ids[(i * 7919) % ids.length]).lean(),
      );
      print(`  findById         c=${String(concurrency).padEnd(2)} ${formatRate(reads)}`);

      const slots = await Slot.insertMany(Array.from({ length: 20 }, () => ({ capacity: 1e9, taken: 0 })));
      const takes = await runLoad(concurrency, total, (i) =>
        Slot.findOneAndUpdate(
          { _id: slots[i % slots.length]._id, taken: { $lt: 1e9 } },
          { $inc: { taken: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      );
      print(`  conditional fOAU c=${String(concurrency).padEnd(2)} ${formatRate(takes)}`);
    }

    // Memory and start-up with 100k small documents.
    await Item.deleteMany({});
    const rssEmpty = store.rssBytes();
    const batch = 1_000;
    for (let b = 0; b < 100; b++) {
      await Item.insertMany(
        Array.from({ length: batch }, (_, i) => ({
          name: `resident ${b * batch + i}`,
          building: i % 12,
          tags: ['x'],
        })),
        { lean: true },
      );
    }
    const count = await Item.estimatedDocumentCount();
    const rssFull = store.rssBytes();
    print(
      `  memory: ${count.toLocaleString('en-US')} docs → RSS ${mb(rssFull)} (empty store ${mb(rssEmpty)})`,
    );
    await connection.close();

    // SIGKILL leaves the journal as it is, so the restart replays it rather than a fresh snapshot.
    await store.stop('SIGKILL');
    const t0 = performance.now();
    store = await startStoreProcess(dbPath);
    print(
      `  start-up after kill -9 with 100k documents in the journal: ${(performance.now() - t0).toFixed(0)} ms`,
    );
    await store.stop('SIGTERM');
    const t1 = performance.now();
    store = await startStoreProcess(dbPath);
    print(
      `  start-up from a compacted snapshot of 100k documents:    ${(performance.now() - t1).toFixed(0)} ms`,
    );
  } finally {
    await connection.close().catch(() => undefined);
    await store.stop('SIGTERM');
    rmSync(dbPath, { recursive: true, force: true });
  }
}
