import { ObjectId } from 'bson';
import { makeEngine } from './test-helpers';

describe('insert', () => {
  it('generates an ObjectId _id placed first, and reports n', async () => {
    const { run, findAll } = makeEngine();
    expect(await run({ insert: 'c', documents: [{ a: 1, _id: undefined }, { b: 2 }] })).toEqual({
      n: 2,
      ok: 1,
    });
    const docs = await findAll('c');
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      expect(doc._id).toBeInstanceOf(ObjectId);
      expect(Object.keys(doc)[0]).toBe('_id');
    }
  });

  it('refuses a duplicate _id with 11000 on _id_', async () => {
    const { run } = makeEngine();
    const _id = new ObjectId();
    await run({ insert: 'c', documents: [{ _id }] });
    const reply = await run({ insert: 'c', documents: [{ _id: new ObjectId(_id.toHexString()) }] });
    expect(reply).toEqual({
      n: 0,
      ok: 1,
      writeErrors: [
        {
          index: 0,
          code: 11000,
          errmsg: `E11000 duplicate key error collection: app.c index: _id_ dup key: { _id: ObjectId('${_id.toHexString()}') }`,
          keyPattern: { _id: 1 },
          keyValue: { _id },
        },
      ],
    });
  });

  it('stops an ordered batch at the first error and carries on when unordered', async () => {
    const { run, findAll } = makeEngine();
    const docs = [{ _id: 1 }, { _id: 1 }, { _id: 2 }];
    const ordered = await run({ insert: 'o', documents: docs });
    expect(ordered.n).toBe(1);
    expect(ordered.writeErrors.map((e: { index: number }) => e.index)).toEqual([1]);
    expect(await findAll('o')).toEqual([{ _id: 1 }]);
    const unordered = await run({ insert: 'u', documents: docs, ordered: false });
    expect(unordered.n).toBe(2);
    expect(unordered.writeErrors.map((e: { index: number }) => e.index)).toEqual([1]);
    expect(await findAll('u')).toEqual([{ _id: 1 }, { _id: 2 }]);
  });
});

