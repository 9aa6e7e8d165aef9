/**
 * The mini-program package as WeChat loads it: every page app.json names (main and subpackages)
 * exists with its .js, .wxml and .json; no bundle builds code from strings (WeChat forbids eval and
 * new Function; zod runs jitless, and the few such sites left in vendor code are listed below with
 * why they are never reached); the main package within 1 MB and each subpackage within 2 MB.
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
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024;

/**
 * Dynamic code sites found in the build, each with the text around it and why it never runs in
 * WeChat. A new site (a dependency update, a new library) fails the test until someone has looked.
 */
const KNOWN_SITES: Array<{ file: string | readonly string[]; around: RegExp; why: string }> = [
  {
    file: 'runtime.js',
    around:
      /if\("object"===typeof globalThis\)return globalThis;try\{return this\|\|new Function\("return this"\)\(\)\}catch/,
    why: "webpack's global lookup: globalThis exists in WeChat's runtime, and the fallback is in try/catch",
  },
  {
    // Where the bundler puts engine.io-client depends on how the pages share it: app.js or vendors.js.
    file: ['app.js', 'vendors.js'],
    around: /"undefined"!==typeof self\?self:"undefined"!==typeof \w+\?\w+:Function\("return this"\)\(\)/,
    why: "engine.io-client's global shim: Taro's build provides window, so the Function branch is never taken",
  },
  {
    file: 'vendors.js',
    around: /compile\(\)\{const \w+=Function,/,
    why: "zod's JIT compiler (Doc.compile): only used when jit is on; client/src/zod-setup.ts turns it off first",
  },
  {
    file: 'vendors.js',
    around: /try\{const \w+=Function;return new \w+\(""\),!0\}catch/,
    why: "zod's allowsEval probe: read only when jit is on, and in try/catch",
  },
];

/** eval(…), new Function(…), Function(…) called, or Function taken into a variable to call later. */
const DYNAMIC_CODE = /\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w$])Function\s*\(|=\s*Function\s*[,;)]/g;

function filesUnder(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, root);
    return [path.relative(root, full).split(path.sep).join('/')];
  });
}

describe('the weapp package as WeChat runs it', () => {
  const dir = outputDir('weapp');
  let appJson: { pages: string[]; subPackages?: { root: string; pages: string[] }[] };
  let files: string[];

  beforeAll(() => {
    ensureBuild('weapp', { log: () => undefined });
    appJson = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    files = filesUnder(dir).filter((f) => !f.endsWith('.map') && f !== '.build-stamp');
  }, 240_000);

  it('has every page of app.json, main and subpackages, with its .js, .wxml and .json', () => {
    const pages = [
      ...appJson.pages,
      ...(appJson.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`)),
    ];
    expect(pages.length).toBeGreaterThan(10);
    const missing = pages.flatMap((page) =>
      ['.js', '.wxml', '.json'].map((ext) => `${page}${ext}`).filter((file) => !files.includes(file)),
    );
    expect(missing).toEqual([]);
    // Each page's JSON parses (WeChat refuses the package otherwise).
    for (const page of pages)
      expect(() => JSON.parse(fs.readFileSync(path.join(dir, `${page}.json`), 'utf8'))).not.toThrow();
  });

  it('builds no code from strings, beyond the known sites that never run in WeChat', () => {
    const found: Array<{ file: string; text: string }> = [];
    const seen = new Set<number>();
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(DYNAMIC_CODE)) {
        const start = Math.max(0, match.index - 120);
        const text = source.slice(start, match.index + 80);
        const known = KNOWN_SITES.findIndex(
          (site) => [site.file].flat().includes(file) && site.around.test(text),
        );
        if (known >= 0) {
          seen.add(known);
          continue;
        }
        found.push({ file, text });
      }
    }
    expect(found).toEqual([]);
    // The scan does find them (so it would find a new one); a site gone from the build is pruned here.
    expect(KNOWN_SITES.filter((_, i) => !seen.has(i)).map((site) => site.why)).toEqual([]);
    // zod's jit is off before any schema runs: app.js imports zod-setup first.
    const appJs = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(appJs).toMatch(/jitless:\s*(!0|true)/);
  });

  it('keeps the main package within 1 MB and each subpackage within 2 MB', () => {
    const subRoots = (appJson.subPackages ?? []).map((sub) => sub.root);
    const size = (file: string) => fs.statSync(path.join(dir, file)).size;
    const inRoot = (file: string, root: string) => file.startsWith(`${root}/`);
    const main = files
      .filter((f) => !subRoots.some((root) => inRoot(f, root)))
      .reduce((sum, f) => sum + size(f), 0);
    expect(main).toBeGreaterThan(0);
    expect(main).toBeLessThanOrEqual(MAIN_PACKAGE_LIMIT);
    for (const root of subRoots) {
      const sub = files.filter((f) => inRoot(f, root)).reduce((sum, f) => sum + size(f), 0);
      expect({ root, withinLimit: sub > 0 && sub <= SUBPACKAGE_LIMIT }).toEqual({ root, withinLimit: true });
    }
  });
});
