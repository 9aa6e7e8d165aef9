/** Age from a birth month, and the class it derives, at the month boundaries. */
import { ageInMonths } from '@linli/shared';
import { bandForAge, classFor } from './age';

const classes = [
  { band: 'infant' as const, capacity: 10, taken: 0, name: 'infant' },
  { band: 'toddler' as const, capacity: 15, taken: 0, name: 'toddler' },
  { band: 'mixed' as const, capacity: 18, taken: 0, name: 'mixed' },
];
const range = { min: 6, max: 36 };

it('counts whole months as if born on the 1st of the birth month', () => {
  expect(ageInMonths('2030-09', '2031-08-31')).toBe(11);
  expect(ageInMonths('2030-09', '2031-09-01')).toBe(12);
  expect(ageInMonths('2030-12', '2031-01-01')).toBe(1);
});

it('puts a child in a band-specific class before a mixed one, and nowhere outside the centre range', () => {
  expect(classFor(classes, '2030-09', '2031-09-01', range)?.name).toBe('toddler');
  expect(classFor(classes, '2030-09', '2031-08-31', range)?.name).toBe('infant');
  expect(classFor(classes, '2029-03', '2031-03-01', range)?.name).toBe('mixed'); // 24 months: only mixed fits
  expect(classFor(classes, '2030-09', '2031-09-01', { min: 13, max: 36 })).toBeUndefined();
  expect(classFor(classes, '2031-03', '2031-08-01', range)).toBeUndefined();
  expect(bandForAge(5)).toBeNull();
  expect(bandForAge(35)).toBe('olderToddler');
});
