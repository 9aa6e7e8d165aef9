/**
 * `npm run bench`: prints figures for the embedded store, the HTTP platform and meal bookings. Figures, not
 * pass/fail: compare them with the aims in the README and with earlier runs on the same machine.
 * `npm run bench -- meals` (or store, http) runs only the sections named.
 */
import os from 'node:os';
import { benchHttp } from './http';
import { benchMeals } from './meals';
import { benchStore } from './store';

async function main() {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`linli bench — ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  const sections = { store: benchStore, http: benchHttp, meals: benchMeals };
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in sections));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}; choose from ${Object.keys(sections).join(', ')}`);
  for (const [name, run] of Object.entries(sections)) {
    if (asked.length > 0 && !asked.includes(name)) continue;
    print('');
    await run(print);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
