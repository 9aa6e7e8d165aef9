/**
 * Runs the embedded store in its own process through its CLI, the way `npm run db` does, so
 * benchmarks can measure it like a separate mongod: its RSS alone, its start-up time, and a client
 * that does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../src/test-support/free-port';

const serverRoot = path.resolve(__dirname, '..');

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`store exited early with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`store did not listen on ${port} within ${timeoutMs} ms`);
}

export interface StoreProcess {
  uri: string;
  pid: number;
  /** Milliseconds from spawn until the port accepted connections. */
  startMs: number;
  rssBytes(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startStoreProcess(dbPath: string): Promise<StoreProcess> {
  const port = await freePort();
  const started = performance.now();
  // `node --import tsx` (not the tsx wrapper) so the pid we measure is the store itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/platform/embedded-mongo/cli.ts', '--port', String(port), '--dbpath', dbPath],
    {
      cwd: serverRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, INIT_CWD: serverRoot },
    },
  );
  await waitForPort(port, child, 60_000);
  const startMs = performance.now() - started;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid!,
    startMs,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
