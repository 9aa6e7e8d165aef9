/**
 * Daycare enquiries in the h5 build, a family and a centre at once against the real server (demo
 * seed: 幸福里普惠托育园 with 乳儿班 6 of 8 places free and visit slots two, four and six days out;
 * its operator `daycare`; the parent 陈女士). Server and browsers stand at 08:30 on 2031-03-04 in
 * Shanghai, so the first intake date the enquiry offers is 2031-04-01 and a child born 2030-08 is
 * 8 months old then: an infant.
 *   1. the centre's operator opens the inbox from the staff home;
 *   2. 陈女士 opens Daycare from Home, sees the centre's fees net of the subsidy and its classes,
 *      and enquires in three steps: the derived class and its places are shown before sending and
 *      the consent's own words before she agrees;
 *   3. the enquiry reaches the centre's open inbox without a reload; the centre opens a visit slot
 *      a minute or two ahead (so the visit can be marked within the test) and replies;
 *   4. her open enquiry turns "replied" without a reload and offers that slot; she books it, and
 *      the centre's page shows it booked, live;
 *   5. once the slot's time has come the centre marks the visit and offers a place; her page shows
 *      the offer live; she accepts and the centre's page shows her enrolled, live.
 * Then every daycare page is audited (axe, and in care mode sizes measured) as the parent, the
 * centre and the committee. Screenshots go to test-output/daycare-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  MEALS_TEST_MOMENT,
  launchChromium,
  markWindow,
  notReloaded,
  openApp,
  outDir,
  realProblems,
  settledShot,
  signInAsResident,
  signInAsStaff,
  startServer,
  type AppPage,
  type RunningServer,
} from './support/h5';
import { auditPages, signInAsStaffUser, visit, type Finding } from './support/page-audit';

const PAGES = 'packages/daycare/pages';
const TODAY = '2031-03-04';

/** A Field's native input (Taro h5 puts the test id on its wrapper or on the input itself). */
function control(page: Page, testId: string, tag: 'input' | 'textarea' = 'input') {
  return page
    .locator(`[data-testid="${testId}"] ${tag}`)
    .or(page.locator(`${tag}[data-testid="${testId}"]`))
    .first();
}

