/**
 * Thousands of socket.io clients in a child process of their own, so neither their CPU nor their
 * memory is counted as the server's. They connect in batches, then report the wall-clock time each
 * one first heard an event; the parent compares that with when it set the event off. Both sides
 * read `performance.timeOrigin + performance.now()`, comparable across processes on one machine.
 * Also the ceiling for fan-out: a bare socket.io server with no auth, rooms or inbox.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { Server } from 'socket.io';

// Plain JS so the child needs no TypeScript loader; it resolves socket.io-client from the server folder.
const CLIENTS = `
const { io } = require('socket.io-client');
const sockets = [];
let arrivals = [];
let heard = 0;
const now = () => performance.timeOrigin + performance.now();
process.on('message', async (msg) => {
  if (msg.type === 'connect') {
    const { url, auths, event, readyEvent } = msg;
    arrivals = new Array(auths.length).fill(0);
    let failed = 0;
    const one = (k) => new Promise((resolve) => {
      const socket = io(url, { path: '/socket.io', auth: auths[k], transports: ['websocket'],
                               reconnection: false, forceNew: true, timeout: 60000 });
      sockets.push(socket);
      socket.on(event, () => { if (!arrivals[k]) { arrivals[k] = now(); heard++; } });
      socket.once(readyEvent || 'connect', () => resolve());
      socket.once('connect_error', () => { failed++; resolve(); });
    });
    for (let from = 0; from < auths.length; from += 100) {
      const batch = [];
      for (let k = from; k < Math.min(auths.length, from + 100); k++) batch.push(one(k));
      await Promise.all(batch);
    }
    process.send({ type: 'connected', failed });
  } else if (msg.type === 'collect') {
    const deadline = Date.now() + msg.timeoutMs;
    while (heard < arrivals.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    process.send({ type: 'arrivals', arrivals });
  } else if (msg.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    process.send({ type: 'closed' });
  }
});
process.send({ type: 'ready' });
`;

const serverRoot = path.resolve(__dirname, '..');

export const wallNow = () => performance.timeOrigin + performance.now();

export interface SocketClients {
  connect(url: string, auths: object[], event: string, readyEvent?: string): Promise<{ failed: number }>;
  /** Milliseconds from `since` to each client's first hearing of the event; NaN for one that never did. */
  delays(since: number, timeoutMs: number): Promise<number[]>;
  close(): Promise<void>;
}

function next(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: Record<string, unknown>) => {
      if (msg.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`socket clients exited (${code}) before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startSocketClients(): Promise<SocketClients> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-sockets-'));
  const script = path.join(dir, 'clients.js');
  writeFileSync(script, CLIENTS);
  const child = fork(script, [], {
    cwd: serverRoot,
    // The script sits in a temp folder; resolve its require from the server's node_modules.
    env: { ...process.env, NODE_PATH: path.join(serverRoot, '..', 'node_modules') },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await next(child, 'ready');
  return {
    async connect(url, auths, event, readyEvent) {
      const done = next(child, 'connected');
      child.send({ type: 'connect', url, auths, event, readyEvent });
      return (await done) as unknown as { failed: number };
    },
    async delays(since, timeoutMs) {
      const done = next(child, 'arrivals');
      child.send({ type: 'collect', timeoutMs });
      const { arrivals } = (await done) as { arrivals: number[] };
      return arrivals.map((at) => (at ? at - since : Number.NaN));
    },
    async close() {
      if (child.exitCode === null) {
        const closed = next(child, 'closed').catch(() => undefined);
        child.send({ type: 'close' });
        await closed;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** This process's memory after a full collection (the clients live in their own process). */
export async function settledMemory(): Promise<{ rss: number; heapUsed: number; live: number }> {
  await new Promise((r) => setTimeout(r, 500));
  collectGarbage();
  collectGarbage();
  const { rss, heapUsed, external } = process.memoryUsage();
  // RSS alone misleads here: pages freed by the collection (from the sections before) can make it
  // shrink while sockets are added. The JS heap plus buffers outside it is what the sockets hold.
  return { rss, heapUsed, live: heapUsed + external };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * The fan-out ceiling: a bare socket.io server (no handshake auth, no rooms, no inbox writes) with
 * `count` clients connected, one `io.emit`. Returns its delivery percentiles and its memory per 1,000
 * idle sockets.
 */
export async function bareSocketCeiling(clients: SocketClients, count: number) {
  const server = http.createServer();
  const io = new Server(server, { path: '/socket.io', transports: ['websocket'] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const before = await settledMemory();
    const { failed } = await clients.connect(
      `http://127.0.0.1:${port}`,
      Array.from({ length: count }, () => ({})),
      'bench.ping',
    );
    const after = await settledMemory();
    const since = wallNow();
    io.emit('bench.ping', { at: since });
    const delays = await clients.delays(since, 30_000);
    const heard = delays.filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
    return {
      failed,
      heard: heard.length,
      p50: percentile(heard, 50),
      p99: percentile(heard, 99),
      rssPer1000: ((after.rss - before.rss) / count) * 1000,
      heapPer1000: ((after.heapUsed - before.heapUsed) / count) * 1000,
      livePer1000: ((after.live - before.live) / count) * 1000,
    };
  } finally {
    await clients.close();
    await new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
  }
}
