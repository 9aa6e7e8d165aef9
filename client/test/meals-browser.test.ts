/**
 * Senior meals in the h5 build, several people at once against the real server (demo seed: the
 * canteen's week of menus, 王奶奶 82 and eligible, her son 王建国 her confirmed carer). Server and
 * browsers stand at one fixed moment, Tuesday 2031-03-04 08:30 in Shanghai, before the lunch
 * (09:30) and dinner (15:30) cutoffs, so the test does not depend on the hour it runs at:
 *   1. the canteen operator signs in through the staff sign-in page and opens tomorrow's lunch roster;
 *   2. 王奶奶, in care mode, books tomorrow's lunch from Home in at most 3 taps (counted);
 *   3. the operator's roster shows the booking without a reload;
 *   4. the operator serves it by the pickup code read off her screen;
 *   5. her booking shows "served" without a reload;
 *   6. her son books her a delivered dinner for today and keeps the wellness alerts page open; the
 *      operator finds it in today's dinner delivery list and records that nobody answered (after a
 *      confirmation); the alert appears on the son's page without a reload;
 *   7. a committee member sees it on the same page and acknowledges it with what was found; the
 *      son's page shows it acknowledged, again without a reload.
 * Screenshots of the resident, operator and wellness pages, in normal and care mode, go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  MEALS_TEST_MOMENT,
  markWindow,
  notReloaded,
  setCareMode,
  settledShot,
  openApp,
  realProblems,
  signInAsResident,
  signInAsStaff,
  startServer,
  type AppPage,
  type RunningServer,
  careModeScript,
} from './support/h5';

const CLOCK_STARTS_AT = MEALS_TEST_MOMENT;
const TODAY = '2031-03-04';

describe('senior meals in Chromium: book from Home, live roster, serve by code', () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  const apps: AppPage[] = [];
  let senior: Page;
  let operator: Page;

  /** One person's browser, on the app's first page, its clock at the server's. */
  async function open(careMode: boolean): Promise<Page> {
    const app = await openApp(browser, url, {
      clockStartsAt: CLOCK_STARTS_AT,
      initScript: careModeScript(careMode),
    });
    apps.push(app);
    return app.page;
  }

  /** Page errors and CSP violations in anyone's browser so far. */
  const problems = () => apps.flatMap((app) => realProblems(app.problems));

  const shot = settledShot;

  beforeAll(async () => {
    server = await startServer({ clockStartsAt: CLOCK_STARTS_AT });
    url = server.url;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs the canteen operator in through the staff page and opens tomorrow’s lunch roster', async () => {
    operator = await open(false);
    await signInAsStaff(operator, 'canteen');
    await operator.getByTestId('staff-entry').click({ timeout: 20_000 });
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
    senior = await open(true);
    await signInAsResident(senior, '王奶奶'); // signing in, not booking
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
    // Where and when the canteen serves, as its operator set it (the demo seed).
    const canteen = (await senior.getByTestId('canteen-info').textContent())!;
    expect(canteen).toContain('幸福里长者食堂');
    expect(canteen).toContain('幸福路 88 号');
    expect(canteen).toContain('午餐 11:00–12:30，晚餐 17:00–18:00');
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

    expect(problems()).toEqual([]);
  }, 120_000);

  let son: Page;
  /** 王奶奶's alerts on her son's wellness page (his elders' section). */
  const sonsAlert = () =>
    son.getByTestId('wellness-mine').getByTestId('wellness-alert').filter({ hasText: '王奶奶' });

  it('lets her son book her a delivered dinner for today, then keep her wellness alerts open', async () => {
    son = await open(false);
    await signInAsResident(son, '王建国');
    await son.goto(`${url}/#/pages/meals/index`);
    const dinner = son.locator(`[data-testid="menu-card"][data-date="${TODAY}"][data-meal="dinner"]`);
    // Today by the browser's clock is the server's today, and 08:30 is before the dinner cutoff.
    await dinner.locator('.menu-book').click({ timeout: 20_000 });
    const sheet = son.getByTestId('booking-sheet');
    await sheet.getByRole('radio', { name: '送餐上门' }).click();
    await expect(sheet.getByRole('radio', { name: '送餐上门' }).getAttribute('aria-checked')).resolves.toBe(
      'true',
    );
    await sheet.getByTestId('confirm-booking').click();
    await sheet.getByTestId('booking-done').waitFor({ timeout: 20_000 });
    await sheet.getByText('完成', { exact: true }).click();
    // Booked for his mother (he is 55: she is the only one he can book for).
    await dinner.getByText('已为王奶奶预订').waitFor({ timeout: 10_000 });

    await son.goto(`${url}/#/pages/wellness/index`);
    await son.getByTestId('wellness-empty').waitFor({ timeout: 20_000 });
    await markWindow(son);
  }, 60_000);

  it('lets the operator find it in today’s dinner delivery list and record, after confirming, that nobody answered', async () => {
    await operator.goBack(); // from the subsidy policy to the canteen's page
    await operator.getByTestId('canteen-roster').click({ timeout: 20_000 });
    await operator.getByRole('tab', { name: '今天' }).click({ timeout: 20_000 });
    await operator.getByRole('tab', { name: '晚餐' }).click();
    const delivery = operator
      .getByTestId('delivery-group')
      .getByTestId('roster-entry')
      .filter({ hasText: '王奶奶' });
    await delivery.waitFor({ timeout: 20_000 });
    await expect(delivery.getAttribute('data-status')).resolves.toBe('booked');
    await expect(delivery.getAttribute('data-outcome')).resolves.toBe('');
    await shot(operator, 'h5-canteen-roster-deliveries.png');

    await delivery.getByTestId('mark-nobody-answered').click();
    // A confirmation first: this alerts her family and the committee.
    const confirm = operator.locator('.taro-model__confirm');
    await operator.getByText('确定王奶奶无人应答吗？').waitFor({ timeout: 10_000 });
    await expect(delivery.getAttribute('data-outcome')).resolves.toBe('');
    await shot(operator, 'h5-canteen-roster-nobody-confirm.png');
    await confirm.click();
    await operator
      .locator('[data-testid="delivery-group"] [data-testid="roster-entry"][data-outcome="nobodyAnswered"]')
      .filter({ hasText: '王奶奶' })
      .waitFor({ timeout: 10_000 });
    await expect(delivery.getAttribute('data-status')).resolves.toBe('noShow');
    await expect(delivery.getByTestId('mark-nobody-answered').count()).resolves.toBe(0);
    await shot(operator, 'h5-canteen-roster-nobody-answered.png');
  }, 60_000);

  it('shows her son the alert on his open wellness page without a reload', async () => {
    const alert = sonsAlert().and(son.locator('[data-status="open"]'));
    await alert.waitFor({ timeout: 10_000 });
    // Today's dinner, as both his phone and the server reckon today.
    await expect(alert.textContent()).resolves.toContain('今天 3月4日');
    await expect(alert.textContent()).resolves.toContain('晚餐送餐无人应答');
    await expect(alert.textContent()).resolves.toContain('待确认');
    await expect(son.getByTestId('wellness-empty').count()).resolves.toBe(0);
    // His is a carer's view: he reads, the committee acknowledges.
    await expect(alert.getByTestId('wellness-ack').count()).resolves.toBe(0);
    await expect(notReloaded(son)).resolves.toBe(true);
    await shot(son, 'h5-wellness-carer.png');
  }, 30_000);

  it('lets a committee member see it and acknowledge it with a note; her son sees that live', async () => {
    const committee = await open(false);
    await signInAsStaff(committee, 'committee');
    await committee.getByTestId('staff-entry').click({ timeout: 20_000 });
    await committee.getByTestId('staff-tool-wellness').click({ timeout: 20_000 });
    const alert = committee
      .getByTestId('wellness-community')
      .getByTestId('wellness-alert')
      .filter({ hasText: '王奶奶' });
    await alert.waitFor({ timeout: 20_000 });
    await expect(alert.getAttribute('data-status')).resolves.toBe('open');
    await expect(alert.textContent()).resolves.toContain('晚餐送餐无人应答');
    await shot(committee, 'h5-wellness-committee.png');

    // Not without saying what was found.
    await alert.getByTestId('wellness-ack').click();
    await alert.getByRole('alert').filter({ hasText: '请写下查看结果' }).waitFor({ timeout: 10_000 });
    await expect(notReloaded(son)).resolves.toBe(true);
    await expect(sonsAlert().getAttribute('data-status')).resolves.toBe('open');

    const note = '已电话联系，老人在女儿家吃饭，平安';
    await alert
      .getByLabel('查看结果（必填）')
      .locator('input')
      .or(alert.locator('input[aria-label="查看结果（必填）"]'))
      .first()
      .fill(note);
    await alert.getByTestId('wellness-ack').click();
    // Acknowledged alerts leave the committee's open list.
    await committee.getByTestId('wellness-community-empty').waitFor({ timeout: 10_000 });
    await expect(alert.count()).resolves.toBe(0);

    const acknowledged = sonsAlert().and(son.locator('[data-status="acknowledged"]'));
    await acknowledged.waitFor({ timeout: 10_000 });
    await expect(acknowledged.textContent()).resolves.toContain('已确认平安');
    await expect(acknowledged.textContent()).resolves.toContain(`居委会：${note}`);
    await expect(notReloaded(son)).resolves.toBe(true);
    await shot(son, 'h5-wellness-carer-acknowledged.png');
    await setCareMode(son, true);
    await sonsAlert().and(son.locator('[data-status="acknowledged"]')).waitFor({ timeout: 20_000 });
    await shot(son, 'h5-wellness-carer-care.png');

    expect(problems()).toEqual([]);
  }, 90_000);
});
