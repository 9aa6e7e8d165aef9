/**
 * The counting of owners' decisions at the exact boundaries, with the Supreme People's Court's
 * headcount: an owner of several units is one person, the developer's unsold units are one person,
 * a co-owned unit is one owner. Every boundary is checked from both sides, so a ≥ written as >
 * (or a headcount by unit instead of by person) fails here.
 */
import { CIVIL_CODE_278, OWNER_MATTERS, RuleSetSchema, type OwnerMatter, type RuleSet } from '@linli/shared';
import { DEVELOPER_KEY, ownerKeyOf } from './electorate';
import { leastMeeting, meets, missingToMeet } from './fraction';
import { countOwnersDecision, type ElectorateUnit, type OwnerChoice } from './owners-decision';
import { formatArea, shortfalls } from './shortfall';
import { tallyOptions } from './tally';

/** Units of 100.00 m² unless said otherwise; owner ids are letters. */
function unit(unitId: string, owners: string[] | 'developer', areaCenti = 10000): ElectorateUnit {
  return {
    unitId,
    buildingId: unitId.startsWith('b2') ? 'b2' : 'b1',
    areaCenti,
    ownerKey: ownerKeyOf({
      unitId,
      ownerIds: owners === 'developer' ? [] : owners,
      developerHeld: owners === 'developer',
    }),
  };
}

/**
 * Nine units, 900.00 m², six persons: 甲 holds a1 and a2; 乙 and 丙 co-own bc; the developer still
 * holds d1, d2, d3 unsold; 丁, 戊, 己 hold one unit each. Counted by unit it would be nine heads.
 */
const ESTATE: ElectorateUnit[] = [
  unit('a1', ['甲']),
  unit('a2', ['甲']),
  unit('bc', ['乙', '丙']),
  unit('d1', 'developer'),
  unit('d2', 'developer'),
  unit('d3', 'developer'),
  unit('e', ['丁']),
  unit('f', ['戊']),
  unit('g', ['己']),
];

const votes = (choice: OwnerChoice, ...unitIds: string[]) => unitIds.map((unitId) => ({ unitId, choice }));
const count = (
  matter: OwnerMatter,
  ballots: ReturnType<typeof votes>,
  electorate = ESTATE,
  rules = CIVIL_CODE_278,
) => countOwnersDecision(rules, matter, electorate, ballots);
const gaugeOf = (c: ReturnType<typeof count>, key: string) => c.gauges.find((g) => g.key === key)!;

describe('exact fractions', () => {
  const twoThirds = { comparison: 'atLeast', fraction: { numerator: 2, denominator: 3 } } as const;
  const half = { comparison: 'moreThan', fraction: { numerator: 1, denominator: 2 } } as const;

  it('"at least" includes the boundary and "more than" does not', () => {
    expect(meets(2, 3, twoThirds)).toBe(true);
    expect(meets(1, 3, twoThirds)).toBe(false);
    expect(meets(599_999, 900_000, twoThirds)).toBe(false);
    expect(meets(600_000, 900_000, twoThirds)).toBe(true);
    expect(meets(50, 100, half)).toBe(false);
    expect(meets(51, 100, half)).toBe(true);
  });

  it('finds the least value that meets a threshold, and what is missing', () => {
    expect(leastMeeting(900_000, twoThirds)).toBe(600_000);
    expect(leastMeeting(10, twoThirds)).toBe(7); // 20/3 = 6.67 → 7
    expect(leastMeeting(100, half)).toBe(51);
    expect(leastMeeting(101, half)).toBe(51);
    expect(missingToMeet(40, 100, half)).toBe(11);
    expect(missingToMeet(70, 100, half)).toBe(0);
  });

  it('stays exact where floating point would not (products beyond 2^53)', () => {
    const whole = 2 ** 53 + 1; // not representable as a double product of 3
    const t = { comparison: 'atLeast', fraction: { numerator: 2, denominator: 3 } } as const;
    // 2/3 of 9007199254740993 is 6004799503160662, so 6004799503160661 falls short by one.
    expect(meets(6004799503160662, whole, t)).toBe(true);
    expect(meets(6004799503160661, whole, t)).toBe(false);
  });
});

