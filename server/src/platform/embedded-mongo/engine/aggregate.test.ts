import { ObjectId } from 'bson';
import { Aggregator } from 'mingo';
import { makeEngine } from './test-helpers';

async function seeded() {
  const h = makeEngine();
  const owners = [new ObjectId(), new ObjectId()];
  await h.run({
    insert: 'owners',
    documents: [
      { _id: owners[0], name: 'one' },
      { _id: owners[1], name: 'two' },
    ],
  });
  await h.run({
    insert: 'items',
    documents: Array.from({ length: 12 }, (_, n) => ({
      _id: n,
      n,
      group: ['a', 'b', 'c'][n % 3],
      tags: n % 2 ? ['odd'] : ['even', 'x'],
      owner: owners[n % 2],
      meta: { w: n },
    })),
  });
  return { ...h, owners };
}

async function aggregate(
  run: (cmd: object) => Promise<Record<string, unknown>>,
  pipeline: object[],
  coll = 'items',
) {
  const reply = (await run({ aggregate: coll, pipeline, cursor: {} })) as {
    ok: number;
    errmsg?: string;
    cursor: { firstBatch: Record<string, unknown>[] };
  };
  if (reply.ok !== 1) throw new Error(reply.errmsg);
  return reply.cursor.firstBatch;
}

