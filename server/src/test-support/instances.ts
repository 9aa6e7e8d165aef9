/**
 * Several API instances acting as one, for tests: one embedded store process and one redis-server
 * on loopback, the test's own in-process server (`startTestApi`, its clock in the test's hands) and
 * more server processes (`tsx src/main.ts`, as `npm start` runs them) on the same store and Redis.
 *
 *   const cluster = await startStoreAndRedis();
 *   const a = await startTestApi(cluster.env);
 *   const b = await startServerProcess({ ...cluster.env, CLOCK_START: a.clock.now().toISOString() });
 *   afterAll(async () => { await b.stop(); await a.stop(); await cluster.stop(); });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { startEmbeddedMongo, type EmbeddedMongo } from '../platform/embedded-mongo';
import { TEST_SECRET, tempDir } from '../platform/testing';
import { freePort } from './free-port';

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const SERVER_DIR = path.resolve(__dirname, '../..');
const BOOT_TIMEOUT_MS = 90_000;

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, after a stop. */
  restart(): Promise<void>;
}

/** A redis-server child on a free loopback port, nothing written to disk. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child) await stopChild(child);
      child = undefined;
    },
    async restart() {
      if (child) await stopChild(child);
      child = await spawnRedis(port);
    },
  };
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface StoreAndRedis {
  store: EmbeddedMongo;
  redis: RedisServer;
  /** MONGODB_URI and REDIS_URL, for every instance. */
  env: { MONGODB_URI: string; REDIS_URL: string };
  stop(): Promise<void>;
}

export async function startStoreAndRedis(): Promise<StoreAndRedis> {
  const [store, redis] = await Promise.all([
    startEmbeddedMongo({ dbPath: null, host: '127.0.0.1', port: 0 }),
    startRedisServer(),
  ]);
  return {
    store,
    redis,
    env: { MONGODB_URI: `${store.uri.replace(/\/+$/, '')}/linli`, REDIS_URL: redis.url },
    async stop() {
      await Promise.allSettled([redis.stop(), store.close()]);
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Its JSON log lines so far. */
  logLines: Record<string, unknown>[];
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `tsx src/main.ts` with these settings on top of the test defaults (the test JWT secret, so
 * tokens signed by one instance are good on the others; no demo seed; no sweep unless asked).
 * Resolves once it listens.
 */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: tempDir('linli-instance-'),
      JWT_SECRET: TEST_SECRET,
      DEMO_MODE: 'false',
      SCHEDULER_POLL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logLines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server process did not start:\n${JSON.stringify(logLines)}\n${stderr}`));
    }, BOOT_TIMEOUT_MS);
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      logLines.push(line);
      if (typeof line.msg === 'string' && line.msg.startsWith('listening on ')) {
        clearTimeout(timer);
        resolve({ url: String(line.url), child, logLines, stderr: () => stderr, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}):\n${JSON.stringify(logLines)}\n${stderr}`));
    });
  });
}
