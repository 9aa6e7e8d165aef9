/**
 * Auditing pages of the h5 build as a person meets them: open a route as a link would, run axe-core
 * on what is on screen, and in care mode measure tap targets and text sizes from the laid-out page.
 * Every service's browser test audits its own pages with auditPages (resident and staff, both modes).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { auditCare } from './care-audit';
import { DEMO_PASSWORD, setCareMode, settle } from './h5';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A staff member's access token and grants, for setting up a page test over the API. */
export async function staffToken(
  serverUrl: string,
  username: string,
): Promise<{ token: string; me: StaffMe }> {
  const res = await fetch(`${serverUrl}/api/v1/auth/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { accessToken, user } = (await res.json()) as { accessToken: string; user: StaffMe };
  return { token: accessToken, me: user };
}
export interface StaffMe {
  grants: { role: string; communityId: string; providerId?: string }[];
}

export async function signInAsStaffUser(page: Page, username: string): Promise<void> {
  await page.getByTestId('staff-sign-in-link').waitFor({ timeout: 20_000 });
  await page.getByTestId('staff-sign-in-link').click();
  await page.locator('input[aria-label="用户名"]').fill(username);
  await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('greeting').waitFor({ timeout: 20_000 });
}

/** Opens a page by its route, as a link would, and waits until its content has settled. */
export async function visit(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/${route}`);
  await page
    .waitForFunction(
      (r) =>
        window.location.hash.startsWith(`#/${r}`) &&
        !document.querySelector('.taro_page [data-testid="skeleton"]:not([hidden])'),
      route,
      { timeout: 20_000 },
    )
    .catch(() => undefined);
  await settle(page, 900);
}

export interface Finding {
  page: string;
  mode: string;
  problems: string[];
}

/** axe-core on the page on screen (Taro keeps earlier pages hidden in the DOM; axe skips hidden). */
export async function axeSerious(page: Page): Promise<string[]> {
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe);
  // Through the DevTools protocol, which the app's CSP (no inline scripts) does not govern.
  if (injected === 'undefined') await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 4)
            .join(', ')}`,
      );
  });
  return violations;
}

export async function auditPages(
  page: Page,
  routes: string[],
  who: string,
  findings: Finding[],
): Promise<number> {
  let audited = 0;
  for (const care of [false, true]) {
    await setCareMode(page, care);
    for (const route of routes) {
      await visit(page, route);
      const problems = await axeSerious(page);
      if (care) {
        const measured = await auditCare(page);
        expect(measured.careOn).toBe(true);
        problems.push(...measured.smallText.map((p) => `text < 18px: ${p}`));
        problems.push(...measured.shortTargets.map((p) => `target < 44px: ${p}`));
        problems.push(...measured.unlabelled.map((p) => `no name: ${p}`));
      }
      audited += 1;
      if (problems.length > 0)
        findings.push({ page: `${who} ${route}`, mode: care ? 'care' : 'normal', problems });
    }
  }
  await setCareMode(page, false);
  return audited;
}