describe('headcount per the Supreme People’s Court', () => {
  it('counts six persons in nine units: one for the owner of two, one for the developer, one for co-owners', () => {
    const c = count('useMaintenanceFund', []);
    expect(c.totals).toEqual({ areaCenti: 90000, owners: 6 });
    expect(new Set(ESTATE.filter((u) => u.unitId.startsWith('d')).map((u) => u.ownerKey))).toEqual(
      new Set([DEVELOPER_KEY]),
    );
  });

  it('an owner who votes on both units takes part once by headcount and twice by area', () => {
    const c = count('useMaintenanceFund', votes('approve', 'a1', 'a2'));
    expect(c.participating).toEqual({ areaCenti: 20000, owners: 1 });
  });

  it('an owner whose two units voted differently is one participating owner who did not agree', () => {
    const c = count('useMaintenanceFund', [...votes('approve', 'a1'), ...votes('reject', 'a2')]);
    expect(c.participating.owners).toBe(1);
    expect(c.agreeing).toEqual({ areaCenti: 10000, owners: 0 });
  });

  it('the same person in a co-owned unit and alone in another is two owners (different holders)', () => {
    const key1 = ownerKeyOf({ unitId: 'x', ownerIds: ['甲'], developerHeld: false });
    const key2 = ownerKeyOf({ unitId: 'y', ownerIds: ['乙', '甲'], developerHeld: false });
    const key3 = ownerKeyOf({ unitId: 'z', ownerIds: ['甲', '乙'], developerHeld: false });
    expect(key1).not.toBe(key2);
    expect(key2).toBe(key3);
  });

  it('a unit with no owner on record is a person of its own and counts in the totals', () => {
    const c = count('useMaintenanceFund', [], [...ESTATE, unit('h', [])]);
    expect(c.totals).toEqual({ areaCenti: 100000, owners: 7 });
  });

  it('ignores a ballot for a unit outside the electorate', () => {
    const c = count('useMaintenanceFund', votes('approve', 'zz'));
    expect(c.participating).toEqual({ areaCenti: 0, owners: 0 });
  });
});

describe('participation: at least 2/3 of all area and 2/3 of all owners', () => {
  it('exactly 2/3 by area but one owner short by headcount fails', () => {
    // 甲 (2 units) + the developer (3 units) + 丁: 600.00 of 900.00 m² = exactly 2/3, but only 3 of
    // 6 persons (4 needed). Counted per unit it would be 6 of 9 = 2/3 and wrongly pass.
    const c = count('useMaintenanceFund', votes('approve', 'a1', 'a2', 'd1', 'd2', 'd3', 'e'));
    expect(gaugeOf(c, 'participationArea')).toMatchObject({ value: 60000, of: 90000, met: true, missing: 0 });
    expect(gaugeOf(c, 'participationOwners')).toMatchObject({ value: 3, of: 6, met: false, missing: 1 });
    expect(c.participationMet).toBe(false);
    expect(c.passed).toBe(false);
  });

  it('exactly 2/3 on both passes participation', () => {
    // 甲 (a1) + 乙丙 (bc) + 丁 + 戊 + the developer (d1, d2): 600.00 m², 5 of 6 persons.
    const c = count('useMaintenanceFund', votes('approve', 'a1', 'bc', 'e', 'f', 'd1', 'd2'));
    expect(c.participating).toEqual({ areaCenti: 60000, owners: 5 });
    expect(c.participationMet).toBe(true);
    expect(c.passed).toBe(true);
  });

  it('enough owners but one hundredth of a m² short of 2/3 fails', () => {
    const estate = [...ESTATE.slice(0, 8), unit('g', ['己'], 10001)]; // 900.01 m²: 2/3 is 600.0066…
    const c = count('useMaintenanceFund', votes('approve', 'a1', 'bc', 'e', 'f', 'd1', 'd2'), estate);
    expect(gaugeOf(c, 'participationArea')).toMatchObject({
      value: 60000,
      of: 90001,
      met: false,
      missing: 1,
    });
    expect(c.participationMet).toBe(false);
  });

  it('abstentions take part but do not agree', () => {
    const c = count('useMaintenanceFund', [
      ...votes('approve', 'a1', 'a2', 'bc'),
      ...votes('abstain', 'e', 'f', 'g'),
    ]);
    expect(c.participating).toEqual({ areaCenti: 60000, owners: 5 });
    expect(c.agreeing).toEqual({ areaCenti: 30000, owners: 2 });
    expect(c.participationMet).toBe(true);
    expect(c.approvalMet).toBe(false);
  });
});