describe('unique indexes', () => {
  it("refuses a duplicate with mongod's message, keyPattern and keyValue", async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }] });
    await run({ insert: 'users', documents: [{ email: 'x' }] });
    const reply = await run({ insert: 'users', documents: [{ email: 'x' }] });
    expect(reply.writeErrors[0]).toEqual({
      index: 0,
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: app.users index: email_1 dup key: { email: "x" }',
      keyPattern: { email: 1 },
      keyValue: { email: 'x' },
    });
  });

  it('treats missing and null alike unless sparse', async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'dense', indexes: [{ key: { code: 1 }, name: 'code_1', unique: true }] });
    await run({ insert: 'dense', documents: [{ a: 1 }] });
    const second = await run({ insert: 'dense', documents: [{ code: null }] });
    expect(second.writeErrors[0].keyValue).toEqual({ code: null });

    await run({
      createIndexes: 'sparse',
      indexes: [{ key: { code: 1 }, name: 'code_1', unique: true, sparse: true }],
    });
    expect((await run({ insert: 'sparse', documents: [{ a: 1 }, { a: 2 }] })).n).toBe(2);
    expect((await run({ insert: 'sparse', documents: [{ code: 'k' }, { code: 'k' }] })).n).toBe(1);
  });

  it('enforces compound keys on the combination', async () => {
    const { run } = makeEngine();
    await run({
      createIndexes: 'c',
      indexes: [{ key: { community: 1, unit: 1 }, name: 'community_1_unit_1', unique: true }],
    });
    expect(
      (
        await run({
          insert: 'c',
          documents: [
            { community: 'a', unit: 1 },
            { community: 'a', unit: 2 },
            { community: 'b', unit: 1 },
          ],
        })
      ).n,
    ).toBe(3);
    const dup = await run({ insert: 'c', documents: [{ community: 'a', unit: 2 }] });
    expect(dup.writeErrors[0]).toMatchObject({
      code: 11000,
      errmsg:
        'E11000 duplicate key error collection: app.c index: community_1_unit_1 dup key: { community: "a", unit: 2 }',
      keyPattern: { community: 1, unit: 1 },
      keyValue: { community: 'a', unit: 2 },
    });
  });

  it('applies only to documents matching a partialFilterExpression', async () => {
    const { run } = makeEngine();
    await run({
      createIndexes: 'c',
      indexes: [
        { key: { slot: 1 }, name: 'slot_1', unique: true, partialFilterExpression: { status: 'active' } },
      ],
    });
    expect(
      (
        await run({
          insert: 'c',
          documents: [
            { slot: 1, status: 'cancelled' },
            { slot: 1, status: 'active' },
            { slot: 1, status: 'cancelled' },
          ],
        })
      ).n,
    ).toBe(3);
    expect((await run({ insert: 'c', documents: [{ slot: 1, status: 'active' }] })).writeErrors[0].code).toBe(
      11000,
    );
    // Moving a document into the filter is a violation too.
    const moved = await run({
      update: 'c',
      updates: [{ q: { status: 'cancelled' }, u: { $set: { status: 'active' } } }],
    });
    expect(moved.writeErrors[0].code).toBe(11000);
    expect(moved.nModified).toBe(0);
  });

  it('indexes each array element (multikey)', async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'c', indexes: [{ key: { tags: 1 }, name: 'tags_1', unique: true }] });
    expect((await run({ insert: 'c', documents: [{ tags: ['a', 'b', 'a'] }] })).n).toBe(1);
    const dup = await run({ insert: 'c', documents: [{ tags: ['c', 'b'] }] });
    expect(dup.writeErrors[0].keyValue).toEqual({ tags: 'b' });
  });

  it('refuses to build a unique index over existing duplicates, and builds nothing', async () => {
    const { run } = makeEngine();
    await run({ insert: 'c', documents: [{ e: 'x' }, { e: 'x' }] });
    const reply = await run({ createIndexes: 'c', indexes: [{ key: { e: 1 }, name: 'e_1', unique: true }] });
    expect(reply).toMatchObject({ ok: 0, code: 11000, codeName: 'DuplicateKey', keyValue: { e: 'x' } });
    expect((await run({ listIndexes: 'c', cursor: {} })).cursor.firstBatch).toHaveLength(1);
  });

  it('checks updates and leaves a failed statement without effect', async () => {
    const { run, findAll } = makeEngine();
    await run({ createIndexes: 'c', indexes: [{ key: { e: 1 }, name: 'e_1', unique: true }] });
    await run({
      insert: 'c',
      documents: [
        { _id: 1, e: 'a', n: 0 },
        { _id: 2, e: 'b', n: 0 },
      ],
    });
    const reply = await run({
      update: 'c',
      updates: [{ q: { _id: 2 }, u: { $set: { e: 'a' }, $inc: { n: 1 } } }],
    });
    expect(reply).toMatchObject({ ok: 1, n: 0, nModified: 0 });
    expect(reply.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyValue: { e: 'a' } });
    expect(await findAll('c')).toEqual([
      { _id: 1, e: 'a', n: 0 },
      { _id: 2, e: 'b', n: 0 },
    ]);
    // The key it tried to take is still free for its owner, the old one still taken.
    expect(
      (await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { e: 'a', n: 5 } } }] })).nModified,
    ).toBe(1);
    expect((await run({ insert: 'c', documents: [{ e: 'b' }] })).writeErrors[0].code).toBe(11000);
  });

  it('checks upserts and findAndModify', async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'c', indexes: [{ key: { e: 1 }, name: 'e_1', unique: true }] });
    await run({ insert: 'c', documents: [{ _id: 1, e: 'a' }] });
    const upsert = await run({
      update: 'c',
      updates: [{ q: { name: 'new' }, u: { $set: { e: 'a' } }, upsert: true }],
    });
    expect(upsert.writeErrors[0].code).toBe(11000);
    expect(upsert).not.toHaveProperty('upserted');
    const fam = await run({
      findAndModify: 'c',
      query: { name: 'new' },
      update: { $set: { e: 'a' } },
      upsert: true,
      new: true,
    });
    expect(fam).toMatchObject({
      ok: 0,
      code: 11000,
      codeName: 'DuplicateKey',
      errmsg: 'E11000 duplicate key error collection: app.c index: e_1 dup key: { e: "a" }',
      keyPattern: { e: 1 },
      keyValue: { e: 'a' },
    });
    expect((await run({ count: 'c' })).n).toBe(1);
  });
});

