/**
 * The h5 build in a real browser against the real server on 127.0.0.1: the server serves the app
 * at `/` (the API stays reachable beside it), a demo resident signs in by tapping her name, and
 * Home greets her by name. Then a committee member publishes an emergency notice through the API
 * and, without a reload, the resident's 公告 tab shows the unread badge, the list shows the notice
 * and Home shows the emergency banner until she opens it. Screenshots go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  launchChromium,
  openApp,
  outDir,
  realProblems,
  startServer,
  tabItem,
  type RunningServer,
} from './support/h5';

describe('h5 app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let problems: string[] = [];
  let url: string;

  beforeAll(async () => {
    server = await startServer();
    url = server.url;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
    browser = await launchChromium();
    ({ page, problems } = await openApp(browser, url));
    // No session yet: the app sends the person to sign-in, which lists the demo accounts.
    const account = page.getByText('王奶奶', { exact: true });
    await account.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(outDir, 'h5-sign-in.png') });
    await account.click();

    await page.getByText('您好，王奶奶').waitFor({ timeout: 20_000 });
    // Every service is built: each of the five tiles is a button that leads somewhere, none "coming".
    for (const key of ['meals', 'daycare', 'repairs', 'votes', 'pledges']) {
      await expect(page.getByTestId(`tile-${key}`).getAttribute('data-coming')).resolves.toBe('no');
    }
    await expect(page.getByText('即将上线').count()).resolves.toBe(0);
    // Let the tab switch finish before the picture.
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(outDir, 'h5-home.png') });
    expect(realProblems(problems)).toEqual([]);
  }, 60_000);

  it('shows a notice published by the committee live: badge, list, Home banner, read', async () => {
    const resident = page!;
    // The committee member signs in and publishes through the API (h5-staff.test.ts drives the composer UI).
    const signIn = await fetch(`${url}/api/v1/auth/staff`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'committee', password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const committee = (await signIn.json()) as {
      accessToken: string;
      user: { grants: { role: string; communityId?: string }[] };
    };
    const communityId = committee.user.grants.find((g) => g.role === 'committee')!.communityId!;

    await tabItem(resident, '公告').click();
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
    await tabItem(resident, '首页').click();
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
    expect(realProblems(problems)).toEqual([]);
  }, 60_000);
});
