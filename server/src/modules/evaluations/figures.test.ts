/** The monthly figures' arithmetic against a constructed data set, the small-number rule included. */
import {
  averagesByQuestion,
  averageX100,
  monthsEndingWith,
  roundedRatio,
  shanghaiMonthOf,
  shanghaiMonthRange,
  sharePercentX100,
  worstFirst,
} from './figures';

describe('averages × 100, rounded half up from the exact fraction', () => {
  it.each([
    [[5, 4, 4, 4, 4], 420], // 21/5 = 4.2
    [[5, 5, 4, 4, 4, 4], 433], // 26/6 = 4.333… → 433
    [[5, 5, 5, 4, 4, 4, 4, 4], 438], // 35/8 = 4.375 → 438 (half up)
    [[1, 2, 2, 2, 2, 2], 183], // 11/6 = 1.8333… → 183
    [[3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5], 375], // 45/12 = 3.75
  ])('%j → %i', (scores, expected) => {
    expect(averageX100(scores)).toEqual({ value: expected });
  });

  it('gives no average from fewer than 5 ratings, saying why', () => {
    expect(averageX100([5, 5, 5, 5])).toEqual({ value: null, reason: 'fewerThanFiveRatings' });
    expect(averageX100([])).toEqual({ value: null, reason: 'fewerThanFiveRatings' });
    expect(averageX100([1, 1, 1, 1, 1])).toEqual({ value: 100 });
  });

  it('rounds exactly where floating point would not (2.675 × 100)', () => {
    // 107/40 = 2.675: Math.round(2.675 * 100) is 267 in floating point; the exact rule says 268.
    expect(roundedRatio(107 * 100, 40)).toBe(268);
  });
});

it('shares of the served who rated, percent × 100', () => {
  expect(sharePercentX100(1, 8)).toBe(1250);
  expect(sharePercentX100(2, 3)).toBe(6667);
  expect(sharePercentX100(1, 3)).toBe(3333);
  expect(sharePercentX100(0, 3)).toBe(0);
  expect(sharePercentX100(0, 0)).toBeNull();
});

it('averages per question, each with its own small-number rule', () => {
  const ratings: { scores: Record<string, number> }[] = [
    { scores: { taste: 5, portion: 3, onTime: 4 } },
    { scores: { taste: 4, portion: 3, onTime: 4 } },
    { scores: { taste: 4, portion: 4, onTime: 5 } },
    { scores: { taste: 3, portion: 2, onTime: 4 } },
    { scores: { taste: 5, portion: 5 } }, // an old rating without onTime
  ];
  expect(averagesByQuestion(ratings, ['taste', 'portion', 'onTime'])).toEqual({
    taste: { value: 420 }, // 21/5
    portion: { value: 340 }, // 17/5
    onTime: { value: null, reason: 'fewerThanFiveRatings' },
  });
});

it('lists the worst-rated first, by exact mean, newest first on a tie', () => {
  const at = (d: string) => new Date(d);
  const ratings = [
    { id: 'a', scores: { taste: 2, portion: 2 }, ratedAt: at('2031-03-01') }, // 2
    { id: 'b', scores: { taste: 1, portion: 4 }, ratedAt: at('2031-03-02') }, // 2.5
    { id: 'c', scores: { taste: 2, portion: 2 }, ratedAt: at('2031-03-03') }, // 2, newer
    { id: 'd', scores: { taste: 5, portion: 5 }, ratedAt: at('2031-03-04') },
  ];
  expect(worstFirst(ratings, 3).map((r) => r.id)).toEqual(['c', 'a', 'b']);
});

it('months in Asia/Shanghai', () => {
  expect(monthsEndingWith('2031-03', 12)).toEqual([
    '2030-04',
    '2030-05',
    '2030-06',
    '2030-07',
    '2030-08',
    '2030-09',
    '2030-10',
    '2030-11',
    '2030-12',
    '2031-01',
    '2031-02',
    '2031-03',
  ]);
  // 31 March 17:00 UTC is 1 April 01:00 in Shanghai.
  expect(shanghaiMonthOf(new Date('2031-03-31T17:00:00Z'))).toBe('2031-04');
  expect(shanghaiMonthOf(new Date('2031-03-31T15:59:59Z'))).toBe('2031-03');
  expect(shanghaiMonthRange('2031-12')).toEqual({
    from: new Date('2031-11-30T16:00:00Z'),
    to: new Date('2031-12-31T16:00:00Z'),
  });
});