describe('daycare in Chromium: enquire, reply, visit, offer, accept, live on both sides', () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  const apps: AppPage[] = [];
  let parent: Page;
  let centre: Page;
  let centreId = '';
  let enquiryId = '';

  async function open(): Promise<Page> {
    const app = await openApp(browser, url, { clockStartsAt: MEALS_TEST_MOMENT });
    apps.push(app);
    return app.page;
  }
  const problems = () => apps.flatMap((app) => realProblems(app.problems));

  /** The server's clock as near as the test can tell (it started at MEALS_TEST_MOMENT, then runs on). */
  let startedAt = 0;
  const serverNow = () => Date.parse(MEALS_TEST_MOMENT) + (Date.now() - startedAt);
  /** 'HH:mm' in Shanghai. */
  const shanghaiClock = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16);
  let slotAt = 0;

  beforeAll(async () => {
    startedAt = Date.now();
    // The visit can be marked only once its slot has begun: the test moves the server's clock there.
    server = await startServer({ clockStartsAt: MEALS_TEST_MOMENT, steppableClock: true });
    url = server.url;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the centre’s inbox from the staff home', async () => {
    centre = await open();
    await signInAsStaff(centre, 'daycare');
    await centre.getByTestId('staff-entry').click({ timeout: 20_000 });
    await centre.getByTestId('daycare-staff-inbox').click({ timeout: 20_000 });
    await centre.getByTestId('daycare-inbox-item').first().waitFor({ timeout: 20_000 });
    centreId = new URL(centre.url().replace('#/', '')).searchParams.get('centre') ?? '';
    expect(centreId).toMatch(/^[0-9a-f]{24}$/);
  }, 90_000);

  it('lets 陈女士 see fees net of the subsidy and enquire in three steps, places and consent shown first', async () => {
    parent = await open();
    await signInAsResident(parent, '陈女士');
    await parent.getByTestId('tile-daycare').click();
    const card = parent.getByTestId('daycare-centre').filter({ hasText: '幸福里普惠托育园' });
    await card.waitFor({ timeout: 20_000 });
    // ¥2,600 a month less the ¥800 inclusive subsidy.
    await expect(card.textContent()).resolves.toContain('¥1800.00');
    await settledShot(parent, 'daycare-centres.png');
    await card.getByTestId('daycare-open-centre').click();
    const infant = parent.getByTestId('daycare-class').filter({ hasText: '乳儿班' });
    await infant.waitFor({ timeout: 20_000 });
    await expect(infant.textContent()).resolves.toContain('余 6 个名额');
    await expect(parent.getByTestId('daycare-fee').first().textContent()).resolves.toContain(
      '普惠补贴 ¥800.00',
    );
    await settledShot(parent, 'daycare-centre.png');

    await parent.getByTestId('daycare-enquire').click();
    await parent
      .locator('.page-subtitle')
      .filter({ hasText: '第 1 步，共 3 步' })
      .waitFor({ timeout: 20_000 });
    await control(parent, 'daycare-nickname').fill('小米粒');
    await control(parent, 'daycare-birth-month').fill('2030-08');
    await expect(control(parent, 'daycare-start').inputValue()).resolves.toBe('2031-04-01');
    await parent.getByTestId('daycare-next').click();

    // Step 2: the class the child would join at the start, and its places, before anything is sent.
    await parent.locator('.page-subtitle').filter({ hasText: '第 2 步' }).waitFor();
    const availability = parent.getByTestId('daycare-availability');
    await availability.waitFor({ timeout: 20_000 });
    await expect(availability.getByTestId('daycare-derived-class').textContent()).resolves.toBe('乳儿班');
    await expect(availability.textContent()).resolves.toContain('入托时 8 个月');
    await expect(availability.getByTestId('daycare-availability-places').textContent()).resolves.toBe(
      '现有 6 个名额',
    );
    await settledShot(parent, 'daycare-enquire-availability.png');
    await parent.getByTestId('daycare-next').click();

    // Step 3: the consent in its own words; nothing can be sent before she agrees.
    await parent.locator('.page-subtitle').filter({ hasText: '第 3 步' }).waitFor();
    await expect(parent.getByTestId('daycare-consent-text').textContent()).resolves.toContain('敏感个人信息');
    await expect(parent.getByTestId('daycare-send').getAttribute('aria-disabled')).resolves.toBe('true');
    await control(parent, 'daycare-questions', 'textarea').fill('可以先来看看午睡的地方吗？');
    await parent.getByTestId('daycare-consent-toggle').click();
    await settledShot(parent, 'daycare-enquire-consent.png');
    await parent.getByTestId('daycare-send').click();

    const page = parent.getByTestId('daycare-enquiry');
    await page.and(parent.locator('[data-status="new"]')).waitFor({ timeout: 20_000 });
    enquiryId = new URL(parent.url().replace('#/', '')).searchParams.get('id') ?? '';
    expect(enquiryId).toMatch(/^[0-9a-f]{24}$/);
    await expect(parent.getByTestId('daycare-enquiry-class').textContent()).resolves.toContain('乳儿班');
  }, 120_000);

  it('puts the enquiry in the centre’s open inbox without a reload, and the centre replies', async () => {
    await markWindow(centre);
    const item = centre.locator(`[data-testid="daycare-inbox-item"][data-enquiry-id="${enquiryId}"]`);
    await item.waitFor({ timeout: 20_000 });
    await expect(item.textContent()).resolves.toContain('小米粒');
    await expect(notReloaded(centre)).resolves.toBe(true);
    await settledShot(centre, 'daycare-inbox.png');

    // A visit slot half an hour away: the test moves the server's clock past its start to mark the
    // visit (waiting in real time would not get there within the test's timeout).
    slotAt = Math.ceil((serverNow() + 30 * 60_000) / 60_000) * 60_000;
    await centre.getByTestId('daycare-open-classes').click();
    await control(centre, 'daycare-slot-date').fill(TODAY);
    await control(centre, 'daycare-slot-time').fill(shanghaiClock(slotAt));
    await control(centre, 'daycare-slot-places').fill('3');
    await centre.getByTestId('daycare-add-slot').click();
    await centre
      .getByTestId('daycare-calendar-slot')
      .filter({ hasText: `03-04 ${shanghaiClock(slotAt)}` })
      .waitFor({ timeout: 20_000 });
    await centre.goBack();

    await item.locator('[role="button"]').click();
    await centre.getByTestId('daycare-reply').waitFor({ timeout: 20_000 });
    await markWindow(parent);
    await control(centre, 'daycare-reply-text', 'textarea').fill('欢迎来园参观，请选一个时段。');
    await centre.getByTestId('daycare-reply-send').click();
    await centre
      .locator('[data-testid="daycare-enquiry"][data-status="replied"]')
      .waitFor({ timeout: 20_000 });
  }, 90_000);

  it('shows her the reply and the visit slots live; she books one and the centre sees it live', async () => {
    await parent
      .locator('[data-testid="daycare-enquiry"][data-status="replied"]')
      .waitFor({ timeout: 20_000 });
    await expect(parent.getByTestId('daycare-conversation').textContent()).resolves.toContain('欢迎来园参观');
    const slot = parent.getByTestId('daycare-slot').filter({ hasText: `03-04 ${shanghaiClock(slotAt)}` });
    await slot.waitFor({ timeout: 20_000 });
    await expect(notReloaded(parent)).resolves.toBe(true);
    await settledShot(parent, 'daycare-book-visit.png');

    await markWindow(centre);
    await slot.getByTestId('daycare-book-slot').click();
    await parent
      .locator('[data-testid="daycare-enquiry"][data-status="visitBooked"]')
      .waitFor({ timeout: 20_000 });
    await parent.getByTestId('daycare-visit-time').waitFor();
    await centre
      .locator('[data-testid="daycare-enquiry"][data-status="visitBooked"]')
      .waitFor({ timeout: 20_000 });
    await expect(notReloaded(centre)).resolves.toBe(true);
  }, 90_000);

  it('lets the centre mark the visit and offer a place; she sees the offer live and accepts', async () => {
    // The server takes "visited" only once the visit has begun: the server's clock (and the
    // browsers', so both stand on the same minute) moves just past the slot's start, rather than the
    // test waiting for it in real time.
    const visited = centre.locator('[data-testid="daycare-enquiry"][data-status="visited"]');
    const before = (await server.advanceClock(0)).getTime();
    const step = Math.max(0, slotAt - before) + 5000;
    expect((await server.advanceClock(step)).getTime()).toBeGreaterThan(slotAt);
    for (const app of apps) await app.context.clock.fastForward(step);
    await centre.getByTestId('daycare-markVisited').click();
    await visited.waitFor({ timeout: 20_000 });
    await markWindow(parent);
    await centre.getByTestId('daycare-offer').click();
    await centre
      .locator('[data-testid="daycare-enquiry"][data-status="offered"]')
      .waitFor({ timeout: 20_000 });
    await settledShot(centre, 'daycare-centre-enquiry.png');

    await parent
      .locator('[data-testid="daycare-enquiry"][data-status="offered"]')
      .waitFor({ timeout: 20_000 });
    await expect(notReloaded(parent)).resolves.toBe(true);
    await settledShot(parent, 'daycare-offer.png');
    await markWindow(centre);
    await parent.getByTestId('daycare-accept').click();
    await parent
      .locator('[data-testid="daycare-enquiry"][data-status="enrolled"]')
      .waitFor({ timeout: 20_000 });
    await expect(parent.getByTestId('daycare-status').textContent()).resolves.toBe('已入托');
    await centre
      .locator('[data-testid="daycare-enquiry"][data-status="enrolled"]')
      .waitFor({ timeout: 20_000 });
    await expect(notReloaded(centre)).resolves.toBe(true);
    expect(problems()).toEqual([]);
  }, 120_000);

  it('audits every daycare page as the parent, the centre and the committee, in both modes', async () => {
    const findings: Finding[] = [];
    let audited = await auditPages(
      parent,
      [
        `${PAGES}/centres/index`,
        `${PAGES}/centre/index?id=${centreId}`,
        `${PAGES}/enquire/index?centre=${centreId}`,
        `${PAGES}/enquiries/index`,
        `${PAGES}/enquiry/index?id=${enquiryId}`,
      ],
      '陈女士',
      findings,
    );
    audited += await auditPages(
      centre,
      [
        `${PAGES}/inbox/index?centre=${centreId}`,
        `${PAGES}/classes/index?centre=${centreId}`,
        `${PAGES}/enquiry/index?id=${enquiryId}`,
      ],
      'daycare',
      findings,
    );
    await visit(centre, `${PAGES}/classes/index?centre=${centreId}`);
    // The accepted place is taken: 乳儿班 has 5 of 8 free now.
    await expect(
      centre.getByTestId('daycare-class').filter({ hasText: '乳儿班' }).first().textContent(),
    ).resolves.toContain('余 5 个名额');
    await settledShot(centre, 'daycare-classes.png');
    const committee = await open();
    await signInAsStaffUser(committee, 'committee');
    audited += await auditPages(committee, [`${PAGES}/demand/index`], 'committee', findings);
    await committee.getByTestId('daycare-demand-band').first().waitFor({ timeout: 20_000 });
    await settledShot(committee, 'daycare-demand.png');
    expect(audited).toBe(18);
    if (findings.length > 0)
      fs.writeFileSync(path.join(outDir, 'daycare-audit.json'), JSON.stringify(findings, null, 2));
    expect(findings).toEqual([]);
    expect(problems()).toEqual([]);
  }, 240_000);
});
