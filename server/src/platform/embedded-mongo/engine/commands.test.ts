import { Decimal128, Int32, Long, ObjectId } from 'bson';
import { makeEngine } from './test-helpers';

describe('handshake and admin commands', () => {
  it('answers hello/isMaster as a standalone 7.0 server', async () => {
    const { engine } = makeEngine();
    for (const name of ['hello', 'isMaster', 'ismaster']) {
      const reply = await engine.runCommand({ [name]: 1, $db: 'admin' }, { connectionId: 7 });
      expect(reply).toMatchObject({
        ok: 1,
        isWritablePrimary: true,
        ismaster: true,
        minWireVersion: 0,
        maxWireVersion: 21,
        logicalSessionTimeoutMinutes: 30,
        maxBsonObjectSize: 16777216,
        maxMessageSizeBytes: 48000000,
        maxWriteBatchSize: 100000,
        connectionId: 7,
      });
      expect(reply.localTime).toBeInstanceOf(Date);
      expect(reply).not.toHaveProperty('setName');
      expect(reply).not.toHaveProperty('topologyVersion');
    }
  });

  it('confirms helloOk to a legacy isMaster that offers it', async () => {
    const { engine } = makeEngine();
    expect((await engine.runCommand({ isMaster: 1, helloOk: true, $db: 'admin' })).helloOk).toBe(true);
    expect(await engine.runCommand({ isMaster: 1, $db: 'admin' })).not.toHaveProperty('helloOk');
  });

  it('answers ping, buildInfo and the diagnostics drivers probe', async () => {
    const { run } = makeEngine();
    expect(await run({ ping: 1 })).toEqual({ ok: 1 });
    expect(await run({ buildInfo: 1 })).toMatchObject({
      ok: 1,
      version: '7.0.0',
      versionArray: [7, 0, 0, 0],
    });
    for (const cmd of ['getParameter', 'getCmdLineOpts', 'serverStatus', 'endSessions']) {
      expect((await run({ [cmd]: 1 })).ok).toBe(1);
    }
  });

  it('answers unknown commands with CommandNotFound', async () => {
    const { run } = makeEngine();
    expect(await run({ frobnicate: 1 })).toEqual({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
      errmsg: "no such command: 'frobnicate'",
    });
  });

  it('refuses transactions as a standalone mongod does', async () => {
    const { run } = makeEngine();
    const expected = {
      ok: 0,
      code: 20,
      codeName: 'IllegalOperation',
      errmsg: 'Transaction numbers are only allowed on a replica set member or mongos',
    };
    expect(
      await run({
        insert: 'c',
        documents: [{}],
        txnNumber: Long.fromNumber(1),
        startTransaction: true,
        autocommit: false,
      }),
    ).toEqual(expected);
    expect(await run({ abortTransaction: 1, txnNumber: Long.fromNumber(1), autocommit: false })).toEqual(
      expected,
    );
    expect(await run({ commitTransaction: 1 })).toEqual(expected);
    expect((await run({ count: 'c' })).n).toBe(0);
  });

  it('answers malformed commands with errors instead of throwing', async () => {
    const { engine, run } = makeEngine();
    await expect(engine.runCommand({})).resolves.toMatchObject({ ok: 0 });
    for (const cmd of [
      { insert: 5, documents: [] },
      { insert: 'c' },
      { find: 'c', filter: 'x' },
      { update: 'c', updates: [{ q: {}, u: 7 }] },
      { delete: 'c', deletes: [{ q: {}, limit: 5 }] },
      { aggregate: 'c', pipeline: {}, cursor: {} },
      { getMore: 'x', collection: 'c' },
      { createIndexes: 'c', indexes: [{ key: {} }] },
    ]) {
      const reply = await run(cmd);
      expect(reply.ok).toBe(0);
      expect(typeof reply.code).toBe('number');
      expect(typeof reply.codeName).toBe('string');
    }
    const badUpdate = await run({ update: 'c', updates: [{ q: {}, u: 7 }] });
    expect(badUpdate).toMatchObject({ ok: 0 });
  });

  it('hashes each collection as dbHash does: by content in _id order, changed by any write', async () => {
    const { run } = makeEngine();
    const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
    await run({ insert: 'a', documents: ids.map((_id, n) => ({ _id, n })) });
    await run({ insert: 'b', documents: [{ _id: 1, n: 1 }] });
    await run({ create: 'empty' });
    const first = await run({ dbHash: 1 });
    expect(first).toMatchObject({ ok: 1, numCollections: 3 });
    // md5 of nothing: an empty collection hashes as one with no documents.
    expect(first.collections.empty).toBe('d41d8cd98f00b204e9800998ecf8427e');

    // The same documents inserted in another order hash the same.
    const other = makeEngine();
    await other.run({
      insert: 'a',
      documents: [...ids].reverse().map((_id) => ({ _id, n: ids.indexOf(_id) })),
    });
    expect((await other.run({ dbHash: 1, collections: ['a'] })).collections).toEqual({
      a: first.collections.a,
    });

    // A write that changes nothing leaves the hash; one that changes a value does not.
    await run({ update: 'a', updates: [{ q: { _id: ids[0] }, u: { $set: { n: 0 } } }] });
    expect((await run({ dbHash: 1 })).md5).toBe(first.md5);
    await run({ update: 'a', updates: [{ q: { _id: ids[0] }, u: { $set: { n: 9 } } }] });
    const changed = await run({ dbHash: 1 });
    expect(changed.collections.a).not.toBe(first.collections.a);
    expect(changed.collections.b).toBe(first.collections.b);
    expect(changed.md5).not.toBe(first.md5);
  });

  it('refuses $changeStream with 40573', async () => {
    const { run } = makeEngine();
    const reply = await run({ aggregate: 'c', pipeline: [{ $changeStream: {} }], cursor: {} });
    expect(reply).toMatchObject({
      ok: 0,
      code: 40573,
      errmsg: 'The $changeStream stage is only supported on replica sets',
    });
  });
});

