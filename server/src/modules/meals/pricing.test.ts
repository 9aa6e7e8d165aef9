/** The pure pricing rules, as a table: age on the meal date, tiers, tag extras, the cap, zero floor. */
import { ageOn, priceMeal, type SubsidyPolicy } from './pricing';

const policy: SubsidyPolicy = {
  eligibilityAge: 60,
  ageTiers: [
    { minAge: 60, maxAge: 69, subsidyFen: 300 },
    { minAge: 70, maxAge: 79, subsidyFen: 500 },
    { minAge: 80, subsidyFen: 800 },
  ],
  tagExtras: { livingAlone: 200, lowIncome: 400, disability: 300 },
  monthlyCapFen: 10_000,
};

describe('ageOn (the meal date decides)', () => {
  it.each([
    ['1961-03-04', '2031-03-03', 69, 'the day before the 70th birthday'],
    ['1961-03-04', '2031-03-04', 70, 'the 70th birthday itself'],
    ['1961-03-04', '2031-03-05', 70, 'the day after'],
    ['1951-12-31', '2031-01-01', 79, 'birthday late in the year'],
    ['1960-02-29', '2031-02-28', 70, 'leap-day birth, common year, 28 Feb'],
    ['1960-02-29', '2031-03-01', 71, 'leap-day birth, common year, 1 Mar'],
  ])('born %s, on %s → %i (%s)', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('priceMeal', () => {
  it.each([
    // [case, base, age, tags, used, expected lines, subsidy, payable]
    ['below every tier', 1500, 59, [], 0, [], 0, 1500],
    ['60–69', 1500, 69, [], 0, [['age', '60–69岁', 300]], 300, 1200],
    ['70–79 from the birthday', 1500, 70, [], 0, [['age', '70–79岁', 500]], 500, 1000],
    ['80+ open-ended', 1500, 101, [], 0, [['age', '80岁以上', 800]], 800, 700],
    [
      'tag extras in a fixed order',
      1500,
      72,
      ['disability', 'livingAlone'],
      0,
      [
        ['age', '70–79岁', 500],
        ['tag', '独居', 200],
        ['tag', '残疾', 300],
      ],
      1000,
      500,
    ],
    [
      'never below zero: subsidy capped at the base price',
      1000,
      85,
      ['lowIncome'],
      0,
      [
        ['age', '80岁以上', 800],
        ['tag', '低收入', 200],
      ],
      1000,
      0,
    ],
    [
      'cap reached mid-month: only what is left',
      1500,
      72,
      ['livingAlone'],
      9_600,
      [['age', '70–79岁', 400]],
      400,
      1100,
    ],
    ['cap already used up', 1500, 72, ['livingAlone'], 10_000, [], 0, 1500],
    ['over the cap (policy lowered later) stays at zero', 1500, 72, [], 12_000, [], 0, 1500],
    ['free meal', 0, 90, ['lowIncome'], 0, [], 0, 0],
  ] as const)('%s', (_case, baseFen, age, tags, used, lines, subsidyFen, payableFen) => {
    const price = priceMeal({ baseFen, policy, age, tags, subsidyUsedThisMonthFen: used });
    expect(price).toEqual({
      baseFen,
      lines: lines.map(([kind, label, fen]) => ({ kind, label, fen })),
      subsidyFen,
      payableFen,
    });
    expect(price.lines.reduce((s, l) => s + l.fen, 0)).toBe(price.subsidyFen);
    expect(Number.isInteger(price.payableFen) && price.payableFen >= 0).toBe(true);
  });

  it('gives nothing without a policy (no tiers, no cap)', () => {
    const none = { eligibilityAge: 60, ageTiers: [], tagExtras: {}, monthlyCapFen: 0 };
    expect(
      priceMeal({ baseFen: 1500, policy: none, age: 90, tags: ['lowIncome'], subsidyUsedThisMonthFen: 0 }),
    ).toEqual({
      baseFen: 1500,
      lines: [],
      subsidyFen: 0,
      payableFen: 1500,
    });
  });
});
