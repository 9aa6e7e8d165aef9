/**
 * One process per dbPath. Two processes appending to the same journal would interleave records
 * and each would hold a different idea of the data, so the second one is refused up front.
 *
 * The lock is a file created with O_EXCL holding the owner's pid. A lock left behind by a process
 * that died (kill -9, power loss) names a pid that no longer exists and is taken over. The check is
 * advisory and has a small window (two processes taking over the same stale lock at the same
 * instant); it guards against the real mistake, a second server started on the same directory.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'mongod.lock';

export class DbPathLockedError extends Error {
  constructor(
    readonly dbPath: string,
    readonly pid: number,
  ) {
    super(
      `dbPath ${dbPath} is in use by process ${pid} (lock file ${path.join(dbPath, LOCK_FILE_NAME)}); ` +
        'stop that process or pick another dbPath',
    );
    this.name = 'DbPathLockedError';
  }
}

export interface LockFile {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 1000;
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function acquireLock(dbPath: string, onTakeover?: (stalePid: number | null) => void): LockFile {
  const file = path.join(dbPath, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return {
        file,
        release: () => {
          // Only remove the lock if it is still ours (never someone else's after a takeover).
          if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = readPid(file);
    if (holder === null && isFresh(file)) {
      // Maybe another process has just created it and not yet written its pid: give it a moment.
      sleepSync(200);
      holder = readPid(file);
    }
    // Our own pid counts as a holder: a second store in this same process must be refused too.
    if (holder !== null && isAlive(holder)) throw new DbPathLockedError(dbPath, holder);
    // Dead owner, or an empty/garbled file from a crash between create and write: take it over.
    onTakeover?.(holder);
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not acquire the lock on ${dbPath}`);
}