describe('update', () => {
  it('updates one or many and reports n and nModified', async () => {
    const { run, findAll } = makeEngine();
    await run({
      insert: 'c',
      documents: [
        { _id: 1, g: 'a', n: 1 },
        { _id: 2, g: 'a', n: 1 },
        { _id: 3, g: 'b', n: 1 },
      ],
    });
    expect(await run({ update: 'c', updates: [{ q: { g: 'a' }, u: { $inc: { n: 1 } } }] })).toEqual({
      n: 1,
      nModified: 1,
      ok: 1,
    });
    expect(
      await run({ update: 'c', updates: [{ q: { g: 'a' }, u: { $inc: { n: 1 } }, multi: true }] }),
    ).toEqual({ n: 2, nModified: 2, ok: 1 });
    expect(await run({ update: 'c', updates: [{ q: { g: 'b' }, u: { $set: { n: 1 } } }] })).toEqual({
      n: 1,
      nModified: 0,
      ok: 1,
    });
    expect((await findAll('c')).map((d) => d.n)).toEqual([3, 2, 1]);
  });

  it('adds new fields in lexicographic order of their paths, as mongod 5+ does', async () => {
    const { run, findAll } = makeEngine();
    await run({
      update: 'c',
      updates: [
        { q: { k: 1 }, u: { $set: { z: 1, b: 2 }, $setOnInsert: { createdAt: 0, a: 3 } }, upsert: true },
      ],
    });
    expect(Object.keys((await findAll('c'))[0])).toEqual(['_id', 'k', 'a', 'b', 'createdAt', 'z']);
  });

  it('replaces a document but keeps its _id', async () => {
    const { run, findAll } = makeEngine();
    await run({ insert: 'c', documents: [{ _id: 1, a: 1, b: 2 }] });
    expect((await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { c: 3 } }] })).nModified).toBe(1);
    expect(await findAll('c')).toEqual([{ _id: 1, c: 3 }]);
  });

  it('refuses to change _id (66 ImmutableField) and unknown modifiers', async () => {
    const { run, findAll } = makeEngine();
    await run({ insert: 'c', documents: [{ _id: 1, a: 1 }] });
    const changed = await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { _id: 2, a: 9 } } }] });
    expect(changed.writeErrors[0]).toMatchObject({
      code: 66,
      errmsg: "Performing an update on the path '_id' would modify the immutable field '_id'",
    });
    const replaced = await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { _id: 3, a: 9 } }] });
    expect(replaced.writeErrors[0].code).toBe(66);
    const unknown = await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $frob: { a: 1 } } }] });
    expect(unknown.writeErrors[0]).toMatchObject({ code: 9 });
    const badInc = await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $inc: { a: 'x' } } }] });
    expect(badInc.writeErrors[0]).toMatchObject({ code: 14 });
    expect(await findAll('c')).toEqual([{ _id: 1, a: 1 }]);
  });

  it("upserts from the filter's equality fields, with $setOnInsert and the new _id reported", async () => {
    const { run, findAll } = makeEngine();
    const reply = await run({
      update: 'c',
      updates: [
        {
          q: { community: 'c1', 'profile.unit': 5, $and: [{ kind: { $eq: 'resident' } }], age: { $gt: 3 } },
          u: { $set: { name: 'n' }, $setOnInsert: { createdAt: new Date(5), __v: 0 } },
          upsert: true,
        },
      ],
    });
    expect(reply.n).toBe(1);
    expect(reply.nModified).toBe(0);
    expect(reply.upserted).toHaveLength(1);
    expect(reply.upserted[0].index).toBe(0);
    expect(reply.upserted[0]._id).toBeInstanceOf(ObjectId);
    const [doc] = await findAll('c');
    expect(doc).toEqual({
      _id: reply.upserted[0]._id,
      community: 'c1',
      profile: { unit: 5 },
      kind: 'resident',
      name: 'n',
      createdAt: new Date(5),
      __v: 0,
    });
    // A second run matches: $setOnInsert does nothing now.
    const again = await run({
      update: 'c',
      updates: [
        {
          q: { community: 'c1' },
          u: { $set: { name: 'm' }, $setOnInsert: { createdAt: new Date(9) } },
          upsert: true,
        },
      ],
    });
    expect(again).toEqual({ n: 1, nModified: 1, ok: 1 });
    expect((await findAll('c'))[0].createdAt).toEqual(new Date(5));
  });

  it("upserts with the filter's _id and with a replacement document", async () => {
    const { run, findAll } = makeEngine();
    const reply = await run({ update: 'c', updates: [{ q: { _id: 'k', x: 1 }, u: { y: 2 }, upsert: true }] });
    expect(reply.upserted).toEqual([{ index: 0, _id: 'k' }]);
    expect(await findAll('c')).toEqual([{ _id: 'k', y: 2 }]);
  });

  it('updates array elements through arrayFilters and the positional operator', async () => {
    const { run, findAll } = makeEngine();
    await run({
      insert: 'c',
      documents: [
        {
          _id: 1,
          items: [
            { k: 'a', q: 1 },
            { k: 'b', q: 1 },
            { k: 'c', q: 5 },
          ],
        },
      ],
    });
    await run({
      update: 'c',
      updates: [
        { q: { _id: 1 }, u: { $inc: { 'items.$[it].q': 10 } }, arrayFilters: [{ 'it.q': { $lt: 5 } }] },
      ],
    });
    await run({ update: 'c', updates: [{ q: { _id: 1, 'items.k': 'c' }, u: { $set: { 'items.$.q': 0 } } }] });
    expect((await findAll('c'))[0].items).toEqual([
      { k: 'a', q: 11 },
      { k: 'b', q: 11 },
      { k: 'c', q: 0 },
    ]);
  });

  it('runs pipeline updates', async () => {
    const { run, findAll } = makeEngine();
    await run({ insert: 'c', documents: [{ _id: 1, a: 2, b: 3 }] });
    const reply = await run({
      update: 'c',
      updates: [{ q: { _id: 1 }, u: [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'b' }] }],
    });
    expect(reply.nModified).toBe(1);
    expect(await findAll('c')).toEqual([{ _id: 1, a: 2, sum: 5 }]);
  });

  it('stops an ordered batch of updates at the first failing statement', async () => {
    const { run, findAll } = makeEngine();
    await run({ insert: 'c', documents: [{ _id: 1, n: 0 }] });
    const reply = await run({
      update: 'c',
      updates: [
        { q: { _id: 1 }, u: { $inc: { n: 1 } } },
        { q: { _id: 1 }, u: { $set: { _id: 9 } } },
        { q: { _id: 1 }, u: { $inc: { n: 1 } } },
      ],
    });
    expect(reply.n).toBe(1);
    expect(reply.writeErrors.map((e: { index: number }) => e.index)).toEqual([1]);
    expect((await findAll('c'))[0].n).toBe(1);
  });
});

