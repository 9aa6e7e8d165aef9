/** Runs the store's CLI in a child process (tsx), as `npm run db` would, for crash tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../cli.ts');
/**
 * tsx's CLI runs the script in a grandchild process, so killing the CLI would not kill the store.
 * Loading tsx as a require hook keeps the store in the one process we hold the pid of.
 */
const TSX_HOOK = require.resolve('tsx/cjs');
const ARGS = (dbPath: string, port = 0) => [
  '--require',
  TSX_HOOK,
  CLI,
  '--port',
  String(port),
  '--dbpath',
  dbPath,
];

export interface ChildStoreOptions {
  /**
   * A command the store runs under, e.g. `['unshare', '--pid', '--fork']` for a fresh pid namespace
   * as a container has. The store is then that command's child, not ours.
   */
  launcher?: string[];
  /** 0 (default) picks a free port; a restart can ask for the port the last store had. */
  port?: number;
}

export interface ChildStore {
  child: ChildProcess;
  uri: string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** The store's own process (the launcher's child when there is a launcher), as seen from here. */
  storePid: () => number;
}

function spawnStore(dbPath: string, options: ChildStoreOptions): ChildProcess {
  const [command, ...prefix] = options.launcher ?? [process.execPath];
  const args = [...(options.launcher ? [...prefix, process.execPath] : []), ...ARGS(dbPath, options.port)];
  return spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INIT_CWD: process.cwd() },
  });
}

function childOf(pid: number): number {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  if (children.length !== 1 || !children[0])
    throw new Error(`expected one child of ${pid}, found "${children.join(' ')}"`);
  return Number(children[0]);
}

/** Starts the CLI on a free port; resolves once it has printed its URI. */
export async function startChildStore(dbPath: string, options: ChildStoreOptions = {}): Promise<ChildStore> {
  const settled = await startChildStoreSettled(dbPath, options);
  if ('store' in settled) return settled.store;
  throw new Error(`store exited with ${settled.code} before listening: ${settled.stderr}`);
}

/** Runs the CLI expecting it to fail; resolves with its exit code and stderr. */
export async function runChildStoreExpectingFailure(
  dbPath: string,
  options: ChildStoreOptions = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawnStore(dbPath, options);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', () => undefined);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}

/**
 * Starts the CLI and reports how it ended up: listening (with its URI) or exited (with its stderr).
 * For races, where the caller does not know in advance which one of several starts will win.
 */
export function startChildStoreSettled(
  dbPath: string,
  options: ChildStoreOptions = {},
): Promise<{ store: ChildStore } | { code: number | null; stderr: string; child: ChildProcess }> {
  const child = spawnStore(dbPath, options);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const storePid = () => (options.launcher ? childOf(child.pid!) : child.pid!);
  return new Promise((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /mongodb:\/\/\S+/.exec(stdout);
      if (match) resolve({ store: { child, uri: match[0], stderr: () => stderr, exited, storePid } });
    });
    void exited.then((code) => resolve({ code, stderr, child }));
  });
}
