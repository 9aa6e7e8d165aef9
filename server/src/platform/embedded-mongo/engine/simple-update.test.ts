import { ObjectId, type Document } from 'bson';
import { update as mingoUpdate } from 'mingo';
import { MongoCommandError } from './errors';
import { applySimpleUpdate } from './simple-update';
import { clone } from './values';

const base = (): Document => ({
  _id: new ObjectId('64b000000000000000000001'),
  n: 1,
  name: 'x',
  profile: { unit: 3, tags: ['a'] },
  items: [{ q: 1 }, { q: 2 }],
  at: new Date(1000),
});

describe('applySimpleUpdate agrees with mingo on the operators it takes over', () => {
  const cases: Document[] = [
    { $set: { name: 'y', 'profile.unit': 4, 'new.deep.field': true } },
    { $set: { name: 'x' } },
    { $inc: { n: 5, 'profile.unit': -1, fresh: 2 } },
    { $unset: { name: '', 'profile.tags': '', missing: '' } },
    { $min: { n: 0, at: new Date(0), absent: 7 } },
    { $max: { n: 0, at: new Date(5000) } },
    { $mul: { n: 3, absent: 2 } },
    { $set: { 'items.1.q': 9, 'items.0.extra': 'e' } },
    { $set: { profile: { unit: 3, tags: ['a'] } } },
    { $push: { 'profile.tags': 'b' } },
    { $push: { items: { q: 3 } }, $inc: { n: 1 } },
    { $push: { fresh: { $each: [1, 2] } } },
    { $push: { fresh: { $each: [] } } },
    { $push: { 'profile.tags': { $each: [] } } },
    { $push: { 'profile.tags': { $each: ['b', 'c', 'd'], $slice: -2 } } },
    { $push: { 'profile.tags': { $each: ['b', 'c'], $slice: 2 } } },
    { $push: { 'profile.tags': { $each: ['b'], $slice: 0 } } },
    { $push: { 'profile.tags': { $each: ['a'], $slice: -1 } } },
    { $push: { 'profile.tags': { $each: ['b'], $slice: -20 } } },
  ];

  it.each(cases.map((c) => [JSON.stringify(c), c]))('%s', (_label, modifier) => {
    const ours = clone(base());
    const theirs = clone(base());
    const changed = applySimpleUpdate(ours, modifier as Document);
    const paths = mingoUpdate(theirs, clone(modifier as Document));
    expect(changed).toBe(paths.length > 0);
    expect(ours).toEqual(theirs);
  });

  it('leaves operators it does not handle to mingo', () => {
    const doc = base();
    expect(applySimpleUpdate(doc, { $addToSet: { 'profile.tags': 'b' } })).toBeUndefined();
    expect(
      applySimpleUpdate(doc, { $push: { 'profile.tags': { $each: ['b'], $position: 0 } } }),
    ).toBeUndefined();
    expect(
      applySimpleUpdate(doc, { $push: { 'profile.tags': { $each: ['b'], $slice: 1.5 } } }),
    ).toBeUndefined();
    expect(applySimpleUpdate(doc, { $push: { 'profile.tags': { $slice: 1 } } })).toBeUndefined();
    // Pushing onto something that is not an array is mongod's error, which mingo's path gives.
    expect(applySimpleUpdate(doc, { $push: { name: 'b' } })).toBeUndefined();
    expect(applySimpleUpdate(doc, { $set: { 'items.$[i].q': 1 } })).toBeUndefined();
    expect(applySimpleUpdate(doc, { $inc: { name: 1 } })).toBeUndefined();
    expect(doc).toEqual(base());
  });

  it('sets the current date', () => {
    const doc = base();
    const when = new Date(42);
    expect(applySimpleUpdate(doc, { $currentDate: { seen: true, at: { $type: 'date' } } }, () => when)).toBe(
      true,
    );
    expect(doc.seen).toEqual(when);
    expect(doc.at).toEqual(when);
  });

  it('refuses conflicting paths (40) and paths through scalars (28)', () => {
    const conflict = (): unknown =>
      applySimpleUpdate(base(), { $set: { profile: {} }, $inc: { 'profile.unit': 1 } });
    expect(conflict).toThrow(MongoCommandError);
    expect(conflict).toThrow("Updating the path 'profile.unit' would create a conflict at 'profile'");
    try {
      applySimpleUpdate(base(), { $set: { 'name.first': 'a' } });
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as MongoCommandError).code).toBe(28);
    }
  });

  it("does not share the command's values with the stored document", () => {
    const value = { deep: { x: 1 } };
    const doc = base();
    applySimpleUpdate(doc, { $set: { v: value } });
    value.deep.x = 2;
    expect(doc.v).toEqual({ deep: { x: 1 } });
  });
});
