/**
 * Community pledges in the h5 build, the committee and a resident at once against the real server
 * (demo seed: points rules of 1 point per goods item, the reward 环保布袋 for 5 points). Server and
 * browsers stand at Tuesday 2031-03-04 08:30 in Shanghai, half an hour before the slot the test
 * makes, so check-in is open (from an hour before a slot) whatever hour the test runs at:
 *   1. the committee creates and opens a project through its page: 20 bags of soil and a slot of 4
 *      people, 09:00–11:00 today, no threshold, so it is active at once;
 *   2. 李阿姨 pledges 6 bags in three steps (the need, the amount, confirm) and a place in the slot;
 *   3. the committee's project page shows each bar move without a reload;
 *   4. the committee confirms the bags received and checks her in and out on the fulfilment page;
 *   5. her points page shows the 6 points in the ledger without a reload; she redeems 环保布袋, the
 *      committee confirms the order, and her redemption shows handed over;
 *   6. every pledge page, as the resident and as the committee, in normal and care mode, has no axe
 *      finding and care mode measures up.
 * Screenshots go to test-output/ (the README's are copied to docs/).
 * Needs Chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  launchChromium,
  MEALS_TEST_MOMENT,
  markWindow,
  notReloaded,
  openApp,
  outDir,
  realProblems,
  repoRoot,
  settledShot,
  signInAsResident,
  signInAsStaff,
  startServer,
  type AppPage,
  type RunningServer,
} from './support/h5';
import { auditPages, staffToken, visit, type Finding } from './support/page-audit';

const CLOCK_STARTS_AT = MEALS_TEST_MOMENT; // 2031-03-04 08:30 in Shanghai
const ROOT = 'packages/pledges/pages';
const README_SHOTS = ['pledges-project.png', 'pledges-sheet.png', 'pledges-fulfil.png', 'pledges-points.png'];

/** The page on screen (Taro keeps earlier pages of the stack hidden in the DOM). */
const onScreen = (page: Page) => page.locator('.taro_page').filter({ visible: true }).last();
/** A Field by its label: Taro renders the input inside its own element. */
const field = (page: Page, label: string) =>
  onScreen(page).locator(`input[aria-label="${label}"], textarea[aria-label="${label}"]`).first();
/** A need's row in the progress card of the project or fulfilment page, by its kind. */
const need = (page: Page, kind: 'goods' | 'labour') =>
  onScreen(page).getByTestId('progress').locator(`[data-testid="need"][data-kind="${kind}"]`);
