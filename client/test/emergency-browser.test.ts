/**
 * Emergency call and service evaluation in the h5 build, several people at once against the real
 * server (demo seed: 王奶奶, her son 王建国 her confirmed carer, 居委会 刘主任 on emergency duty, the
 * canteen with a week of menus). Server and browsers stand at Tuesday 2031-03-04 08:30 in Shanghai:
 *   1. her son keeps his calls-and-alerts page open; 王奶奶, in care mode, presses Home's help
 *      button, cancels within the 3 seconds, and nobody is told;
 *   2. she presses again and lets it count down: her screen says who has been told; the call
 *      appears on her son's page without a reload;
 *   3. he acknowledges in one tap; her screen says "王建国 正在赶来" without a reload;
 *   4. the duty committee member sees it with the time it took to acknowledge and closes it with an
 *      outcome and a note; she sees the outcome;
 *   5. she was served five lunches; four rated over the API, she rates the last one on her bookings
 *      page, and the committee's evaluation page charts the month with the averages now shown;
 *   6. with her browser allowed to locate her (a fixed position, no network), a call carries her
 *      location only when she has switched "send my location" on: her son's page shows it, and
 *      the API's record has it, or has none when the switch is off;
 *   7. the committee, on its emergency settings page, is refused 0 and 61 minutes under the field,
 *      saves 2 and puts a second committee member (made by the admin) on duty; both stick after a
 *      reload; her next call, unanswered, escalates after 2 minutes of the server's stepped clock
 *      and the newly-on-duty member's page shows it escalated, live;
 *   8. the pages of this service are audited (axe; care mode: text and targets measured) as a
 *      resident and as staff, in both modes, with no findings;
 *   9. the canteen's operator reads her (unsigned) rating on its ratings page and replies once; she
 *      sees the reply under her rating; she changes the rating within the 7 days, and the canteen's
 *      page shows the reply under its score with no name; the operator's page, her bookings and
 *      the meals page are audited in both modes.
 * Screenshots go to test-output/ (the call and the chart are copied to docs/ for the README).
 */
import type { Browser, Page } from 'playwright-core';
import { auditPages, staffToken, type Finding } from './support/page-audit';
import {
  DEMO_PASSWORD,
  launchChromium,
  markWindow,
  MEALS_TEST_MOMENT,
  notReloaded,
  openApp,
  realProblems,
  settledShot,
  signInAsResident,
  signInAsStaff,
  startServer,
  tabItem,
  type AppPage,
  type RunningServer,
  careModeScript,
} from './support/h5';

const CLOCK_STARTS_AT = MEALS_TEST_MOMENT;
const ALERT_PAGE = 'packages/emergency/pages/alert/index';
const CARE_PAGE = 'packages/emergency/pages/care/index';
const EVALUATIONS_PAGE = 'packages/emergency/pages/evaluations/index';
const RATINGS_PAGE = 'packages/emergency/pages/ratings/index';
const MEAL_BOOKINGS_PAGE = 'pages/meal-bookings/index';
const MEALS_PAGE = 'pages/meals/index';
const SETTINGS_PAGE = 'packages/emergency/pages/settings/index';
/** Where 王奶奶's browser says she is (Playwright's geolocation: fixed, no network). */
const HER_POSITION = { latitude: 31.2304, longitude: 121.4737, accuracy: 20 };

interface CallRecord {
  id: string;
  communityId: string;
  status: string;
  escalated: boolean;
  location?: { datum: string; latitude: number; longitude: number; accuracyM?: number };
  told: { person: { id: string; displayName: string }; round: string }[];
}

