/** Runs the store's CLI in a child process (tsx), as `npm run db` would, for crash tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../cli.ts');
/**
 * tsx's CLI runs the script in a grandchild process, so killing the CLI would not kill the store.
 * Loading tsx as a require hook keeps the store in the one process we hold the pid of.
 */
const TSX_HOOK = require.resolve('tsx/cjs');
const ARGS = (dbPath: string) => ['--require', TSX_HOOK, CLI, '--port', '0', '--dbpath', dbPath];

export interface ChildStore {
  child: ChildProcess;
  uri: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the CLI on a free port; resolves once it has printed its URI. */
export function startChildStore(dbPath: string): Promise<ChildStore> {
  const child = spawn(process.execPath, ARGS(dbPath), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INIT_CWD: process.cwd() },
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /mongodb:\/\/\S+/.exec(stdout);
      if (match) resolve({ child, uri: match[0], stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`store exited with ${code} before listening: ${stderr}`)));
  });
}

/** Runs the CLI expecting it to fail; resolves with its exit code and stderr. */
export async function runChildStoreExpectingFailure(
  dbPath: string,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ARGS(dbPath), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', () => undefined);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}
