import { ObjectId, type Document } from 'bson';
import { Engine } from './engine';
import type { Mutation } from './mutations';
import { makeEngine, RecordingPersistence } from './test-helpers';

describe('Persistence.record', () => {
  it('is called once per changing command, with its mutations in order', async () => {
    const persistence = new RecordingPersistence();
    const { run } = makeEngine(persistence);
    await run({
      insert: 'c',
      documents: [
        { _id: 1, a: 1 },
        { _id: 2, a: 2 },
      ],
    });
    expect(persistence.calls).toEqual([
      [
        { kind: 'createCollection', db: 'app', coll: 'c' },
        { kind: 'put', db: 'app', coll: 'c', doc: { _id: 1, a: 1 } },
        { kind: 'put', db: 'app', coll: 'c', doc: { _id: 2, a: 2 } },
      ],
    ]);
    await run({ update: 'c', updates: [{ q: {}, u: { $inc: { a: 10 } }, multi: true }] });
    await run({ delete: 'c', deletes: [{ q: { _id: 1 }, limit: 1 }] });
    await run({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    await run({ dropIndexes: 'c', index: 'a_1' });
    await run({ drop: 'c' });
    await run({ dropDatabase: 1 });
    expect(persistence.calls.slice(1)).toEqual([
      [
        { kind: 'put', db: 'app', coll: 'c', doc: { _id: 1, a: 11 } },
        { kind: 'put', db: 'app', coll: 'c', doc: { _id: 2, a: 12 } },
      ],
      [{ kind: 'remove', db: 'app', coll: 'c', id: 1 }],
      [{ kind: 'createIndex', db: 'app', coll: 'c', index: { name: 'a_1', key: { a: 1 } } }],
      [{ kind: 'dropIndex', db: 'app', coll: 'c', name: 'a_1' }],
      [{ kind: 'dropCollection', db: 'app', coll: 'c' }],
    ]);
  });

  it('is not called by reads, failed writes or writes that change nothing', async () => {
    const persistence = new RecordingPersistence();
    const { run } = makeEngine(persistence);
    await run({ insert: 'c', documents: [{ _id: 1, a: 1 }] });
    persistence.calls.length = 0;
    await run({ find: 'c', filter: {} });
    await run({ aggregate: 'c', pipeline: [], cursor: {} });
    await run({ count: 'c' });
    await run({ insert: 'c', documents: [{ _id: 1 }] });
    await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { a: 1 } } }] });
    await run({ update: 'c', updates: [{ q: { _id: 9 }, u: { $set: { a: 1 } } }] });
    await run({ delete: 'c', deletes: [{ q: { _id: 9 }, limit: 1 }] });
    await run({ findAndModify: 'c', query: { _id: 9 }, update: { $set: { a: 1 } } });
    await run({ create: 'c' });
    await run({ dropDatabase: 1, $db: 'never-existed' });
    expect(persistence.calls).toEqual([]);
  });

  it('records an upsert as the document it inserted', async () => {
    const persistence = new RecordingPersistence();
    const { run } = makeEngine(persistence);
    const reply = await run({
      update: 'c',
      updates: [{ q: { k: 'x' }, u: { $setOnInsert: { n: 1 } }, upsert: true }],
    });
    expect(persistence.calls).toEqual([
      [
        { kind: 'createCollection', db: 'app', coll: 'c' },
        { kind: 'put', db: 'app', coll: 'c', doc: { _id: reply.upserted[0]._id, k: 'x', n: 1 } },
      ],
    ]);
  });

  it('holds the reply until record resolves, having applied the write at once', async () => {
    const persistence = new RecordingPersistence();
    let release!: () => void;
    persistence.gate = new Promise<void>((resolve) => (release = resolve));
    const { run } = makeEngine(persistence);
    let replied = false;
    const pending = run({ insert: 'c', documents: [{ _id: 1 }] }).then((r) => {
      replied = true;
      return r;
    });
    // record() is called in the same tick as the command runs.
    expect(persistence.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replied).toBe(false);
    persistence.gate = undefined;
    // Memory already holds the write: a read does not wait for the journal.
    expect((await run({ count: 'c' })).n).toBe(1);
    release();
    expect(await pending).toEqual({ n: 1, ok: 1 });
  });

  it('answers an error when the write could not be made durable', async () => {
    const engine = new Engine({ persistence: { record: () => Promise.reject(new Error('disk full')) } });
    const reply = await engine.runCommand({ insert: 'c', documents: [{}], $db: 'app' });
    expect(reply).toMatchObject({ ok: 0, code: 1, codeName: 'InternalError' });
    expect(reply.errmsg).toContain('disk full');
  });
});

