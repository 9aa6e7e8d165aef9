/**
 * The mini-program build: runs `taro build --type weapp` once (or reuses a build newer than every
 * source) and checks what WeChat will see: the pages, the staff subpackage, the main package
 * under WeChat's 2 MB limit with room to spare (we hold it to 1 MB), and what its screen reader
 * gets: aria-role / aria-label on the templates and a name on every tappable element.
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

  it('lets aria-role, aria-label and aria-hidden through every template that can be tapped or is an image', () => {
    const wxml = fs.readFileSync(path.join(dir, 'base.wxml'), 'utf8');
    const elements = wxml.match(/<(view|text|button|image|input|textarea)\s[^>]*>/g) ?? [];
    // Taro renders a View whose only prop is a tap handler with a bare "click-view" template (no
    // attributes to bind); any label makes it a full view, and the next test refuses unlabelled taps.
    const bareClickView = /^<view style="\{\{i\.st\}\}" class="\{\{i\.cl\}\}" bindtap="eh"\s+id=/;
    const tappable = elements.filter((tag) => tag.includes('bindtap=') && !bareClickView.test(tag));
    const images = elements.filter((tag) => tag.startsWith('<image'));
    expect(tappable.length).toBeGreaterThan(3);
    expect(images.length).toBeGreaterThan(0);
    for (const tag of [...tappable, ...images]) {
      expect(tag).toMatch(/ aria-role="\{\{i\.p\d+\}\}"/);
      expect(tag).toMatch(/ aria-label="\{\{i\.p\d+\}\}"/);
    }
    // The runtime names a component's attributes p0, p1… in sorted order; the templates must have
    // numbered the same set the same way, or labels would land in another attribute.
    const view = elements.find((tag) => tag.startsWith('<view') && tag.includes('aria-label'))!;
    const bound = [...view.matchAll(/ ([a-z-]+)="\{\{[^}]*?i\.p(\d+)[^}]*\}\}"/g)].map(([, name, n]) => ({
      name,
      n: Number(n),
    }));
    const sorted = [...bound].sort((a, b) => (a.name < b.name ? -1 : 1)).map((b) => b.name);
    expect([...bound].sort((a, b) => a.n - b.n).map((b) => b.name)).toEqual(sorted);
    // …and the runtime's list gets the same attributes (a11y/weapp-aria.ts, before the first render).
    const appJs = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(appJs).toMatch(/"aria-role":""/);
    expect(appJs).toMatch(/"aria-hidden":""/);
  });

  it('gives every tappable element in the compiled pages and components a name or a role', () => {
    const roots = ['pages', 'packages'];
    const files = ['app.js', 'common.js'].map((f) => path.join(dir, f));
    const walk = (folder: string) => {
      for (const name of fs.readdirSync(folder)) {
        const child = path.join(folder, name);
        if (fs.statSync(child).isDirectory()) walk(child);
        else if (name.endsWith('.js')) files.push(child);
      }
    };
    for (const root of roots) walk(path.join(dir, root));
    const unnamed: string[] = [];
    let handlers = 0;
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      for (const props of propsObjectsWith(code, 'onClick:')) {
        handlers += 1;
        if (!/(^|[,{])(ariaLabel|ariaRole):/.test(props))
          unnamed.push(`${path.relative(dir, file)}: ${props.slice(0, 160)}`);
      }
    }
    // A floor that shows the scan finds handlers at all. Pages reach taps through the kit (Action,
    // ListItem, Card, Choice…), so most handler sites are the kit's own in common.js, and the count
    // falls as pages move onto it (16 when the last pages did); the names are what this test checks.
    expect(handlers).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });

  it('never evaluates code from strings (mini-programs forbid it): zod runs jitless', () => {
    const appJs = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(appJs).toMatch(/jitless:\s*(!0|true)/);
  });
});

/**
 * The top level of each object literal that has `key` at its own level (a JSX props object in the
 * minified output: `{className:"x",onClick:…,ariaLabel:…}`), nested objects and calls blanked.
 */
function propsObjectsWith(code: string, key: string): string[] {
  const found: string[] = [];
  for (let at = code.indexOf(key); at !== -1; at = code.indexOf(key, at + key.length)) {
    let depth = 0;
    let start = -1;
    for (let i = at - 1; i >= 0; i--) {
      const c = code[i];
      if (c === '}' || c === ')' || c === ']') depth += 1;
      else if (c === '{' || c === '(' || c === '[') {
        if (depth === 0) {
          start = i;
          break;
        }
        depth -= 1;
      }
    }
    if (start === -1 || code[start] !== '{') continue;
    let end = start + 1;
    let level = '';
    for (depth = 0; end < code.length; end++) {
      const c = code[end];
      if (c === '{' || c === '(' || c === '[') depth += 1;
      else if (c === '}' || c === ')' || c === ']') {
        if (depth === 0) break;
        depth -= 1;
      } else if (depth === 0) level += c;
      if (depth > 0 && level[level.length - 1] !== '…') level += '…';
    }
    found.push(`{${level}`);
  }
  return found;
}
