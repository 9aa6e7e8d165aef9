/**
 * Test support for the platform: a config built the same way as in production (from the real
 * config files) but isolated to a temporary data directory, a fake database, and a logger whose
 * lines can be read back. Not imported by application code.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type AppDeps } from '../app';
import { loadConfig, type Config } from './config';
import type { DatabaseProbe } from './database';
import { createLogger, type Logger } from './logger';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/**
 * Folders made here are removed when the test file is done (after its afterAll hooks stopped the
 * servers using them): jest's environment (test/jest/node-environment.js) reads this registry.
 */
function registerForRemoval(dir: string): string {
  const registry = globalThis as { __linliTempDirs?: string[] };
  (registry.__linliTempDirs ??= []).push(dir);
  return dir;
}

/** A fresh temporary folder, removed when the test file is done. */
export function tempDir(prefix = 'linli-test-'): string {
  return registerForRemoval(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/**
 * The real config for NODE_ENV=test, with a data folder of its own. The folder is only named, not
 * made: most callers never start a store, and the store makes it when one does. Either way it is
 * removed when the test file is done.
 */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  const dataDir = registerForRemoval(path.join(os.tmpdir(), `linli-test-${randomUUID()}`));
  return loadConfig({ env: { NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env } });
}

export function fakeDatabase(overrides: Partial<DatabaseProbe> = {}): DatabaseProbe {
  return { mode: 'embedded', ping: async () => undefined, ...overrides };
}

/** A logger at debug level whose JSON lines are collected in `lines`. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** The app with test defaults; override any dependency. */
export function testApp(deps: Partial<AppDeps> = {}) {
  const { logger, lines } = captureLogger();
  const app = createApp({ config: testConfig(), logger, database: fakeDatabase(), ...deps });
  return { app, lines, server: app.callback() };
}
