/**
 * The h5 build in a real browser against the real server on 127.0.0.1: the server serves the app
 * at `/` (the API stays reachable beside it), a demo resident signs in by tapping her name, and
 * Home greets her by name. Then a committee member publishes an emergency notice through the API
 * and, without a reload, the resident's 公告 tab shows the unread badge, the list shows the notice
 * and Home shows the emergency banner until she opens it. Screenshots go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  let page: Page | undefined;
  const problems: string[] = [];
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
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
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

  it('shows a notice published by the committee live: badge, list, Home banner, read', async () => {
    const resident = page!;
    // The committee member signs in and publishes through the API (the staff composer comes later).
    const signIn = await fetch(`${url}/api/v1/auth/staff`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'committee', password: 'linli-demo-2026' }),
    });
    expect(signIn.status).toBe(200);
    const committee = (await signIn.json()) as {
      accessToken: string;
      user: { grants: { role: string; communityId?: string }[] };
    };
    const communityId = committee.user.grants.find((g) => g.role === 'committee')!.communityId!;

    await resident.locator('.weui-tabbar__item', { hasText: '公告' }).click();
    await resident.getByText('社区公告').first().waitFor({ timeout: 10_000 });
    const badge = resident.locator('.taro-tabbar-badge');
    const before = (await badge.count()) > 0 ? Number(await badge.textContent()) : 0;
    // The socket is up once the resident's first screen has loaded; give it a moment.
    await resident.waitForTimeout(500);

    const title = '今晚 20:00 停电检修，请提前备好照明';
    const published = await fetch(`${url}/api/v1/notices`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${committee.accessToken}` },
      body: JSON.stringify({
        communityId,
        title,
        body: '物业将于今晚 20:00–22:00 检修 1–3 号楼供电线路，期间电梯停运。',
        category: 'emergency',
        audience: { kind: 'community' },
        pinned: true,
      }),
    });
    expect(published.status).toBe(201);

    // No reload: the notice arrives over socket.io and the page refetches.
    const item = resident.getByTestId('notice-item').filter({ hasText: title });
    await item.waitFor({ timeout: 10_000 });
    await expect(badge.textContent({ timeout: 10_000 })).resolves.toBe(String(before + 1));
    await expect(item.locator('.unread-dot').count()).resolves.toBe(1);
    await expect(item.getAttribute('aria-label')).resolves.toContain('未读');
    await resident.screenshot({ path: path.join(outDir, 'h5-notices.png') });

    // Home shows the unread emergency as a banner.
    await resident.locator('.weui-tabbar__item', { hasText: '首页' }).click();
    const banner = resident.getByTestId('emergency-banner').filter({ hasText: title });
    await banner.waitFor({ timeout: 10_000 });
    await resident.waitForTimeout(300);
    await resident.screenshot({ path: path.join(outDir, 'h5-home-emergency.png') });

    // Opening it marks it read: the banner goes and the badge drops.
    await banner.click();
    await resident.getByTestId('notice-title').filter({ hasText: title }).waitFor({ timeout: 10_000 });
    await resident.waitForTimeout(600); // let the page transition finish before the picture
    await resident.screenshot({ path: path.join(outDir, 'h5-notice-detail.png') });
    await resident.goBack();
    await resident.getByText('您好，王奶奶').waitFor({ timeout: 10_000 });
    await expect(
      resident
        .getByTestId('emergency-banner')
        .filter({ hasText: title })
        .waitFor({ state: 'detached', timeout: 10_000 }),
    ).resolves.toBeUndefined();
    if (before === 0) await badge.waitFor({ state: 'detached', timeout: 10_000 });
    else await expect(badge.textContent()).resolves.toBe(String(before));
    // Taro's h5 tab bar items are <a href="javascript:;">: the CSP blocks that no-op navigation
    // (the tap itself is handled in JS and works). Anything else is a real problem.
    const tabBarHref = /Running the JavaScript URL/;
    expect(
      problems.filter((p) => /Content Security Policy|pageerror/.test(p) && !tabBarHref.test(p)),
    ).toEqual([]);
  }, 60_000);
});
