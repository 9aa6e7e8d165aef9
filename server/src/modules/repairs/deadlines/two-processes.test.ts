/**
 * Two API processes sweeping one store: this test's server and a second server process (`tsx
 * src/main.ts`, its own scheduler sweeping every 20 ms) on the same embedded store process. Every
 * overdue ticket is escalated exactly once, whichever process claimed its deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../platform/embedded-mongo';
import { tempDir } from '../../../platform/testing';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { eventually, inboxOf, makeRepairWorld, reportHome, residentOf } from '../test-factories';

const HOUR = 3_600_000;
const serverDir = path.resolve(__dirname, '../../../..');
let store: EmbeddedMongo;
let api: TestApi;
let child: ChildProcess | undefined;
const dataDir = tempDir('linli-repairs-second-');

beforeAll(async () => {
  store = await startEmbeddedMongo({ dbPath: null, host: '127.0.0.1', port: 0 });
  api = await startTestApi({
    MONGODB_URI: `${store.uri.replace(/\/+$/, '')}/linli`,
    RATE_LIMIT_POINTS: '100000',
  });
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await api.stop();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the second server at `clockStart`; resolves once it listens. */
function startSecond(uri: string, clockStart: Date): Promise<void> {
  child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      MONGODB_URI: uri,
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO_MODE: 'false',
      CLOCK_START: clockStart.toISOString(),
      SCHEDULER_POLL_MS: '20',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`second server did not start:\n${out}`)), 60_000);
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.stderr!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    child!.once('exit', (code) => reject(new Error(`second server exited ${code}:\n${out}`)));
  });
}

it('escalates each overdue ticket once while a second server process sweeps the same store', async () => {
  const world = await makeRepairWorld(api);
  const resident = await residentOf(api, world);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await reportHome(api, world, resident)).id);
  api.clock.advance(25 * HOUR);
  await startSecond(`${store.uri.replace(/\/+$/, '')}/linli`, api.clock.now());
  // Both sweep now: the second by itself every 20 ms, this one as fast as it can.
  let ranHere = 0;
  const until = Date.now() + 3000;
  while (Date.now() < until) ranHere += await api.scheduler.runDue();
  const jobs = await mongoose.connection
    .collection('scheduled_jobs')
    .find({ kind: 'repairs.deadline', key: { $in: ids } })
    .toArray();
  expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'done'));
  await eventually(
    async () => expect(await inboxOf(world.committee.id, 'repair.overdue')).toHaveLength(12),
    10_000,
  );
  const escalated = (await inboxOf(world.committee.id, 'repair.overdue')).map((e) =>
    String(e.payload.ticketId),
  );
  expect(new Set(escalated)).toEqual(new Set(ids));
  expect(ranHere).toBeLessThanOrEqual(12);
}, 120_000);
