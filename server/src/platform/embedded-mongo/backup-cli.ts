/**
 * A consistent copy of an embedded store's data folder, whether or not a store is running on it:
 *
 *   npm run db:backup -- --dbpath ./data/db --out ./backups/2026-12-06
 *
 * Running store: asked over its lock socket (mongod.sock) to write its state at this instant as one
 * snapshot into --out. No store: the folder is locked here (so none can start meanwhile) and its
 * snapshot and journals are copied as they are. Either way --out is a data folder: restore by
 * stopping the store and starting it with --dbpath pointing at the copy (or moving the copy into
 * place). Relative paths resolve against where npm was invoked (INIT_CWD). Exits non-zero with a
 * message when it cannot make the copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { acquireFolderLock, askHolder } from './durability/folder-lock';
import { listDbFiles, fsyncDir } from './durability/files';

const USAGE = 'usage: npm run db:backup -- --dbpath ./data/db --out ./backups/<name>';

function parseArgs(argv: string[]): { dbPath: string; out: string } {
  const base = process.env.INIT_CWD ?? process.cwd();
  let dbPath = './data/db';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--dbpath' || flag === '--dbPath') dbPath = value;
    else if (flag === '--out') out = value;
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (!out) throw new Error(`--out is required\n${USAGE}`);
  return { dbPath: path.resolve(base, dbPath), out: path.resolve(base, out) };
}

async function main(): Promise<void> {
  const { dbPath, out } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(dbPath)) throw new Error(`no data folder at ${dbPath}`);
  const reply = await askHolder(dbPath, { op: 'backup', to: out }, 120_000);
  if (reply) {
    if (reply.ok !== true) throw new Error(`the running store could not back up: ${String(reply.error)}`);
    console.log(JSON.stringify({ from: 'running store', dbPath, ...reply }));
    return;
  }
  // Nobody runs there: hold the folder ourselves while copying, so no store starts and compacts.
  const lock = await acquireFolderLock(dbPath);
  try {
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0)
      throw new Error(`backup folder ${out} is not empty`);
    fs.mkdirSync(out, { recursive: true });
    const files = listDbFiles(dbPath);
    for (const { file } of [...files.snapshots, ...files.journals]) {
      fs.copyFileSync(file, path.join(out, path.basename(file)));
      const fd = fs.openSync(path.join(out, path.basename(file)), 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    fsyncDir(out);
    console.log(JSON.stringify({ from: 'stopped store', dbPath, ok: true, dir: out }));
  } finally {
    await lock.release();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