/** Waits until `read` gives `want` (a live update arriving), or fails saying what it last saw. */
async function until<T>(read: () => Promise<T>, want: T, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen: T | undefined;
  for (;;) {
    seen = await read().catch(() => undefined);
    if (seen === want) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(seen).toBe(want);
}
const pledgedOf = async (row: Locator) =>
  Number(await row.getByTestId('need-figures').getAttribute('data-pledged'));

describe('community pledges in Chromium: pledge, live progress, fulfilment, points', () => {
  let server: RunningServer;
  let browser: Browser;
  const apps: AppPage[] = [];
  let committee: Page;
  let resident: Page;
  let projectId = '';

  const open = async () => {
    const app = await openApp(browser, server.url, { clockStartsAt: CLOCK_STARTS_AT });
    apps.push(app);
    return app.page;
  };

  beforeAll(async () => {
    server = await startServer({ clockStartsAt: CLOCK_STARTS_AT });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the committee create and open a project with goods and a volunteer slot', async () => {
    committee = await open();
    await signInAsStaff(committee, 'committee');
    await visit(committee, `${ROOT}/index/index`);
    await onScreen(committee).getByTestId('link-create').click();
    await field(committee, '项目名称').waitFor({ timeout: 20_000 });
    await field(committee, '项目名称').fill('活动室门前清理花坛');
    await field(committee, '项目说明').fill('清掉花坛里的杂物，换上新土，周二上午一起动手。');
    await field(committee, '截止日期（如 2031-03-20）').fill('2031-03-20');
    await field(committee, '物资名称（可不填）').fill('营养土');
    await field(committee, '单位').fill('袋');
    await field(committee, '需要数量').fill('20');
    await field(committee, '志愿时段名称（可不填）').fill('周二上午 清理花坛');
    await field(committee, '日期（如 2031-03-08）').fill('2031-03-04');
    await field(committee, '开始时间（如 09:00）').fill('09:00');
    await field(committee, '结束时间（如 11:30）').fill('11:00');
    await field(committee, '需要人数').fill('4');
    await settledShot(committee, 'pledges-create.png');
    await onScreen(committee).getByTestId('create-open').click();
    const detail = onScreen(committee).getByTestId('project-detail');
    await detail.waitFor({ timeout: 20_000 });
    // No threshold: opening it makes it active at once.
    await expect(detail.getAttribute('data-status')).resolves.toBe('active');
    projectId = new URL(committee.url().replace('#/', '')).searchParams.get('id') ?? '';
    expect(projectId).toMatch(/^[0-9a-f]{24}$/);
    await expect(pledgedOf(need(committee, 'goods'))).resolves.toBe(0);
    await markWindow(committee);
  }, 120_000);

  it('lets 李阿姨 pledge 6 bags in three steps and a place in the slot, and the committee sees both bars move live', async () => {
    resident = await open();
    await signInAsResident(resident, '李阿姨');
    await visit(resident, `${ROOT}/index/index`);
    await onScreen(resident)
      .locator(`[data-testid="project"][data-project-id="${projectId}"]`)
      .getByTestId('open-project')
      .click();
    await need(resident, 'goods').waitFor({ timeout: 20_000 });

    let steps = 0;
    await need(resident, 'goods').getByTestId('pledge-need').click();
    steps += 1;
    const sheet = onScreen(resident).getByTestId('pledge-sheet');
    await sheet.waitFor();
    await sheet.locator('input[aria-label="数量（袋）"]').fill('6');
    steps += 1;
    await settledShot(resident, 'pledges-sheet.png');
    await sheet.getByTestId('confirm-pledge').click();
    steps += 1;
    expect(steps).toBeLessThanOrEqual(3);
    await sheet.waitFor({ state: 'detached', timeout: 20_000 });
    await until(() => pledgedOf(need(resident, 'goods')), 6);

    await until(() => pledgedOf(need(committee, 'goods')), 6);

    await need(resident, 'labour').getByTestId('pledge-need').click();
    await onScreen(resident).getByTestId('pledge-sheet').getByTestId('confirm-pledge').click();
    await until(() => pledgedOf(need(resident, 'labour')), 1);
    await resident.waitForTimeout(2_000); // the thank-you toast has gone
    await settledShot(resident, 'pledges-project.png');
    await until(() => pledgedOf(need(committee, 'labour')), 1);
    expect(await notReloaded(committee)).toBe(true);
    await settledShot(committee, 'pledges-committee-live.png');
  }, 120_000);

  it('lets the committee confirm the bags and check her in and out on the fulfilment page', async () => {
    await onScreen(committee).getByTestId('open-fulfil').click();
    const goods = onScreen(committee).locator('[data-testid="pledge"][data-kind="goods"]');
    await goods.waitFor({ timeout: 20_000 });
    await expect(goods.textContent()).resolves.toContain('李阿姨');
    await goods.getByTestId('confirm-received').click();
    await onScreen(committee)
      .locator('[data-testid="pledge"][data-kind="goods"][data-status="fulfilled"]')
      .waitFor({ timeout: 10_000 });
    await expect(
      Number(await need(committee, 'goods').getByTestId('need-figures').getAttribute('data-received')),
    ).toBe(6);

    const labour = onScreen(committee).locator('[data-testid="pledge"][data-kind="labour"]');
    await labour.getByTestId('check-in').click();
    await labour.getByTestId('checked-in').waitFor({ timeout: 10_000 });
    await labour.getByTestId('check-out').click();
    await onScreen(committee)
      .locator('[data-testid="pledge"][data-kind="labour"][data-status="fulfilled"]')
      .getByTestId('checked-out')
      .waitFor({ timeout: 10_000 });
    await settledShot(committee, 'pledges-fulfil.png');
  }, 60_000);

  it('shows her the points in the ledger, and she redeems a reward the committee confirms', async () => {
    await visit(resident, `${ROOT}/points/index`);
    const balance = onScreen(resident).getByTestId('points-balance');
    await until(() => balance.getAttribute('data-balance'), '6');
    const entry = onScreen(resident).getByTestId('ledger-entry').filter({ hasText: '营养土' });
    await expect(entry.textContent()).resolves.toContain('+6');
    await markWindow(resident);

    const bag = onScreen(resident).getByTestId('reward').filter({ hasText: '环保布袋' });
    await bag.getByTestId('redeem').click();
    await resident.getByText('用 5 积分兑换“环保布袋”？').waitFor({ timeout: 10_000 });
    await resident.locator('.taro-model__confirm').click();
    await until(() => balance.getAttribute('data-balance'), '1');
    const order = onScreen(resident).getByTestId('my-redemption').filter({ hasText: '环保布袋' });
    await order.getByText('待确认').waitFor({ timeout: 10_000 });

    await visit(committee, `${ROOT}/redemptions/index`);
    const pending = onScreen(committee).locator('[data-testid="redemption"][data-status="pending"]');
    await pending.filter({ hasText: '环保布袋' }).getByTestId('confirm-redemption').click();
    await onScreen(committee)
      .locator('[data-testid="redemption"][data-status="confirmed"]')
      .filter({ hasText: '环保布袋' })
      .waitFor({ timeout: 10_000 });

    await order.getByText('已兑付').waitFor({ timeout: 10_000 });
    expect(await notReloaded(resident)).toBe(true);
    await settledShot(resident, 'pledges-points.png');
  }, 60_000);

  it('has no axe finding on any pledge page, and care mode measures up, for the resident and the committee', async () => {
    const findings: Finding[] = [];
    const residentPages = [
      `${ROOT}/index/index`,
      `${ROOT}/project/index?id=${projectId}`,
      `${ROOT}/mine/index`,
      `${ROOT}/points/index`,
      `${ROOT}/convention/index`,
    ];
    const committeePages = [
      `${ROOT}/index/index`,
      `${ROOT}/project/index?id=${projectId}`,
      `${ROOT}/create/index`,
      `${ROOT}/fulfil/index?id=${projectId}`,
      `${ROOT}/redemptions/index`,
      `${ROOT}/signatures/index`,
    ];
    let audited = await auditPages(resident, residentPages, '李阿姨', findings);
    audited += await auditPages(committee, committeePages, 'committee', findings);
    expect(audited).toBe(2 * (residentPages.length + committeePages.length));
    expect(findings).toEqual([]);
    expect(apps.flatMap((app) => realProblems(app.problems))).toEqual([]);
  }, 600_000);

  it('lets her sign the convention, asks her again for a new version, and the committee sees who signed which', async () => {
    await visit(resident, `${ROOT}/convention/index`);
    const convention = onScreen(resident).getByTestId('convention');
    await convention.waitFor({ timeout: 20_000 });
    await expect(convention.getAttribute('data-signed')).resolves.toBe('no');
    await onScreen(resident).getByTestId('sign-convention').click();
    await onScreen(resident)
      .locator('[data-testid="convention"][data-signed="yes"]')
      .waitFor({ timeout: 10_000 });
    await visit(committee, `${ROOT}/signatures/index`);
    await committee.reload(); // a fresh page (signatures arriving live are tested below)
    await onScreen(committee).getByTestId('signature-map').getByText('李阿姨').waitFor({ timeout: 10_000 });
    await settledShot(committee, 'pledges-signatures.png');

    // A second version: she is asked to sign again (live), and the committee reads each version's signers.
    const { token, me } = await staffToken(server.url, 'committee');
    const communityId = me.grants.find((g) => g.role === 'committee')!.communityId;
    const published = await fetch(`${server.url}/api/v1/convention/communities/${communityId}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        text: '幸福里社区居民公约（修订）\n一、爱护公共环境。',
        effectiveDate: '2031-04-01',
      }),
    });
    expect(published.status).toBe(201);
    await onScreen(resident)
      .locator('[data-testid="convention"][data-signed="no"]')
      .waitFor({ timeout: 10_000 });
    await onScreen(resident).getByText('公约有新版本，请重新签署').waitFor();
    await committee.reload();
    const map = onScreen(committee).getByTestId('signature-map');
    await map.getByText(/全社区 0 \/ \d+ 户已签署第 2 版/).waitFor({ timeout: 20_000 });
    await expect(map.getByText('李阿姨').count()).resolves.toBe(0);
    await map.getByRole('radio', { name: '第 1 版' }).click();
    await map.getByText('李阿姨').waitFor({ timeout: 10_000 });
    fs.mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
    for (const name of README_SHOTS)
      fs.copyFileSync(path.join(outDir, name), path.join(repoRoot, 'docs', name));
  }, 60_000);

  it('lets the committee publish a version from the editor, the server naming a wrong date under its field', async () => {
    await visit(committee, `${ROOT}/signatures/index`);
    await onScreen(committee).getByTestId('link-convention-edit').click();
    const versions = onScreen(committee).getByTestId('convention-versions');
    await versions.getByText('第 2 版', { exact: false }).waitFor({ timeout: 20_000 });
    // Labels gain the error once one is shown, so the inputs are found by how their label starts.
    const text = onScreen(committee).locator('textarea[aria-label^="公约全文"]');
    const date = onScreen(committee).locator('input[aria-label^="生效日期"]');
    // The draft starts from the version in force.
    await expect(text.inputValue()).resolves.toContain('幸福里社区居民公约（修订）');
    await text.fill('幸福里社区居民公约（第三版）\n一、爱护公共环境。\n二、垃圾分类投放。');
    await date.fill('2031-03-01');
    await onScreen(committee).getByTestId('publish-convention').click();
    const dateError = onScreen(committee).getByTestId('convention-date-error');
    await dateError.waitFor({ timeout: 10_000 });
    await expect(dateError.textContent()).resolves.toBe('不能早于第 2 版的生效日期 2031-04-01');
    await expect(versions.getByTestId('convention-version').count()).resolves.toBe(2);

    await date.fill('2031-05-01');
    await onScreen(committee).getByTestId('publish-convention').click();
    await versions
      .getByTestId('convention-version')
      .filter({ hasText: '第 3 版' })
      .filter({ hasText: '2031-05-01 起施行' })
      .waitFor({ timeout: 10_000 });
    await expect(dateError.count()).resolves.toBe(0);
    await committee.waitForTimeout(2_000); // the "published" toast has gone
    await settledShot(committee, 'pledges-convention-edit.png');
  }, 60_000);

  it("shows 李阿姨's door signed on the committee's door grid, and her new redemption order, without a reload", async () => {
    await visit(committee, `${ROOT}/signatures/index`);
    const map = onScreen(committee).getByTestId('signature-map');
    // The page may still show version 1, picked in the test before: the committee picks the new one.
    await map.getByRole('radio', { name: '第 3 版' }).click({ timeout: 20_000 });
    await map.getByText(/全社区 0 \/ \d+ 户已签署第 3 版/).waitFor({ timeout: 20_000 });
    const herDoor = onScreen(committee)
      .locator('[data-testid="building-signatures"][data-building="1号楼"]')
      .locator('[data-testid="door"][data-unit="2-103"]');
    await expect(herDoor.getAttribute('data-done')).resolves.toBe('no');
    await expect(herDoor.getAttribute('aria-label')).resolves.toBe('2-103 未签署');
    await markWindow(committee);

    await visit(resident, `${ROOT}/convention/index`);
    await onScreen(resident)
      .locator('[data-testid="convention"][data-signed="no"]')
      .waitFor({ timeout: 20_000 });
    await onScreen(resident).getByTestId('sign-convention').click();
    await onScreen(resident)
      .locator('[data-testid="convention"][data-signed="yes"]')
      .waitFor({ timeout: 10_000 });

    await until(() => herDoor.getAttribute('data-done'), 'yes');
    await expect(herDoor.getAttribute('aria-label')).resolves.toBe('2-103 已签署');
    await expect(herDoor.textContent()).resolves.toContain('✓');
    await map.getByText(/全社区 1 \/ \d+ 户已签署第 3 版/).waitFor({ timeout: 10_000 });
    expect(await notReloaded(committee)).toBe(true);
    await herDoor.scrollIntoViewIfNeeded();
    await settledShot(committee, 'pledges-doors.png');

    // A reward she can afford with the 1 point left, then the committee watches its orders page.
    const { token, me } = await staffToken(server.url, 'committee');
    const communityId = me.grants.find((g) => g.role === 'committee')!.communityId;
    const reward = await fetch(`${server.url}/api/v1/points/communities/${communityId}/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '社区茶话会入场券', costPoints: 1, stock: 5 }),
    });
    expect(reward.status).toBe(201);
    await visit(committee, `${ROOT}/redemptions/index`);
    const pendingTickets = onScreen(committee)
      .locator('[data-testid="redemption"][data-status="pending"]')
      .filter({ hasText: '社区茶话会入场券' });
    await onScreen(committee).getByTestId('redemption').first().waitFor({ timeout: 20_000 });
    await expect(pendingTickets.count()).resolves.toBe(0);

    await visit(resident, `${ROOT}/points/index`);
    const ticket = onScreen(resident).getByTestId('reward').filter({ hasText: '社区茶话会入场券' });
    await ticket.getByTestId('redeem').click();
    await resident.getByText('用 1 积分兑换“社区茶话会入场券”？').waitFor({ timeout: 10_000 });
    await resident.locator('.taro-model__confirm').click();
    await onScreen(resident)
      .getByTestId('my-redemption')
      .filter({ hasText: '社区茶话会入场券' })
      .getByText('待确认')
      .waitFor({ timeout: 10_000 });

    await pendingTickets.first().waitFor({ timeout: 10_000 });
    await expect(pendingTickets.textContent()).resolves.toContain('李阿姨');
    expect(await notReloaded(committee)).toBe(true);
  }, 90_000);

  it('has no axe finding on the editor and the door grid, and care mode measures up', async () => {
    const findings: Finding[] = [];
    const committeePages = [`${ROOT}/convention-edit/index`, `${ROOT}/signatures/index`];
    const residentPages = [`${ROOT}/convention/index`];
    let audited = await auditPages(committee, committeePages, 'committee', findings);
    audited += await auditPages(resident, residentPages, '李阿姨', findings);
    expect(audited).toBe(2 * (committeePages.length + residentPages.length));
    expect(findings).toEqual([]);
    expect(apps.flatMap((app) => realProblems(app.problems))).toEqual([]);
    fs.copyFileSync(path.join(outDir, 'pledges-doors.png'), path.join(repoRoot, 'docs', 'pledges-doors.png'));
    fs.copyFileSync(
      path.join(outDir, 'pledges-convention-edit.png'),
      path.join(repoRoot, 'docs', 'pledges-convention-edit.png'),
    );
  }, 300_000);

  it('lets the committee create a project with a photo and a money threshold, edit it, tell a pledger of a new version, and record a paper pledge', async () => {
    const findings: Finding[] = [];
    await visit(committee, `${ROOT}/create/index`);
    await field(committee, '项目名称').waitFor({ timeout: 20_000 });
    await field(committee, '项目名称').fill('楼道添一张长椅');
    await field(committee, '项目说明').fill('在 2 号楼门口放一张长椅，给老人歇脚。');
    await field(committee, '截止日期（如 2031-03-20）').fill('2031-03-20');
    await field(committee, '认领满多少元启动（可不填）').fill('5000');
    await field(committee, '资金目标（元，可不填）').fill('8000');
    await field(committee, '物资名称（可不填）').fill('防腐木板');
    await field(committee, '单位').fill('块');
    await field(committee, '需要数量').fill('10');
    // A real JPEG through the picker, as a phone would give it: the server sniffs and re-encodes it.
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 150, g: 120, b: 80 } },
    })
      .jpeg()
      .toBuffer();
    const chooser = committee.waitForEvent('filechooser');
    await onScreen(committee).getByTestId('create-add-photo').click();
    await (await chooser).setFiles({ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: photo });
    await onScreen(committee)
      .getByTestId('create-photo-strip')
      .locator('.photo-tile')
      .first()
      .waitFor({ timeout: 20_000 });
    await onScreen(committee).getByTestId('create-open').click();
    const detail = onScreen(committee).getByTestId('project-detail');
    await detail.waitFor({ timeout: 20_000 });
    // ¥5,000 not yet promised: open, not active.
    await expect(detail.getAttribute('data-status')).resolves.toBe('open');
    await onScreen(committee).getByTestId('project-photos').locator('.photo-tile').first().waitFor();
    await expect(onScreen(committee).getByText('¥0.00 / ¥5000.00').count()).resolves.toBe(1);
    const benchId = new URL(committee.url().replace('#/', '')).searchParams.get('id') ?? '';
    expect(benchId).toMatch(/^[0-9a-f]{24}$/);
    await settledShot(committee, 'pledges-project-photo.png');

    // Before any pledge an edit changes the project in place: no version, nobody to tell.
    await onScreen(committee).getByTestId('edit-project').click();
    await onScreen(committee).getByTestId('edit-project').waitFor({ timeout: 20_000 });
    await expect(onScreen(committee).getByTestId('edit-frozen').count()).resolves.toBe(0);
    await field(committee, '项目名称').fill('2 号楼门口添一张长椅');
    await onScreen(committee).getByTestId('edit-save').click();
    await onScreen(committee).getByText('2 号楼门口添一张长椅').first().waitFor({ timeout: 20_000 });
    await expect(onScreen(committee).getByTestId('project-version').count()).resolves.toBe(0);

    // 李阿姨 pledges two boards.
    await visit(resident, `${ROOT}/project/index?id=${benchId}`);
    await need(resident, 'goods').getByTestId('pledge-need').click();
    const sheet = onScreen(resident).getByTestId('pledge-sheet');
    await sheet.locator('input[aria-label="数量（块）"]').fill('2');
    await sheet.getByTestId('confirm-pledge').click();
    await sheet.waitFor({ state: 'detached', timeout: 20_000 });
    await until(() => pledgedOf(need(resident, 'goods')), 2);

    // Now the wording is frozen: the edit page says who will be told before it saves.
    await visit(committee, `${ROOT}/edit/index?id=${benchId}`);
    const told = onScreen(committee).getByTestId('edit-will-tell');
    await told.waitFor({ timeout: 20_000 });
    await expect(told.textContent()).resolves.toBe('保存后将通知 1 位认领人。');
    await field(committee, '项目说明').fill('在 2 号楼门口放一张带靠背的长椅，给老人歇脚。');
    await field(committee, '修改说明（告知认领人）').fill('改为带靠背的长椅');
    await settledShot(committee, 'pledges-edit.png');
    await onScreen(committee).getByTestId('edit-save').click();
    await onScreen(committee)
      .locator('[data-testid="project-version"][data-version="2"]')
      .waitFor({ timeout: 20_000 });

    // She sees the new version on the page she has open.
    const version = onScreen(resident).getByTestId('project-version');
    await until(() => version.textContent(), '第 2 版：改为带靠背的长椅');
    await onScreen(resident).getByText('在 2 号楼门口放一张带靠背的长椅，给老人歇脚。').waitFor();

    // 孙大爷 of 2号楼 3-101 has no phone: the committee records his three boards from the paper form.
    await onScreen(committee).getByTestId('record-paper').click();
    const paper = onScreen(committee).getByTestId('paper-sheet');
    await paper.waitFor({ timeout: 10_000 });
    await paper.locator('input[aria-label="楼栋（如 2号楼）"]').fill('2号楼');
    await paper.locator('input[aria-label="门牌（如 301）"]').fill('3-101');
    await paper.locator('input[aria-label="认领人姓名（按纸质表填写）"]').fill('孙大爷');
    await paper.getByRole('radio', { name: '防腐木板' }).click();
    await paper.locator('input[aria-label="数量（块）"]').fill('3');
    await paper.getByTestId('confirm-paper').click();
    await paper.waitFor({ state: 'detached', timeout: 20_000 });
    const marked = onScreen(committee).getByTestId('public-list').locator('[data-paper="yes"]');
    await until(() => marked.textContent(), '孙大爷 · 防腐木板 · 纸质登记');
    await until(() => pledgedOf(need(committee, 'goods')), 5);
    await onScreen(resident)
      .getByTestId('public-list')
      .locator('[data-paper="yes"]')
      .filter({ hasText: '孙大爷' })
      .waitFor({ timeout: 10_000 });

    let audited = await auditPages(
      committee,
      [`${ROOT}/edit/index?id=${benchId}`, `${ROOT}/project/index?id=${benchId}`],
      'committee',
      findings,
    );
    audited += await auditPages(resident, [`${ROOT}/project/index?id=${benchId}`], '李阿姨', findings);
    expect(audited).toBe(6);
    expect(findings).toEqual([]);
    expect(apps.flatMap((app) => realProblems(app.problems))).toEqual([]);
    fs.mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
    fs.copyFileSync(path.join(outDir, 'pledges-edit.png'), path.join(repoRoot, 'docs', 'pledges-edit.png'));
  }, 600_000);
});
