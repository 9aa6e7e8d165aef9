/**
 * What the platform's middleware stack costs: bare Koa answering "hello" against the real app's
 * GET /api/health (request id, access log, error shape, helmet, CORS, rate limiter, body parser,
 * router, response schema), both on 127.0.0.1. The load runs in a worker thread so it does not
 * compete with the server for the event loop.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Koa from 'koa';
import { createApp } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { connectDatabase } from '../src/platform/database';
import { createLogger } from '../src/platform/logger';
import pino from 'pino';
import type { Figure } from './report';

// Plain JS so the worker needs no TypeScript loader.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, concurrency, total, headers } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let next = 0, failures = 0;
const latencies = [];
const once = () => new Promise((resolve) => {
  const t0 = performance.now();
  http.get(url, { agent, headers }, (res) => {
    if (res.statusCode !== 200) failures++;
    res.resume();
    res.on('end', () => { latencies.push(performance.now() - t0); resolve(); });
  }).on('error', () => { failures++; resolve(); });
});
(async () => {
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < total) await once(); }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  parentPort.postMessage({ perSecond: total / seconds, failures, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] });
  agent.destroy();
})();
`;

export interface HttpLoad {
  perSecond: number;
  failures: number;
  p50: number;
  p99: number;
}

/** GETs `url` `total` times over `concurrency` keep-alive connections from a worker thread. */
export function load(
  url: string,
  concurrency: number,
  total: number,
  headers: Record<string, string> = {},
): Promise<HttpLoad> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, concurrency, total, headers } });
    worker.once('message', (result: HttpLoad) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function describe(label: string, result: HttpLoad): string {
  const failed = result.failures ? `, ${result.failures} failed` : '';
  return `  ${label.padEnd(40)} ${Math.round(result.perSecond).toLocaleString('en-US')}/s (p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms${failed})`;
}

export const HTTP_CONCURRENCY = 50;
export const HTTP_REQUESTS = 20_000;

let bareKoa: Promise<HttpLoad> | undefined;

/**
 * The HTTP ceiling: bare Koa answering a small JSON body, with the same load as every HTTP figure.
 * Measured once per run and shared by the sections that compare with it.
 */
export function bareKoaCeiling(): Promise<HttpLoad> {
  bareKoa ??= (async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = { hello: 'world' };
    });
    const server = await listen(app.callback());
    try {
      await load(server.url, HTTP_CONCURRENCY, 2_000); // warm-up
      return await load(server.url, HTTP_CONCURRENCY, HTTP_REQUESTS);
    } finally {
      await server.close();
    }
  })();
  return bareKoa;
}

/** A figure for an HTTP rate against bare Koa's. */
export function againstBareKoa(
  id: string,
  label: string,
  result: HttpLoad,
  bare: HttpLoad,
  requests = HTTP_REQUESTS,
): Figure {
  return {
    id,
    label,
    value: result.perSecond,
    unit: '/s',
    ceiling: { label: 'bare Koa, JSON hello, same load', value: bare.perSecond },
    ratio: result.perSecond / bare.perSecond,
    details: [
      `p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms${result.failures ? `, ${result.failures} failed` : ''}`,
      `${HTTP_CONCURRENCY} keep-alive connections, ${requests.toLocaleString('en-US')} requests`,
    ],
  };
}

export async function benchHttp(print: (line: string) => void): Promise<Figure[]> {
  const concurrency = HTTP_CONCURRENCY;
  const total = HTTP_REQUESTS;
  print(`http: ${concurrency} keep-alive connections, ${total.toLocaleString('en-US')} requests each`);

  const bareResult = await bareKoaCeiling();
  print(describe('bare Koa, JSON hello', bareResult));

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-http-'));
  // Production settings, logs written (to /dev/null) as a production server would write them.
  const config = loadConfig({
    env: {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'info',
      RATE_LIMIT_POINTS: '100000000',
    },
  });
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const database = await connectDatabase(config, logger);
  try {
    const app = createApp({ config, logger, database });
    const appServer = await listen(app.callback());
    await load(`${appServer.url}/api/health`, concurrency, 2_000);
    const healthResult = await load(`${appServer.url}/api/health`, concurrency, total);
    const notFound = await load(`${appServer.url}/api/v1/nothing-here`, concurrency, total);
    await appServer.close();
    print(describe('platform GET /api/health (pings the db)', healthResult));
    print(describe('platform 404 (full stack, no handler)', { ...notFound, failures: 0 }));
    const health = againstBareKoa(
      'http.health',
      'GET /api/health against bare Koa',
      healthResult,
      bareResult,
    );
    print(`  ratio /api/health ÷ bare Koa: ${((health.ratio ?? 0) * 100).toFixed(0)} %`);
    const missing = againstBareKoa(
      'http.notFound',
      'a 404 through the whole middleware stack against bare Koa',
      { ...notFound, failures: 0 },
      bareResult,
    );
    return [health, missing];
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
