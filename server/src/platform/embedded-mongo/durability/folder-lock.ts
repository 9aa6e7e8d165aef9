/**
 * One process per dbPath. Two processes appending to the same journal would interleave records
 * and each would hold a different idea of the data, so the second one is refused up front.
 *
 * The holder listens on a Unix socket in the folder, `mongod.sock`. The kernel closes that listener
 * whenever the process ends, however it ends (kill -9, OOM killer, a container stopped; after a
 * power cut nothing listens either), so a newcomer tells a live holder from a dead one by connecting:
 * connected → a store is running there, refuse; refused or absent → the folder is free, take it.
 * A pid could not tell: a container restarts its store with the same pid in a fresh pid namespace,
 * after a reboot the old pid belongs to some other program, and a SIGKILLed owner stays a zombie
 * (its pid "alive") until its parent reaps it.
 *
 * Taking the folder is atomic: the newcomer listens on a private name first and then hard-links that
 * socket to `mongod.sock` (link() fails when the name exists, so of two newcomers one wins and the
 * other connects to the winner and is refused). A stale socket is first moved to a private name and
 * checked again there before it is deleted, so a newcomer never deletes a live store's socket: if
 * what it moved turns out to be listening (someone took the folder in between), it is put back.
 *
 * A connection to the socket is greeted with one line of JSON `{ pid, dbPath }`; a client may then
 * send one line of JSON to ask the holder something (see `serve`), e.g. a backup.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_SOCKET_NAME = 'mongod.sock';
/** What versions before the socket lock left behind (a pid); removed when the folder is taken. */
const LEGACY_LOCK_FILE = 'mongod.lock';
/** sun_path holds 108 bytes; longer folders are reached through /proc/self/fd (Linux). */
const MAX_SOCKET_PATH = 100;

export class DbPathLockedError extends Error {
  constructor(
    readonly dbPath: string,
    readonly pid: number | null,
  ) {
    super(
      `dbPath ${dbPath} is in use by a running store` +
        (pid === null ? '' : ` (process ${pid} in its own pid namespace)`) +
        ` that holds ${path.join(dbPath, LOCK_SOCKET_NAME)}; stop that store or pick another dbPath`,
    );
    this.name = 'DbPathLockedError';
  }
}

export type LockRequestHandler = (request: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface FolderLock {
  readonly socketPath: string;
  /** Answers requests sent over the lock socket (one JSON line in, one JSON line out). */
  serve(handler: LockRequestHandler): void;
  release(): Promise<void>;
}

export interface ProbeResult {
  /** A store is listening on the folder's socket. */
  live: boolean;
  pid: number | null;
}

/** A directory opened so a long folder can be named by a short /proc/self/fd path. */
class FolderHandle {
  private fd: number | null = null;
  constructor(readonly dbPath: string) {}

  /** The path to use for socket calls (bind/connect) for a file in the folder. */
  socketAddress(name: string): string {
    const direct = path.join(this.dbPath, name);
    if (Buffer.byteLength(direct) <= MAX_SOCKET_PATH || process.platform !== 'linux') return direct;
    this.fd ??= fs.openSync(this.dbPath, 'r');
    return `/proc/self/fd/${this.fd}/${name}`;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/**
 * Connects to a socket and reports whether something listens there. A holder whose event loop is
 * busy (recovering a big journal) still accepts in the kernel's backlog, so "connected" alone means
 * live; the greeting, when it comes in time, only adds the pid.
 */
function probeAddress(
  address: string,
  request?: Record<string, unknown>,
  timeoutMs = 500,
): Promise<ProbeResult & { reply?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address);
    let connected = false;
    let buffer = '';
    let pid: number | null = null;
    let greeted = false;
    let timer: NodeJS.Timeout | null = null;
    const finish = (result: ProbeResult & { reply?: Record<string, unknown> }) => {
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      if (request === undefined) timer = setTimeout(() => finish({ live: true, pid }), timeoutMs);
      else socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (!greeted) {
          greeted = true;
          pid = typeof message.pid === 'number' ? message.pid : null;
          if (request === undefined) return finish({ live: true, pid });
        } else {
          return finish({ live: true, pid, reply: message });
        }
      }
    });
    socket.on('error', (err) => {
      if (timer) clearTimeout(timer);
      socket.destroy();
      const code = errnoCode(err);
      if (!connected && (code === 'ECONNREFUSED' || code === 'ENOENT')) resolve({ live: false, pid: null });
      else if (connected) resolve({ live: true, pid });
      else reject(err);
    });
    socket.on('close', () => {
      if (connected) finish({ live: true, pid });
    });
  });
}

