/**
 * The bench's report writer, given figures (no timing here): the JSON holds them as given, the HTML
 * page shows each value, ceiling and ratio with a chart, needs nothing from the network, and a second
 * run is compared with the first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ratioLowerIsBetter, renderHtml, writeReport, type BenchReport } from './report';

const machine = { cores: 2, node: 'v22.0.0', loadAverage: [3.5, 2, 1] };
const booking = (perSecond: number, ceiling: number) => ({
  id: 'booking',
  label: 'POST /meals/bookings against the same writes through mongoose',
  value: perSecond,
  unit: '/s',
  ceiling: { label: 'same writes through mongoose', value: ceiling },
  ratio: perSecond / ceiling,
  aim: 0.5,
  details: ['per booking: 9.0 database operations', 'CPU 0.41 ms <per> operation'],
});
const first: BenchReport = {
  startedAt: '2026-12-07T00:00:00.000Z',
  machine,
  figures: [
    booking(215, 578),
    {
      id: 'burst',
      label: 'burst: 500 at once, 200 seats',
      value: 2000,
      unit: 'ms',
      ceiling: { label: 'floor set by the store', value: 400 },
      ratio: ratioLowerIsBetter(2000, 400),
    },
    { id: 'raw', label: 'a figure with no ceiling', value: 12.5, unit: 'MB' },
  ],
};
const second: BenchReport = { ...first, startedAt: '2026-12-07T01:00:00.000Z', figures: [booking(300, 600)] };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('writes the figures as JSON and an HTML page with each value, ceiling and ratio', () => {
  const written = writeReport(dir, first);
  expect(written.previous).toBeUndefined();
  expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(first);
  const html = readFileSync(written.html, 'utf8');
  expect(html).toContain('215 /s');
  expect(html).toContain('578 /s');
  // 215 ÷ 578 = 37 %; the burst at 2,000 ms against a 400 ms floor is 20 % of it.
  expect(html).toContain('ratio <b>37 %</b>');
  expect(html).toContain('ratio <b>20 %</b>');
  expect(html).toContain('aim 50 %');
  expect(html).toContain('12.5 MB');
  expect(html).toContain('no earlier run to compare with');
  // Text from the figures is escaped, and the page loads nothing from anywhere.
  expect(html).toContain('&lt;per&gt;');
  expect(html).not.toContain('<per>');
  expect(html).not.toMatch(/<script|src=|href=|@import/);
  // One chart per figure with a ratio (two here), none for the raw figure.
  expect(html.match(/<svg /g)).toHaveLength(2);
});

it('keeps the last run as previous.json and compares the new run with it', () => {
  writeReport(dir, first);
  const written = writeReport(dir, second);
  expect(JSON.parse(readFileSync(written.previous!, 'utf8'))).toEqual(first);
  expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(second);
  const html = readFileSync(written.html, 'utf8');
  expect(html).toContain('compared with the run of 2026-12-07T00:00:00.000Z');
  // 300 ÷ 600 now, 215 ÷ 578 last time; the value rose by 40 %.
  expect(html).toContain('ratio <b>50 %</b>');
  expect(html).toContain('last run: 215 /s, ratio 37 % (value +40 %)');
  expect(html).toContain('<rect class="last"');
});

it('draws a ratio above the ceiling at full width rather than off the chart', () => {
  const html = renderHtml({ ...first, figures: [booking(700, 600)] });
  expect(html).toContain('ratio <b>117 %</b>');
  expect(html).toContain('<rect class="now" x="70" y="3" width="420.0"');
});
