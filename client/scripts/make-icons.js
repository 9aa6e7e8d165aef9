#!/usr/bin/env node
/**
 * Writes the app's icons into src/assets/icons from Lucide (lucide-static, ISC licence, kept up to
 * date by its maintainers): the few we use, each drawn in the colour of its role, since an <image>
 * in the mini-program cannot take `currentColor` from the text around it. Run after adding an icon
 * to ICONS; the SVGs are committed (about 0.4 KB each) so builds need no step of their own.
 */
const fs = require('node:fs');
const path = require('node:path');

const PRIMARY = '#1d5c42'; // --color-primary-text
const NEUTRAL = '#4b5563'; // --color-text-muted
const DANGER = '#b91c1c'; // --color-danger
const WARNING = '#92400e'; // --color-warning

/** Our name → [Lucide's name, colour]. */
const ICONS = {
  meals: ['utensils', PRIMARY],
  daycare: ['baby', PRIMARY],
  repairs: ['wrench', PRIMARY],
  votes: ['vote', PRIMARY],
  pledges: ['hand-heart', PRIMARY],
  notices: ['megaphone', PRIMARY],
  bookings: ['clipboard-list', PRIMARY],
  standing: ['repeat', PRIMARY],
  wellness: ['heart-pulse', DANGER],
  household: ['house', PRIMARY],
  carers: ['users', PRIMARY],
  data: ['shield-check', PRIMARY],
  staff: ['briefcase', PRIMARY],
  canteen: ['chef-hat', PRIMARY],
  roster: ['list-checks', PRIMARY],
  settlement: ['receipt', PRIMARY],
  subsidy: ['badge-percent', PRIMARY],
  approvals: ['user-check', PRIMARY],
  compose: ['pen-line', PRIMARY],
  calendar: ['calendar-days', PRIMARY],
  chart: ['chart-column', PRIMARY],
  bell: ['bell', PRIMARY],
  empty: ['inbox', NEUTRAL],
  coming: ['hourglass', NEUTRAL],
  error: ['circle-alert', DANGER],
  offline: ['wifi-off', WARNING],
  emergency: ['triangle-alert', '#ffffff'],
};

const source = path.dirname(require.resolve('lucide-static/package.json'));
const target = path.join(__dirname, '../src/assets/icons');
fs.mkdirSync(target, { recursive: true });
for (const [name, [lucide, colour]] of Object.entries(ICONS)) {
  const svg = fs
    .readFileSync(path.join(source, 'icons', `${lucide}.svg`), 'utf8')
    .replace(/<!--[\s\S]*?-->\s*/, '')
    .replace(/\s*class="[^"]*"/, '')
    .replace('stroke="currentColor"', `stroke="${colour}"`)
    .replace(/\n\s*/g, ' ')
    .replace(/\s*\/>/g, '/>')
    .trim();
  fs.writeFileSync(path.join(target, `${name}.svg`), `<!-- Lucide ${lucide} (ISC) -->${svg}\n`);
}
console.log(`${Object.keys(ICONS).length} icons in ${path.relative(process.cwd(), target)}`);
