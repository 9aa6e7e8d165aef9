import { sharedDatabaseCheck } from './database-check';

describe('sharedDatabaseCheck', () => {
  it('lets concurrent callers share one ping and reuses its result for a second', async () => {
    let now = 0;
    let pings = 0;
    const check = sharedDatabaseCheck(
      async () => {
        pings++;
      },
      { now: () => now },
    );
    await Promise.all(Array.from({ length: 100 }, () => check()));
    expect(pings).toBe(1);
    now = 999;
    await check();
    expect(pings).toBe(1);
    now = 1000;
    await check();
    expect(pings).toBe(2);
  });

  it('reports a database that went down once the last result is a second old', async () => {
    let now = 0;
    let up = true;
    const check = sharedDatabaseCheck(
      async () => {
        if (!up) throw new Error('down');
      },
      { now: () => now },
    );
    await expect(check()).resolves.toBeUndefined();
    up = false;
    await expect(check()).resolves.toBeUndefined(); // within the window: still the old answer
    now = 1500;
    await expect(check()).rejects.toThrow('down');
    up = true;
    await expect(check()).rejects.toThrow('down'); // the failure is cached for its window too
    now = 3000;
    await expect(check()).resolves.toBeUndefined();
  });
});