describe('ordinary matters: more than half of the participating area and owners', () => {
  // Everybody takes part: 900.00 m², 6 persons.
  it('exactly half by area and by owners fails', () => {
    // 800.00 m², 4 persons, all voting: 甲 (two units) and 乙丙 (co-owned) approve exactly 400.00 m²
    // and exactly 2 of 4 owners.
    const estate = [
      unit('a1', ['甲']),
      unit('a2', ['甲']),
      unit('bc', ['乙', '丙'], 20000),
      unit('d1', 'developer'),
      unit('d2', 'developer'),
      unit('e', ['丁'], 20000),
    ];
    const c = count(
      'useMaintenanceFund',
      [...votes('approve', 'a1', 'a2', 'bc'), ...votes('reject', 'd1', 'd2', 'e')],
      estate,
    );
    expect(c.participationMet).toBe(true);
    expect(gaugeOf(c, 'approvalArea')).toMatchObject({ value: 40000, of: 80000, met: false, missing: 1 });
    expect(gaugeOf(c, 'approvalOwners')).toMatchObject({ value: 2, of: 4, met: false, missing: 1 });
    expect(c.passed).toBe(false);
    // One more owner's yes (the developer's two units) carries it.
    const more = count(
      'useMaintenanceFund',
      [...votes('approve', 'a1', 'a2', 'bc', 'd1', 'd2'), ...votes('reject', 'e')],
      estate,
    );
    expect(more.passed).toBe(true);
  });

  it('exactly half by area with a majority of owners still fails (both are needed)', () => {
    const estate = [unit('a', ['甲'], 30000), unit('b', ['乙']), unit('c', ['丙']), unit('d', ['丁'])];
    // 600.00 m², 4 persons. 乙, 丙, 丁 approve: 300.00 m² = exactly half by area, 3 of 4 owners.
    const c = count('propertyManager', [...votes('approve', 'b', 'c', 'd'), ...votes('reject', 'a')], estate);
    expect(gaugeOf(c, 'approvalArea')).toMatchObject({ value: 30000, of: 60000, met: false, missing: 1 });
    expect(gaugeOf(c, 'approvalOwners')).toMatchObject({ value: 3, of: 4, met: true });
    expect(c.passed).toBe(false);
  });

  it('one hundredth of a m² over half, with a majority of owners, passes', () => {
    const estate = [unit('a', ['甲'], 29999), unit('b', ['乙']), unit('c', ['丙']), unit('d', ['丁'])];
    const c = count('propertyManager', [...votes('approve', 'b', 'c', 'd'), ...votes('reject', 'a')], estate);
    expect(c.passed).toBe(true);
  });

  it('using the maintenance fund is an ordinary matter; raising it is not', () => {
    // All six persons take part (900.00 m²); 甲, 乙丙, 丁, 戊 approve: 500.00 m² and 4 of 6 owners,
    // more than half of both, short of 3/4 of either.
    const ballots = [
      ...votes('approve', 'a1', 'a2', 'bc', 'e', 'f'),
      ...votes('reject', 'd1', 'd2', 'd3', 'g'),
    ];
    const use = count('useMaintenanceFund', ballots);
    expect(use.agreeing).toEqual({ areaCenti: 50000, owners: 4 });
    expect(use.passed).toBe(true);
    expect(count('raiseMaintenanceFund', ballots).passed).toBe(false);
  });
});

