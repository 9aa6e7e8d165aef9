import type { Document } from 'bson';
import { Engine } from './engine';
import { RecordingPersistence } from './test-helpers';

describe('TTL indexes', () => {
  it('removes expired documents once a minute, journaling the removals', async () => {
    let clock = new Date('2026-01-01T00:00:00Z').getTime();
    const persistence = new RecordingPersistence();
    const engine = new Engine({ persistence, now: () => new Date(clock) });
    const run = (cmd: Document) => engine.runCommand({ ...cmd, $db: 'app' });
    await run({
      createIndexes: 'codes',
      indexes: [{ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 }],
    });
    await run({
      insert: 'codes',
      documents: [
        { _id: 'old', at: new Date(clock - 120_000) },
        { _id: 'fresh', at: new Date(clock - 30_000) },
        { _id: 'old-in-array', at: [new Date(clock + 1_000_000), new Date(clock - 90_000)] },
        { _id: 'not-a-date', at: 'yesterday' },
        { _id: 'no-field' },
      ],
    });
    const ids = async () =>
      (await run({ find: 'codes', filter: {} })).cursor.firstBatch.map((d: Document) => d._id);

    clock += 30_000;
    expect(await ids()).toHaveLength(5);
    persistence.calls.length = 0;

    clock += 31_000;
    expect(await ids()).toEqual(['not-a-date', 'no-field']);
    expect(persistence.calls).toEqual([
      [
        { kind: 'remove', db: 'app', coll: 'codes', id: 'old' },
        { kind: 'remove', db: 'app', coll: 'codes', id: 'fresh' },
        { kind: 'remove', db: 'app', coll: 'codes', id: 'old-in-array' },
      ],
    ]);
    const listed = await run({ listIndexes: 'codes', cursor: {} });
    expect(listed.cursor.firstBatch[1]).toEqual({
      v: 2,
      key: { at: 1 },
      name: 'at_1',
      expireAfterSeconds: 60,
    });
  });
});
