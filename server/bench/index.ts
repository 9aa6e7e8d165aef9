/**
 * `npm run bench`: prints figures for the embedded store and the HTTP platform. Figures, not
 * pass/fail: compare them with the aims in the README and with earlier runs on the same machine.
 */
import os from 'node:os';
import { benchHttp } from './http';
import { benchStore } from './store';

async function main() {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`linli bench — ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  print('');
  await benchStore(print);
  print('');
  await benchHttp(print);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