describe('collections', () => {
  it('creates, refuses a second create with 48, lists and drops', async () => {
    const { run } = makeEngine();
    expect(await run({ create: 'users' })).toEqual({ ok: 1 });
    expect(await run({ create: 'users' })).toMatchObject({ ok: 0, code: 48, codeName: 'NamespaceExists' });
    await run({ create: 'posts' });
    const all = await run({ listCollections: 1, filter: {}, cursor: {} });
    expect(all.cursor.id.isZero()).toBe(true);
    expect(all.cursor.ns).toBe('app.$cmd.listCollections');
    expect(all.cursor.firstBatch.map((c: { name: string }) => c.name).sort()).toEqual(['posts', 'users']);
    const one = await run({ listCollections: 1, filter: { name: 'users' }, nameOnly: true, cursor: {} });
    expect(one.cursor.firstBatch).toEqual([{ name: 'users', type: 'collection' }]);

    expect(await run({ drop: 'users' })).toMatchObject({ ok: 1, ns: 'app.users' });
    expect(await run({ drop: 'users' })).toMatchObject({ ok: 0, code: 26, codeName: 'NamespaceNotFound' });
    expect(await run({ dropDatabase: 1 })).toEqual({ dropped: 'app', ok: 1 });
    expect((await run({ listCollections: 1, cursor: {} })).cursor.firstBatch).toEqual([]);
  });

  it('renames a collection with its documents and indexes', async () => {
    const { engine, run, findAll } = makeEngine();
    await run({ createIndexes: 'old', indexes: [{ key: { e: 1 }, name: 'e_1', unique: true }] });
    await run({ insert: 'old', documents: [{ _id: 1, e: 'a' }] });
    await run({ insert: 'taken', documents: [{ _id: 9 }] });
    const rename = (to: string, extra = {}) =>
      engine.runCommand({ renameCollection: 'app.old', to: `app.${to}`, ...extra, $db: 'admin' });
    expect(await rename('taken')).toMatchObject({ ok: 0, code: 48 });
    expect(await rename('taken', { dropTarget: true })).toEqual({ ok: 1 });
    expect(await findAll('taken')).toEqual([{ _id: 1, e: 'a' }]);
    expect(await findAll('old')).toEqual([]);
    expect((await run({ insert: 'taken', documents: [{ e: 'a' }] })).writeErrors[0].code).toBe(11000);
    expect(await rename('other')).toMatchObject({ ok: 0, code: 26 });
  });

  it('keeps databases apart', async () => {
    const { engine } = makeEngine();
    await engine.runCommand({ insert: 'c', documents: [{ _id: 1 }], $db: 'one' });
    const other = await engine.runCommand({ find: 'c', filter: {}, $db: 'two' });
    expect(other.cursor.firstBatch).toEqual([]);
  });
});

