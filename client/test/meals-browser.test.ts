/**
 * Senior meals in the h5 build, two people at once against the real server (demo seed: the
 * canteen's week of menus, 王奶奶 82 and eligible):
 *   1. the canteen operator signs in through the staff sign-in page and opens tomorrow's lunch roster;
 *   2. 王奶奶, in care mode, books tomorrow's lunch from Home in at most 3 taps (counted);
 *   3. the operator's roster shows the booking without a reload;
 *   4. the operator serves it by the pickup code read off her screen;
 *   5. her booking shows "served" without a reload.
 * Screenshots of the resident and operator pages, in normal and care mode, go to test-output/.
 *
 * The server and Chromium setup here is deliberately minimal (a copy of h5-browser.test.ts's);
 * when client/test/support lands, this should use it instead.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { signInAsStaff } from './support/h5';

const repoRoot = path.resolve(__dirname, '../..');
const outDir = path.join(repoRoot, 'test-output');
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

/**
 * Care mode as the preferences store keeps it before anyone signs in (Taro h5 storage: JSON
 * `{ data }` in localStorage), set once per browser context. The Me page's switch comes with the
 * other client branch; then this can tap it instead.
 */
function careModeScript(on: boolean) {
  const value = JSON.stringify({ data: { careMode: on, locale: 'zh-CN' } });
  return `if (!localStorage.getItem('linli.prefs.device')) localStorage.setItem('linli.prefs.device', '${value}');`;
}