describe('recovery', () => {
  async function populated() {
    const h = makeEngine();
    await h.run({
      createIndexes: 'users',
      indexes: [
        { key: { email: 1 }, name: 'email_1', unique: true },
        { key: { c: 1, u: 1 }, name: 'c_1_u_1' },
      ],
    });
    await h.run({
      insert: 'users',
      documents: Array.from({ length: 30 }, (_, i) => ({
        _id: new ObjectId(),
        email: `u${i}@x`,
        c: `c${i % 3}`,
        u: i,
        at: new Date(i),
      })),
    });
    await h.run({ insert: 'posts', documents: [{ _id: 1, t: 'a' }] });
    await h.run({ create: 'empty' });
    await h.run({ insert: 'other', documents: [{ _id: 'z' }], $db: 'second' });
    await h.run({
      update: 'users',
      updates: [{ q: { u: { $lt: 5 } }, u: { $set: { early: true } }, multi: true }],
    });
    await h.run({ delete: 'users', deletes: [{ q: { u: 7 }, limit: 1 }] });
    return h;
  }

  async function snapshot(
    run: (cmd: Document) => Promise<Document>,
    findAll: (c: string, f?: Document) => Promise<Document[]>,
  ) {
    const listed = await run({ listCollections: 1, nameOnly: true, cursor: {} });
    const names = listed.cursor.firstBatch.map((c: { name: string }) => c.name).sort();
    const out: Document = {};
    for (const name of names) {
      out[name] = {
        docs: await findAll(name),
        indexes: (await run({ listIndexes: name, cursor: {} })).cursor.firstBatch,
      };
    }
    return out;
  }

  it('rebuilds identical state from exportMutations on a fresh engine', async () => {
    const source = await populated();
    const copy = makeEngine();
    for (const m of source.engine.exportMutations()) copy.engine.applyMutation(m);
    expect(await snapshot(copy.run, copy.findAll)).toEqual(await snapshot(source.run, source.findAll));
    expect(await copy.engine.runCommand({ find: 'other', filter: {}, $db: 'second' })).toMatchObject({
      cursor: { firstBatch: [{ _id: 'z' }] },
    });
    // Indexes came back working: uniqueness and lookups.
    const dup = await copy.run({ insert: 'users', documents: [{ email: 'u3@x' }] });
    expect(dup.writeErrors[0]).toMatchObject({ code: 11000, keyValue: { email: 'u3@x' } });
    expect(await copy.findAll('users', { c: 'c1', u: 4 })).toHaveLength(1);
  });

  it('applies the same mutations twice to the same result (idempotent replay)', async () => {
    const persistence = new RecordingPersistence();
    const source = makeEngine(persistence);
    await source.run({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await source.run({
      insert: 'users',
      documents: [
        { _id: 1, email: 'a' },
        { _id: 2, email: 'b' },
      ],
    });
    await source.run({ update: 'users', updates: [{ q: { _id: 1 }, u: { $set: { email: 'c' } } }] });
    await source.run({ delete: 'users', deletes: [{ q: { _id: 2 }, limit: 1 }] });
    await source.run({ insert: 'users', documents: [{ _id: 3, email: 'b' }] });
    const journal: Mutation[] = persistence.calls.flat();

    const replayed = makeEngine();
    for (const m of journal) replayed.engine.applyMutation(m);
    for (const m of journal) replayed.engine.applyMutation(m);
    expect(await replayed.findAll('users')).toEqual(await source.findAll('users'));
    expect(await replayed.findAll('users')).toEqual([
      { _id: 1, email: 'c' },
      { _id: 3, email: 'b' },
    ]);
    // The unique index is consistent after double replay: 'a' is free, 'b' and 'c' are taken.
    expect((await replayed.run({ insert: 'users', documents: [{ email: 'a' }] })).n).toBe(1);
    expect((await replayed.run({ insert: 'users', documents: [{ email: 'b' }] })).writeErrors[0].code).toBe(
      11000,
    );
    expect(await replayed.findAll('users', { email: 'c' })).toEqual([{ _id: 1, email: 'c' }]);
  });

  it('does not validate or record while applying', async () => {
    const persistence = new RecordingPersistence();
    const engine = new Engine({ persistence });
    engine.applyMutation({
      kind: 'createIndex',
      db: 'app',
      coll: 'c',
      index: { name: 'e_1', key: { e: 1 }, unique: true },
    });
    engine.applyMutation({ kind: 'put', db: 'app', coll: 'c', doc: { _id: 1, e: 'x' } });
    engine.applyMutation({ kind: 'put', db: 'app', coll: 'c', doc: { _id: 2, e: 'x' } });
    engine.applyMutation({ kind: 'remove', db: 'app', coll: 'c', id: 99 });
    engine.applyMutation({ kind: 'dropIndex', db: 'app', coll: 'nothing', name: 'x' });
    expect(persistence.calls).toEqual([]);
    const found = await engine.runCommand({ find: 'c', filter: { e: 'x' }, $db: 'app' });
    expect(found.cursor.firstBatch).toHaveLength(2);
  });
});
