/**
 * Where a jest run keeps its temporary files. The global setup makes one folder per run and points
 * TMPDIR at it, so everything the tests (and the processes they start: stores, servers, Chromium)
 * put in os.tmpdir() lands there and not among other runs' files. Tests still remove what they make:
 * the global teardown fails the run, naming them, if anything is left inside, then removes the folder.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RUN_ROOT_PREFIX = 'linli-jest-run-';
const ENV_KEY = 'LINLI_JEST_RUN_ROOT';

/**
 * Caches tools keep in the temporary folder on purpose, across runs: tsx's compile cache (servers
 * and stores the tests start run under tsx) and jiti's (Taro loads its build config with it).
 * Linked to the real ones so runs stay fast; not a leak.
 */
const toolCaches = () => [`tsx-${process.geteuid ? process.geteuid() : os.userInfo().username}`, 'jiti'];

function createRunRoot() {
  const systemTmp = os.tmpdir();
  const root = fs.mkdtempSync(path.join(systemTmp, RUN_ROOT_PREFIX));
  for (const name of toolCaches()) {
    fs.mkdirSync(path.join(systemTmp, name), { recursive: true, mode: 0o700 });
    fs.symlinkSync(path.join(systemTmp, name), path.join(root, name));
  }
  process.env[ENV_KEY] = root;
  process.env.TMPDIR = root;
  return root;
}

/** What is left in the run's folder, then the folder removed; [] when the tests cleaned up. */
function removeRunRoot() {
  const root = process.env[ENV_KEY];
  if (!root || !fs.existsSync(root)) return [];
  const caches = new Set(toolCaches());
  const left = fs
    .readdirSync(root)
    .filter((name) => !caches.has(name))
    .sort();
  // rm removes the cache links themselves, not what they point at.
  fs.rmSync(root, { recursive: true, force: true });
  return left;
}

module.exports = { createRunRoot, removeRunRoot, ENV_KEY };
