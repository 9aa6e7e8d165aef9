/**
 * `npm run bench`: one report. Each figure is printed beside its ceiling measured in the same run
 * (bare Koa, the same writes through mongoose, a bare socket.io server, the store's own write rate),
 * and written to bench-output/latest.json and bench-output/report.html, compared with the last run.
 * Figures, not pass/fail. `npm run bench -- meals` (or store, http); meals includes notices, sockets and votes on the same server runs only the sections named.
 */
import os from 'node:os';
import path from 'node:path';
import { benchHttp } from './http';
import { benchMeals } from './meals';
import { formatValue, writeReport, type BenchReport, type Figure } from './report';
import { benchStore } from './store';

async function main() {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
    figures: [],
  };
  print(`linli bench — ${report.machine.cores} cores, node ${process.version}, ${report.startedAt}`);
  const sections: Record<string, (print: (line: string) => void) => Promise<Figure[] | void>> = {
    store: benchStore,
    http: benchHttp,
    meals: benchMeals,
  };
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in sections));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}; choose from ${Object.keys(sections).join(', ')}`);
  for (const [name, run] of Object.entries(sections)) {
    if (asked.length > 0 && !asked.includes(name)) continue;
    print('');
    report.figures.push(...((await run(print)) ?? []));
  }

  print('');
  print('report: each figure against its ceiling measured in this run');
  for (const f of report.figures) {
    const ratio = f.ratio !== undefined ? `${Math.round(f.ratio * 100)} %`.padStart(6) : '      ';
    const ceiling = f.ceiling ? ` (ceiling ${formatValue(f.ceiling.value, f.unit)})` : '';
    print(`  ${ratio}  ${f.label}: ${formatValue(f.value, f.unit)}${ceiling}`);
    for (const detail of f.details ?? []) print(`            ${detail}`);
  }
  const written = writeReport(path.resolve(__dirname, '..', '..', 'bench-output'), report);
  print('');
  print(`wrote ${written.json} and ${written.html}${written.previous ? ', compared with the last run' : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
