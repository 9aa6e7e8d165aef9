/**
 * The mini-program build: runs `taro build --type weapp` once (or reuses a build newer than every
 * source) and checks what WeChat will see: the pages, the staff subpackage, and the main package
 * under WeChat's 2 MB limit with room to spare (we hold it to 1 MB).
 */
import fs from 'node:fs';
import path from 'node:path';

const { ensureBuild, outputDir } = require('../scripts/ensure-build') as {
  ensureBuild: (
    platform: string,
    options?: { log?: (line: string) => void },
  ) => { built: boolean; ms: number };
  outputDir: (platform: string) => string;
};

const MAIN_PACKAGE_LIMIT = 1024 * 1024;

function sizeOf(entry: string, skip: (rel: string) => boolean, root = entry): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of fs.readdirSync(entry)) {
    const child = path.join(entry, name);
    const rel = path.relative(root, child).split(path.sep).join('/');
    if (!skip(rel)) total += sizeOf(child, skip, root);
  }
  return total;
}

describe('weapp build', () => {
  const dir = outputDir('weapp');
  let appJson: {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
    tabBar: { list: unknown[] };
  };

  beforeAll(() => {
    const { built, ms } = ensureBuild('weapp', { log: () => undefined });
    console.log(built ? `weapp build took ${(ms / 1000).toFixed(1)} s` : 'weapp build reused (fresh)');
    appJson = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  }, 240_000);

  it('lists the main pages and the tab bar', () => {
    expect(appJson.pages).toEqual(
      expect.arrayContaining([
        'pages/home/index',
        'pages/notices/index',
        'pages/me/index',
        'pages/login/index',
      ]),
    );
    expect(appJson.pages[0]).toBe('pages/home/index');
    expect(appJson.tabBar.list).toHaveLength(3);
    for (const page of appJson.pages) expect(fs.existsSync(path.join(dir, `${page}.js`))).toBe(true);
  });

  it('puts the staff pages in a subpackage, not the main package', () => {
    const staff = appJson.subPackages?.find((p) => p.root === 'packages/staff');
    expect(staff?.pages).toContain('pages/index/index');
    expect(appJson.pages.some((p) => p.startsWith('packages/'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'packages/staff/pages/index/index.js'))).toBe(true);
  });

  it('keeps the main package under 1 MB', () => {
    const roots = (appJson.subPackages ?? []).map((p) => p.root);
    const skip = (rel: string) =>
      rel.endsWith('.map') ||
      rel === '.build-stamp' ||
      roots.some((root) => rel === root || rel.startsWith(`${root}/`));
    const main = sizeOf(dir, skip);
    const staff = sizeOf(path.join(dir, 'packages/staff'), (rel) => rel.endsWith('.map'));
    console.log(
      `weapp main package ${(main / 1024).toFixed(1)} KB, staff subpackage ${(staff / 1024).toFixed(1)} KB`,
    );
    expect(main).toBeLessThanOrEqual(MAIN_PACKAGE_LIMIT);
  });

  it('never evaluates code from strings (mini-programs forbid it): zod runs jitless', () => {
    const appJs = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(appJs).toMatch(/jitless:\s*(!0|true)/);
  });
});
