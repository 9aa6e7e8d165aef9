import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { compileFastFilter } from './fast-filter';

const oid = new ObjectId('64b000000000000000000001');
const other = new ObjectId('64b000000000000000000002');

const docs: Document[] = [
  {
    _id: 1,
    n: 5,
    s: 'b',
    tags: ['x', 'y'],
    owner: oid,
    at: new Date(1000),
    flag: true,
    sub: { k: 1, list: [{ q: 1 }, { q: 7 }] },
  },
  { _id: 2, n: 10, s: 'a', tags: [], owner: other, at: new Date(5000), flag: false, sub: { k: 2 } },
  { _id: 3, n: null, s: 'c', tags: ['y'], sub: { list: [] } },
  { _id: 4, s: 5, tags: 'x', owner: null, nested: { deep: { v: 'z' } } },
  { _id: 5, n: [1, 20], s: ['a', 'z'], at: [new Date(0), new Date(9000)], sub: [{ k: 1 }, { k: 3 }] },
  { _id: 6, n: 5.5, deletedAt: null },
  { _id: 7, n: '7', deletedAt: new Date(3) },
];

const filters: Document[] = [
  { n: 5 },
  { n: null },
  { n: { $eq: 10 } },
  { n: { $ne: 5 } },
  { n: { $ne: null } },
  { n: { $gt: 5 } },
  { n: { $gte: 5, $lt: 20 } },
  { n: { $lte: 1 } },
  { s: { $gt: 'a' } },
  { s: { $in: ['a', 5] } },
  { s: { $nin: ['a', 'b'] } },
  { tags: 'x' },
  { tags: { $in: ['y'] } },
  { tags: { $nin: ['x'] } },
  { owner: new ObjectId(oid.toHexString()) },
  { owner: { $in: [other, null] } },
  { owner: { $ne: oid } },
  { at: { $gte: new Date(1000) } },
  { at: { $lt: new Date(2000) } },
  { flag: false },
  { 'sub.k': 1 },
  { 'sub.k': { $gt: 1 } },
  { 'sub.list.q': 7 },
  { 'sub.list.q': { $exists: true } },
  { 'sub.list': { $exists: true } },
  { 'nested.deep.v': 'z' },
  { 'nested.deep.v': { $exists: false } },
  { deletedAt: { $exists: false } },
  { deletedAt: null },
  { deletedAt: { $exists: true } },
  { n: { $exists: true }, s: { $in: ['a', 'b', 'c'] } },
  { $and: [{ n: { $gte: 5 } }, { s: { $ne: 'b' } }] },
  { missing: { $nin: [null] } },
  { missing: { $in: [null, 3] } },
  { 'sub.k': null },
  { _id: { $in: [1, 3, 99] } },
  { $or: [{ n: 5 }, { s: 'c' }] },
  { $or: [{ n: { $gt: 6 } }, { tags: 'x' }], s: { $ne: 5 } },
  { $nor: [{ n: 5 }, { deletedAt: { $exists: true } }] },
];

describe('compileFastFilter', () => {
  it.each(filters.map((f) => [JSON.stringify(f), f]))('agrees with mingo on %s', (_label, filter) => {
    const fast = compileFastFilter(filter as Document);
    expect(fast).toBeDefined();
    const query = new Query(filter as Document, {});
    const ours = docs.filter((d) => fast!(d)).map((d) => d._id);
    const theirs = docs.filter((d) => query.test(d)).map((d) => d._id);
    expect(ours).toEqual(theirs);
  });

  it('declines what it does not implement', () => {
    for (const filter of [
      { $or: [{ a: /x/ }] },
      { $or: [] },
      { a: /x/ },
      { a: { $regex: 'x' } },
      { a: { $elemMatch: { b: 1 } } },
      { a: { b: 1 } },
      { a: [1, 2] },
      { a: { $gt: null } },
      { $expr: { $eq: ['$a', 1] } },
      { a: { $in: [/x/] } },
    ]) {
      expect(compileFastFilter(filter)).toBeUndefined();
    }
  });
});

describe('a long $in list (looked up in sets, not entry by entry)', () => {
  // Padding past the short-list threshold, with values no document holds.
  const padding = Array.from({ length: 40 }, (_, i) => `pad-${i}`);
  const long: Document[] = [
    { n: { $in: [5, 20, ...padding] } },
    { n: { $in: [null, ...padding] } },
    { n: { $nin: [5, null, ...padding] } },
    { s: { $in: ['a', 5, ...padding] } },
    { s: { $in: [5, ...padding] } },
    { tags: { $in: ['y', ...padding] } },
    { owner: { $in: [new ObjectId(other.toHexString()), ...padding] } },
    { owner: { $nin: [oid, ...padding] } },
    { at: { $in: [new Date(9000), new Date(5000), ...padding] } },
    { _id: { $in: [1, 3, 99, ...padding] } },
    { 'sub.k': { $in: [3, null, ...padding] } },
    { n: { $in: ['7', 5.5, ...padding] } },
    { n: { $in: [NaN, ...padding] } },
  ];
  it.each(long.map((f) => [JSON.stringify(f).slice(0, 60), f]))(
    'agrees with mingo on %s',
    (_label, filter) => {
      const fast = compileFastFilter(filter as Document)!;
      const query = new Query(filter as Document, {});
      expect(docs.filter((d) => fast(d)).map((d) => d._id)).toEqual(
        docs.filter((d) => query.test(d)).map((d) => d._id),
      );
    },
  );
});
