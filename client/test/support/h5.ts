/**
 * What the browser tests share: the real server on a free 127.0.0.1 port (demo seed on, its own
 * data directory), Debian's Chromium through playwright-core, pages that never leave 127.0.0.1 and
 * collect console errors, and sign-in the way a person does it. jest's globalSetup has built
 * client/dist/h5 (or found it fresh) before any of this runs.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../../server/src/test-support/free-port';

export const repoRoot = path.resolve(__dirname, '../../..');
export const outDir = path.join(repoRoot, 'test-output');
export const DEMO_PASSWORD = 'linli-demo-2026';
/**
 * Where the meals browser tests stand: 08:30 on Tuesday 2031-03-04 in Shanghai. In the future, as
 * the server's clock must be (the store expires refresh tokens by real time), and an hour before the
 * demo canteen's lunch cutoff, which leaves the tests room: server and browsers start here
 * (startServer / openApp `clockStartsAt`) and run on in real time.
 */
export const MEALS_TEST_MOMENT = '2031-03-04T00:30:00Z';
/** A common phone's CSS viewport; Taro's h5 root font size follows the width (see app.css). */
export const VIEWPORT = { width: 390, height: 844 };

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

export interface RunningServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  /**
   * Moves the server's clock forward and runs the scheduler's due work; resolves with the server's
   * new time. Only for a server started with `steppableClock`.
   */
  advanceClock(ms: number): Promise<Date>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /**
   * Where the server's clock starts (CLOCK_START), for a test that must stand on a known day and
   * hour; it then runs in real time. An ISO-8601 instant with Z or an offset, in the future (the
   * store expires refresh tokens and the realtime inbox by real time). Unset: the real time.
   */
  clockStartsAt?: string;
  /**
   * Start the test-only entry (server/src/test-support/steppable-clock-server.ts) whose clock the
   * test moves with `advanceClock`, instead of waiting for a moment in real time.
   */
  steppableClock?: boolean;
}

/**
 * `server/src/main.ts` as `npm start` runs it, on an empty data directory; resolves once healthy
 * (the demo seed has run by then: the server listens only after it).
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  expect(fs.existsSync(path.join(repoRoot, 'client/dist/h5/index.html'))).toBe(true);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-h5-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const entry = options.steppableClock
    ? 'server/src/test-support/steppable-clock-server.ts'
    : 'server/src/main.ts';
  const server: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli'), entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Every person a browser test plays (resident, carer, committee, canteen) reaches the server from
      // 127.0.0.1, so they share one per-address budget that real phones each have alone: the page
      // audit alone makes over 300 requests a minute. Raised for test servers only, never by default.
      RATE_LIMIT_POINTS: '100000',
      // Empty means unset: a CLOCK_START in the caller's shell must not shift every test's server.
      CLOCK_START: options.clockStartsAt ?? '',
    },
    // The channel carries the clock's steps (steppableClock only).
    stdio: options.steppableClock ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const advanceClock = (ms: number) =>
    new Promise<Date>((resolve, reject) => {
      if (!options.steppableClock || !server.send) {
        reject(new Error('advanceClock: start the server with steppableClock'));
        return;
      }
      const onMessage = (message: { clockAdvancedTo?: string }) => {
        if (message?.clockAdvancedTo === undefined) return;
        server.off('message', onMessage);
        resolve(new Date(message.clockAdvancedTo));
      };
      server.on('message', onMessage);
      server.send({ advanceClockMs: ms });
    });
  return { url, output: () => output, advanceClock, stop };
}

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(outDir, { recursive: true });
  // playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far. */
  problems: string[];
}

export interface OpenAppOptions {
  /**
   * Start the browser's clock here (Playwright's clock, installed before the first page loads;
   * time then flows on). The app reckons today, tomorrow and cutoffs from the device's clock, so
   * pass the server's `clockStartsAt`: both then stand on the same day. The browser starts at that
   * instant when the context opens, so it runs behind the server by the time since the server
   * started: pick an instant with room before the next cutoff or midnight.
   */
  clockStartsAt?: string;
  /** A script run in every page of the context before the app's own (e.g. a preference in storage). */
  initScript?: string;
}

/**
 * A page in its own browser context (its own storage: one person per context), restricted to
 * 127.0.0.1, collecting page and console errors, on the app's first page.
 */
