/**
 * The design system as a person meets it, in the real h5 build in Chromium at 375 × 812:
 *   1. axe-core on every page, as a resident (王奶奶) and as staff (the committee member and the
 *      canteen operator), in normal and in care mode: no serious or critical violation; in care
 *      mode every tap target ≥ 44 px and all text ≥ 18 px, measured in the laid-out page;
 *   2. the price for me: 王奶奶's menu card and booking sheet say ¥8.00 with ¥15.00 struck through
 *      and the subsidies named; her son sees the same for her; 李阿姨 sees her own price;
 *   3. a half-filled booking sheet survives a switch of language and of care mode, without reload;
 *   4. the README's pictures (test-output/design-*.png, copied to docs/ by hand).
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { auditPages, signInAsStaffUser, staffToken, visit, type Finding } from './support/page-audit';
import {
  MEALS_TEST_MOMENT,
  launchChromium,
  markWindow,
  notReloaded,
  openApp,
  outDir,
  realProblems,
  setCareMode,
  settle,
  signInAsResident,
  startServer,
  tabItem,
  type AppPage,
  type RunningServer,
} from './support/h5';

const SHOT_VIEWPORT = { width: 375, height: 812 };

let server: RunningServer;
let browser: Browser;
const opened: AppPage[] = [];

beforeAll(async () => {
  server = await startServer({ clockStartsAt: MEALS_TEST_MOMENT });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  for (const app of opened) await app.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function open(): Promise<AppPage> {
  const app = await openApp(browser, server.url, { clockStartsAt: MEALS_TEST_MOMENT });
  await app.page.setViewportSize(SHOT_VIEWPORT);
  opened.push(app);
  return app;
}

const RESIDENT_PAGES = [
  'pages/home/index',
  'pages/notices/index',
  'pages/me/index',
  'pages/meals/index',
  'pages/meal-bookings/index',
  'pages/standing-orders/index',
  'pages/wellness/index',
  'pages/household/index',
  'pages/carers/index',
  'pages/my-data/index',
];

describe('the design system in the browser', () => {
  it('has no serious or critical axe violation on any page, and care mode measures up', async () => {
    // A notice to open, published by the committee through the API.
    const committee = await staffToken(server.url, 'committee');
    const communityId = committee.me.grants.find((g) => g.role === 'committee')!.communityId;
    const published = await fetch(`${server.url}/api/v1/notices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${committee.token}` },
      body: JSON.stringify({
        communityId,
        category: 'activity',
        title: '周六上午义诊',
        body: '社区卫生站的医生周六上午九点在活动室为老人量血压。',
        audience: { kind: 'community' },
      }),
    });
    expect(published.status).toBe(201);
    const noticeId = ((await published.json()) as { id: string }).id;

    const findings: Finding[] = [];
    const resident = await open();
    await signInAsResident(resident.page, '王奶奶');
    let audited = await auditPages(
      resident.page,
      [...RESIDENT_PAGES, `pages/notice-detail/index?id=${noticeId}`],
      '王奶奶',
      findings,
    );

    const staff = await open();
    await signInAsStaffUser(staff.page, 'committee');
    audited += await auditPages(
      staff.page,
      [
        'packages/staff/pages/index/index',
        'packages/staff/pages/notice-compose/index',
        'packages/staff/pages/notice-list/index',
        `packages/staff/pages/notice-unread/index?id=${noticeId}`,
        'packages/staff/pages/memberships/index',
        `packages/staff/pages/subsidy/index?communityId=${communityId}`,
      ],
      'committee',
      findings,
    );

    const operator = await open();
    const canteen = await staffToken(server.url, 'canteen');
    const grant = canteen.me.grants.find((g) => g.role === 'operator')!;
    await signInAsStaffUser(operator.page, 'canteen');
    const q = `providerId=${grant.providerId}&communityId=${grant.communityId}`;
    audited += await auditPages(
      operator.page,
      [
        `packages/staff/pages/canteen/index?${q}`,
        `packages/staff/pages/menus/index?${q}`,
        `packages/staff/pages/roster/index?${q}`,
        `packages/staff/pages/settlement/index?${q}`,
      ],
      'operator',
      findings,
    );

    expect(audited).toBe(2 * (RESIDENT_PAGES.length + 1 + 6 + 4));
    expect(findings).toEqual([]);
    for (const app of [resident, staff, operator]) expect(realProblems(app.problems)).toEqual([]);
  }, 600_000);

  it("shows 王奶奶, her son and 李阿姨 the price each pays, and saves the README's pictures", async () => {
    const wang = await open();
    await signInAsResident(wang.page, '王奶奶');
    await wang.page.getByTestId('quick-meal').waitFor({ timeout: 20_000 });
    await settle(wang.page);
    await wang.page.screenshot({ path: path.join(outDir, 'design-home.png') });
    await visit(wang.page, 'pages/meals/index');
    const card = wang.page
      .getByTestId('menu-card')
      .filter({ has: wang.page.locator('.menu-book') })
      .first();
    await card.waitFor({ timeout: 20_000 });
    await expect(card.getByTestId('price-payable').textContent()).resolves.toBe('¥8.00');
    await expect(card.locator('.price-base').textContent()).resolves.toBe('¥15.00');
    await expect(card.getByTestId('price-subsidies').textContent()).resolves.toContain('80岁以上 ¥6.00');
    await expect(card.getByTestId('price-subsidies').textContent()).resolves.toContain('独居 ¥1.00');
    await card.scrollIntoViewIfNeeded();
    await wang.page.screenshot({ path: path.join(outDir, 'design-menu-price.png') });
    await card.locator('.menu-book').click();
    const sheet = wang.page.getByTestId('booking-sheet');
    await expect(sheet.getByTestId('price-payable').textContent({ timeout: 10_000 })).resolves.toBe('¥8.00');
    await expect(sheet.locator('.price-base').textContent()).resolves.toBe('¥15.00');
    await settle(wang.page, 400);
    await wang.page.screenshot({ path: path.join(outDir, 'design-booking.png') });
    await setCareMode(wang.page, true);
    await visit(wang.page, 'pages/home/index');
    await wang.page.getByTestId('quick-meal').first().waitFor({ timeout: 20_000 });
    await settle(wang.page);
    await wang.page.screenshot({ path: path.join(outDir, 'design-home-care.png') });
    await visit(wang.page, 'pages/meals/index');
    await wang.page.screenshot({ path: path.join(outDir, 'design-menu-price-care.png') });
    await setCareMode(wang.page, false);

    // Her son books for her: the card names her and shows her price.
    const son = await open();
    await signInAsResident(son.page, '王建国');
    await visit(son.page, 'pages/meals/index');
    const forHer = son.page
      .getByTestId('menu-card')
      .filter({ has: son.page.locator('.menu-book') })
      .first();
    await forHer.waitFor({ timeout: 20_000 });
    await expect(forHer.getByTestId('price-payable').textContent()).resolves.toBe('¥8.00');
    await expect(forHer.locator('.price').textContent()).resolves.toContain('王奶奶');

    // 李阿姨 sees her own subsidy, not 王奶奶's.
    const li = await open();
    await signInAsResident(li.page, '李阿姨');
    await visit(li.page, 'pages/meals/index');
    const hers = li.page
      .getByTestId('menu-card')
      .filter({ has: li.page.locator('.menu-book') })
      .first();
    await hers.waitFor({ timeout: 20_000 });
    const liPays = await hers.getByTestId('price-payable').textContent();
    expect(liPays).not.toBe('¥8.00');
    expect(liPays).toMatch(/^¥\d+\.\d\d$/);

    // A notice and the staff workbench, normal and care.
    await visit(wang.page, 'pages/notices/index');
    await wang.page.getByTestId('notice-item').first().click({ timeout: 20_000 });
    await wang.page.getByTestId('notice-title').waitFor({ timeout: 20_000 });
    await settle(wang.page);
    await wang.page.screenshot({ path: path.join(outDir, 'design-notice.png') });
    await setCareMode(wang.page, true);
    await wang.page.getByTestId('notice-title').waitFor({ timeout: 20_000 });
    await settle(wang.page);
    await wang.page.screenshot({ path: path.join(outDir, 'design-notice-care.png') });
    await setCareMode(wang.page, false);

    const staff = await open();
    await signInAsStaffUser(staff.page, 'committee');
    await settle(staff.page);
    await staff.page.screenshot({ path: path.join(outDir, 'design-staff-home.png') });
    await visit(staff.page, 'packages/staff/pages/index/index');
    await staff.page.screenshot({ path: path.join(outDir, 'design-workbench.png') });
    await setCareMode(staff.page, true);
    await settle(staff.page);
    await staff.page.screenshot({ path: path.join(outDir, 'design-workbench-care.png') });
    for (const app of [wang, son, li, staff]) expect(realProblems(app.problems)).toEqual([]);
  }, 240_000);

  it('keeps a half-filled booking sheet through a switch of language and of care mode, without reload', async () => {
    const wang = await open();
    await signInAsResident(wang.page, '王奶奶');
    const page = wang.page;
    await page.getByTestId('quick-meal').click({ timeout: 20_000 });
    const note = page.getByTestId('booking-sheet').locator('input');
    await note.fill('少放盐，米饭软一点');
    await markWindow(page);

    await tabItem(page, '我的').click();
    await page.getByTestId('language').getByRole('radio', { name: 'English' }).click();
    await page.getByText('Display and language').waitFor({ timeout: 10_000 });
    await page.getByTestId('care-mode').click();
    await page.locator('[data-care-mode="on"]:visible').first().waitFor({ timeout: 10_000 });

    await tabItem(page, 'Home').click();
    const sheet = page.getByTestId('booking-sheet');
    await sheet.waitFor({ timeout: 10_000 });
    await expect(sheet.locator('input').inputValue()).resolves.toBe('少放盐，米饭软一点');
    await expect(sheet.textContent()).resolves.toContain('Dietary');
    await expect(page.locator('[data-care-mode="on"]:visible').count()).resolves.toBeGreaterThan(0);
    await expect(notReloaded(page)).resolves.toBe(true);
    expect(realProblems(wang.problems)).toEqual([]);
  }, 120_000);
});
