/**
 * `npm run bench`: prints figures for the embedded store, the HTTP platform and meal bookings. Figures, not
 * pass/fail: compare them with the aims in the README and with earlier runs on the same machine.
 */
import os from 'node:os';
import { benchHttp } from './http';
import { benchMeals } from './meals';
import { benchStore } from './store';

async function main() {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`linli bench — ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  print('');
  await benchStore(print);
  print('');
  await benchHttp(print);
  print('');
  await benchMeals(print);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
