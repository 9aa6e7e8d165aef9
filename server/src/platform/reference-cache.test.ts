import { REFERENCE_TTL_MS, referenceCache } from './reference-cache';

/** A read that counts its calls and answers from a record the test can change. */
function source(initial: Record<string, string>) {
  const records = { ...initial };
  let reads = 0;
  return {
    records,
    reads: () => reads,
    read: async (key: string) => {
      reads += 1;
      await Promise.resolve();
      return records[key];
    },
  };
}

describe('referenceCache', () => {
  let time = 0;
  const now = () => time;
  beforeEach(() => (time = 1_000));

  it('shares one read among concurrent callers and answers from it until the TTL passes', async () => {
    const db = source({ a: 'v1' });
    const cache = referenceCache(db.read, now);
    await expect(Promise.all([cache.get('a'), cache.get('a'), cache.get('a')])).resolves.toEqual([
      'v1',
      'v1',
      'v1',
    ]);
    expect(db.reads()).toBe(1);
    db.records.a = 'v2'; // changed by another instance
    time += REFERENCE_TTL_MS - 1;
    await expect(cache.get('a')).resolves.toBe('v1');
    time += 1;
    await expect(cache.get('a')).resolves.toBe('v2');
    expect(db.reads()).toBe(2);
  });

  it('reads again at once after forget (a write through this process)', async () => {
    const db = source({ a: 'v1' });
    const cache = referenceCache(db.read, now);
    await cache.get('a');
    db.records.a = 'v2';
    cache.forget('a');
    await expect(cache.get('a')).resolves.toBe('v2');
  });

  it('lets a read in flight finish for its callers when the key is forgotten meanwhile', async () => {
    const db = source({ a: 'v1' });
    const cache = referenceCache(db.read, now);
    const inFlight = cache.get('a');
    cache.forget('a');
    await expect(inFlight).resolves.toBe('v1');
  });

  it('keeps neither an absent record nor a failed read', async () => {
    const db = source({});
    const cache = referenceCache(db.read, now);
    await expect(cache.get('new')).resolves.toBeUndefined();
    db.records.new = 'created';
    await expect(cache.get('new')).resolves.toBe('created');

    let fail = true;
    const flaky = referenceCache(async () => {
      if (fail) throw new Error('connection reset');
      return 'ok';
    }, now);
    await expect(flaky.get('k')).rejects.toThrow('connection reset');
    fail = false;
    await expect(flaky.get('k')).resolves.toBe('ok');
  });
});
