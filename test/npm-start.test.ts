/**
 * The newcomer's path, end to end: `npm start` with nothing configured but a port and an empty
 * data directory boots the API on the embedded store, serves health and the API docs, and stops
 * cleanly on SIGTERM. This is the real root script (npm → tsx → server/src/main.ts), not a shortcut.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/src/test-support/free-port';

const repoRoot = path.resolve(__dirname, '..');

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    try {
      return await fetch(`${url}/api/health`);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`no answer from ${url} within 60 s:\n${output()}`);
}

describe('npm start on a fresh data directory', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API on the embedded store and stops on SIGTERM', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-start-'));
    const port = await freePort();
    child = spawn('npm', ['start'], {
      cwd: repoRoot,
      // Its own process group, so the signal reaches npm, tsx and node alike.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;

    const health = await waitForHealth(url, child, () => output);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'embedded' });

    const docs = await fetch(`${url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toContain('/api/health');

    // The embedded store keeps its files where DATA_DIR says, and the generated JWT secret beside them.
    expect(fs.existsSync(path.join(dataDir, 'db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);

    // npm itself dies by the signal it forwards; what matters is that the server underneath shut
    // down cleanly (its last log line) and let go of the port.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    const deadline = Date.now() + 10_000;
    while (!output.includes('"msg":"stopped"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('"msg":"stopped"');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  }, 90_000);
});