describe('indexes', () => {
  it('creates, lists (with _id_ first, v:2) and drops by name, key pattern and *', async () => {
    const { run } = makeEngine();
    const created = await run({
      createIndexes: 'users',
      indexes: [
        { key: { email: 1 }, name: 'email_1', unique: true },
        { key: { community: 1, unit: -1 }, name: 'community_1_unit_-1' },
      ],
    });
    expect(created).toMatchObject({
      ok: 1,
      numIndexesBefore: 1,
      numIndexesAfter: 3,
      createdCollectionAutomatically: true,
    });
    const again = await run({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    expect(again).toMatchObject({
      ok: 1,
      numIndexesBefore: 3,
      numIndexesAfter: 3,
      note: 'all indexes already exist',
    });

    const listed = await run({ listIndexes: 'users', cursor: {} });
    expect(listed.cursor.firstBatch).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
      { v: 2, key: { community: 1, unit: -1 }, name: 'community_1_unit_-1' },
    ]);
    expect(listed.cursor.ns).toBe('app.users');

    expect(await run({ dropIndexes: 'users', index: { community: 1, unit: -1 } })).toMatchObject({
      ok: 1,
      nIndexesWas: 3,
    });
    expect(await run({ dropIndexes: 'users', index: 'nope_1' })).toMatchObject({
      ok: 0,
      code: 27,
      codeName: 'IndexNotFound',
    });
    expect(await run({ dropIndexes: 'users', index: '_id_' })).toMatchObject({ ok: 0, code: 72 });
    expect(await run({ dropIndexes: 'users', index: '*' })).toMatchObject({ ok: 1, nIndexesWas: 2 });
    expect((await run({ listIndexes: 'users', cursor: {} })).cursor.firstBatch).toHaveLength(1);
  });

  it('rejects conflicting index definitions', async () => {
    const { run } = makeEngine();
    await run({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    expect(await run({ createIndexes: 'c', indexes: [{ key: { b: 1 }, name: 'a_1' }] })).toMatchObject({
      ok: 0,
      code: 86,
      codeName: 'IndexKeySpecsConflict',
    });
    expect(await run({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'other' }] })).toMatchObject({
      ok: 0,
      code: 85,
      codeName: 'IndexOptionsConflict',
    });
    expect(
      await run({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] }),
    ).toMatchObject({ ok: 0, code: 85 });
  });

  it('answers listIndexes on a missing collection with NamespaceNotFound (mongoose syncIndexes relies on it)', async () => {
    const { run } = makeEngine();
    expect(await run({ listIndexes: 'nothing', cursor: {} })).toMatchObject({
      ok: 0,
      code: 26,
      codeName: 'NamespaceNotFound',
    });
  });
});