describe('emergency call and service evaluation in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  const apps: AppPage[] = [];
  let senior: Page;
  let son: Page;
  let committee: Page;

  async function open(careMode: boolean): Promise<Page> {
    const app = await openApp(browser, url, {
      clockStartsAt: CLOCK_STARTS_AT,
      initScript: careModeScript(careMode),
    });
    apps.push(app);
    return app.page;
  }
  const problems = () => apps.flatMap((app) => realProblems(app.problems));

  async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function residentToken(name: string): Promise<string> {
    const list = (await (await fetch(`${url}/api/v1/auth/demo-accounts`)).json()) as {
      items: { id: string; displayName: string }[];
    };
    const account = list.items.find((a) => a.displayName === name)!;
    const res = await fetch(`${url}/api/v1/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: account.id }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    // The escalation is reached by stepping the server's clock, not by waiting minutes.
    server = await startServer({ clockStartsAt: CLOCK_STARTS_AT, steppableClock: true });
    url = server.url;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The call on her son's page (his section: the people he looks after). */
  const sonsCall = () =>
    son.getByTestId('care-section-mine').getByTestId('emergency-alert').filter({ hasText: '王奶奶' });

  it('lets 王奶奶 cancel a press within 3 seconds: nobody is told', async () => {
    son = await open(false);
    await signInAsResident(son, '王建国');
    await tabItem(son, '我的').click();
    await son.getByTestId('care-entry').click({ timeout: 20_000 });
    await son.getByTestId('empty-state').waitFor({ timeout: 20_000 });
    await markWindow(son);

    senior = await open(true);
    await signInAsResident(senior, '王奶奶');
    const help = senior.getByTestId('help-button');
    await help.waitFor({ timeout: 20_000 });
    await settledShot(senior, 'h5-emergency-home-care.png');
    await help.click();
    const sheet = senior.getByTestId('help-confirm');
    await sheet.getByTestId('help-countdown').filter({ hasText: '秒后自动呼叫' }).waitFor({ timeout: 5_000 });
    await settledShot(senior, 'h5-emergency-countdown-care.png');
    await sheet.getByTestId('help-cancel').click();
    await expect(sheet.count()).resolves.toBe(0);
    // Past the 3 seconds: still no call anywhere.
    await senior.waitForTimeout(4_000);
    await expect(senior.getByTestId('help-confirm').count()).resolves.toBe(0);
    await expect(son.getByTestId('empty-state').count()).resolves.toBe(1);
    const token = await residentToken('王奶奶');
    await expect(call<unknown[]>('GET', '/api/v1/emergency/alerts/mine', token)).resolves.toEqual([]);
  }, 90_000);

  it('raises the call when the countdown ends: her screen says who has been told, her son sees it live', async () => {
    await senior.getByTestId('help-button').click();
    await senior.getByTestId('help-confirm').waitFor();
    const headline = senior.getByTestId('emergency-headline');
    await headline.filter({ hasText: '已通知 2 人' }).waitFor({ timeout: 15_000 });
    const told = (await senior.getByTestId('emergency-told').textContent())!;
    expect(told).toContain('王建国（家属）');
    expect(told).toContain('居委会 刘主任（值班）');
    await settledShot(senior, 'h5-emergency-raised-care.png');

    const live = sonsCall().and(son.locator('[data-status="open"]'));
    await live.waitFor({ timeout: 10_000 });
    await expect(notReloaded(son)).resolves.toBe(true);
    await settledShot(son, 'h5-emergency-carer.png');
  }, 60_000);

  it('lets her son acknowledge in one tap; she sees "王建国 正在赶来" without a reload', async () => {
    await markWindow(senior);
    await sonsCall().getByTestId('emergency-ack').click();
    await sonsCall()
      .and(son.locator('[data-status="acknowledged"]'))
      .getByTestId('emergency-taken-by')
      .filter({ hasText: '王建国 已响应' })
      .waitFor({ timeout: 10_000 });
    // One acknowledgement: his button is gone.
    await expect(sonsCall().getByTestId('emergency-ack').count()).resolves.toBe(0);

    await senior
      .getByTestId('emergency-headline')
      .filter({ hasText: '王建国 正在赶来' })
      .waitFor({ timeout: 10_000 });
    await expect(notReloaded(senior)).resolves.toBe(true);
    await settledShot(senior, 'h5-emergency-on-the-way-care.png');
  }, 60_000);

  it('shows the duty committee member the call with its time to acknowledge, and closes it with an outcome', async () => {
    committee = await open(false);
    await signInAsStaff(committee, 'committee');
    await committee.getByTestId('staff-entry').click({ timeout: 20_000 });
    await committee.getByTestId('staff-tool-emergency').click({ timeout: 20_000 });
    const item = committee
      .getByTestId('care-section-community')
      .getByTestId('emergency-alert')
      .filter({ hasText: '王奶奶' });
    await item.waitFor({ timeout: 20_000 });
    await expect(item.getAttribute('data-status')).resolves.toBe('acknowledged');
    await expect(item.getByTestId('emergency-time-to-ack').textContent()).resolves.toMatch(/^\d.* 后响应$/);
    await expect(item.getByTestId('emergency-taken-by').textContent()).resolves.toContain('王建国');
    await settledShot(committee, 'h5-emergency-committee.png');

    await item.getByTestId('emergency-close').click();
    const sheet = committee.getByTestId('close-sheet');
    // Not without what happened.
    await sheet.getByTestId('close-save').click();
    await sheet.getByRole('alert').filter({ hasText: '请选择处理结果' }).waitFor({ timeout: 5_000 });
    await sheet.getByRole('radio', { name: '已上门帮助' }).click();
    const note = '儿子已到家，老人起身时头晕，无大碍';
    await sheet.locator('textarea').first().fill(note);
    await sheet.getByTestId('close-save').click();
    await committee
      .getByTestId('care-section-community')
      .locator('[data-testid="emergency-alert"][data-status="closed"]')
      .waitFor({ timeout: 10_000 });

    const outcome = senior.getByTestId('emergency-outcome');
    await outcome.waitFor({ timeout: 10_000 });
    await expect(outcome.textContent()).resolves.toContain(`已上门帮助。${note}`);
    await expect(senior.getByTestId('emergency-headline').textContent()).resolves.toBe('呼叫已处理完毕');
    // It is over: she can call again.
    await senior.getByTestId('emergency-call').getByTestId('help-button').waitFor({ timeout: 10_000 });
    await settledShot(senior, 'h5-emergency-closed-care.png');
    expect(problems()).toEqual([]);
  }, 90_000);

  /** Her latest call as the API keeps it (her own view of it). */
  async function herLatestCall(): Promise<CallRecord> {
    const mine = await call<CallRecord[]>(
      'GET',
      '/api/v1/emergency/alerts/mine',
      await residentToken('王奶奶'),
    );
    return mine[0];
  }

  /** The duty member closes her open call over the API, so that her next press raises a new one. */
  async function closeHerCall(id: string): Promise<void> {
    const { token } = await staffToken(url, 'committee');
    await call('POST', `/api/v1/emergency/alerts/${id}/close`, token, {
      outcome: 'falseAlarm',
      note: '测试呼叫，已电话确认无事',
    });
  }

  /** On her alert page, with no call going: sets "send my location" and presses for help. */
  async function pressOnAlertPage(shareLocation: boolean): Promise<void> {
    const calling = senior.getByTestId('emergency-call');
    await calling.getByTestId('help-button').waitFor({ timeout: 15_000 });
    const share = calling.getByTestId('share-location');
    if ((await share.getAttribute('aria-checked')) !== String(shareLocation)) await share.click();
    await expect(share.getAttribute('aria-checked')).resolves.toBe(String(shareLocation));
    await calling.getByTestId('help-button').click();
    await senior.getByTestId('help-confirm').waitFor();
  }

  it('sends her location with a call only when she allows it: her son sees it, the record has it or none', async () => {
    const her = apps.find((app) => app.page === senior)!;
    await her.context.grantPermissions(['geolocation'], { origin: url });
    await her.context.setGeolocation(HER_POSITION);
    await senior.goto(`${url}/#/${ALERT_PAGE}`);

    // Switch off (the default): the browser could locate her, but nothing is sent.
    await pressOnAlertPage(false);
    await senior
      .getByTestId('emergency-headline')
      .filter({ hasText: '已通知 2 人' })
      .waitFor({ timeout: 15_000 });
    const unlocated = await herLatestCall();
    expect(unlocated.status).toBe('open');
    expect(unlocated.location).toBeUndefined();
    await sonsCall().and(son.locator('[data-status="open"]')).waitFor({ timeout: 10_000 });
    await expect(
      sonsCall().and(son.locator('[data-status="open"]')).getByTestId('emergency-location').count(),
    ).resolves.toBe(0);
    await closeHerCall(unlocated.id);

    // Switch on: the position goes with the call, as a browser gives it (WGS-84), and her son sees it live.
    await pressOnAlertPage(true);
    await senior
      .getByTestId('emergency-headline')
      .filter({ hasText: '已通知 2 人' })
      .waitFor({ timeout: 15_000 });
    const located = await herLatestCall();
    expect(located.id).not.toBe(unlocated.id);
    expect(located.location).toEqual({
      datum: 'WGS-84',
      latitude: HER_POSITION.latitude,
      longitude: HER_POSITION.longitude,
      accuracyM: HER_POSITION.accuracy,
    });
    const live = sonsCall().and(son.locator('[data-status="open"]'));
    await expect(live.getByTestId('emergency-location').textContent({ timeout: 10_000 })).resolves.toBe(
      '位置：北纬 31.23040，东经 121.47370',
    );
    await settledShot(son, 'h5-emergency-carer-location.png');
    await closeHerCall(located.id);
    expect(problems()).toEqual([]);
  }, 90_000);

  it('lets her rate a served lunch on her bookings page, and the committee’s chart shows it', async () => {
    // Five lunches served this week (the canteen's demo menus); four rated over the API.
    const token = await residentToken('王奶奶');
    const menus = await call<{ items: { id: string; date: string; meal: string }[] }>(
      'GET',
      '/api/v1/meals/menus?from=2031-03-04&to=2031-03-10',
      token,
    );
    const lunches = menus.items.filter((m) => m.meal === 'lunch').slice(0, 5);
    expect(lunches).toHaveLength(5);
    const { token: canteen } = await staffToken(url, 'canteen');
    const served: string[] = [];
    for (const menu of lunches) {
      const booking = await call<{ id: string; pickupCode: string }>(
        'POST',
        '/api/v1/meals/bookings',
        token,
        {
          menuId: menu.id,
          mode: 'dine-in',
        },
      );
      await call('POST', `/api/v1/meals/menus/${menu.id}/serve`, canteen, { pickupCode: booking.pickupCode });
      served.push(booking.id);
    }
    const scores = [
      { taste: 4, portion: 5, onTime: 5 },
      { taste: 3, portion: 4, onTime: 5 },
      { taste: 5, portion: 4, onTime: 4 },
      { taste: 4, portion: 3, onTime: 5 },
    ];
    for (const [i, s] of scores.entries())
      await call('POST', `/api/v1/evaluations/meals/items/${served[i]}/rating`, token, { scores: s });

    await senior.goto(`${url}/#/pages/meal-bookings/index`);
    const prompt = senior.getByTestId('rating-prompt');
    await prompt.waitFor({ timeout: 20_000 });
    await expect(prompt.count()).resolves.toBe(1);
    await expect(prompt.getAttribute('data-item')).resolves.toBe(served[4]);
    // Every question needs a score.
    await prompt.getByRole('radio', { name: '口味 5 分' }).click();
    await prompt.getByTestId('rate-submit').click();
    await prompt.getByRole('alert').filter({ hasText: '请给“分量”打分' }).waitFor({ timeout: 5_000 });
    await prompt.getByRole('radio', { name: '分量 4 分' }).click();
    await prompt.getByRole('radio', { name: '准时 5 分' }).click();
    await prompt.locator('textarea').first().fill('饭菜软烂，很合口');
    await settledShot(senior, 'h5-rating-prompt-care.png');
    await prompt.getByTestId('rate-submit').click();
    // Asked once: rated, it goes.
    await senior.getByTestId('rating-prompt').waitFor({ state: 'detached', timeout: 10_000 });

    await committee.goto(`${url}/#/${EVALUATIONS_PAGE}`);
    const figures = committee.locator(
      '[data-testid="eval-figures"][data-month="2031-03"][data-service="meals"]',
    );
    await figures.waitFor({ timeout: 20_000 });
    await expect(figures.getByTestId('eval-ratings').textContent()).resolves.toBe('5');
    // Five ratings: the averages show (taste (4+3+5+4+5)/5 = 4.20).
    await expect(figures.getByTestId('eval-too-few').count()).resolves.toBe(0);
    const chart = figures.locator('.chart').first();
    await expect(chart.getAttribute('aria-label')).resolves.toContain('口味 4.20');
    await expect(chart.getAttribute('aria-label')).resolves.toContain('分量 4.00');
    await expect(chart.getAttribute('aria-label')).resolves.toContain('准时 4.80');
    const trend = figures.getByTestId('eval-trend').locator('.chart');
    await expect(trend.getAttribute('aria-label')).resolves.toContain('2031年3月 5 条 · 均分 4.33');
    await settledShot(committee, 'h5-evaluations-committee.png');
    expect(problems()).toEqual([]);
  }, 120_000);

  it('lets the committee set the minutes and the duty roster; her unanswered call escalates to the new duty member', async () => {
    // A second committee member of her community, off duty, made by the admin.
    const communityId = (await herLatestCall()).communityId;
    const { token: admin } = await staffToken(url, 'admin');
    const newcomer = await call<{ id: string }>('POST', '/api/v1/admin/staff', admin, {
      username: 'committee2',
      password: DEMO_PASSWORD,
      displayName: '居委会 赵委员',
      grants: [{ role: 'committee', communityId }],
    });

    await committee.goto(`${url}/#/packages/staff/pages/index/index`);
    await committee.getByTestId('staff-tool-emergency-settings').click({ timeout: 20_000 });
    const minutes = committee.getByTestId('escalation-minutes').locator('input');
    await minutes.waitFor({ timeout: 20_000 });
    await expect(minutes.inputValue()).resolves.toBe('3');
    const member = (name: string) => committee.getByTestId('duty-member').filter({ hasText: name });
    await expect(member('居委会 刘主任').getAttribute('data-on-duty')).resolves.toBe('true');
    await expect(member('居委会 赵委员').getAttribute('data-on-duty')).resolves.toBe('false');

    // Out of range: the server's word under the field, and nothing saved.
    const fieldError = committee.getByTestId('escalation-minutes-error');
    await minutes.fill('0');
    await committee.getByTestId('escalation-save').click();
    await fieldError.filter({ hasText: '不能小于 1' }).waitFor({ timeout: 10_000 });
    await minutes.fill('61');
    await committee.getByTestId('escalation-save').click();
    await fieldError.filter({ hasText: '不能大于 60' }).waitFor({ timeout: 10_000 });
    const { token: duty } = await staffToken(url, 'committee');
    const settingsPath = `/api/v1/emergency/communities/${communityId}/settings`;
    await expect(call('GET', settingsPath, duty)).resolves.toEqual({ communityId, escalateAfterMinutes: 3 });
    await minutes.fill('2');
    await committee.getByTestId('escalation-save').click();
    await fieldError.waitFor({ state: 'detached', timeout: 10_000 });
    // The save is answered after the error clears: ask the server until it has it (bounded).
    let kept: unknown;
    for (let i = 0; i < 40; i++) {
      kept = await call('GET', settingsPath, duty);
      if ((kept as { escalateAfterMinutes: number }).escalateAfterMinutes === 2) break;
      await committee.waitForTimeout(250);
    }
    expect(kept).toEqual({ communityId, escalateAfterMinutes: 2 });

    await committee.getByTestId(`duty-toggle-${newcomer.id}`).click();
    await committee
      .locator('[data-testid="duty-member"][data-on-duty="true"]')
      .filter({ hasText: '居委会 赵委员' })
      .waitFor({ timeout: 10_000 });
    await settledShot(committee, 'h5-emergency-settings.png');
    // It stuck: after a reload the page shows what the server kept, and the change is audited.
    await committee.reload();
    await minutes.waitFor({ timeout: 20_000 });
    await expect(minutes.inputValue()).resolves.toBe('2');
    await expect(member('居委会 赵委员').getAttribute('data-on-duty')).resolves.toBe('true');
    const audit = await call<{ items: { action: string; after: unknown }[] }>(
      'GET',
      `/api/v1/audit?communityId=${communityId}&subjectUserId=${newcomer.id}`,
      duty,
    );
    expect(audit.items[0]).toMatchObject({ action: 'committee.duty', after: { onDuty: true } });

    // The new duty member keeps the calls page open.
    const newcomerPage = await open(false);
    await signInAsStaff(newcomerPage, 'committee2');
    await newcomerPage.getByTestId('staff-entry').click({ timeout: 20_000 });
    await newcomerPage.getByTestId('staff-tool-emergency').click({ timeout: 20_000 });
    await newcomerPage.getByTestId('care-section-community').waitFor({ timeout: 20_000 });

    // Her next call tells three, and nobody answers it.
    await senior.goto(`${url}/#/${ALERT_PAGE}`);
    await pressOnAlertPage(false);
    await senior
      .getByTestId('emergency-headline')
      .filter({ hasText: '已通知 3 人' })
      .waitFor({ timeout: 15_000 });
    const raised = await herLatestCall();
    expect(raised.escalated).toBe(false);
    const theirs = newcomerPage
      .getByTestId('care-section-community')
      .locator('[data-testid="emergency-alert"][data-status="open"]')
      .filter({ hasText: '王奶奶' });
    await theirs.waitFor({ timeout: 10_000 });
    await markWindow(newcomerPage);

    // Two minutes on the server's clock (it runs the due escalation). The browsers' clocks stay:
    // fast-forwarding them fires the API client's request timeouts under the refetch in flight.
    await server.advanceClock(2 * 60_000 + 5_000);
    const escalated = await herLatestCall();
    expect(escalated).toMatchObject({ id: raised.id, escalated: true, status: 'open' });
    await theirs.filter({ hasText: '无人响应，已通知全体值班' }).waitFor({ timeout: 15_000 });
    await expect(notReloaded(newcomerPage)).resolves.toBe(true);
    expect(escalated.told.filter((t) => t.round === 'escalated').map((t) => t.person.displayName)).toContain(
      '居委会 赵委员',
    );
    await settledShot(newcomerPage, 'h5-emergency-escalated.png');
    await closeHerCall(raised.id);
    expect(problems()).toEqual([]);
  }, 150_000);

  it('audits the pages as a resident and as staff, in both modes, with no findings', async () => {
    const findings: Finding[] = [];
    const audited =
      (await auditPages(son, [ALERT_PAGE, CARE_PAGE], 'resident', findings)) +
      (await auditPages(
        committee,
        [ALERT_PAGE, CARE_PAGE, EVALUATIONS_PAGE, SETTINGS_PAGE],
        'staff',
        findings,
      ));
    expect(audited).toBe(12);
    expect(findings).toEqual([]);
    expect(problems()).toEqual([]);
  }, 180_000);

  describe('the operator answers a rating, and she changes hers', () => {
    let canteen: Page;
    const COMMENT = '饭菜软烂，很合口';
    const REPLY = '谢谢您，我们会继续少盐少油';

    it('lets the canteen read her unsigned rating and reply once; she sees the reply under it', async () => {
      canteen = await open(false);
      await signInAsStaff(canteen, 'canteen');
      await canteen.getByTestId('staff-entry').click({ timeout: 20_000 });
      await canteen.getByTestId('staff-tool-ratings').click({ timeout: 20_000 });
      const card = canteen.getByTestId('operated-rating').filter({ hasText: COMMENT });
      await card.waitFor({ timeout: 20_000 });
      // She did not sign: no name, only "a resident".
      await expect(card.locator('.card-title').textContent()).resolves.toContain('未署名的居民');
      await expect(card.textContent()).resolves.not.toContain('王奶奶');
      await expect(card.getByTestId('operated-rating-scores').textContent()).resolves.toContain('口味 5');
      // By served month: nothing was served in February.
      await canteen.getByRole('radio', { name: '2031年2月' }).click();
      await canteen.getByTestId('empty-state').waitFor({ timeout: 10_000 });
      await canteen.getByRole('radio', { name: '2031年3月' }).click();
      await card.waitFor({ timeout: 10_000 });

      await card.getByTestId('rating-reply-send').click();
      await card.getByText('请先写下回复').waitFor({ timeout: 5_000 });
      await card.locator('textarea').fill(REPLY);
      await card.getByTestId('rating-reply-send').click();
      await card.getByTestId('operated-rating-reply').filter({ hasText: REPLY }).waitFor({ timeout: 10_000 });
      // Once: no form any more.
      await expect(card.getByTestId('rating-reply-send').count()).resolves.toBe(0);
      await canteen.waitForTimeout(3_000); // the 2.5 s toast has gone from the screenshot
      await settledShot(canteen, 'h5-ratings-operator.png');

      await senior.goto(`${url}/#/${MEAL_BOOKINGS_PAGE}`);
      const mine = senior.getByTestId('my-rating').filter({ hasText: COMMENT });
      await mine.waitFor({ timeout: 20_000 });
      await expect(mine.getByTestId('my-rating-reply').textContent()).resolves.toBe(`服务方回复：${REPLY}`);
      expect(problems()).toEqual([]);
    }, 120_000);

    it('lets her change the rating while the server allows it', async () => {
      const mine = senior.getByTestId('my-rating').filter({ hasText: COMMENT });
      const ratingId = await mine.getAttribute('data-rating');
      // While editing the comment is in the form, so the card is found by its rating from here.
      const changed = senior.locator(`[data-testid="my-rating"][data-rating="${ratingId}"]`);
      await changed.getByTestId('my-rating-change').click();
      await changed.getByRole('radio', { name: '口味 3 分' }).click();
      await changed.locator('textarea').first().fill('今天的鱼有点咸');
      await settledShot(senior, 'h5-rating-change-care.png');
      await changed.getByTestId('my-rating-save').click();
      await changed.filter({ hasText: '今天的鱼有点咸' }).waitFor({ timeout: 10_000 });
      await expect(changed.textContent()).resolves.toContain('口味 3');
      // The reply stays under it, and the change reached the server.
      await expect(changed.getByTestId('my-rating-reply').count()).resolves.toBe(1);
      const token = await residentToken('王奶奶');
      const ratings = await call<{ id: string; scores: Record<string, number>; comment?: string }[]>(
        'GET',
        '/api/v1/evaluations/ratings/mine',
        token,
      );
      expect(ratings.find((r) => r.id === ratingId)).toMatchObject({
        scores: { taste: 3, portion: 4, onTime: 5 },
        comment: '今天的鱼有点咸',
      });
      // Every resident reads the canteen's public replies under its score, with no name.
      await senior.goto(`${url}/#/${MEALS_PAGE}`);
      const reply = senior
        .getByTestId('canteen-info')
        .getByTestId('service-reply')
        .filter({ hasText: REPLY });
      await reply.waitFor({ timeout: 20_000 });
      await expect(reply.textContent()).resolves.toContain('居民说：今天的鱼有点咸');
      await expect(reply.textContent()).resolves.not.toContain('王奶奶');
      expect(problems()).toEqual([]);
    }, 60_000);

    it('audits the operator’s ratings page, her bookings and the meals page, in both modes, with no findings', async () => {
      const findings: Finding[] = [];
      const audited =
        (await auditPages(senior, [MEAL_BOOKINGS_PAGE, MEALS_PAGE], 'resident', findings)) +
        (await auditPages(canteen, [RATINGS_PAGE], 'staff', findings));
      expect(audited).toBe(6);
      expect(findings).toEqual([]);
      expect(problems()).toEqual([]);
    }, 120_000);
  });
});
