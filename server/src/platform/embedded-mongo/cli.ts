/**
 * Runs the embedded store on its own:  npm run db -- --port 27017 --dbpath ./data/db
 *
 * Prints the URI once listening; stops cleanly (journal flushed, lock released) on SIGINT/SIGTERM.
 * A relative --dbpath is resolved against the directory `npm run` was invoked from (INIT_CWD):
 * npm runs workspace scripts inside server/, which is not where the user typed the command.
 */
import path from 'node:path';
import { startEmbeddedMongo } from './index';

interface CliOptions {
  port: number;
  host: string;
  dbPath: string | null;
}

const USAGE = `usage: npm run db -- [--port 27017] [--host 127.0.0.1] [--dbpath ./data/db | --memory]`;

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 27017, host: '127.0.0.1', dbPath: './data/db' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port\n${USAGE}`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--dbpath':
      case '--dbPath':
        options.dbPath = value();
        break;
      case '--memory':
        options.dbPath = null;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

const log = (level: string) => (obj: object, msg?: string) =>
  console.error(JSON.stringify({ level, time: new Date().toISOString(), msg, ...obj }));

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  const dbPath = options.dbPath === null ? null : path.resolve(baseDir, options.dbPath);
  const store = await startEmbeddedMongo({
    dbPath,
    host: options.host,
    port: options.port,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info')({ signal }, 'stopping');
    store.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log('error')({ err: String(err) }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // stdout carries only the URI, so scripts (and the tests) can read it. Printed once the signal
  // handlers are in place: whoever reads it may stop the store right away.
  console.log(store.uri);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
