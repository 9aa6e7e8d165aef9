/**
 * Who the persons of an owners' decision are. A unit's `ownerKey` groups units into persons for
 * the headcount: the developer's unsold units are all one person; units held by exactly the same
 * owner(s) are one person (one buyer of several flats); a co-owned unit is one owner whoever of
 * them votes; a unit with no owner on record is its own person (it still counts in the totals).
 */
export interface UnitOwnershipFacts {
  unitId: string;
  /** Approved members of the household whose relation is 'owner'. */
  ownerIds: readonly string[];
  /** Unsold (or sold but not handed over) and still the developer's. */
  developerHeld: boolean;
}

export const DEVELOPER_KEY = 'developer';

export function ownerKeyOf(unit: UnitOwnershipFacts): string {
  if (unit.developerHeld) return DEVELOPER_KEY;
  if (unit.ownerIds.length === 0) return `unit:${unit.unitId}`;
  return `owners:${[...new Set(unit.ownerIds)].sort().join('+')}`;
}
