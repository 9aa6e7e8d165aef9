/**
 * The real boot path: config → embedded store → HTTP server, in process; and the real process,
 * spawned with tsx, shut down by SIGTERM while a request is still arriving.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import request from 'supertest';
import { start } from './main';
import { REPO_ROOT } from './platform/config';
import { captureLogger, tempDir, testConfig } from './platform/testing';

describe('boot against the embedded store', () => {
  it('serves health with db "embedded" and stops cleanly', async () => {
    const { logger, lines } = captureLogger();
    const running = await start({ config: testConfig({ PORT: '0' }), logger });
    try {
      const res = await request(running.url).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', db: 'embedded' });
      expect(lines.some((line) => line.msg === `listening on ${running.url}`)).toBe(true);
    } finally {
      await running.stop();
    }
    expect(running.server.listening).toBe(false);
  });
});

describe('graceful shutdown of the real process', () => {
  it('finishes the in-flight request, exits 0 on SIGTERM and frees the port', async () => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: tempDir(),
        JWT_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = readline.createInterface({ input: child.stdout });
    const waitForLog = (msg: RegExp) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const onLine = (text: string) => {
          const line = JSON.parse(text) as Record<string, unknown>;
          if (msg.test(String(line.msg))) {
            lines.off('line', onLine);
            resolve(line);
          }
        };
        lines.on('line', onLine);
        void exited.then((code) =>
          reject(new Error(`server exited (${code}) before logging ${msg}: ${stderr}`)),
        );
      });

    try {
      const { url } = (await waitForLog(/^listening on/)) as { url: string };
      const port = Number(new URL(url).port);

      // One keep-alive connection: a first full exchange proves the server accepted it, then a
      // second request whose body is only half sent is in flight when the signal arrives.
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      const waitFor = (pattern: RegExp) =>
        new Promise<void>((resolve) => {
          const check = () => (pattern.test(received) ? resolve() : setTimeout(check, 20));
          check();
        });
      socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(/"status":"ok"/);
      received = '';
      const body = '{"note":"slow upload"}';
      socket.write(
        `POST /api/v1/nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));

      const shuttingDown = waitForLog(/^shutting down/);
      child.kill('SIGTERM');
      await shuttingDown;
      socket.write(body.slice(5));
      await waitFor(/ROUTE_NOT_FOUND/);
      expect(received).toMatch(/^HTTP\/1\.1 404/);

      expect(await exited).toBe(0);
      socket.destroy();
      await expect(
        new Promise((resolve, reject) =>
          net.connect(port, '127.0.0.1').on('connect', resolve).on('error', reject),
        ),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60000);
});
