/**
 * Repair requests in the h5 build, three people at once against the real server (demo seed: the
 * property team 孙经理 with technicians 周师傅 and 吴师傅, the categories, a few tickets):
 *   1. 李阿姨 reports a leaking kitchen pipe from Home, photo first (a real JPEG through
 *      POST /uploads), in at most four steps, and stays on her ticket;
 *   2. 周师傅 keeps his jobs open: the report is there to claim; the property operator accepts it
 *      and dispatches it to him from the queue, and it shows under his own jobs without a reload;
 *   3. he sets off, quotes ¥80, she approves (live for both), he starts and marks it fixed with a
 *      note; her page shows each step as it happens, never reloaded;
 *   4. she confirms it with 5 stars and a comment; the timeline shows the whole history.
 * While the quote is made she waits on Home: it lands in 为我待办 live, and a tap opens the ticket.
 * Then each repairs page is audited (axe; in care mode tap targets and text sizes) as a resident,
 * the operator and the technician, in both modes: no findings. Screenshots go to test-output/.
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { auditPages, signInAsStaffUser, staffToken, type Finding } from './support/page-audit';
import {
  launchChromium,
  markWindow,
  notReloaded,
  openApp,
  realProblems,
  settledShot,
  signInAsResident,
  startServer,
  type AppPage,
  type RunningServer,
} from './support/h5';

describe('repairs in Chromium: report with a photo, dispatch, fix live, confirm and rate', () => {
  let server: RunningServer;
  let browser: Browser;
  const apps: AppPage[] = [];
  let resident: Page;
  let technician: Page;
  let operator: Page;
  let ticketId = '';

  const open = async () => {
    const app = await openApp(browser, server.url);
    apps.push(app);
    return app.page;
  };
  const problems = () => apps.flatMap((app) => realProblems(app.problems));
  /** The resident's ticket page shows `status` (its badge's state), without a reload. */
  const residentSees = async (status: string) => {
    await resident
      .locator(`[data-testid="ticket-detail"][data-status="${status}"]`)
      .waitFor({ timeout: 20_000 });
    expect(await notReloaded(resident)).toBe(true);
  };
  const technicianSees = (status: string) =>
    technician.locator(`[data-testid="ticket-detail"][data-status="${status}"]`).waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const app of apps) await app.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('lets 李阿姨 report a leak from Home, photo first, in at most four steps', async () => {
    resident = await open();
    await signInAsResident(resident, '李阿姨');
    await resident.getByTestId('tile-repairs').click();
    await resident.getByTestId('new-report').click({ timeout: 20_000 });
    await resident.getByTestId('step-photo').waitFor({ timeout: 20_000 });

    // A real photo, as a phone would give it: the server sniffs and re-encodes it.
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 160, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    const chooser = resident.waitForEvent('filechooser');
    await resident.getByTestId('take-photo').click();
    await (await chooser).setFiles({ name: 'leak.jpg', mimeType: 'image/jpeg', buffer: photo });
    await resident.getByTestId('photo-count').filter({ hasText: '1 张' }).waitFor({ timeout: 20_000 });
    await settledShot(resident, 'h5-repairs-report-photo.png');

    let steps = 1;
    await resident.getByTestId('next').click();
    steps += 1;
    await resident
      .getByTestId('category')
      .getByRole('radio', { name: /水管漏水/ })
      .click({ timeout: 20_000 });
    await resident.getByTestId('next').click();
    steps += 1;
    await resident
      .locator('[data-testid="description"] textarea, textarea[aria-label="问题描述"]')
      .first()
      .fill('厨房水管接头漏水，地上有积水');
    await resident.getByTestId('urgency').getByRole('radio', { name: /加急/ }).click();
    await resident.getByTestId('field-room').getByRole('radio', { name: '厨房' }).click();
    await settledShot(resident, 'h5-repairs-report-details.png');
    await resident.getByTestId('next').click();
    steps += 1;
    await resident.getByTestId('step-confirm').waitFor();
    expect(steps).toBeLessThanOrEqual(4);
    await resident.getByTestId('submit').click();

    await resident
      .locator('[data-testid="ticket-detail"][data-status="submitted"]')
      .waitFor({ timeout: 20_000 });
    ticketId = new URL(resident.url().replace('#/', '')).searchParams.get('id') ?? '';
    expect(ticketId).toMatch(/^[0-9a-f]{24}$/);
    // Her photo came back from the server (a signed thumbnail), not the local file.
    await expect(resident.getByTestId('ticket-photos').getByRole('button').count()).resolves.toBe(1);
    await markWindow(resident);
  }, 120_000);

  it('shows it to 周师傅 to claim, and under his own jobs, live, once the operator dispatches it', async () => {
    technician = await open();
    await signInAsStaffUser(technician, 'repair');
    await technician.evaluate(() => (window.location.hash = '#/packages/repairs/pages/jobs/index'));
    await technician
      .locator(`[data-testid="jobs-claimable"] [data-ticket-id="${ticketId}"]`)
      .waitFor({ timeout: 20_000 });
    await markWindow(technician);

    operator = await open();
    await signInAsStaffUser(operator, 'property');
    await operator.getByTestId('staff-entry').click({ timeout: 20_000 });
    await operator.getByTestId('staff-tool-repairs-queue').click({ timeout: 20_000 });
    const inQueue = operator.locator(`[data-testid="queue"] [data-ticket-id="${ticketId}"]`);
    await inQueue.waitFor({ timeout: 20_000 });
    await settledShot(operator, 'h5-repairs-queue.png');
    await inQueue.getByTestId('open-ticket').click();
    await operator.getByTestId('action-accept').click({ timeout: 20_000 });
    await operator
      .locator('[data-testid="ticket-detail"][data-status="accepted"]')
      .waitFor({ timeout: 20_000 });
    await residentSees('accepted');
    await operator.getByTestId('action-assign').click();
    await operator
      .getByTestId('pick-technician')
      .getByRole('radio', { name: '物业 周师傅' })
      .click({ timeout: 20_000 });
    await operator.getByTestId('move-send').click();
    await operator
      .locator('[data-testid="ticket-detail"][data-status="assigned"]')
      .waitFor({ timeout: 20_000 });

    await technician
      .locator(`[data-testid="jobs-mine"] [data-ticket-id="${ticketId}"]`)
      .waitFor({ timeout: 20_000 });
    expect(await notReloaded(technician)).toBe(true);
    await settledShot(technician, 'h5-repairs-jobs.png');
    await residentSees('assigned');
    await expect(resident.getByTestId('detail-assignee').textContent()).resolves.toContain('周师傅');
  }, 120_000);

  it('moves through on the way, quote, start and fixed, each step live on her page', async () => {
    await technician
      .locator(`[data-testid="jobs-mine"] [data-ticket-id="${ticketId}"]`)
      .getByTestId('open-ticket')
      .click();
    await technician.getByTestId('action-depart').click({ timeout: 20_000 });
    await technicianSees('onTheWay');
    await residentSees('onTheWay');

    // She waits on Home: the quote lands in 为我待办 live, and one tap opens her ticket.
    await resident.evaluate(() => (window.location.hash = '#/pages/home/index'));
    await resident.getByTestId('next-notices').waitFor({ timeout: 20_000 });
    await technician.getByTestId('action-quote').click();
    await technician.locator('input[aria-label="金额（元）"]').fill('80');
    await technician.getByTestId('move-send').click();
    await technicianSees('quoted');
    const quoteRow = resident.getByTestId('next-up-repairTicket').filter({ hasText: '报价 ¥80，请确认' });
    await quoteRow.or(resident.getByTestId('next-up-more')).first().waitFor({ timeout: 20_000 });
    if (!(await quoteRow.isVisible())) await resident.getByTestId('next-up-more').click();
    await quoteRow.waitFor({ timeout: 20_000 });
    expect(await notReloaded(resident)).toBe(true);
    await settledShot(resident, 'h5-home-next-up.png');
    await quoteRow.click();
    await residentSees('quoted');
    expect(new URL(resident.url().replace('#/', '')).searchParams.get('id')).toBe(ticketId);
    await expect(resident.getByTestId('detail-quote').textContent()).resolves.toContain('¥80');
    await settledShot(resident, 'h5-repairs-quote.png');
    await resident.getByTestId('action-approveQuote').click();
    await residentSees('quoteApproved');
    await technicianSees('quoteApproved');

    await technician.getByTestId('action-start').click();
    await technicianSees('inProgress');
    await residentSees('inProgress');
    await technician.getByTestId('action-resolve').click();
    await technician.locator('[data-testid="move-sheet"] textarea').fill('已更换接头垫圈，试水无渗漏');
    await technician.getByTestId('move-send').click();
    await technicianSees('resolved');
    await residentSees('resolved');
    await expect(resident.getByTestId('ticket-timeline').textContent()).resolves.toContain('已更换接头垫圈');
  }, 120_000);

  it('lets her confirm it with a rating; the technician sees it closed', async () => {
    await resident.getByTestId('action-confirm').click();
    await resident.getByTestId('rating').getByRole('radio', { name: '5 星' }).click({ timeout: 20_000 });
    await resident.locator('[data-testid="move-sheet"] textarea').fill('师傅很仔细');
    await settledShot(resident, 'h5-repairs-rate.png');
    await resident.getByTestId('move-send').click();
    await residentSees('closed');
    await expect(resident.getByTestId('detail-rating').textContent()).resolves.toContain('5');
    // No more buttons: a closed ticket offers nothing the server would refuse.
    await expect(resident.getByTestId('ticket-actions').count()).resolves.toBe(0);
    await technicianSees('closed');
    // Past the 已更新 toast, so the shot shows the page.
    await resident.waitForTimeout(1600);
    await settledShot(resident, 'h5-repairs-detail.png');
    // Every step is in the timeline: report, accept, assign, depart, quote, approve, start, resolve, confirm.
    await expect(resident.locator('[data-testid="ticket-timeline"] [role="listitem"]').count()).resolves.toBe(
      9,
    );
    expect(problems()).toEqual([]);
  }, 120_000);

  it('shows her reports with their timelines, the community’s, the queue and the figures', async () => {
    await resident.evaluate(() => (window.location.hash = '#/packages/repairs/pages/mine/index'));
    await resident
      .locator(`[data-testid="my-tickets"] [data-ticket-id="${ticketId}"]`)
      .waitFor({ timeout: 20_000 });
    await settledShot(resident, 'h5-repairs-mine.png');
    await resident.evaluate(() => (window.location.hash = '#/packages/repairs/pages/public/index'));
    await resident.getByTestId('public-tickets').waitFor({ timeout: 20_000 });
    await settledShot(resident, 'h5-repairs-public.png');

    await operator.evaluate(() => (window.location.hash = '#/packages/repairs/pages/figures/index'));
    await operator.getByTestId('figures').waitFor({ timeout: 20_000 });
    // The demo's resolved tap and this one are this month's; hers is rated 5.
    const resolved = Number((await operator.getByTestId('figure-resolved').textContent())?.match(/\d+/)?.[0]);
    expect(resolved).toBeGreaterThanOrEqual(1);
    await settledShot(operator, 'h5-repairs-figures.png');
  }, 120_000);

  it('audits every repairs page as a resident, the operator and a technician, in both modes', async () => {
    const findings: Finding[] = [];
    let audited = await auditPages(
      resident,
      [
        'packages/repairs/pages/report/index',
        'packages/repairs/pages/mine/index',
        'packages/repairs/pages/public/index',
        `packages/repairs/pages/detail/index?id=${ticketId}`,
        // Home with her open requests in 为我待办.
        'pages/home/index',
      ],
      '李阿姨',
      findings,
    );
    const { me } = await staffToken(server.url, 'property');
    const grant = me.grants.find((g) => g.role === 'operator')!;
    const team = `communityId=${grant.communityId}&providerId=${grant.providerId}`;
    audited += await auditPages(
      operator,
      [
        `packages/repairs/pages/queue/index?${team}`,
        `packages/repairs/pages/figures/index?${team}`,
        `packages/repairs/pages/detail/index?id=${ticketId}`,
      ],
      'property',
      findings,
    );
    audited += await auditPages(technician, ['packages/repairs/pages/jobs/index'], 'repair', findings);
    expect(audited).toBe(18);
    expect(findings).toEqual([]);
    expect(problems()).toEqual([]);
  }, 300_000);
});
