/**
 * Due work survives a restart: a job scheduled through one server runs, once, on the next server
 * started on the same DATA_DIR, when its time comes on that server's clock; and a handler running
 * when the server is told to stop finishes and is recorded before the database closes.
 */
import fs from 'node:fs';
import type { DueJob } from './platform/scheduler';
import { tempDir } from './platform/testing';
import { startTestApi } from './test-support/api';

const HOUR = 60 * 60_000;

it('runs a job scheduled before a restart once, after it, when it falls due', async () => {
  const dataDir = tempDir('linli-restart-');
  try {
    const before = await startTestApi({ DATA_DIR: dataDir });
    const ranBefore: DueJob[] = [];
    try {
      before.scheduler.handle('test.restart', async (job) => void ranBefore.push(job));
      await before.scheduler.schedule({
        kind: 'test.restart',
        key: 'k1',
        dueAt: new Date(before.clock.now().getTime() + HOUR),
        payload: { note: 'kept across restarts' },
      });
      expect(await before.scheduler.runDue()).toBe(0);
    } finally {
      await before.stop();
    }

    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      const ran: DueJob[] = [];
      after.scheduler.handle('test.restart', async (job) => void ran.push(job));
      expect(await after.scheduler.runDue()).toBe(0);
      after.clock.advance(HOUR);
      expect(await after.scheduler.runDue()).toBe(1);
      expect(await after.scheduler.runDue()).toBe(0);
      expect(ran).toEqual([
        expect.objectContaining({ key: 'k1', payload: { note: 'kept across restarts' }, attempts: 0 }),
      ]);
      expect(ranBefore).toHaveLength(0);
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

it('lets a handler running at shutdown finish and records it done, so the next server does not run it again', async () => {
  const dataDir = tempDir('linli-restart-');
  try {
    const before = await startTestApi({ DATA_DIR: dataDir });
    let begun = false;
    let finished = false;
    let pass: Promise<number> | undefined;
    try {
      before.scheduler.handle('test.slow', async () => {
        begun = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished = true;
      });
      await before.scheduler.schedule({ kind: 'test.slow', key: 's1', dueAt: before.clock.now() });
      pass = before.scheduler.runDue();
      const deadline = Date.now() + 2000;
      while (!begun && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(begun).toBe(true);
    } finally {
      await before.stop();
    }
    expect(finished).toBe(true);
    await expect(pass).resolves.toBe(1);

    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      let reruns = 0;
      after.scheduler.handle('test.slow', async () => void (reruns += 1));
      // Well past any lease: a job left "running" by the first server would be taken over now.
      after.clock.advance(24 * HOUR);
      expect(await after.scheduler.runDue()).toBe(0);
      expect(reruns).toBe(0);
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