describe('find and cursors', () => {
  async function seeded(count: number) {
    const h = makeEngine();
    const docs = Array.from({ length: count }, (_, n) => ({ _id: n, n, group: ['a', 'b', 'c'][n % 3] }));
    await h.run({ insert: 'items', documents: docs });
    return h;
  }

  it('returns 101 documents first, then the rest through getMore, with a Long id that ends at 0', async () => {
    const { run } = await seeded(250);
    const first = await run({ find: 'items', filter: {} });
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(first.cursor.id).toBeInstanceOf(Long);
    expect(first.cursor.id.isZero()).toBe(false);
    expect(first.cursor.ns).toBe('app.items');
    const second = await run({ getMore: first.cursor.id, collection: 'items', batchSize: 100 });
    expect(second.cursor.nextBatch.map((d: { n: number }) => d.n)).toEqual(
      Array.from({ length: 100 }, (_, i) => 101 + i),
    );
    expect(second.cursor.id.equals(first.cursor.id)).toBe(true);
    const last = await run({ getMore: first.cursor.id, collection: 'items' });
    expect(last.cursor.nextBatch).toHaveLength(49);
    expect(last.cursor.id.isZero()).toBe(true);
    expect(await run({ getMore: first.cursor.id, collection: 'items' })).toMatchObject({
      ok: 0,
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('gives open cursors distinct ids and kills them', async () => {
    const { run } = await seeded(20);
    const a = await run({ find: 'items', filter: {}, batchSize: 2 });
    const b = await run({ find: 'items', filter: {}, batchSize: 2 });
    expect(a.cursor.id.equals(b.cursor.id)).toBe(false);
    const killed = await run({ killCursors: 'items', cursors: [a.cursor.id, Long.fromNumber(12345)] });
    expect(killed.cursorsKilled).toEqual([a.cursor.id]);
    expect(killed.cursorsNotFound).toEqual([Long.fromNumber(12345)]);
    expect((await run({ getMore: a.cursor.id, collection: 'items' })).code).toBe(43);
    expect((await run({ getMore: b.cursor.id, collection: 'items' })).ok).toBe(1);
  });

  it('applies sort, skip, limit, projection and singleBatch', async () => {
    const { run } = await seeded(30);
    const reply = await run({
      find: 'items',
      filter: { group: 'a' },
      sort: { n: -1 },
      skip: 1,
      limit: 3,
      projection: { n: 1, _id: 0 },
    });
    expect(reply.cursor.firstBatch).toEqual([{ n: 24 }, { n: 21 }, { n: 18 }]);
    expect(reply.cursor.id.isZero()).toBe(true);
    const single = await run({ find: 'items', filter: {}, batchSize: 5, singleBatch: true });
    expect(single.cursor.firstBatch).toHaveLength(5);
    expect(single.cursor.id.isZero()).toBe(true);
    const excluded = await run({ find: 'items', filter: { _id: 4 }, projection: { group: 0 } });
    expect(excluded.cursor.firstBatch).toEqual([{ _id: 4, n: 4 }]);
    const limited = await run({ find: 'items', filter: {}, limit: 150 });
    expect(limited.cursor.firstBatch).toHaveLength(30);
  });

  it('refuses projections mixing inclusion and exclusion', async () => {
    const { run } = await seeded(3);
    expect(await run({ find: 'items', filter: {}, projection: { n: 1, group: 0 } })).toMatchObject({
      ok: 0,
      code: 31254,
      errmsg: 'Cannot do exclusion on field group in inclusion projection',
    });
    expect((await run({ find: 'items', filter: {}, projection: { n: 0, group: 1 } })).code).toBe(31253);
    expect((await run({ find: 'items', filter: {}, projection: { n: 1, _id: 0 } })).ok).toBe(1);
  });

  it('returns an empty exhausted cursor for a missing collection', async () => {
    const { run } = makeEngine();
    const reply = await run({ find: 'ghost', filter: {} });
    expect(reply.cursor.firstBatch).toEqual([]);
    expect(reply.cursor.id.isZero()).toBe(true);
  });

  it('matches ObjectIds by value, including in $in and through populate-style lookups', async () => {
    const { run, findAll } = makeEngine();
    const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
    await run({ insert: 'users', documents: ids.map((_id, i) => ({ _id, i })) });
    await run({ insert: 'posts', documents: [{ author: ids[1] }, { author: ids[2] }, { author: ids[1] }] });
    const copy = (id: ObjectId) => new ObjectId(id.toHexString());
    expect(await findAll('users', { _id: copy(ids[1]) })).toEqual([{ _id: ids[1], i: 1 }]);
    expect((await findAll('users', { _id: { $in: [copy(ids[0]), copy(ids[2])] } })).map((d) => d.i)).toEqual([
      0, 2,
    ]);
    expect(await findAll('posts', { author: copy(ids[1]) })).toHaveLength(2);
    expect(await findAll('posts', { author: { $ne: copy(ids[1]) } })).toHaveLength(1);
  });

  it('treats numeric wrappers as the numbers they hold', async () => {
    const { run, findAll } = makeEngine();
    await run({
      insert: 'c',
      documents: [
        { _id: 1, n: new Int32(5) },
        { _id: 2, n: 5.5 },
      ],
    });
    expect(await findAll('c', { n: 5 })).toEqual([{ _id: 1, n: 5 }]);
    expect(await findAll('c', { n: { $gt: new Int32(5) } })).toEqual([{ _id: 2, n: 5.5 }]);
    expect(await findAll('c', { n: Long.fromNumber(5) })).toHaveLength(1);
  });

  it('sorts mixed types in BSON order, arrays by their smallest element', async () => {
    const { run, findAll } = makeEngine();
    const oid = new ObjectId();
    const when = new Date(0);
    await run({
      insert: 'c',
      documents: [
        { _id: 1, v: 'b' },
        { _id: 2, v: when },
        { _id: 3, v: 10 },
        { _id: 4 },
        { _id: 5, v: oid },
        { _id: 6, v: null },
        { _id: 7, v: 2 },
        { _id: 8, v: true },
        { _id: 9, v: [7, 1] },
        { _id: 10, v: 'a' },
      ],
    });
    const order = (await findAll('c', {}, { sort: { v: 1, _id: 1 } })).map((d) => d._id);
    expect(order).toEqual([4, 6, 9, 7, 3, 10, 1, 5, 8, 2]);
    const desc = (await findAll('c', {}, { sort: { v: -1, _id: 1 } })).map((d) => d._id);
    expect(desc).toEqual([2, 8, 5, 1, 10, 3, 9, 7, 4, 6]);
  });

  it('keeps the right top documents when sorting with a small limit', async () => {
    const { run, findAll } = makeEngine();
    const docs = Array.from({ length: 500 }, (_, i) => ({ _id: i, v: (i * 7919) % 97, at: new ObjectId() }));
    await run({ insert: 'c', documents: docs });
    const expected = [...docs]
      .sort((a, b) => a.v - b.v || b._id - a._id)
      .slice(3, 10)
      .map((d) => d._id);
    const got = await findAll('c', {}, { sort: { v: 1, _id: -1 }, skip: 3, limit: 7 });
    expect(got.map((d) => d._id)).toEqual(expected);
    const newest = await findAll('c', {}, { sort: { at: -1 }, limit: 3 });
    expect(newest.map((d) => d._id)).toEqual([499, 498, 497]);
    const reversed = await findAll('c', {}, { sort: { $natural: -1 }, limit: 2 });
    expect(reversed.map((d) => d._id)).toEqual([499, 498]);
  });

  it('keeps Decimal128 and dates intact and finds by them', async () => {
    const { run, findAll } = makeEngine();
    await run({
      insert: 'c',
      documents: [{ _id: 1, at: new Date(1000), price: Decimal128.fromString('1.50') }],
    });
    const [doc] = await findAll('c', { at: new Date(1000) });
    expect(doc.price).toBeInstanceOf(Decimal128);
    expect(doc.price.toString()).toBe('1.50');
    expect(await findAll('c', { at: { $gte: new Date(999) } })).toHaveLength(1);
  });
});

describe('count and distinct', () => {
  it('counts with query, skip and limit', async () => {
    const { run } = makeEngine();
    await run({ insert: 'c', documents: Array.from({ length: 10 }, (_, n) => ({ n })) });
    expect(await run({ count: 'c' })).toEqual({ n: 10, ok: 1 });
    expect(await run({ count: 'c', query: { n: { $gte: 5 } } })).toEqual({ n: 5, ok: 1 });
    expect(await run({ count: 'c', query: {}, skip: 8 })).toEqual({ n: 2, ok: 1 });
    expect(await run({ count: 'c', query: {}, limit: 3 })).toEqual({ n: 3, ok: 1 });
    expect(await run({ count: 'none' })).toEqual({ n: 0, ok: 1 });
  });

  it('returns distinct values, flattening arrays', async () => {
    const { run } = makeEngine();
    await run({
      insert: 'c',
      documents: [{ t: ['a', 'b'], g: 1 }, { t: 'a', g: 1 }, { t: 'c', g: 2 }, { g: 1 }],
    });
    expect((await run({ distinct: 'c', key: 't' })).values.sort()).toEqual(['a', 'b', 'c']);
    expect((await run({ distinct: 'c', key: 't', query: { g: 1 } })).values.sort()).toEqual(['a', 'b']);
  });
});