describe('delete', () => {
  it('deletes one (limit 1) or all matches (limit 0)', async () => {
    const { run, findAll } = makeEngine();
    await run({
      insert: 'c',
      documents: [
        { _id: 1, g: 'a' },
        { _id: 2, g: 'a' },
        { _id: 3, g: 'a' },
        { _id: 4, g: 'b' },
      ],
    });
    expect(await run({ delete: 'c', deletes: [{ q: { g: 'a' }, limit: 1 }] })).toEqual({ n: 1, ok: 1 });
    expect(await run({ delete: 'c', deletes: [{ q: { g: 'a' }, limit: 0 }] })).toEqual({ n: 2, ok: 1 });
    expect(await findAll('c')).toEqual([{ _id: 4, g: 'b' }]);
    expect(await run({ delete: 'missing', deletes: [{ q: {}, limit: 0 }] })).toEqual({ n: 0, ok: 1 });
  });

  it('frees unique keys of deleted documents', async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'c', indexes: [{ key: { e: 1 }, name: 'e_1', unique: true }] });
    await run({ insert: 'c', documents: [{ e: 'x' }] });
    await run({ delete: 'c', deletes: [{ q: { e: 'x' }, limit: 1 }] });
    expect((await run({ insert: 'c', documents: [{ e: 'x' }] })).n).toBe(1);
  });
});

