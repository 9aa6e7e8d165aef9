/**
 * The bench as one report: every figure beside the ceiling measured in the same run, as a ratio, so
 * a busy machine slows both sides and the ratio still says how much the platform itself costs. Written
 * as JSON (for the next run to compare with) and as one self-contained HTML page with inline SVG bars
 * (no script, no CDN), both under bench-output/.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Figure {
  /** Stable across runs: how this run finds the previous run's value. */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** What the same work costs without the platform, measured in the same run. */
  ceiling?: { label: string; value: number };
  /** value against ceiling, 1 = as good as the ceiling; higher is better whichever way the unit runs. */
  ratio?: number;
  /** The ratio the project aims for, drawn as a line. */
  aim?: number;
  /** More numbers behind the figure (percentiles, operations per call, CPU per operation). */
  details?: string[];
}

export interface BenchReport {
  startedAt: string;
  machine: { cores: number; node: string; loadAverage: number[] };
  figures: Figure[];
}

/** For units where less is better (latency, memory): the ceiling's value over this value. */
export function ratioLowerIsBetter(value: number, ceiling: number): number {
  return value > 0 ? ceiling / value : 0;
}

const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

export function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One figure's bars: this run's ratio, the previous run's (if any) and the aim, on a 0–100 % scale. */
function ratioChart(figure: Figure, previous: Figure | undefined): string {
  const width = 420;
  const scale = (r: number) => Math.max(0, Math.min(1, r)) * width;
  const rows: { name: string; ratio: number; className: string }[] = [
    { name: 'this run', ratio: figure.ratio ?? 0, className: 'now' },
  ];
  if (previous?.ratio !== undefined)
    rows.push({ name: 'last run', ratio: previous.ratio, className: 'last' });
  const rowHeight = 22;
  const height = rows.length * rowHeight + 18;
  const bars = rows
    .map(
      (row, i) =>
        `<text x="0" y="${i * rowHeight + 15}">${row.name}</text>` +
        `<rect class="${row.className}" x="70" y="${i * rowHeight + 3}" width="${scale(row.ratio).toFixed(1)}" height="16"/>` +
        `<text x="${(76 + scale(row.ratio)).toFixed(1)}" y="${i * rowHeight + 15}">${percent(row.ratio)}</text>`,
    )
    .join('');
  const aim =
    figure.aim !== undefined
      ? `<line class="aim" x1="${(70 + scale(figure.aim)).toFixed(1)}" x2="${(70 + scale(figure.aim)).toFixed(1)}" y1="0" y2="${height - 14}"/>` +
        `<text class="aim" x="${(72 + scale(figure.aim)).toFixed(1)}" y="${height - 2}">aim ${percent(figure.aim)}</text>`
      : '';
  const ceilingLine = `<line class="ceiling" x1="${70 + width}" x2="${70 + width}" y1="0" y2="${height - 14}"/>`;
  return `<svg role="img" aria-label="${escape(`${figure.label}: ${percent(figure.ratio ?? 0)} of the ceiling`)}" viewBox="0 0 ${width + 130} ${height}" width="${width + 130}" height="${height}">${bars}${aim}${ceilingLine}</svg>`;
}

function change(now: number, before: number | undefined): string {
  if (before === undefined || before === 0) return '';
  const delta = (now - before) / before;
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta * 100).toFixed(0)} %`;
}

export function renderHtml(report: BenchReport, previous?: BenchReport): string {
  const before = new Map((previous?.figures ?? []).map((f) => [f.id, f]));
  const sections = report.figures
    .map((figure) => {
      const last = before.get(figure.id);
      const ceiling = figure.ceiling
        ? `<p>ceiling: ${escape(figure.ceiling.label)} <b>${escape(formatValue(figure.ceiling.value, figure.unit))}</b>${
            figure.ratio !== undefined ? `, ratio <b>${percent(figure.ratio)}</b>` : ''
          }</p>`
        : '';
      const lastLine = last
        ? `<p class="last">last run: ${escape(formatValue(last.value, last.unit))}${
            last.ratio !== undefined ? `, ratio ${percent(last.ratio)}` : ''
          } (value ${change(figure.value, last.value)})</p>`
        : '';
      const details = figure.details?.length
        ? `<ul>${figure.details.map((d) => `<li>${escape(d)}</li>`).join('')}</ul>`
        : '';
      return `<section id="${escape(figure.id)}"><h2>${escape(figure.label)}</h2>
<p class="value">${escape(formatValue(figure.value, figure.unit))}</p>${ceiling}${lastLine}
${figure.ratio !== undefined ? ratioChart(figure, last) : ''}${details}</section>`;
    })
    .join('\n');
  const compared = previous
    ? `compared with the run of ${escape(previous.startedAt)}`
    : 'no earlier run to compare with';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>linli bench ${escape(report.startedAt)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:50rem;padding:0 1rem;color:#1f2328}
section{border-top:1px solid #d0d7de;padding:.5rem 0 1rem}h2{font-size:1.05rem;margin:.5rem 0}
.value{font-size:1.4rem;margin:.2rem 0}.last{color:#57606a}svg text{font-size:12px;fill:#1f2328}
rect.now{fill:#1a7f37}rect.last{fill:#8c959f}line.aim{stroke:#cf222e;stroke-width:2}text.aim{fill:#cf222e}
line.ceiling{stroke:#57606a;stroke-dasharray:3 3}ul{margin:.3rem 0;color:#57606a}
</style></head><body>
<h1>linli bench</h1>
<p>${escape(report.startedAt)} · ${report.machine.cores} cores · node ${escape(report.machine.node)} · load average ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')} · ${compared}</p>
<p>Each figure against its ceiling measured in the same run; 100 % (the dashed line) is as good as the ceiling.</p>
${sections}
</body></html>
`;
}

/**
 * Writes bench-output/latest.json and report.html; the latest.json already there (the last run) is
 * kept as previous.json and compared with. Returns the paths written.
 */
export function writeReport(
  outDir: string,
  report: BenchReport,
): { json: string; html: string; previous?: string } {
  mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, 'latest.json');
  const html = path.join(outDir, 'report.html');
  let previous: BenchReport | undefined;
  let previousPath: string | undefined;
  if (existsSync(json)) {
    try {
      previous = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
      previousPath = path.join(outDir, 'previous.json');
      copyFileSync(json, previousPath);
    } catch {
      // An unreadable last run is no reason to lose this one: compare with nothing.
      previous = undefined;
    }
  }
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, renderHtml(report, previous));
  return { json, html, previous: previousPath };
}