describe('senior meals in Chromium: book from Home, live roster, serve by code', () => {
  let server: ChildProcess;
  let browser: Browser;
  let url: string;
  let dataDir: string;
  let output = '';
  const problems: string[] = [];
  let senior: Page;
  let operator: Page;

  async function newPage(careMode: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await context.addInitScript(careModeScript(careMode));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    return { context, page };
  }

  async function shot(page: Page, name: string) {
    await page.waitForTimeout(500); // let page transitions settle
    await page.screenshot({ path: path.join(outDir, name), fullPage: true });
  }

  /** Switches care mode for the page's signed-in user and reloads. */
  async function setCareMode(page: Page, on: boolean) {
    await page.evaluate((careMode) => {
      for (const key of Object.keys(localStorage))
        if (key.startsWith('linli.prefs.'))
          localStorage.setItem(key, JSON.stringify({ data: { careMode, locale: 'zh-CN' } }));
    }, on);
    await page.reload();
    await page
      .locator(`[data-care-mode="${on ? 'on' : 'off'}"]`)
      .first()
      .waitFor({ timeout: 20_000 });
  }

  beforeAll(async () => {
    expect(fs.existsSync(path.join(repoRoot, 'client/dist/h5/index.html'))).toBe(true);
    fs.mkdirSync(outDir, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-meals-h5-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/main.ts'], {
      cwd: repoRoot,
      // development: the demo seed runs (it is skipped under NODE_ENV=test).
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
        const accounts = await fetch(`${url}/api/v1/auth/demo-accounts`);
        // Up, and the demo seed has made the residents.
        if (accounts.ok && JSON.stringify(await accounts.json()).includes('王奶奶')) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
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

  it('signs the canteen operator in through the staff page and opens tomorrow’s lunch roster', async () => {
    operator = (await newPage(false)).page;
    await operator.goto(`${url}/`);
    // The staff form as client/test/support signs in (labelled fields, no placeholders).
    await signInAsStaff(operator, 'canteen');
    await operator.getByText('工作台 ›').click({ timeout: 20_000 });
    await operator.getByTestId('canteen-entry').click({ timeout: 20_000 });
    await operator
      .getByTestId('canteen-name')
      .filter({ hasText: '幸福里长者食堂' })
      .waitFor({ timeout: 20_000 });
    await shot(operator, 'h5-canteen-home.png');
    await operator.getByTestId('canteen-roster').click();
    await operator.getByRole('tab', { name: '明天' }).click({ timeout: 20_000 });
    await operator.getByTestId('roster-total').filter({ hasText: '共 0 份' }).waitFor({ timeout: 20_000 });
  }, 90_000);

  let pickupCode = '';

  it('lets 王奶奶, in care mode, book tomorrow’s lunch from Home in at most 3 taps', async () => {
    senior = (await newPage(true)).page;
    await senior.goto(`${url}/`);
    await senior.getByText('王奶奶', { exact: true }).click({ timeout: 20_000 }); // signing in, not booking
    await senior.getByText('您好，王奶奶').waitFor({ timeout: 20_000 });
    await expect(senior.locator('[data-care-mode="on"]').count()).resolves.toBeGreaterThan(0);
    const card = senior.getByTestId('quick-meal');
    await card.waitFor({ timeout: 20_000 });
    await shot(senior, 'h5-meals-home-care.png');

    let taps = 0;
    const tap = async (target: Locator) => {
      taps += 1;
      await target.click();
    };
    await tap(card);
    const sheet = senior.getByTestId('booking-sheet');
    await sheet.waitFor();
    await shot(senior, 'h5-meals-sheet-care.png');
    await tap(senior.getByTestId('confirm-booking'));
    await senior.getByTestId('booking-done').waitFor({ timeout: 20_000 });
    expect(taps).toBeLessThanOrEqual(3);
    pickupCode = (await sheet.getByTestId('pickup-code').textContent())!.trim();
    expect(pickupCode).toMatch(/^\d{6}$/);
    // 80+ (¥6) and living alone (¥1) off ¥15, as the demo community's policy says.
    await expect(sheet.getByTestId('payable').textContent()).resolves.toBe('¥8.00');
    await shot(senior, 'h5-meals-booked-care.png');
  }, 60_000);

  it('shows the booking on the operator’s roster without a reload', async () => {
    await operator.getByTestId('roster-total').filter({ hasText: '共 1 份' }).waitFor({ timeout: 10_000 });
    const entry = operator.getByTestId('roster-entry').filter({ hasText: '王奶奶' });
    await expect(entry.getAttribute('data-status')).resolves.toBe('booked');
    await shot(operator, 'h5-canteen-roster.png');
  }, 30_000);

  it('serves it by the pickup code, and her booking turns to served without a reload', async () => {
    await senior.getByText('查看我的订餐', { exact: true }).click();
    const booking = senior.getByTestId('booking').first();
    await booking.waitFor({ timeout: 20_000 });
    await expect(booking.getAttribute('data-status')).resolves.toBe('booked');
    await expect(booking.getByTestId('pickup-code').textContent()).resolves.toBe(pickupCode);
    // The QR of the booking's payload: version 3 (29 modules) for 'linli:meal:<id>:<code>'.
    await expect(booking.getByTestId('pickup-qr').getAttribute('data-modules')).resolves.toBe('29');
    await shot(senior, 'h5-meal-bookings-care.png');

    await operator
      .getByRole('spinbutton', { name: '输入 6 位取餐码' })
      .or(operator.getByRole('textbox', { name: '输入 6 位取餐码' }))
      .fill(pickupCode);
    await operator.getByTestId('serve-button').click();
    await operator
      .getByTestId('serve-result')
      .filter({ hasText: '已核销：王奶奶' })
      .waitFor({ timeout: 10_000 });

    await senior
      .locator(`[data-testid="booking"][data-status="served"]`)
      .first()
      .waitFor({ timeout: 10_000 });
    await expect(booking.getByTestId('booking-status').textContent()).resolves.toBe('已取餐');
    await expect(booking.getByTestId('pickup-code').count()).resolves.toBe(0);
    await shot(senior, 'h5-meal-bookings-served-care.png');
    await operator
      .getByTestId('roster-entry')
      .filter({ hasText: '王奶奶' })
      .and(operator.locator('[data-status="served"]'))
      .waitFor({ timeout: 10_000 });
  }, 60_000);

  it('exports the roster as CSV and shows the other meals pages (screenshots, both modes)', async () => {
    const download = operator.waitForEvent('download');
    await operator.getByTestId('roster-export').click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file!, 'utf8');
    expect(csv).toContain('王奶奶');

    // Resident pages in normal mode, then the operator's in care mode.
    await setCareMode(senior, false);
    await shot(senior, 'h5-meal-bookings.png');
    await senior.goto(`${url}/#/pages/meals/index`);
    await senior.getByTestId('menu-card').first().waitFor({ timeout: 20_000 });
    await shot(senior, 'h5-meals.png');
    await setCareMode(senior, true);
    await senior.getByTestId('menu-card').first().waitFor({ timeout: 20_000 });
    await shot(senior, 'h5-meals-care.png');

    await shot(operator, 'h5-canteen-roster-served.png');
    await setCareMode(operator, true);
    await shot(operator, 'h5-canteen-roster-care.png');
    await setCareMode(operator, false);
    await operator.goBack();
    await operator.getByTestId('canteen-menus').click({ timeout: 20_000 });
    await operator.getByTestId('planner-menu').first().waitFor({ timeout: 20_000 });
    await shot(operator, 'h5-canteen-planner.png');
    await operator.goBack();
    await operator.getByTestId('canteen-settlement').click({ timeout: 20_000 });
    await operator.getByTestId('settlement-totals').waitFor({ timeout: 20_000 });
    await shot(operator, 'h5-canteen-settlement.png');
    await operator.goBack();
    await operator.getByTestId('canteen-subsidy').click({ timeout: 20_000 });
    await operator.getByTestId('subsidy-policy').waitFor({ timeout: 20_000 });
    await shot(operator, 'h5-canteen-subsidy.png');

    expect(problems).toEqual([]);
  }, 120_000);
});
