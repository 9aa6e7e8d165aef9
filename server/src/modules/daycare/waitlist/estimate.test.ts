/**
 * The estimated window, against a constructed class: a toddler class (12–24 months) of 10 in
 * March 2031, full: 8 children enrolled and 2 offers outstanding, with known birth months, so we
 * know when each leaves the band (on the 1st of the month they reach 24 months):
 *   born 2029-06 ×2 → leave June 2031; 2029-08 → August; 2029-10 ×2 → October;
 *   born 2030-06 ×3 → June 2032 (after the horizon); the 2 offered, born 2030-01 → January 2032.
 */
import { basisWords, estimateWindow, windowWords } from './estimate';

const seats = [
  ...['2029-06', '2029-06', '2029-08', '2029-10', '2029-10', '2030-06', '2030-06', '2030-06'].map(
    (birthMonth) => ({
      birthMonth,
      kind: 'enrolled' as const,
    }),
  ),
  { birthMonth: '2030-01', kind: 'offered' as const },
  { birthMonth: '2030-01', kind: 'offered' as const },
];
const base = { month: '2031-03', band: 'toddler' as const, capacity: 10, seats };

it('third in the queue, with 3 of 4 offers accepted so far: likely between June and August', () => {
  // Expected places needed: 1 + 2 ahead × 0.75 − 2 outstanding × 0.25 = 2 → June (2 leave);
  // at the latest everyone ahead accepts and both offers are taken: 3 → August.
  const input = { ...base, position: 3, acceptance: { accepted: 3, decided: 4 } };
  const estimate = estimateWindow(input);
  expect(estimate).toMatchObject({
    window: { from: '2031-06', to: '2031-08' },
    freeNow: 0,
    offersOutstanding: 2,
    acceptanceRate: 0.75,
    ageingOut: [
      { month: '2031-06', count: 2 },
      { month: '2031-08', count: 1 },
      { month: '2031-10', count: 2 },
      { month: '2032-01', count: 2 },
    ],
  });
  expect(windowWords(estimate, '2031-03', 'en')).toBe('likely between June and August');
  expect(windowWords(estimate, '2031-03', 'zh-CN')).toBe('预计在6月至8月之间');
  expect(basisWords(estimate, input, 'en')).toContain('75% of offers were accepted (3 of 4)');
});

it('first in the queue with no offers decided yet: every family is assumed to accept, likely in June', () => {
  const input = { ...base, position: 1, acceptance: { accepted: 0, decided: 0 } };
  const estimate = estimateWindow(input);
  expect(estimate.window).toEqual({ from: '2031-06', to: '2031-06' });
  expect(estimate.acceptanceRate).toBeNull();
  expect(windowWords(estimate, '2031-03', 'en')).toBe('likely in June');
  expect(basisWords(estimate, input, 'en')).toContain('no offers decided yet');
});

it('sixth in the queue: from August, and the latest month runs into the next year', () => {
  const input = { ...base, position: 6, acceptance: { accepted: 1, decided: 2 } };
  // expected: 1 + 5 × 0.5 − 2 × 0.5 = 2.5 → 3 places by August; at the latest 6: 7 by January 2032.
  const estimate = estimateWindow(input);
  expect(estimate.window).toEqual({ from: '2031-08', to: '2032-01' });
  expect(windowWords(estimate, '2031-03', 'en')).toBe('likely between August and January 2032');
});

it('eighth in the queue: the latest month is past the horizon', () => {
  // expected: 1 + 7 × 0.5 − 2 × 0.5 = 3.5 → October (5 gone); 8 never within the year (7 at most).
  const estimate = estimateWindow({ ...base, position: 8, acceptance: { accepted: 1, decided: 2 } });
  expect(estimate.window).toEqual({ from: '2031-10', to: null });
  expect(windowWords(estimate, '2031-03', 'en')).toBe('likely from October, possibly after February 2032');
});

it('too far back for any place in a year: says so', () => {
  const estimate = estimateWindow({ ...base, position: 12, acceptance: { accepted: 1, decided: 1 } });
  expect(estimate.window).toBeNull();
  expect(windowWords(estimate, '2031-03', 'en')).toContain('not likely before February 2032');
});

it('counts free places now', () => {
  const estimate = estimateWindow({
    ...base,
    capacity: 12,
    position: 2,
    acceptance: { accepted: 1, decided: 1 },
  });
  expect(estimate).toMatchObject({ freeNow: 2, window: { from: '2031-03', to: '2031-03' } });
});