export async function openApp(browser: Browser, url: string, options: OpenAppOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  if (options.clockStartsAt !== undefined) await context.clock.install({ time: options.clockStartsAt });
  if (options.initScript !== undefined) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  await page.goto(`${url}/`);
  return { context, page, problems };
}

/**
 * The problems that matter: page errors and CSP violations. Taro's h5 tab bar items are
 * <a href="javascript:;">: the CSP blocks that no-op navigation (the tap itself is handled in JS
 * and works), so that one report is left out.
 */
export function realProblems(problems: string[]): string[] {
  const tabBarHref = /Running the JavaScript URL/;
  return problems.filter((p) => /Content Security Policy|pageerror/.test(p) && !tabBarHref.test(p));
}

/** Taps a demo resident's name on the sign-in page and waits for Home to greet them. */
export async function signInAsResident(page: Page, name: string): Promise<void> {
  const account = page.getByTestId('demo-account').filter({ hasText: name });
  await account.first().waitFor({ timeout: 20_000 });
  await account.first().click();
  await page.getByTestId('greeting').filter({ hasText: name }).waitFor({ timeout: 20_000 });
}

/** Signs a staff member in through the staff sign-in form. */
export async function signInAsStaff(page: Page, username: string): Promise<void> {
  await page.getByTestId('staff-sign-in-link').waitFor({ timeout: 20_000 });
  await page.getByTestId('staff-sign-in-link').click();
  await page
    .getByLabel('用户名')
    .locator('input')
    .or(page.locator('input[aria-label="用户名"]'))
    .first()
    .fill(username);
  await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('greeting').waitFor({ timeout: 20_000 });
}

/** A tab by its exact label ('Me' must not match 'Home'). */
export function tabItem(page: Page, text: string) {
  const label = page.locator('.weui-tabbar__label').getByText(text, { exact: true });
  return page.locator('.weui-tabbar__item').filter({ has: label });
}

/** Browser back until a tab page (with its tab bar) is on screen, then that tab. */
export async function backToTab(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 8 && !(await page.locator('.weui-tabbar').isVisible()); i++) {
    await page.goBack();
    await settle(page, 400);
  }
  await tabItem(page, text).click();
}

/** Taro animates page transitions: let one finish before a screenshot. */
export async function settle(page: Page, ms = 600): Promise<void> {
  await page.waitForTimeout(ms);
}

/** `fullPage`: the whole scrolled page, not only what fits the viewport. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: path.join(outDir, name), fullPage: options.fullPage ?? false });
}

/** A full-page screenshot once Taro's page transition has finished. */
export async function settledShot(page: Page, name: string): Promise<void> {
  await settle(page, 500);
  await screenshot(page, name, { fullPage: true });
}

/**
 * Switches care mode for the page's signed-in user and reloads: the device's choice (what a user
 * who never changed theirs gets) and any user's remembered one. Waits until the page shows it.
 */
/**
 * Care mode as the preferences store keeps it before anyone signs in (Taro h5 storage: JSON
 * `{ data }` in localStorage), as an init script for a browser context, so a person's first screen
 * after sign-in is already in the mode chosen.
 */
export function careModeScript(on: boolean): string {
  const value = JSON.stringify({ data: { careMode: on, locale: 'zh-CN' } });
  return `if (!localStorage.getItem('linli.prefs.device')) localStorage.setItem('linli.prefs.device', '${value}');`;
}

export async function setCareMode(page: Page, on: boolean): Promise<void> {
  await page.evaluate((careMode) => {
    const keys = new Set(['linli.prefs.device', ...Object.keys(localStorage)]);
    for (const key of keys)
      if (key.startsWith('linli.prefs.'))
        localStorage.setItem(key, JSON.stringify({ data: { careMode, locale: 'zh-CN' } }));
  }, on);
  await page.reload();
  await page
    .locator(`[data-care-mode="${on ? 'on' : 'off'}"]`)
    .first()
    .waitFor({ timeout: 20_000 });
}

/** Marks the page's window: if the mark is still there later, the page was not reloaded meanwhile. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __linliNoReload: true }));
}

export function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __linliNoReload?: boolean }).__linliNoReload === true);
}
