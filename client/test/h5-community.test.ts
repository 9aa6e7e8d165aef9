/**
 * Two people, two browsers, one real server: a resident (李阿姨, 1号楼 2-103) and the committee
 * member (刘主任, signed in through the staff form). The committee composes a notice in the
 * composer and the resident sees it arrive live; the resident asks to join a second household
 * through Me and sees the committee's approval arrive live; care mode is measured in the page and
 * survives a reload; the language switch reaches the tab bar; the resident takes a copy of her
 * data and deletes her account. Screenshots of Home, Notices and the composer in normal and care
 * mode go to test-output/ on every run.
 */
import type { Browser, Page } from 'playwright-core';
import { auditCare } from './support/care-audit';
import {
  backToTab,
  launchChromium,
  openApp,
  realProblems,
  screenshot,
  settle,
  signInAsResident,
  signInAsStaff,
  startServer,
  tabItem,
  type AppPage,
  type RunningServer,
} from './support/h5';

const RESIDENT = '李阿姨';
const COMMITTEE = '居委会 刘主任';

describe('residents and the committee in the h5 app', () => {
  let server: RunningServer;
  let browser: Browser;
  let resident: AppPage;
  let committee: AppPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    resident = await openApp(browser, server.url);
    committee = await openApp(browser, server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(realProblems(resident.problems)).toEqual([]);
    expect(realProblems(committee.problems)).toEqual([]);
  });

  /** Back to the committee member's Home, then to one of the workbench's tools. */
  async function openStaffTool(page: Page, tool: 'compose' | 'notices' | 'approvals'): Promise<void> {
    await backToTab(page, '首页');
    await page.getByRole('button', { name: '工作台' }).click();
    await page.getByTestId(`staff-tool-${tool}`).click();
  }

  async function badgeCount(page: Page): Promise<number> {
    const badge = page.locator('.taro-tabbar-badge');
    return (await badge.count()) > 0 ? Number(await badge.textContent()) : 0;
  }

  it('the committee composes and publishes a notice to a building; it reaches the resident live', async () => {
    const { page: res } = resident;
    const { page: com } = committee;
    await signInAsResident(res, RESIDENT);
    await settle(res);
    await screenshot(res, 'h5-home-normal.png');
    await tabItem(res, '公告').click();
    await res.getByText('社区公告').first().waitFor();
    await settle(res);
    await screenshot(res, 'h5-notices-normal.png');
    const before = await badgeCount(res);

    await signInAsStaff(com, 'committee');
    await com.getByTestId('greeting').filter({ hasText: COMMITTEE }).waitFor();
    await openStaffTool(com, 'compose');

    await com.getByTestId('compose-category').getByRole('radio', { name: '紧急' }).click();
    await com.getByTestId('compose-audience-kind').getByRole('radio', { name: '指定楼栋' }).click();
    // Asking for a preview with no building chosen says what is missing.
    const title = '1号楼今晚停水，请提前储水';
    await com.getByTestId('compose-title').locator('input').fill(title);
    await com.getByTestId('compose-body').locator('textarea').fill('管道抢修，今晚 21:00 至明早 6:00 停水。');
    await com.getByTestId('compose-preview-button').click();
    await com.getByText('请至少选择一栋楼').waitFor();
    const building = com.getByTestId('compose-buildings').getByRole('checkbox', { name: '1号楼' });
    await building.click();
    await expect(building.getAttribute('aria-checked')).resolves.toBe('true');
    await com.getByTestId('compose-pinned').click();
    await settle(com, 300);
    await screenshot(com, 'h5-composer-normal.png');

    await com.getByTestId('compose-preview-button').click();
    const preview = com.getByTestId('compose-preview');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain(title);
    await expect(com.getByTestId('compose-audience').textContent()).resolves.toBe('发送给：1号楼');
    await com.getByTestId('compose-publish').click();

    // The publisher lands on the community's list, with nobody having read it yet.
    const published = com.getByTestId('staff-notice').filter({ hasText: title });
    await published.waitFor();
    await expect(published.getByTestId('read-count').textContent()).resolves.toMatch(/^已读 0\/\d+ 人$/);

    // The resident, without a reload: the list, the badge, unread.
    const item = res.getByTestId('notice-item').filter({ hasText: title });
    await item.waitFor({ timeout: 10_000 });
    await expect(res.locator('.taro-tabbar-badge').textContent({ timeout: 10_000 })).resolves.toBe(
      String(before + 1),
    );
    // Its name reads what the card shows, in order (unread first): category, pinned, title, publication time.
    await expect(item.getAttribute('aria-label')).resolves.toMatch(
      new RegExp(`^未读，紧急 置顶 ${title} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`),
    );

    // She reads it; the committee's count goes up and its unread list is the doors still to knock on.
    await item.click();
    await res.getByTestId('notice-title').filter({ hasText: title }).waitFor();
    await res.goBack();
    await com.getByRole('button', { name: '刷新' }).click();
    await published
      .getByTestId('read-count')
      .filter({ hasText: /^已读 1\/\d+ 人$/ })
      .waitFor();
    await published.getByTestId('open-unread').click();
    const unread = com.getByTestId('unread-resident');
    await unread.first().waitFor();
    const doors = await unread.allTextContents();
    expect(doors.some((d) => d.includes('王奶奶') && d.includes('1号楼 1-101'))).toBe(true);
    expect(doors.some((d) => d.includes(RESIDENT))).toBe(false);
  }, 120_000);

  it('a household request made on Me reaches the committee’s open approvals page live; approved, the resident sees it live', async () => {
    const { page: res } = resident;
    const { page: com } = committee;
    // The committee member already has the approvals page open, with nothing waiting for 2号楼 1-101.
    await openStaffTool(com, 'approvals');
    const request = com.getByTestId('membership-request').filter({ hasText: '2号楼 1-101' });
    await com.getByText('没有待审核的申请。').waitFor();
    // Gone after a reload: proves the request below arrives without one.
    await com.evaluate(() => Object.assign(window, { approvalsStillOpen: true }));

    await tabItem(res, '我的').click();
    await res.getByTestId('join-household').click();
    // People type the building as a number; the app finds 2号楼.
    await res.getByTestId('household-building').locator('input').fill('2');
    await res.getByTestId('household-unit').locator('input').fill('1-101');
    await res.getByTestId('household-find').click();
    await res.getByTestId('household-found').filter({ hasText: '2号楼 1-101' }).waitFor();
    await res.getByTestId('household-relation').getByRole('radio', { name: '家属' }).click();
    await res.getByTestId('household-submit').click();

    const mine = res.getByTestId('membership').filter({ hasText: '2号楼 1-101' });
    await mine.waitFor({ timeout: 10_000 });
    await expect(mine.getByTestId('membership-status').textContent()).resolves.toBe('待审核');

    // It appears on the open page over socket.io: no reload, no tap on 刷新.
    await request.waitFor({ timeout: 10_000 });
    await expect(
      com.evaluate(() => (window as { approvalsStillOpen?: boolean }).approvalsStillOpen),
    ).resolves.toBe(true);
    await expect(request.textContent()).resolves.toContain(RESIDENT);
    await request.getByTestId('approve').click();
    await request.waitFor({ state: 'detached' });

    // No reload on the resident's side: the decision arrives over socket.io.
    await expect(
      mine.getByTestId('membership-status').filter({ hasText: '已通过' }).waitFor({ timeout: 10_000 }),
    ).resolves.toBeUndefined();
  }, 90_000);

  it('care mode: text ≥ 18 px, tap targets ≥ 44 px, AA contrast, labels; still on after a reload', async () => {
    const { page: res } = resident;
    const { page: com } = committee;
    const careToggle = res.getByTestId('care-mode');
    await expect(careToggle.getAttribute('aria-checked')).resolves.toBe('false');
    await careToggle.click();
    await res.locator('[data-care-mode="on"]:visible').waitFor();
    await expect(careToggle.getAttribute('aria-checked')).resolves.toBe('true');

    const expectCare = async (page: Page, where: string) => {
      const audit = await auditCare(page);
      expect({ where, ...audit }).toMatchObject({
        where,
        careOn: true,
        smallText: [],
        shortTargets: [],
        lowContrast: [],
        unlabelled: [],
      });
      // The audit looked at something: a page's text, its targets and the tab bar's.
      const { pageId, texts, targets } = audit;
      expect(`${where} (${pageId}): ${texts} texts, ${targets} targets`).toMatch(
        /: ([6-9]|\d{2,}) texts, ([3-9]|\d{2,}) targets$/,
      );
    };
    await expectCare(res, 'Me');
    await tabItem(res, '首页').click();
    await res.getByTestId('greeting').waitFor();
    await settle(res);
    await expectCare(res, 'Home');
    await screenshot(res, 'h5-home-care.png');
    await tabItem(res, '公告').click();
    await res.getByTestId('notice-item').first().waitFor();
    await settle(res);
    await expectCare(res, 'Notices');
    await screenshot(res, 'h5-notices-care.png');

    // Normal mode is smaller: the theme, not the page, made the difference.
    const normal = await auditCare(com);
    expect(normal.careOn).toBe(false);
    expect(normal.smallText.length).toBeGreaterThan(0);

    await res.reload();
    await res.getByTestId('notice-item').first().waitFor({ timeout: 20_000 });
    await expectCare(res, 'Notices after reload');

    // The committee member's own care mode, on the composer.
    await backToTab(com, '我的');
    await com.getByTestId('care-mode').click();
    await openStaffTool(com, 'compose');
    await com.getByTestId('compose-title').waitFor();
    await settle(com);
    await expectCare(com, 'Composer');
    await screenshot(com, 'h5-composer-care.png');
  }, 120_000);

  it('switching language changes the pages and the tab bar', async () => {
    const { page: res } = resident;
    await tabItem(res, '我的').click();
    await res.getByTestId('language').getByRole('radio', { name: 'English' }).click();
    await res.getByText('Display and language').waitFor({ timeout: 10_000 });
    await expect(res.locator('.weui-tabbar__label').allTextContents()).resolves.toEqual([
      'Home',
      'Notices',
      'Me',
    ]);
    await tabItem(res, 'Home').click();
    await res
      .getByTestId('greeting')
      .filter({ hasText: `Hello, ${RESIDENT}` })
      .waitFor();
    await expect(res.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    // Remembered for her, as care mode is.
    await res.reload();
    await res
      .getByTestId('greeting')
      .filter({ hasText: `Hello, ${RESIDENT}` })
      .waitFor({ timeout: 20_000 });

    await tabItem(res, 'Me').click();
    await res.getByTestId('language').getByRole('radio', { name: '中文' }).click();
    await res.getByText('显示与语言').waitFor({ timeout: 10_000 });
    await expect(res.locator('.weui-tabbar__label').allTextContents()).resolves.toEqual([
      '首页',
      '公告',
      '我的',
    ]);
  }, 90_000);

  it('the resident exports her data, then deletes her account after confirming, and is signed out', async () => {
    const { page: res } = resident;
    await tabItem(res, '我的').click();
    await res.getByTestId('my-data-entry').click();
    await res.getByTestId('export').click();
    const result = res.getByTestId('export-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain(RESIDENT);
    const download = res.waitForEvent('download');
    await res.getByTestId('export-save').click();
    expect((await download).suggestedFilename()).toMatch(/^linli-my-data-\d{4}-\d{2}-\d{2}\.json$/);

    await res.getByTestId('delete-start').click();
    const forever = res.getByTestId('delete-forever');
    // Not until the word is typed.
    await expect(forever.getAttribute('aria-disabled')).resolves.toBe('true');
    await res.getByTestId('delete-word').locator('input').fill('删除');
    await expect(forever.getAttribute('aria-disabled')).resolves.toBe('false');
    await forever.click();

    // Signed out, on the sign-in page, and no longer among the accounts.
    await res.getByTestId('demo-account').first().waitFor({ timeout: 20_000 });
    await expect(res.getByTestId('demo-account').allTextContents()).resolves.not.toContainEqual(
      expect.stringContaining(RESIDENT),
    );
    // Nothing of hers stays on the device: no session, no remembered settings, no realtime position.
    await expect(
      res.evaluate(() =>
        Object.keys(localStorage).filter(
          (key) =>
            key === 'linli.tokens' ||
            key.startsWith('linli.realtime.') ||
            /^linli\.prefs\.[0-9a-f]{24}$/.test(key),
        ),
      ),
    ).resolves.toEqual([]);
  }, 90_000);
});
