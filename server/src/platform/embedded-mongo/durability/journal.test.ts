import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId, Long } from 'bson';
import type { Mutation } from '../engine/mutations';
import { Journal, readJournal } from './journal';

const put = (n: number): Mutation => ({
  kind: 'put',
  db: 'app',
  coll: 'c',
  doc: { _id: n, v: `value-${n}` },
});

describe('Journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emj-'));
    file = path.join(dir, 'journal-00000001.log');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function writeRecords(count: number): Promise<void> {
    const journal = Journal.create(file);
    for (let i = 0; i < count; i++) await journal.record([put(i)]);
    await journal.close();
  }

  it('reads back every record with types intact', async () => {
    const journal = Journal.create(file);
    const id = new ObjectId();
    await journal.record([
      { kind: 'put', db: 'a', coll: 'b', doc: { _id: id, n: Long.fromNumber(5), at: new Date(1) } },
    ]);
    await journal.record([{ kind: 'remove', db: 'a', coll: 'b', id }]);
    await journal.close();
    const read = readJournal(file, { repair: false });
    expect(read.problem).toBeUndefined();
    expect(read.batches).toHaveLength(2);
    const doc = (read.batches[0][0] as Extract<Mutation, { kind: 'put' }>).doc;
    expect(doc._id.equals(id)).toBe(true);
    expect(doc.n).toBeInstanceOf(Long);
    expect(doc.at).toEqual(new Date(1));
  });

  it('captures a document as it was when recorded, not as it is later', async () => {
    const journal = Journal.create(file);
    const doc = { _id: 1, v: 'before' };
    const done = journal.record([{ kind: 'put', db: 'a', coll: 'b', doc }]);
    doc.v = 'after';
    await done;
    await journal.close();
    expect(readJournal(file, { repair: false }).batches[0][0]).toMatchObject({ doc: { v: 'before' } });
  });

  it('cuts a torn tail (last record truncated) and keeps every complete record', async () => {
    await writeRecords(10);
    fs.truncateSync(file, fs.statSync(file).size - 3);
    const read = readJournal(file, { repair: true });
    expect(read.problem).toMatch(/torn/);
    expect(read.batches).toHaveLength(9);
    // The cut was persisted: reading again finds a clean file.
    expect(readJournal(file, { repair: false })).toMatchObject({ problem: undefined, cutBytes: 0 });
  });

  it('cuts garbage appended after the last record', async () => {
    await writeRecords(5);
    fs.appendFileSync(file, Buffer.from('\x10\x00\x00\x00garbagegarbagegarbage'));
    const read = readJournal(file, { repair: true });
    expect(read.batches).toHaveLength(5);
    expect(read.cutBytes).toBeGreaterThan(0);
  });

  it('detects a CRC mismatch and stops at the damaged record', async () => {
    await writeRecords(6);
    const buf = fs.readFileSync(file);
    buf[buf.length - 5] ^= 0x55; // inside the last record's payload
    fs.writeFileSync(file, buf);
    const read = readJournal(file, { repair: false });
    expect(read.problem).toMatch(/CRC mismatch/);
    expect(read.batches.map((b) => (b[0] as Extract<Mutation, { kind: 'put' }>).doc._id)).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  it('refuses a file that is not a journal', () => {
    fs.writeFileSync(file, 'definitely not a journal');
    expect(() => readJournal(file, { repair: true })).toThrow(/not a journal/);
  });

  it('group-commits concurrent records into few syncs, keeping call order', async () => {
    const journal = Journal.create(file);
    const settled: number[] = [];
    const all = Array.from({ length: 200 }, (_, i) => journal.record([put(i)]).then(() => settled.push(i)));
    await Promise.all(all);
    expect(journal.syncCount).toBeLessThan(200);
    expect(journal.syncCount).toBeGreaterThanOrEqual(1);
    await journal.close();
    const ids = readJournal(file, { repair: false }).batches.map(
      (b) => (b[0] as Extract<Mutation, { kind: 'put' }>).doc._id,
    );
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(settled).toEqual(ids); // acknowledgements come back in order too
  });

  it('refuses records after it is closed', async () => {
    const journal = Journal.create(file);
    await journal.close();
    await expect(journal.record([put(1)])).rejects.toThrow(/closed/);
  });
});