/** Whether a store holds the folder now (for tools such as the backup command). */
export async function probeFolder(dbPath: string): Promise<ProbeResult> {
  const folder = new FolderHandle(dbPath);
  try {
    return await probeAddress(folder.socketAddress(LOCK_SOCKET_NAME));
  } finally {
    folder.close();
  }
}

/** Sends one request to the store holding the folder; null when no store holds it. */
export async function askHolder(
  dbPath: string,
  request: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown> | null> {
  const folder = new FolderHandle(dbPath);
  try {
    const result = await Promise.race([
      probeAddress(folder.socketAddress(LOCK_SOCKET_NAME), request),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`the store on ${dbPath} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
    if (!result.live) return null;
    if (!result.reply) throw new Error(`the store on ${dbPath} closed the connection without answering`);
    return result.reply;
  } finally {
    folder.close();
  }
}

function listen(server: net.Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function inodeOf(file: string): number | null {
  try {
    return fs.lstatSync(file).ino;
  } catch {
    return null;
  }
}

export async function acquireFolderLock(
  dbPath: string,
  onTakeover?: (stale: { socket: boolean; legacyPid: string | null }) => void,
): Promise<FolderLock> {
  const folder = new FolderHandle(dbPath);
  const finalPath = path.join(dbPath, LOCK_SOCKET_NAME);
  const privateName = (kind: string) =>
    `${LOCK_SOCKET_NAME}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const ownName = privateName('new');
  const ownPath = path.join(dbPath, ownName);

  let handler: LockRequestHandler | null = null;
  const server = net.createServer((conn) => {
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.write(`${JSON.stringify({ pid: process.pid, dbPath })}\n`);
    let buffer = '';
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
      } catch {
        conn.end(`${JSON.stringify({ ok: false, error: 'not JSON' })}\n`);
        return;
      }
      const answer = handler
        ? handler(request)
        : Promise.resolve({ ok: false, error: 'nothing is served here' });
      answer.then(
        (reply) => conn.end(`${JSON.stringify(reply)}\n`),
        (err: unknown) =>
          conn.end(`${JSON.stringify({ ok: false, error: String((err as Error)?.message ?? err) })}\n`),
      );
    });
  });
  // The lock must not keep a process alive on its own; the store's wire server does that.
  server.unref();

  const fail = async (err: unknown): Promise<never> => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(ownPath, { force: true });
    folder.close();
    throw err;
  };

  try {
    await listen(server, folder.socketAddress(ownName));
  } catch (err) {
    return fail(
      new Error(
        `cannot create the lock socket in ${dbPath} (${(err as Error).message}); ` +
          'the data folder must be on a local file system that supports Unix sockets',
      ),
    );
  }
  const ownInode = inodeOf(ownPath);

  let sawStale = false;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      fs.linkSync(ownPath, finalPath);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') return fail(err);
      const holder = await probeAddress(folder.socketAddress(LOCK_SOCKET_NAME));
      if (holder.live) return fail(new DbPathLockedError(dbPath, holder.pid));
      // Nobody listens: move it aside, check again where no newcomer can take it, and only then delete.
      const asideName = privateName('stale');
      const asidePath = path.join(dbPath, asideName);
      try {
        fs.renameSync(finalPath, asidePath);
      } catch (renameErr) {
        if (errnoCode(renameErr) === 'ENOENT') continue; // another newcomer moved it first
        return fail(renameErr);
      }
      const moved = await probeAddress(folder.socketAddress(asideName));
      if (moved.live) {
        // We moved a store that took the folder between our two looks: give it its name back.
        try {
          fs.linkSync(asidePath, finalPath);
        } catch {
          // A third newcomer took the name in the meantime; it will find this one when it checks.
        }
        fs.rmSync(asidePath, { force: true });
        continue;
      }
      fs.rmSync(asidePath, { force: true });
      sawStale = true;
      continue;
    }
    // Ours now. The private name goes; the socket stays reachable through mongod.sock.
    fs.rmSync(ownPath, { force: true });
    const legacy = path.join(dbPath, LEGACY_LOCK_FILE);
    let legacyPid: string | null = null;
    try {
      legacyPid = fs.readFileSync(legacy, 'utf8').trim();
      fs.rmSync(legacy, { force: true });
    } catch {
      // none
    }
    if (sawStale || legacyPid !== null) onTakeover?.({ socket: sawStale, legacyPid });
    return {
      socketPath: finalPath,
      serve: (h) => {
        handler = h;
      },
      release: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // Only remove the name if it is still our socket (never a successor's).
        if (ownInode !== null && inodeOf(finalPath) === ownInode) fs.rmSync(finalPath, { force: true });
        folder.close();
      },
    };
  }
  return fail(new Error(`could not take the lock on ${dbPath}: it kept changing hands`));
}
