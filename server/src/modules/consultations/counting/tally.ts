/**
 * Counting a consultation that is not an owners' decision: how many ballots chose each option,
 * overall and per building (the 公示 after close). Pure, like the owners' count.
 */
export interface OptionBallot {
  buildingId: string;
  choices: readonly string[];
}

export interface OptionTally {
  ballots: number;
  /** Ballots that chose each option (a multiple-choice ballot counts in each of its options). */
  byOption: Record<string, number>;
  byBuilding: { buildingId: string; ballots: number; byOption: Record<string, number> }[];
}

export function tallyOptions(optionIds: readonly string[], ballots: readonly OptionBallot[]): OptionTally {
  const zero = () => Object.fromEntries(optionIds.map((id) => [id, 0])) as Record<string, number>;
  const byOption = zero();
  const buildings = new Map<string, { ballots: number; byOption: Record<string, number> }>();
  for (const ballot of ballots) {
    const building = buildings.get(ballot.buildingId) ?? { ballots: 0, byOption: zero() };
    building.ballots += 1;
    for (const choice of new Set(ballot.choices)) {
      if (!(choice in byOption)) continue;
      byOption[choice] += 1;
      building.byOption[choice] += 1;
    }
    buildings.set(ballot.buildingId, building);
  }
  return {
    ballots: ballots.length,
    byOption,
    byBuilding: [...buildings].map(([buildingId, b]) => ({ buildingId, ...b })),
  };
}