describe('findAndModify', () => {
  async function seeded() {
    const h = makeEngine();
    await h.run({
      insert: 'c',
      documents: [
        { _id: 1, g: 'a', n: 1, secret: 's' },
        { _id: 2, g: 'a', n: 2, secret: 's' },
      ],
    });
    return h;
  }

  it('returns the document before the update by default and after with new:true', async () => {
    const { run } = await seeded();
    const before = await run({ findAndModify: 'c', query: { _id: 1 }, update: { $inc: { n: 10 } } });
    expect(before).toEqual({
      lastErrorObject: { n: 1, updatedExisting: true },
      value: { _id: 1, g: 'a', n: 1, secret: 's' },
      ok: 1,
    });
    const after = await run({
      findAndModify: 'c',
      query: { _id: 1 },
      update: { $inc: { n: 10 }, $inc__: undefined },
      new: true,
      fields: { secret: 0 },
    });
    expect(after.value).toEqual({ _id: 1, g: 'a', n: 21 });
  });

  it('picks the first document in sort order', async () => {
    const { run } = await seeded();
    const reply = await run({
      findAndModify: 'c',
      query: { g: 'a' },
      sort: { n: -1 },
      update: { $set: { picked: true } },
      new: true,
    });
    expect(reply.value._id).toBe(2);
  });

  it('removes and returns the removed document', async () => {
    const { run } = await seeded();
    const reply = await run({ findAndModify: 'c', query: { _id: 2 }, remove: true });
    expect(reply).toEqual({ lastErrorObject: { n: 1 }, value: { _id: 2, g: 'a', n: 2, secret: 's' }, ok: 1 });
    expect((await run({ count: 'c' })).n).toBe(1);
    expect(await run({ findAndModify: 'c', query: { _id: 2 }, remove: true })).toEqual({
      lastErrorObject: { n: 0 },
      value: null,
      ok: 1,
    });
  });

  it('upserts, reporting the new _id', async () => {
    const { run } = await seeded();
    const reply = await run({
      findAndModify: 'c',
      query: { g: 'z' },
      update: { $set: { n: 0 }, $setOnInsert: { created: true } },
      upsert: true,
      new: true,
    });
    expect(reply.lastErrorObject.n).toBe(1);
    expect(reply.lastErrorObject.updatedExisting).toBe(false);
    expect(reply.lastErrorObject.upserted).toBeInstanceOf(ObjectId);
    expect(reply.value).toEqual({ _id: reply.lastErrorObject.upserted, g: 'z', n: 0, created: true });
    const without = await run({
      findAndModify: 'c',
      query: { g: 'y' },
      update: { $set: { n: 0 } },
      upsert: true,
    });
    expect(without.value).toBeNull();
  });

  it('answers a miss with value null', async () => {
    const { run } = await seeded();
    expect(await run({ findAndModify: 'c', query: { _id: 99 }, update: { $set: { a: 1 } } })).toEqual({
      lastErrorObject: { n: 0, updatedExisting: false },
      value: null,
      ok: 1,
    });
  });

  it('is atomic for a conditional claim under concurrency', async () => {
    const { run } = makeEngine();
    await run({ insert: 'slots', documents: [{ _id: 's', taken: 0, capacity: 50 }] });
    const attempts = Array.from({ length: 200 }, () =>
      run({
        findAndModify: 'slots',
        query: { _id: 's', $expr: { $lt: ['$taken', '$capacity'] } },
        update: { $inc: { taken: 1 } },
        new: true,
      }),
    );
    const replies = await Promise.all(attempts);
    expect(replies.filter((r) => r.value !== null)).toHaveLength(50);
    const [slot] = (await run({ find: 'slots', filter: {} })).cursor.firstBatch;
    expect(slot.taken).toBe(50);
  });

  it('refuses contradictory options', async () => {
    const { run } = await seeded();
    expect(
      (await run({ findAndModify: 'c', query: {}, remove: true, update: { $set: { a: 1 } } })).code,
    ).toBe(9);
    expect((await run({ findAndModify: 'c', query: {} })).code).toBe(9);
  });
});
