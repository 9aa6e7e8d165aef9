/**
 * Standing orders and the canteen's menu planner in the h5 build, two people at once against the
 * real server (demo seed: the canteen's lunches and dinners for the 7 days from today, 王奶奶 82,
 * her son 王建国 her confirmed carer). Server and browsers stand at Tuesday 2031-03-04 08:30 in
 * Shanghai, before the day's cutoffs, so the dates below are the same whenever the test runs:
 *   1. 王建国 sets up a standing order for his mother from the meals page (Wednesdays and Fridays,
 *      lunch, pickup); it is listed as active, and his bookings show the two lunches already
 *      published (tomorrow, Wed 3/5, and Fri 3/7) booked for her by the standing order;
 *   2. he pauses it and resumes it;
 *   3. the operator withdraws Wednesday's lunch in the planner with a reason, after confirming; his
 *      open bookings page shows that booking cancelled with the reason, without a reload;
 *   4. the operator raises Friday's lunch price; the planner shows it, and her booking keeps the
 *      price it was booked at;
 *   5. the operator changes the canteen's address and lunch hours (a lunch that ends before it
 *      starts is refused at the field, nothing saved); the son's meals page shows the new ones.
 * Screenshots of the standing-orders page (normal and care mode) and the planner's withdraw
 * confirmation go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import type { Browser, Locator } from 'playwright-core';
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
} from './support/h5';

const CLOCK_STARTS_AT = MEALS_TEST_MOMENT;
const WEDNESDAY = '2031-03-05';
const FRIDAY = '2031-03-07';

describe('standing orders and the menu planner in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  let son: AppPage;
  let operator: AppPage;

  const shot = settledShot;

  /** 王奶奶's lunch booking of `date` on her son's bookings page. */
  const lunchBooking = (date: string): Locator =>
    son.page.locator(`[data-testid="booking"][data-date="${date}"][data-meal="lunch"]`);
  /** The planner's lunch of `date`. */
  const plannerLunch = (date: string): Locator =>
    operator.page.locator(`[data-testid="planner-menu"][data-date="${date}"][data-meal="lunch"]`);
  const standingOrder = () => son.page.getByTestId('standing-order');

  /** From the meals page (or a page opened from it) to the son's bookings. */
  async function openBookings() {
    const page = son.page;
    await page.goBack();
    await page.getByTestId('my-bookings-link').click({ timeout: 20_000 });
    await page.getByTestId('booking').first().waitFor({ timeout: 20_000 });
  }

  beforeAll(async () => {
    server = await startServer({ clockStartsAt: CLOCK_STARTS_AT });
    url = server.url;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets 王建国 set up a standing order for his mother; it books the lunches already published', async () => {
    son = await openApp(browser, url, { clockStartsAt: CLOCK_STARTS_AT });
    const page = son.page;
    await signInAsResident(page, '王建国');
    await page.goto(`${url}/#/pages/meals/index`);
    await page.getByTestId('standing-orders-link').click({ timeout: 20_000 });
    const form = page.getByTestId('standing-form');
    await form.waitFor({ timeout: 20_000 });
    await page.getByText('还没有长期订餐。').waitFor();
    // He is 55: his mother is the only one he can order for, and the form says so.
    await expect(form.getByTestId('standing-for-one').textContent()).resolves.toBe('用餐人：王奶奶');

    // Workdays are preselected: keep Wednesday and Friday.
    const weekdays = form.getByTestId('standing-weekdays');
    for (const day of ['周一', '周二', '周四']) await weekdays.getByRole('checkbox', { name: day }).click();
    for (const [day, on] of [
      ['周一', 'false'],
      ['周三', 'true'],
      ['周五', 'true'],
    ])
      await expect(weekdays.getByRole('checkbox', { name: day }).getAttribute('aria-checked')).resolves.toBe(
        on,
      );
    await form.getByRole('radio', { name: '午餐' }).click();
    await form.getByTestId('standing-mode').getByRole('radio', { name: '自取' }).click();
    await form.getByTestId('standing-create').click();

    const order = standingOrder();
    await order.waitFor({ timeout: 20_000 });
    await expect(order.count()).resolves.toBe(1);
    await expect(order.getAttribute('data-status')).resolves.toBe('active');
    await expect(order.textContent()).resolves.toContain('周三、周五 · 午餐 · 自取');
    await expect(order.textContent()).resolves.toContain('生效中');
    await expect(order.textContent()).resolves.toContain('用餐人：王奶奶');
    await expect(page.getByText('还没有长期订餐。').count()).resolves.toBe(0);

    // Creating it booked the published Wednesday and Friday lunches, and nothing else.
    await openBookings();
    for (const date of [WEDNESDAY, FRIDAY]) {
      const booking = lunchBooking(date);
      await booking.waitFor({ timeout: 20_000 });
      await expect(booking.getAttribute('data-status')).resolves.toBe('booked');
      await expect(booking.getByTestId('booking-standing').textContent()).resolves.toBe('长期订餐');
      await expect(booking.textContent()).resolves.toContain('用餐人：王奶奶');
      await expect(booking.textContent()).resolves.toContain('方式：自取');
      await expect(booking.getByTestId('pickup-code').textContent()).resolves.toMatch(/^\d{6}$/);
    }
    await expect(lunchBooking(WEDNESDAY).textContent()).resolves.toContain('明天 3月5日 周三');
    await expect(page.getByTestId('booking').count()).resolves.toBe(2);
    await shot(page, 'h5-meal-bookings-standing.png');
  }, 90_000);

  it('lets him pause it and resume it', async () => {
    const page = son.page;
    await page.goBack();
    await page.getByTestId('standing-orders-link').click({ timeout: 20_000 });
    const order = standingOrder();
    await order.waitFor({ timeout: 20_000 });

    await order.getByTestId('standing-pause').click();
    await page.locator('[data-testid="standing-order"][data-status="paused"]').waitFor({ timeout: 10_000 });
    await expect(order.textContent()).resolves.toContain('已暂停');
    await expect(order.getByTestId('standing-pause').count()).resolves.toBe(0);

    await order.getByTestId('standing-resume').click();
    await page.locator('[data-testid="standing-order"][data-status="active"]').waitFor({ timeout: 10_000 });
    await expect(order.textContent()).resolves.toContain('生效中');
    await expect(order.getByTestId('standing-resume').count()).resolves.toBe(0);
    await shot(page, 'h5-standing-orders.png');

    await setCareMode(page, true);
    await page.locator('[data-testid="standing-order"][data-status="active"]').waitFor({ timeout: 20_000 });
    await shot(page, 'h5-standing-orders-care.png');
    await setCareMode(page, false);
    await page.locator('[data-testid="standing-order"][data-status="active"]').waitFor({ timeout: 20_000 });

    // Pausing and resuming neither cancelled nor doubled her bookings.
    await openBookings();
    await lunchBooking(FRIDAY).waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('booking').count()).resolves.toBe(2);
    await expect(lunchBooking(WEDNESDAY).getAttribute('data-status')).resolves.toBe('booked');
    await markWindow(page);
  }, 90_000);

  it('lets the operator withdraw Wednesday’s lunch after confirming; the son sees it cancelled, live', async () => {
    operator = await openApp(browser, url, { clockStartsAt: CLOCK_STARTS_AT });
    const page = operator.page;
    await signInAsStaff(page, 'canteen');
    await page.getByTestId('staff-entry').click({ timeout: 20_000 });
    await page.getByTestId('canteen-entry').click({ timeout: 20_000 });
    await page.getByTestId('canteen-menus').click({ timeout: 20_000 });
    const lunch = plannerLunch(WEDNESDAY);
    await lunch.waitFor({ timeout: 20_000 });
    await expect(lunch.getAttribute('data-status')).resolves.toBe('published');

    await lunch.getByTestId('menu-withdraw-start').click();
    // Not without a reason: the elders who booked are told it.
    await lunch.getByTestId('menu-withdraw').click();
    await lunch.getByRole('alert').filter({ hasText: '请填写撤回原因' }).waitFor({ timeout: 10_000 });
    const reason = '燃气检修，周三午餐停供';
    await lunch.locator('input[aria-label="撤回原因（会告知已订餐的老人）"]').fill(reason);
    await lunch.getByTestId('menu-withdraw').click();

    await page.getByText('确定撤回明天 3月5日 周三午餐吗？').waitFor({ timeout: 10_000 });
    await page.getByText('所有预订将被取消，并把原因告知老人。').waitFor();
    await shot(page, 'h5-canteen-planner-withdraw-confirm.png');
    // Nothing is withdrawn until the operator confirms.
    await expect(lunch.getAttribute('data-status')).resolves.toBe('published');
    await expect(lunchBooking(WEDNESDAY).getAttribute('data-status')).resolves.toBe('booked');
    await page.locator('.taro-model__confirm').click();

    await operator.page
      .locator(
        `[data-testid="planner-menu"][data-date="${WEDNESDAY}"][data-meal="lunch"][data-status="withdrawn"]`,
      )
      .waitFor({ timeout: 10_000 });
    await expect(lunch.getByTestId('planner-menu-status').textContent()).resolves.toBe('已撤回');
    await expect(lunch.textContent()).resolves.toContain(`撤回原因：${reason}`);
    await expect(lunch.getByTestId('menu-withdraw-start').count()).resolves.toBe(0);
    await expect(lunch.getByTestId('menu-edit').count()).resolves.toBe(0);

    const cancelled = son.page.locator(
      `[data-testid="booking"][data-date="${WEDNESDAY}"][data-meal="lunch"][data-status="cancelled"]`,
    );
    await cancelled.waitFor({ timeout: 10_000 });
    await expect(cancelled.getByTestId('booking-status').textContent()).resolves.toBe('已取消');
    await expect(cancelled.textContent()).resolves.toContain(`取消原因：${reason}`);
    await expect(cancelled.getByTestId('pickup-code').count()).resolves.toBe(0);
    await expect(cancelled.getByTestId('cancel-booking').count()).resolves.toBe(0);
    // Friday's lunch is untouched.
    await expect(lunchBooking(FRIDAY).getAttribute('data-status')).resolves.toBe('booked');
    await expect(notReloaded(son.page)).resolves.toBe(true);
    await shot(son.page, 'h5-meal-bookings-withdrawn.png');
  }, 90_000);

  it('lets the operator raise Friday’s lunch price; her booking keeps the price it was booked at', async () => {
    const page = operator.page;
    const lunch = plannerLunch(FRIDAY);
    await expect(lunch.getByTestId('planner-menu-title').textContent()).resolves.toBe('午餐 · ¥15.00');
    const booking = lunchBooking(FRIDAY);
    await expect(booking.getByTestId('price-base').textContent()).resolves.toBe('¥15.00');
    // 80+ (¥6) and living alone (¥1) off ¥15, as the demo community's policy says.
    await expect(booking.getByTestId('payable').textContent()).resolves.toBe('¥8.00');

    await lunch.getByTestId('menu-edit').click();
    const form = page.getByTestId('menu-form');
    await form.getByText('修改菜单 · 3月7日 周五 午餐').waitFor({ timeout: 10_000 });
    await form
      .locator('[data-testid="menu-price"] input')
      .or(form.locator('input[data-testid="menu-price"]'))
      .first()
      .fill('18');
    await form.getByTestId('menu-save-edit').click();
    await lunch
      .getByTestId('planner-menu-title')
      .filter({ hasText: '午餐 · ¥18.00' })
      .waitFor({ timeout: 10_000 });
    await expect(lunch.getAttribute('data-status')).resolves.toBe('published');
    await shot(page, 'h5-canteen-planner-edited.png');

    // The menu now costs ¥18 for new bookings; hers stays at the ¥15 it was booked at.
    await expect(notReloaded(son.page)).resolves.toBe(true);
    await son.page.reload();
    await booking.waitFor({ timeout: 20_000 });
    await expect(booking.getAttribute('data-status')).resolves.toBe('booked');
    await expect(booking.getByTestId('price-base').textContent()).resolves.toBe('¥15.00');
    await expect(booking.getByTestId('payable').textContent()).resolves.toBe('¥8.00');
    await shot(son.page, 'h5-meal-bookings-frozen-price.png');
    // While the menu he would book today costs the new price.
    await son.page.goBack();
    const menu = son.page.locator(`[data-testid="menu-card"][data-date="${FRIDAY}"][data-meal="lunch"]`);
    await expect(menu.locator('.menu-price').textContent({ timeout: 20_000 })).resolves.toBe('¥18.00');
  }, 90_000);

  it('lets the operator change the address and lunch hours; residents see them; a backwards span is refused', async () => {
    const page = operator.page;
    await page.goBack();
    const shown = page.getByTestId('canteen-settings');
    await shown.waitFor({ timeout: 20_000 });
    const before = await shown.textContent();
    const field = (label: string) =>
      page
        .getByLabel(label)
        .locator('input')
        .or(page.locator(`input[aria-label="${label}"]`))
        .first();
    const address = '幸福里社区活动中心一楼';

    // Lunch ending before it starts: the field says so and nothing is saved.
    await shown.getByTestId('settings-edit').click();
    const form = page.getByTestId('settings-form');
    await form.waitFor({ timeout: 10_000 });
    await field('地址（用餐和自取的地方）').fill(address);
    await field('午餐开始供应（时:分）').fill('12:30');
    await field('午餐结束供应（时:分）').fill('11:00');
    await form.getByTestId('settings-save').click();
    const spanError = form.getByTestId('settings-error-servingHours.lunch.to');
    await spanError.waitFor({ timeout: 10_000 });
    await expect(spanError.textContent()).resolves.toBe('结束时间须晚于开始时间');
    await shot(page, 'h5-canteen-settings-error.png');
    await form.getByText('取消').click();
    await shown.waitFor({ timeout: 10_000 });
    await expect(shown.textContent()).resolves.toBe(before);
    await expect(shown.textContent()).resolves.not.toContain(address);

    await shown.getByTestId('settings-edit').click();
    await form.waitFor({ timeout: 10_000 });
    await field('地址（用餐和自取的地方）').fill(address);
    await field('午餐开始供应（时:分）').fill('11:00');
    await field('午餐结束供应（时:分）').fill('12:45');
    await form.getByTestId('settings-save').click();
    await shown.waitFor({ timeout: 10_000 });
    await expect(shown.textContent()).resolves.toContain(address);
    await expect(shown.textContent()).resolves.toContain('午餐 11:00–12:45');
    await expect(page.getByTestId('settings-form').count()).resolves.toBe(0);

    // The son's meals page tells where and when, once it loads again.
    await son.page.reload();
    const info = son.page.getByTestId('canteen-info').filter({ hasText: address });
    await info.waitFor({ timeout: 20_000 });
    await expect(info.textContent()).resolves.toContain('午餐 11:00–12:45');

    expect(realProblems(son.problems)).toEqual([]);
    expect(realProblems(operator.problems)).toEqual([]);
  }, 90_000);
});
