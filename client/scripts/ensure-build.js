#!/usr/bin/env node
/**
 * Builds the client for a platform (h5 by default) unless dist/<platform> is newer than every
 * source it is built from (client/src, client/config, shared/src, the build config files).
 * Used by the root `npm start` (so `/` serves the current app) and by the tests (one build shared
 * by every test). Concurrent callers are serialised by a lock directory: the second one waits and
 * then finds the build fresh.
 *
 *   node client/scripts/ensure-build.js [h5|weapp] [--force]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const clientDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(clientDir, '..');
const SOURCES = [
  path.join(clientDir, 'src'),
  path.join(clientDir, 'config'),
  path.join(clientDir, 'types'),
  path.join(clientDir, 'package.json'),
  path.join(clientDir, 'babel.config.js'),
  path.join(clientDir, 'project.config.json'),
  path.join(repoRoot, 'shared', 'src'),
];
const STAMP = '.build-stamp';
const LOCK_STALE_MS = 5 * 60 * 1000;

function newestSourceMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry))
    newest = Math.max(newest, newestSourceMtime(path.join(entry, name)));
  return newest;
}

function outputDir(platform) {
  return path.join(clientDir, 'dist', platform);
}

/** The build's time, from the stamp written after it succeeded; 0 when there is none. */
function builtAt(platform) {
  try {
    return fs.statSync(path.join(outputDir(platform), STAMP)).mtimeMs;
  } catch {
    return 0;
  }
}

function isFresh(platform) {
  const built = builtAt(platform);
  return built > 0 && built >= Math.max(...SOURCES.map(newestSourceMtime));
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(platform) {
  const lock = path.join(clientDir, 'dist', `.${platform}-build.lock`);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return lock;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS)
          fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      sleep(500);
    }
  }
}

/** Returns { built, ms }: whether a build ran and how long it took. Throws if the build fails. */
function ensureBuild(platform = 'h5', { force = false, log = console.log } = {}) {
  if (!['h5', 'weapp'].includes(platform)) throw new Error(`unknown platform ${platform}`);
  if (!force && isFresh(platform)) return { built: false, ms: 0 };
  const lock = acquireLock(platform);
  try {
    if (!force && isFresh(platform)) return { built: false, ms: 0 };
    log(`[client] building ${platform} (sources changed or no build yet)…`);
    const started = Date.now();
    const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [clientDir] });
    const result = spawnSync(process.execPath, [taro, 'build', '--type', platform], {
      cwd: clientDir,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      throw new Error(
        `taro build --type ${platform} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    fs.writeFileSync(path.join(outputDir(platform), STAMP), new Date().toISOString() + '\n');
    const ms = Date.now() - started;
    log(`[client] ${platform} built in ${(ms / 1000).toFixed(1)} s`);
    return { built: true, ms };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = { ensureBuild, isFresh, outputDir };

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    ensureBuild(args.find((a) => !a.startsWith('--')) ?? 'h5', { force: args.includes('--force') });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