describe('aggregate', () => {
  it('runs $match/$group/$sort/$project', async () => {
    const { run } = await seeded();
    const out = await aggregate(run, [
      { $match: { n: { $gte: 3 } } },
      { $group: { _id: '$group', total: { $sum: '$n' }, count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
      { $project: { _id: 0, group: '$_id', total: 1, count: 1 } },
    ]);
    expect(out).toEqual([
      { group: 'a', total: 3 + 6 + 9, count: 3 },
      { group: 'b', total: 4 + 7 + 10, count: 3 },
      { group: 'c', total: 5 + 8 + 11, count: 3 },
    ]);
  });

  it('counts as countDocuments does ($match, $skip, $limit, $group)', async () => {
    const { run } = await seeded();
    const out = await aggregate(run, [
      { $match: { group: 'a' } },
      { $skip: 1 },
      { $limit: 10 },
      { $group: { _id: 1, n: { $sum: 1 } } },
    ]);
    expect(out).toEqual([{ _id: 1, n: 3 }]);
    expect(
      await aggregate(run, [{ $match: { group: 'zzz' } }, { $group: { _id: 1, n: { $sum: 1 } } }]),
    ).toEqual([]);
  });

  it('joins with $lookup on ObjectIds', async () => {
    const { run, owners } = await seeded();
    const out = await aggregate(run, [
      { $match: { n: { $lt: 2 } } },
      { $lookup: { from: 'owners', localField: 'owner', foreignField: '_id', as: 'ownerDoc' } },
      { $project: { n: 1, ownerName: { $arrayElemAt: ['$ownerDoc.name', 0] } } },
    ]);
    expect(out).toEqual([
      { _id: 0, n: 0, ownerName: 'one' },
      { _id: 1, n: 1, ownerName: 'two' },
    ]);
    expect(owners).toHaveLength(2);
  });

  it('joins by equality as mingo would: arrays, missing and null local values, array foreign fields', async () => {
    const { run } = makeEngine();
    const locals = [
      { _id: 1, ref: 'a' },
      { _id: 2, ref: ['a', 'b'] },
      { _id: 3 },
      { _id: 4, ref: null },
      { _id: 5, ref: 'zzz' },
      { _id: 6, nested: { ref: 'b' } },
    ];
    const foreigns = [
      { _id: 'f1', key: 'a' },
      { _id: 'f2', key: ['b', 'c'] },
      { _id: 'f3' },
      { _id: 'f4', key: null },
      { _id: 'f5', key: 'a' },
    ];
    await run({ insert: 'locals', documents: locals });
    await run({ insert: 'foreigns', documents: foreigns });
    await run({ createIndexes: 'foreigns', indexes: [{ key: { key: 1 }, name: 'key_1' }] });
    const join = { $lookup: { from: 'foreigns', localField: 'ref', foreignField: 'key', as: 'joined' } };
    const idsOf = (docs: Record<string, unknown>[], field: string) =>
      docs.map((d) => ((d[field] as { _id: string }[]) ?? []).map((f) => f._id).sort());
    const ours = await aggregate(run, [join], 'locals');
    const theirs = new Aggregator([join], { collectionResolver: () => foreigns }).run(locals);
    expect(idsOf(ours, 'joined')).toEqual(idsOf(theirs as Record<string, unknown>[], 'joined'));
    expect(idsOf(ours, 'joined')[1]).toEqual(['f1', 'f2', 'f5']);
    // A dotted `as` nests, as in MongoDB (mingo writes a literal "deep.joined" key).
    const deep = await aggregate(
      run,
      [
        { $lookup: { from: 'foreigns', localField: 'nested.ref', foreignField: 'key', as: 'deep.joined' } },
        { $project: { ids: '$deep.joined._id' } },
      ],
      'locals',
    );
    expect(deep.map((d) => [...(d.ids as string[])].sort())).toEqual([
      ['f3', 'f4'],
      ['f3', 'f4'],
      ['f3', 'f4'],
      ['f3', 'f4'],
      ['f3', 'f4'],
      ['f2'],
    ]);
  });

  it('runs $facet, $count, $unwind, $sortByCount, $replaceRoot and $addFields', async () => {
    const { run } = await seeded();
    const [facets] = await aggregate(run, [
      {
        $facet: {
          total: [{ $count: 'n' }],
          tags: [{ $unwind: '$tags' }, { $sortByCount: '$tags' }, { $sort: { count: -1, _id: 1 } }],
          firstMeta: [{ $sort: { n: 1 } }, { $limit: 1 }, { $replaceRoot: { newRoot: '$meta' } }],
        },
      },
    ]);
    expect(facets.total).toEqual([{ n: 12 }]);
    expect(facets.tags).toEqual([
      { _id: 'even', count: 6 },
      { _id: 'odd', count: 6 },
      { _id: 'x', count: 6 },
    ]);
    expect(facets.firstMeta).toEqual([{ w: 0 }]);
    const added = await aggregate(run, [
      { $match: { _id: 1 } },
      { $addFields: { double: { $multiply: ['$n', 2] } } },
      { $project: { double: 1 } },
    ]);
    expect(added).toEqual([{ _id: 1, double: 2 }]);
  });

  it('never changes stored documents ($unwind includeArrayIndex, $addFields on dotted paths)', async () => {
    const { run, findAll } = await seeded();
    const before = await findAll('items');
    await aggregate(run, [{ $unwind: { path: '$tags', includeArrayIndex: 'i' } }]);
    await aggregate(run, [{ $addFields: { 'meta.extra': 1, 'meta.w': 'changed' } }]);
    await aggregate(run, [{ $match: { group: 'a' } }, { $set: { 'meta.w': 0 } }, { $unset: 'tags' }]);
    await aggregate(run, [
      { $lookup: { from: 'items', localField: 'n', foreignField: 'n', as: 'self' } },
      { $addFields: { 'self.meta.w': -1 } },
    ]);
    expect(await findAll('items')).toEqual(before);
  });

  it('hands out results a caller can change without changing the store', async () => {
    const { run, findAll } = await seeded();
    const [doc] = await findAll('items', { _id: 1 });
    doc.meta.w = 999;
    doc.tags.push('mutated');
    const reply = await run({ find: 'items', filter: {} });
    reply.cursor.firstBatch[1].meta.w = 1000;
    expect((await findAll('items', { _id: 1 }))[0]).toEqual({
      _id: 1,
      n: 1,
      group: 'b',
      tags: ['odd'],
      owner: doc.owner,
      meta: { w: 1 },
    });
  });

  it('pages aggregate results through getMore', async () => {
    const { run } = await seeded();
    const first = await run({
      aggregate: 'items',
      pipeline: [{ $sort: { n: 1 } }],
      cursor: { batchSize: 5 },
    });
    expect(first.cursor.firstBatch).toHaveLength(5);
    const rest = await run({ getMore: first.cursor.id, collection: 'items' });
    expect(rest.cursor.nextBatch.map((d: { n: number }) => d.n)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(rest.cursor.id.isZero()).toBe(true);
  });

  it('answers an unknown stage as mongod does', async () => {
    const { run } = await seeded();
    const reply = await run({ aggregate: 'items', pipeline: [{ $nonsense: {} }], cursor: {} });
    expect(reply).toMatchObject({
      ok: 0,
      code: 40324,
      errmsg: "Unrecognized pipeline stage name: '$nonsense'",
    });
  });

  it('aggregates a missing collection to nothing', async () => {
    const { run } = makeEngine();
    expect(await aggregate(run, [{ $match: {} }], 'ghost')).toEqual([]);
  });
});