describe('major matters (items 6–8): at least 3/4 of the participating area and owners', () => {
  // 800.00 m², 4 persons, everyone takes part.
  const estate = [
    unit('a1', ['甲']),
    unit('a2', ['甲']),
    unit('bc', ['乙', '丙'], 20000),
    unit('d1', 'developer'),
    unit('d2', 'developer'),
    unit('e', ['丁'], 20000),
  ];

  it('exactly 3/4 of both passes an item-6 matter (raising the fund)', () => {
    const c = count(
      'raiseMaintenanceFund',
      [...votes('approve', 'a1', 'a2', 'bc', 'd1', 'd2'), ...votes('reject', 'e')],
      estate,
    );
    expect(gaugeOf(c, 'approvalArea')).toMatchObject({ value: 60000, of: 80000, met: true });
    expect(gaugeOf(c, 'approvalOwners')).toMatchObject({ value: 3, of: 4, met: true });
    expect(c.passed).toBe(true);
  });

  it('exactly 3/4 by area with the developer split between its units fails by headcount', () => {
    const c = count(
      'raiseMaintenanceFund',
      [...votes('approve', 'a1', 'a2', 'bc', 'd1'), ...votes('abstain', 'd2'), ...votes('approve', 'e')],
      estate,
    );
    expect(gaugeOf(c, 'approvalArea')).toMatchObject({ value: 70000, met: true });
    expect(gaugeOf(c, 'approvalOwners')).toMatchObject({ value: 3, of: 4, met: true });
    const split = count(
      'rebuild',
      [...votes('approve', 'a1', 'a2', 'bc', 'd1'), ...votes('reject', 'd2', 'e')],
      estate,
    );
    expect(gaugeOf(split, 'approvalOwners')).toMatchObject({ value: 2, of: 4, met: false, missing: 1 });
    expect(split.passed).toBe(false);
  });

  it('one hundredth of a m² under 3/4 fails item 8 where the same ballots pass an ordinary matter', () => {
    const under = [...estate.slice(0, 5), unit('e', ['丁'], 20001)]; // 800.01 m²
    const ballots = [...votes('approve', 'a1', 'a2', 'bc', 'd1', 'd2'), ...votes('reject', 'e')];
    expect(count('changeCommonUse', ballots, under).gauges[2]).toMatchObject({ met: false, missing: 1 });
    expect(count('changeCommonUse', ballots, under).passed).toBe(false);
    expect(count('otherMajorMatter', ballots, under).passed).toBe(true); // item 9 is ordinary
  });

  it('items 6, 7 and 8 are the major ones in the default rule set, the rest ordinary', () => {
    const major = OWNER_MATTERS.filter((m) => CIVIL_CODE_278.approval[m].area.comparison === 'atLeast');
    expect(major).toEqual(['raiseMaintenanceFund', 'rebuild', 'changeCommonUse']);
    for (const m of OWNER_MATTERS) {
      const t = CIVIL_CODE_278.approval[m];
      expect(t.area).toEqual(t.owners);
      expect(t.area.fraction).toEqual(
        major.includes(m) ? { numerator: 3, denominator: 4 } : { numerator: 1, denominator: 2 },
      );
    }
  });
});

describe('nobody voting', () => {
  it('passes nothing, and says everything is missing', () => {
    const c = count('useMaintenanceFund', []);
    expect(c.passed).toBe(false);
    expect(c.approvalMet).toBe(false);
    expect(gaugeOf(c, 'participationArea').missing).toBe(60000);
    expect(gaugeOf(c, 'participationOwners').missing).toBe(4);
  });
});

