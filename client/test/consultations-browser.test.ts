/**
 * Consultations in the h5 build, two people at once against the real server (demo seed: the
 * playground vote open, one ballot per household, counts hidden until close; 李阿姨 owns 1号楼
 * 2-103; 王建国 is his mother 王奶奶's confirmed carer):
 *   1. the committee opens the playground vote's live dashboard;
 *   2. 李阿姨, in care mode, votes from Home: a choice, the choice read back, then her receipt code;
 *   3. the committee's dashboard shows turnout move, without a reload, and no count of choices;
 *   4. 王建国 votes for his mother, as her carer; the committee enters a paper slip for a door;
 *   5. the committee closes the vote and publishes the result (each after a confirmation);
 *   6. 李阿姨's page turns to the published result; her kept receipt checks as counted, a tampered
 *      one does not;
 *   7. the committee drafts another, which residents do not see;
 *   8. every consultation page passes the audit (axe, and in care mode sizes), as a resident and as
 *      the committee, in both modes.
 *   9. the ownership roll (业主名册) is read-only while the demo's owners' decision is open, saying
 *      why; once it closes the committee corrects a unit's area (three decimals refused under the
 *      field) and names a co-owned unit's voter; an owners' decision opened afterwards counts the
 *      new total area in its gauges, and the roll is locked again; the page passes the audit.
 *  10. in a consultation's discussion 李阿姨 comments with a real JPEG; the committee's view shows
 *      the comment with its photo, loaded from the signed link; the detail page with the photo
 *      passes the resident's audit in both modes;
 *  11. the committee drafts with a discussion time and a voting window (a close before the opening
 *      named under its field first), edits the draft's title from the detail page, opens the
 *      discussion by hand and then may change only the window; compose and edit pass the audit.
 * Screenshots go to test-output/ (the README's are copied to docs/).
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  launchChromium,
  markWindow,
  notReloaded,
  openApp,
  realProblems,
  screenshot,
  settle,
  settledShot,
  signInAsResident,
  signInAsStaff,
  startServer,
  type AppPage,
  type RunningServer,
  careModeScript,
} from './support/h5';
import { auditPages, staffToken, visit, type Finding } from './support/page-audit';

const PLAYGROUND = '儿童游乐场改造';

describe('consultations in Chromium: vote, live turnout, close, receipt check and result', () => {
  let server: RunningServer;
  let browser: Browser;
  const apps: AppPage[] = [];
  let committee: Page;
  let resident: Page;
  let carer: Page;
  let consultationId = '';
  let receiptCode = '';

  async function open(careMode: boolean): Promise<Page> {
    const app = await openApp(browser, server.url, { initScript: careModeScript(careMode) });
    apps.push(app);
    return app.page;
  }
  const problems = () => apps.flatMap((app) => realProblems(app.problems));
  const turnoutVoted = async (page: Page) =>
    Number(await page.getByTestId('turnout-total').getAttribute('data-voted'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    // The playground vote's id, for the audit's routes (the pages reach it by taps below).
    const { token } = await staffToken(server.url, 'committee');
    const res = await fetch(`${server.url}/api/v1/consultations?pageSize=50`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const list = (await res.json()) as { items: { id: string; title: string }[] };
    consultationId = list.items.find((c) => c.title.includes(PLAYGROUND))!.id;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the committee’s live dashboard for the playground vote', async () => {
    committee = await open(false);
    await signInAsStaff(committee, 'committee');
    await committee.getByTestId('staff-entry').click({ timeout: 20_000 });
    await committee.getByTestId('staff-tool-consultations').click({ timeout: 20_000 });
    await committee
      .getByTestId('consultation-item')
      .filter({ hasText: PLAYGROUND })
      .click({ timeout: 20_000 });
    await committee.getByTestId('dashboard-link').click({ timeout: 20_000 });
    await committee.getByTestId('turnout-total').waitFor({ timeout: 20_000 });
    expect(await turnoutVoted(committee)).toBe(0);
    await committee.getByTestId('non-voter').first().waitFor({ timeout: 20_000 });
    await markWindow(committee);
  }, 90_000);

  it('lets 李阿姨, in care mode, vote from Home with a confirmation and get her receipt', async () => {
    resident = await open(true);
    await signInAsResident(resident, '李阿姨');
    await resident.getByTestId('tile-votes').click();
    await resident
      .getByTestId('consultation-item')
      .filter({ hasText: PLAYGROUND })
      .click({ timeout: 20_000 });
    await resident.getByTestId('vote-button').click({ timeout: 20_000 });
    const sheet = resident.getByTestId('vote-sheet');
    await sheet.getByRole('radio', { name: '沙池' }).click();
    await settledShot(resident, 'h5-consultations-vote-care.png');
    // Large targets in care mode: the choice and the button are at least 44 px tall (measured).
    const chip = await sheet.getByRole('radio', { name: '沙池' }).boundingBox();
    expect(chip!.height).toBeGreaterThanOrEqual(44);
    await sheet.getByTestId('vote-next').click();
    await expect(sheet.getByTestId('vote-readback').textContent()).resolves.toContain('沙池');
    await settledShot(resident, 'h5-consultations-confirm-care.png');
    await sheet.getByTestId('vote-confirm').click();
    receiptCode = (await sheet.getByTestId('receipt-code').textContent({ timeout: 20_000 }))!.trim();
    expect(receiptCode.length).toBeGreaterThanOrEqual(8);
    await settledShot(resident, 'h5-consultations-receipt-care.png');
    await sheet.getByTestId('vote-done').click();
    await resident.getByTestId('my-ballot').first().waitFor({ timeout: 20_000 });
    // Her receipt is kept on the phone; the check waits for the close.
    await expect(resident.getByTestId('kept-receipt').textContent()).resolves.toBe(receiptCode);
  }, 90_000);

  it('moves the committee’s turnout live, with no count of choices before close', async () => {
    await committee.locator('[data-testid="turnout-total"][data-voted="1"]').waitFor({ timeout: 15_000 });
    expect(await notReloaded(committee)).toBe(true);
    const shown = (await committee.getByTestId('turnout').textContent())!;
    expect(shown).not.toContain('沙池');
    expect(await committee.getByTestId('non-voter').filter({ hasText: '1号楼 2-103' }).count()).toBe(0);
    await settledShot(committee, 'h5-consultations-dashboard.png');
  }, 30_000);

  it('lets 王建国 vote for his mother as her confirmed carer', async () => {
    carer = await open(false);
    await signInAsResident(carer, '王建国');
    await visit(carer, `packages/consultations/pages/detail/index?id=${consultationId}`);
    const forMother = carer.getByTestId('vote-button').filter({ hasText: '王奶奶' });
    await forMother.click({ timeout: 20_000 });
    const sheet = carer.getByTestId('vote-sheet');
    await sheet.getByRole('radio', { name: '秋千和滑梯' }).click();
    await sheet.getByTestId('vote-next').click();
    await sheet.getByTestId('vote-confirm').click();
    await sheet.getByTestId('receipt-code').waitFor({ timeout: 20_000 });
    await sheet.getByTestId('vote-done').click();
    await carer.getByTestId('my-ballot').filter({ hasText: '王奶奶' }).waitFor({ timeout: 20_000 });
    await committee.locator('[data-testid="turnout-total"][data-voted="2"]').waitFor({ timeout: 15_000 });
  }, 60_000);

  it('lets the committee enter a paper slip for a door that has not voted', async () => {
    const door = committee.getByTestId('non-voter').first();
    const unit = (await door.getByText(/号楼/).first().textContent())!.trim();
    await committee.getByTestId('paper-entry').first().click();
    const sheet = committee.getByTestId('paper-sheet');
    await sheet.getByRole('radio', { name: '攀爬架' }).click();
    await sheet.getByTestId('paper-save').click();
    await committee.locator('[data-testid="turnout-total"][data-voted="3"]').waitFor({ timeout: 15_000 });
    // Turnout and the non-voters come in one fetch and one render: the instant the count moves, the
    // door is off the list (no wait; two fetches once lagged here).
    expect(await committee.getByTestId('non-voter').filter({ hasText: unit }).count()).toBe(0);
  }, 60_000);

  it('closes and publishes after a confirmation each; the resident sees the result and checks her receipt', async () => {
    await committee.goBack();
    await settle(committee);
    for (const move of ['close', 'publish']) {
      await committee.getByTestId(`move-${move}`).click({ timeout: 20_000 });
      await committee.locator('.taro-model__confirm').click({ timeout: 10_000 });
      await settle(committee, 800);
    }
    await committee
      .locator('[data-testid="consultation"][data-status="published"]')
      .waitFor({ timeout: 20_000 });

    // 李阿姨's page follows the status change by itself.
    await resident
      .locator('[data-testid="consultation"][data-status="published"]')
      .waitFor({ timeout: 20_000 });
    const results = resident.getByTestId('results');
    await results.waitFor({ timeout: 20_000 });
    await expect(results.textContent()).resolves.toContain('沙池');
    await expect(results.textContent()).resolves.toContain('共 3 票');
    const input = resident.getByTestId('receipt-input').locator('input');
    await expect(input.inputValue()).resolves.toBe(receiptCode);
    await resident.getByTestId('receipt-check').click();
    await expect(resident.getByTestId('receipt-result').textContent({ timeout: 20_000 })).resolves.toContain(
      '已计入',
    );
    await settledShot(resident, 'h5-consultations-check-care.png');
    // Taro scrolls inside its page, so a full-page shot stops at the viewport: bring the result up.
    await results.scrollIntoViewIfNeeded();
    await settle(resident, 400);
    await screenshot(resident, 'h5-consultations-result-care.png');

    // One character changed: not a ballot anyone cast.
    const last = receiptCode.slice(-1);
    const tampered = receiptCode.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    await input.fill(tampered);
    await resident.getByTestId('receipt-check').click();
    await resident.getByTestId('receipt-result').filter({ hasText: '未找到' }).waitFor({ timeout: 20_000 });
    expect(problems()).toEqual([]);
  }, 90_000);

  it('lets the committee draft a new consultation, which residents do not see until it opens', async () => {
    await visit(committee, 'packages/consultations/pages/compose/index');
    const fill = (testId: string, value: string) =>
      committee.getByTestId(testId).locator('input, textarea').fill(value);
    await fill('compose-title', '楼道自行车停放方案');
    await fill('compose-body', '请选择楼道自行车的停放方式。');
    await fill('compose-options', '统一停到车棚\n每层划线停放');
    await committee.getByTestId('compose-save').click();
    await committee
      .locator('[data-testid="consultation"][data-status="draft"]')
      .filter({ hasText: '楼道自行车停放方案' })
      .waitFor({ timeout: 20_000 });
    await expect(committee.getByTestId('move-openVoting').count()).resolves.toBe(1);
    await visit(resident, 'packages/consultations/pages/list/index');
    await resident.getByTestId('consultation-item').first().waitFor({ timeout: 20_000 });
    expect(await resident.getByTestId('consultation-item').filter({ hasText: '楼道自行车' }).count()).toBe(0);
  }, 60_000);

  it('passes the page audit as a resident and as the committee, in both modes', async () => {
    const findings: Finding[] = [];
    const detail = `packages/consultations/pages/detail/index?id=${consultationId}`;
    const residentPages = ['packages/consultations/pages/list/index', detail];
    const committeePages = [
      ...residentPages,
      `packages/consultations/pages/dashboard/index?id=${consultationId}`,
      'packages/consultations/pages/compose/index',
    ];
    const audited =
      (await auditPages(resident, residentPages, 'resident', findings)) +
      (await auditPages(committee, committeePages, 'committee', findings));
    expect(audited).toBe(2 * (residentPages.length + committeePages.length));
    expect(findings).toEqual([]);
  }, 240_000);
  describe('the committee’s ownership roll (业主名册)', () => {
    const LIFTS = '使用专项维修资金更换 1 号楼电梯';
    // As the pages write areas: 412050 → '4,120.50'.
    const m2 = (centi: number) =>
      `${Math.trunc(centi / 100).toLocaleString('en-US')}.${String(centi % 100).padStart(2, '0')}`;
    let token = '';
    let communityId = '';
    const call = async (method: string, route: string, body?: unknown, bearer = token) => {
      const res = await fetch(`${server.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as Record<string, unknown>;
    };
    const unitRow = (unit: string) =>
      committee.locator(`[data-testid="ownership-unit"][data-unit="${unit}"]`);
    const totalArea = async () =>
      Number(await committee.getByTestId('ownership-total-area').getAttribute('data-centi'));

    it('shows an open owners’ vote as the reason the roll is read-only, then lets the committee set an area and a co-owned unit’s voter', async () => {
      ({ token } = await staffToken(server.url, 'committee'));
      const list = (await call('get', '/consultations?pageSize=50')) as {
        items: { id: string; title: string; communityId: string }[];
      };
      const lifts = list.items.find((c) => c.title === LIFTS)!;
      communityId = lifts.communityId;

      // The demo's owners' decision is open over the whole community: every unit waits for its close.
      await visit(committee, 'packages/consultations/pages/list/index');
      await committee.getByTestId('ownership-link').click({ timeout: 20_000 });
      await committee.getByTestId('ownership-locked').filter({ hasText: LIFTS }).waitFor({ timeout: 20_000 });
      await unitRow('1号楼 2-103').click();
      await settle(committee);
      expect(await committee.getByTestId('ownership-sheet').count()).toBe(0);
      await call('post', `/consultations/${lifts.id}/transitions/close`);

      // 王建国 becomes his mother's co-owner of 1号楼 1-101 (asked as himself, approved by the committee).
      const accounts = (await (await fetch(`${server.url}/api/v1/auth/demo-accounts`)).json()) as {
        items: { id: string; displayName: string }[];
      };
      const son = accounts.items.find((a) => a.displayName === '王建国')!;
      const session = await fetch(`${server.url}/api/v1/auth/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: son.id }),
      });
      const { accessToken } = (await session.json()) as { accessToken: string };
      const roll = (await call('get', `/consultations/communities/${communityId}/units`)) as {
        units: { householdId: string; buildingName: string; unit: string; areaCenti: number }[];
      };
      const mothers = roll.units.find((u) => u.buildingName === '1号楼' && u.unit === '1-101')!;
      const asked = await call(
        'post',
        '/memberships',
        { householdId: mothers.householdId, relation: 'owner' },
        accessToken,
      );
      await call('post', `/memberships/${String(asked.id)}/approve`);

      await committee.reload();
      await committee.getByTestId('ownership-totals').waitFor({ timeout: 20_000 });
      expect(await committee.getByTestId('ownership-locked').count()).toBe(0);
      const before = await totalArea();
      const neighbour = unitRow('1号楼 2-103');
      const oldArea = Number(await neighbour.getAttribute('data-centi'));

      // An area with three decimals is refused under the field, and nothing changes.
      await neighbour.click();
      const sheet = committee.getByTestId('ownership-sheet');
      const area = sheet.getByTestId('ownership-area').locator('input');
      await area.fill('96.125');
      await sheet.getByTestId('ownership-save').click();
      await sheet.getByTestId('ownership-area-error').waitFor({ timeout: 20_000 });
      await area.fill('96.15');
      await sheet.getByTestId('ownership-save').click();
      await sheet.waitFor({ state: 'detached', timeout: 20_000 });
      await committee
        .locator('[data-testid="ownership-unit"][data-centi="9615"][data-unit="1号楼 2-103"]')
        .waitFor({
          timeout: 20_000,
        });
      expect(await totalArea()).toBe(before - oldArea + 9615);

      // The co-owned unit asks for its voter; the committee names 王奶奶.
      const coOwned = unitRow('1号楼 1-101');
      await expect(coOwned.textContent()).resolves.toContain('待指定投票人');
      await coOwned.click();
      await sheet.getByRole('radio', { name: '王奶奶' }).click();
      await sheet.getByTestId('ownership-save').click();
      await sheet.waitFor({ state: 'detached', timeout: 20_000 });
      await coOwned.filter({ hasText: '投票人：王奶奶' }).waitFor({ timeout: 20_000 });
      // The totals on screen and the saved toast gone (it stays 3 s), for the README's picture.
      await committee.getByTestId('ownership-totals').scrollIntoViewIfNeeded();
      await settle(committee, 3200);
      await screenshot(committee, 'h5-consultations-ownership.png');
    }, 120_000);

    it('counts the new total area in the gauges of an owners’ decision opened afterwards, and locks the roll again', async () => {
      const roll = (await call('get', `/consultations/communities/${communityId}/units`)) as {
        totals: { areaCenti: number };
      };
      const lifts = (
        (await call('get', '/consultations?pageSize=50')) as {
          items: { title: string; votingClosesAt: string }[];
        }
      ).items.find((c) => c.title === LIFTS)!;
      const decision = await call('post', '/consultations', {
        communityId,
        title: '使用专项维修资金修缮屋面防水',
        body: '屋面渗漏，拟使用专项维修资金修缮。',
        eligibility: 'owner',
        matter: 'useMaintenanceFund',
        ballot: { kind: 'approval' },
        resultsHidden: true,
        secretBallot: true,
        allowChange: false,
        votingClosesAt: lifts.votingClosesAt,
        attachmentIds: [],
      });
      await call('post', `/consultations/${String(decision.id)}/transitions/openVoting`);

      await visit(committee, `packages/consultations/pages/dashboard/index?id=${String(decision.id)}`);
      const gauge = committee.locator('[data-testid="gauge"][data-gauge="participationArea"]');
      await gauge.waitFor({ timeout: 20_000 });
      await expect(gauge.textContent()).resolves.toContain(`/ ${m2(roll.totals.areaCenti)} m²`);

      // From the dashboard back to the roll: now held by the vote just opened.
      await committee.getByTestId('ownership-link').click();
      await committee
        .getByTestId('ownership-locked')
        .filter({ hasText: '使用专项维修资金修缮屋面防水' })
        .waitFor({ timeout: 20_000 });
      expect(problems()).toEqual([]);
    }, 90_000);

    it('passes the page audit as the committee, in both modes', async () => {
      const findings: Finding[] = [];
      const audited = await auditPages(
        committee,
        [`packages/consultations/pages/ownership/index?communityId=${communityId}`],
        'committee',
        findings,
      );
      expect(audited).toBe(2);
      expect(findings).toEqual([]);
    }, 120_000);
  });
  describe('photos in the discussion', () => {
    const TOPIC = '小区健身角选址';
    const SAID = '建议放在 3 号楼东侧的空地，附现场照片';
    let discussionId = '';

    it('lets 李阿姨 comment with a photo, and the committee sees it, loaded', async () => {
      // A consultation in its discussion phase, opened by the committee through the API.
      const { token } = await staffToken(server.url, 'committee');
      const call = async (route: string, body: unknown) => {
        const res = await fetch(`${server.url}/api/v1${route}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBeLessThan(300);
        return (await res.json()) as { id: string };
      };
      const list = (await (
        await fetch(`${server.url}/api/v1/consultations?pageSize=50`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { items: { communityId: string; votingClosesAt: string }[] };
      const { communityId, votingClosesAt } = list.items[0];
      discussionId = (
        await call('/consultations', {
          communityId,
          title: TOPIC,
          body: '健身角放在哪里，请大家说说看法。',
          eligibility: 'household',
          ballot: { kind: 'single', options: ['3 号楼东侧', '中心花园北侧'] },
          votingClosesAt,
          attachmentIds: [],
        })
      ).id;
      await call(`/consultations/${discussionId}/transitions/openDiscussion`, undefined);

      await visit(resident, `packages/consultations/pages/detail/index?id=${discussionId}`);
      const composer = resident.getByTestId('comment-composer');
      await composer.waitFor({ timeout: 20_000 });
      await composer.getByTestId('comment-input').locator('textarea').fill(SAID);
      // A real photo, as a phone would give it: the server sniffs and re-encodes it.
      const photo = await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 110, g: 170, b: 90 } },
      })
        .jpeg()
        .toBuffer();
      const chooser = resident.waitForEvent('filechooser');
      await composer.getByTestId('comment-add-photo').click();
      await (await chooser).setFiles({ name: 'corner.jpg', mimeType: 'image/jpeg', buffer: photo });
      await composer.getByTestId('comment-photos').getByRole('button').first().waitFor({ timeout: 20_000 });
      await composer.getByTestId('comment-post').click();
      const mine = resident.getByTestId('comment').filter({ hasText: SAID });
      await mine.waitFor({ timeout: 20_000 });
      // Posted: the composer is empty again, photos included.
      await expect(composer.getByTestId('comment-photos').count()).resolves.toBe(0);

      await visit(committee, `packages/consultations/pages/detail/index?id=${discussionId}`);
      const seen = committee.getByTestId('comment').filter({ hasText: SAID });
      await seen.waitFor({ timeout: 20_000 });
      const img = seen.locator('img');
      await expect(img.count()).resolves.toBe(1);
      // The signed thumbnail from the server, decoded: not a broken image.
      await committee.waitForFunction(
        (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
        await img.elementHandle(),
        { timeout: 20_000 },
      );
      expect(await img.getAttribute('src')).toContain('/thumb?exp=');
      await seen.scrollIntoViewIfNeeded();
      await settledShot(committee, 'h5-consultations-comment-photo.png');
      expect(problems()).toEqual([]);
    }, 120_000);

    it('passes the page audit with the photo, as a resident, in both modes', async () => {
      const findings: Finding[] = [];
      const audited = await auditPages(
        resident,
        [`packages/consultations/pages/detail/index?id=${discussionId}`],
        'resident',
        findings,
      );
      expect(audited).toBe(2);
      expect(findings).toEqual([]);
    }, 120_000);
  });

  describe('the committee schedules and edits a draft', () => {
    const DRAFT = '楼顶晾衣区改造';
    const RENAMED = '楼顶晾衣区改造（修订）';
    /** Now plus some days as the wall time the committee types (Asia/Shanghai, UTC+8). */
    const shanghaiIn = (days: number) =>
      new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const input = (testId: string) => committee.getByTestId(testId).locator('input, textarea');
    const fill = (testId: string, value: string) => input(testId).fill(value);
    let draftId = '';

    it('refuses a close before the opening under its field, then saves the schedule', async () => {
      await visit(committee, 'packages/consultations/pages/compose/index');
      await fill('compose-title', DRAFT);
      await fill('compose-body', '健身角放在北门绿地还是中心花园？');
      await fill('compose-options', '北门绿地\n中心花园');
      // Only 1号楼 is asked.
      const oneBuilding = committee.getByTestId('compose-buildings').getByText('1号楼', { exact: true });
      await committee.getByTestId('compose-audience').getByText('指定楼栋').click();
      await oneBuilding.click({ timeout: 20_000 });
      await fill('compose-discussionOpensAt', shanghaiIn(1));
      await fill('compose-votingOpensAt', shanghaiIn(3));
      await fill('compose-votingClosesAt', shanghaiIn(2));
      await committee.getByTestId('compose-save').click();
      const error = committee.getByTestId('compose-votingClosesAt-error');
      await error.waitFor({ timeout: 20_000 });
      await expect(error.textContent()).resolves.toContain('须晚于投票开始时间');
      // Only that field is named, and nothing was saved: the page is still the form.
      await expect(committee.locator('.field-error').count()).resolves.toBe(1);
      await settledShot(committee, 'h5-consultations-compose-schedule-error.png');

      await fill('compose-votingClosesAt', shanghaiIn(6));
      // 指定楼栋 with no building left chosen is refused under the field, and nothing is saved.
      await oneBuilding.click();
      await committee.getByTestId('compose-save').click();
      await expect(
        committee.getByTestId('compose-buildingIds-error').textContent({ timeout: 20_000 }),
      ).resolves.toContain('请至少选择一栋楼');
      await oneBuilding.click();
      await committee.getByTestId('compose-save').click();
      const draft = committee
        .locator('[data-testid="consultation"][data-status="draft"]')
        .filter({ hasText: DRAFT });
      await draft.waitFor({ timeout: 20_000 });
      const { token } = await staffToken(server.url, 'committee');
      const list = (await (
        await fetch(`${server.url}/api/v1/consultations?pageSize=100&status=draft`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as {
        items: {
          id: string;
          communityId: string;
          title: string;
          votingClosesAt: string;
        }[];
      };
      const saved = list.items.find((c) => c.title === DRAFT)!;
      draftId = saved.id;
      const buildings = (await (
        await fetch(`${server.url}/api/v1/communities/${saved.communityId}/buildings`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { items: { id: string; name: string }[] };
      // Saved for that one building, and the detail says so.
      const detail = (await (
        await fetch(`${server.url}/api/v1/consultations/${saved.id}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { buildingIds: string[] };
      expect(detail.buildingIds).toEqual([buildings.items.find((b) => b.name === '1号楼')!.id]);
      await expect(
        committee.getByTestId('consultation-audience').textContent({ timeout: 20_000 }),
      ).resolves.toBe('范围：1号楼');
      // Sent as the instant the wall time names: six days on, to the minute.
      expect(Math.abs(Date.parse(saved.votingClosesAt) - (Date.now() + 6 * 86_400_000))).toBeLessThan(
        5 * 60_000,
      );
    }, 90_000);

    it('edits the draft’s title from the detail page, then opens the discussion by hand', async () => {
      await committee.getByTestId('edit-link').click({ timeout: 20_000 });
      // The audience comes back as chosen (its chips show only once the draft is prefilled), so
      // saving the rename keeps it.
      await expect(
        committee
          .getByTestId('compose-buildings')
          .locator('[aria-checked="true"]')
          .textContent({ timeout: 20_000 }),
      ).resolves.toBe('1号楼');
      await expect(input('compose-title').inputValue({ timeout: 20_000 })).resolves.toBe(DRAFT);
      await expect(input('compose-votingOpensAt').inputValue()).resolves.toBe(shanghaiIn(3));
      await fill('compose-title', RENAMED);
      await committee.getByTestId('compose-save').click();
      await committee
        .locator('[data-testid="consultation"][data-status="draft"]')
        .filter({ hasText: RENAMED })
        .waitFor({ timeout: 20_000 });
      await expect(committee.getByTestId('consultation-audience').textContent()).resolves.toBe('范围：1号楼');

      await committee.getByTestId('move-openDiscussion').click({ timeout: 20_000 });
      await committee.locator('.taro-model__confirm').click({ timeout: 10_000 });
      await committee
        .locator('[data-testid="consultation"][data-status="discussion"]')
        .waitFor({ timeout: 20_000 });
      // In discussion the edit keeps only the voting window, and says so.
      await committee.getByTestId('edit-link').click({ timeout: 20_000 });
      await committee.getByTestId('compose-window-only').waitFor({ timeout: 20_000 });
      await expect(committee.getByTestId('compose-title').count()).resolves.toBe(0);
      await expect(committee.getByTestId('compose-votingClosesAt').count()).resolves.toBe(1);
      expect(problems()).toEqual([]);
    }, 90_000);

    it('passes the page audit as the committee, in both modes, new and editing', async () => {
      const { token } = await staffToken(server.url, 'committee');
      const list = (await (
        await fetch(`${server.url}/api/v1/consultations?pageSize=100&status=draft`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { items: { id: string }[] };
      const findings: Finding[] = [];
      const routes = [
        'packages/consultations/pages/compose/index',
        // A draft's full form, and the discussion's window-only form.
        `packages/consultations/pages/compose/index?id=${list.items[0]!.id}`,
        `packages/consultations/pages/compose/index?id=${draftId}`,
      ];
      const audited = await auditPages(committee, routes, 'committee', findings);
      expect(audited).toBe(2 * routes.length);
      expect(findings).toEqual([]);
    }, 180_000);
  });
});
