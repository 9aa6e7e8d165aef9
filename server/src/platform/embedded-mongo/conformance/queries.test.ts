/** Reading: cursors past the first batch, sort/skip/limit, counts, distinct, aggregation. */
import { Schema } from 'mongoose';
import { startTarget, type Target } from './support/target';

let target: Target;
const itemSchema = new Schema({ n: Number, group: String, tags: [String], ownerId: Number });
const ownerSchema = new Schema({ _id: Number, name: String });

function models() {
  const Item = target.conn.models.Item ?? target.conn.model('Item', itemSchema);
  const Owner = target.conn.models.Owner ?? target.conn.model('Owner', ownerSchema);
  return { Item, Owner };
}

beforeAll(async () => {
  target = await startTarget('queries');
  const { Item, Owner } = models();
  await Owner.insertMany([
    { _id: 1, name: 'one' },
    { _id: 2, name: 'two' },
  ]);
  await Item.insertMany(
    Array.from({ length: 250 }, (_, n) => ({
      n,
      group: ['a', 'b', 'c'][n % 3],
      tags: n % 2 ? ['odd'] : ['even', 'x'],
      ownerId: (n % 2) + 1,
    })),
  );
});
afterAll(async () => {
  await target?.stop();
});

describe('cursors', () => {
  it('returns every document past the first 101-document batch', async () => {
    const { Item } = models();
    const all = await Item.find().lean();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((d) => d.n)).size).toBe(250);
  });

  it('iterates a cursor with a small batchSize', async () => {
    const { Item } = models();
    const seen: number[] = [];
    for await (const doc of Item.find().sort({ n: 1 }).batchSize(7).cursor()) seen.push(doc.n as number);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, n) => n));
  });

  it('closes a cursor abandoned half way (killCursors) without error', async () => {
    const { Item } = models();
    const cursor = Item.find().batchSize(10).cursor();
    await cursor.next();
    await expect(cursor.close()).resolves.toBeUndefined();
  });
});

describe('sort, skip, limit, projection', () => {
  it('sorts descending with skip and limit', async () => {
    const { Item } = models();
    const page = await Item.find({ group: 'a' })
      .sort({ n: -1 })
      .skip(2)
      .limit(3)
      .select({ n: 1, _id: 0 })
      .lean();
    expect(page).toEqual([{ n: 243 }, { n: 240 }, { n: 237 }]);
  });

  it('sorts on two keys', async () => {
    const { Item } = models();
    const rows = await Item.find({ n: { $lt: 6 } })
      .sort({ group: 1, n: -1 })
      .lean();
    expect(rows.map((r) => r.n)).toEqual([3, 0, 4, 1, 5, 2]);
  });
});

describe('counting', () => {
  it('countDocuments, estimatedDocumentCount, distinct', async () => {
    const { Item } = models();
    expect(await Item.countDocuments({ group: 'b' })).toBe(83);
    expect(
      await Item.countDocuments({ n: { $gte: 100 } })
        .skip(10)
        .limit(20),
    ).toBe(20);
    expect(await Item.estimatedDocumentCount()).toBe(250);
    expect((await Item.distinct('group')).sort()).toEqual(['a', 'b', 'c']);
    expect((await Item.distinct('tags', { n: { $lt: 4 } })).sort()).toEqual(['even', 'odd', 'x']);
  });
});

describe('aggregate', () => {
  it('$group with $sum and $avg, sorted', async () => {
    const { Item } = models();
    const rows = await Item.aggregate([
      { $group: { _id: '$group', count: { $sum: 1 }, max: { $max: '$n' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(rows).toEqual([
      { _id: 'a', count: 84, max: 249 },
      { _id: 'b', count: 83, max: 247 },
      { _id: 'c', count: 83, max: 248 },
    ]);
  });

  it('$lookup then $unwind', async () => {
    const { Item } = models();
    const rows = await Item.aggregate([
      { $match: { n: { $lt: 2 } } },
      { $lookup: { from: 'owners', localField: 'ownerId', foreignField: '_id', as: 'owner' } },
      { $unwind: '$owner' },
      { $project: { _id: 0, n: 1, owner: '$owner.name' } },
      { $sort: { n: 1 } },
    ]);
    expect(rows).toEqual([
      { n: 0, owner: 'one' },
      { n: 1, owner: 'two' },
    ]);
  });

  it('$unwind an array field and $facet', async () => {
    const { Item } = models();
    const [facets] = await Item.aggregate([
      { $match: { n: { $lt: 10 } } },
      {
        $facet: {
          byTag: [{ $unwind: '$tags' }, { $group: { _id: '$tags', c: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          total: [{ $count: 'n' }],
        },
      },
    ]);
    expect(facets).toEqual({
      byTag: [
        { _id: 'even', c: 5 },
        { _id: 'odd', c: 5 },
        { _id: 'x', c: 5 },
      ],
      total: [{ n: 10 }],
    });
  });

  it('aggregate cursor beyond one batch', async () => {
    const { Item } = models();
    const rows = await Item.aggregate([{ $match: {} }, { $project: { n: 1 } }]);
    expect(rows).toHaveLength(250);
  });
});
