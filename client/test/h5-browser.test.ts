/**
 * The h5 build in a real browser against the real server on 127.0.0.1: the server serves the app
 * at `/` (the API stays reachable beside it), a demo resident signs in by tapping her name, and
 * Home greets her by name. Screenshots go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const repoRoot = path.resolve(__dirname, '../..');
const outDir = path.join(repoRoot, 'test-output');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('h5 app in Chromium', () => {
  let server: ChildProcess;
  let browser: Browser | undefined;
  let dataDir: string;
  let url: string;
  let output = '';

  beforeAll(async () => {
    // jest's globalSetup has built client/dist/h5 (or found it fresh).
    expect(fs.existsSync(path.join(repoRoot, 'client/dist/h5/index.html'))).toBe(true);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-h5-data-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the app at / without shadowing the API', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toContain('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'sha256-");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:/);
    const html = await index.text();
    const script = /src="(\/js\/app\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(url + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ status: 'ok' });
    const missing = await fetch(`${url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('signs in a demo resident and greets her on Home', async () => {
    fs.mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright gives every launch a fresh, temporary user-data-dir.
      args: CHROMIUM_FLAGS,
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    // Never leave 127.0.0.1.
    await page.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );

    await page.goto(`${url}/`);
    // No session yet: the app sends the person to sign-in, which lists the demo accounts.
    const account = page.getByText('王奶奶', { exact: true });
    await account.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(outDir, 'h5-sign-in.png') });
    await account.click();

    await page.getByText('您好，王奶奶').waitFor({ timeout: 20_000 });
    await expect(page.getByText('即将上线').first().isVisible()).resolves.toBe(true);
    // Let the tab switch finish before the picture.
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(outDir, 'h5-home.png') });
    expect(problems.filter((p) => /Content Security Policy|pageerror/.test(p))).toEqual([]);
  }, 60_000);
});