describe('the rule set is data', () => {
  it('a city whose owners need only more than half to take part is a configuration', () => {
    const lenient: RuleSet = RuleSetSchema.parse({
      ...CIVIL_CODE_278,
      name: '某市物业管理条例',
      participation: {
        area: { comparison: 'moreThan', fraction: { numerator: 1, denominator: 2 } },
        owners: { comparison: 'moreThan', fraction: { numerator: 1, denominator: 2 } },
      },
    });
    const ballots = votes('approve', 'a1', 'a2', 'bc', 'e', 'f'); // 500 of 900 m², 4 of 6
    expect(count('useMaintenanceFund', ballots).participationMet).toBe(false); // 500 < 600
    expect(count('useMaintenanceFund', ballots, ESTATE, lenient).passed).toBe(true);
  });

  it('refuses a threshold above the whole', () => {
    const bad = {
      ...CIVIL_CODE_278,
      participation: {
        ...CIVIL_CODE_278.participation,
        area: { comparison: 'atLeast', fraction: { numerator: 4, denominator: 3 } },
      },
    };
    expect(RuleSetSchema.safeParse(bad).success).toBe(false);
  });

  describe('non-voters', () => {
    const ballots = [...votes('approve', 'a1', 'a2', 'bc'), ...votes('reject', 'e')]; // 400 m², 3 persons
    it('by default they neither take part nor agree', () => {
      const c = count('useMaintenanceFund', ballots);
      expect(c.participating).toEqual({ areaCenti: 40000, owners: 3 });
      expect(c.passed).toBe(false);
    });
    it("where local rules say so, they follow the voters' majority on each measure", () => {
      const c = count('useMaintenanceFund', ballots, ESTATE, {
        ...CIVIL_CODE_278,
        nonVoters: 'followMajority',
      });
      expect(c.participating).toEqual({ areaCenti: 90000, owners: 6 });
      expect(c.agreeing).toEqual({ areaCenti: 30000 + 50000, owners: 2 + 3 });
      expect(c.byChoice.approve).toEqual({ areaCenti: 30000, owners: 2 }); // the ballots themselves
      expect(c.passed).toBe(true);
    });
    it('follow a majority against, too, and follow nobody when nobody voted', () => {
      const against = [...votes('reject', 'a1', 'a2', 'bc'), ...votes('approve', 'e')];
      const c = count('useMaintenanceFund', against, ESTATE, {
        ...CIVIL_CODE_278,
        nonVoters: 'followMajority',
      });
      expect(c.agreeing).toEqual({ areaCenti: 10000, owners: 1 });
      const none = count('useMaintenanceFund', [], ESTATE, {
        ...CIVIL_CODE_278,
        nonVoters: 'followMajority',
      });
      expect(none.participating).toEqual({ areaCenti: 0, owners: 0 });
    });
  });
});

describe('what is still missing, in words', () => {
  it('formats 0.01 m² integers with grouped thousands', () => {
    expect(formatArea(412050)).toBe('4,120.50');
    expect(formatArea(5)).toBe('0.05');
    expect(formatArea(123456789)).toBe('1,234,567.89');
  });

  it('says "37 owners and 4,120.50 m² to reach participation"', () => {
    // 100 owners, 12,000.00 m²: participation needs 67 owners and 8,000.00 m². 30 have voted,
    // holding 3,879.50 m² between them.
    const voters = Array.from({ length: 30 }, (_, i) => unit(`v${i}`, [`v${i}`], i === 0 ? 12922 : 12932));
    const others = Array.from({ length: 70 }, (_, i) => unit(`o${i}`, [`o${i}`], i === 0 ? 11650 : 11600));
    const estate = [...voters, ...others];
    expect(estate.reduce((s, u) => s + u.areaCenti, 0)).toBe(1200000);
    const c = count('useMaintenanceFund', votes('approve', ...voters.map((u) => u.unitId)), estate);
    expect(gaugeOf(c, 'participationOwners')).toMatchObject({ value: 30, missing: 37 });
    expect(gaugeOf(c, 'participationArea')).toMatchObject({ value: 387950, missing: 412050 });
    expect(shortfalls(c.gauges).participation).toEqual({
      'zh-CN': '还差 37 位业主和 4,120.50 m²，即可达到参与门槛',
      en: '37 owners and 4,120.50 m² to reach participation',
    });
  });

  it('says nothing for a pair already met', () => {
    const c = count('useMaintenanceFund', votes('approve', ...ESTATE.map((u) => u.unitId)));
    expect(shortfalls(c.gauges)).toEqual({});
  });
});

describe('option tallies (consultations that are not owners’ decisions)', () => {
  it('counts each option per ballot once, overall and per building, ignoring unknown options', () => {
    const t = tallyOptions(
      ['swing', 'slide', 'bench'],
      [
        { buildingId: 'b1', choices: ['swing', 'slide'] },
        { buildingId: 'b1', choices: ['swing', 'swing'] },
        { buildingId: 'b2', choices: ['bench', 'rocket'] },
      ],
    );
    expect(t.ballots).toBe(3);
    expect(t.byOption).toEqual({ swing: 2, slide: 1, bench: 1 });
    expect(t.byBuilding).toEqual([
      { buildingId: 'b1', ballots: 2, byOption: { swing: 2, slide: 1, bench: 0 } },
      { buildingId: 'b2', ballots: 1, byOption: { swing: 0, slide: 0, bench: 1 } },
    ]);
  });
});
