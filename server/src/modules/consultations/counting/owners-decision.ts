/**
 * Counting an owners' decision (业主共同决定) under a rule set (Civil Code art. 278 by default),
 * the way the Supreme People's Court's interpretation on building ownership counts:
 * - area: each unit's exclusive area as registered (integer 0.01 m²);
 * - headcount: one per unit, except that one owner holding several units counts as one person,
 *   and the developer's unsold units together count as one person. Units are grouped into persons
 *   by `ownerKey` (see electorate.ts); co-owners of a unit are one owner and nominate one voter.
 * A pure function: the same electorate and ballots always give the same count.
 */
import {
  GAUGE_KEYS,
  type DualThreshold,
  type Gauge,
  type GaugeKey,
  type OwnerMatter,
  type RuleSet,
  type Threshold,
} from '@linli/shared';
import { meets, missingToMeet } from './fraction';

/** One exclusive part (专有部分) as it stood when voting opened. */
export interface ElectorateUnit {
  unitId: string;
  buildingId: string;
  areaCenti: number;
  /** Units sharing a key are one person for headcount: the same owner(s), or 'developer'. */
  ownerKey: string;
}

export type OwnerChoice = 'approve' | 'reject' | 'abstain';

export interface UnitBallot {
  unitId: string;
  choice: OwnerChoice;
}

export interface Measures {
  areaCenti: number;
  owners: number;
}

export interface OwnersDecisionCount {
  matter: OwnerMatter;
  totals: Measures;
  /** Those taking part (after the non-voter rule). */
  participating: Measures;
  agreeing: Measures;
  /** What the ballots themselves say, before any non-voter rule: by area and by person. */
  byChoice: Record<OwnerChoice, Measures>;
  gauges: Gauge[];
  participationMet: boolean;
  approvalMet: boolean;
  passed: boolean;
}

/**
 * A person's say by headcount: they take part if any of their units voted, and agree only if every
 * unit of theirs that voted approved (an owner whose units voted differently is one participating
 * owner who did not agree; never more than one head either way).
 */
function personChoice(choices: OwnerChoice[]): OwnerChoice {
  if (choices.every((c) => c === 'approve')) return 'approve';
  if (choices.every((c) => c === 'abstain')) return 'abstain';
  return 'reject';
}

function gauge(key: GaugeKey, value: number, of: number, threshold: Threshold): Gauge {
  return {
    key,
    measure: key.endsWith('Area') ? 'area' : 'owners',
    value,
    of,
    threshold,
    met: meets(value, of, threshold),
    missing: missingToMeet(value, of, threshold),
  };
}

export function countOwnersDecision(
  rules: RuleSet,
  matter: OwnerMatter,
  electorate: readonly ElectorateUnit[],
  ballots: readonly UnitBallot[],
): OwnersDecisionCount {
  const units = new Map(electorate.map((u) => [u.unitId, u]));
  const cast = new Map<string, OwnerChoice>();
  for (const b of ballots) {
    // A ballot for a unit outside the electorate cannot count (the list is frozen at opening).
    if (units.has(b.unitId)) cast.set(b.unitId, b.choice);
  }

  const totals: Measures = { areaCenti: 0, owners: new Set(electorate.map((u) => u.ownerKey)).size };
  const empty = (): Measures => ({ areaCenti: 0, owners: 0 });
  const byChoice: Record<OwnerChoice, Measures> = { approve: empty(), reject: empty(), abstain: empty() };
  const personChoices = new Map<string, OwnerChoice[]>();
  for (const unit of electorate) {
    totals.areaCenti += unit.areaCenti;
    const choice = cast.get(unit.unitId);
    if (!choice) continue;
    byChoice[choice].areaCenti += unit.areaCenti;
    personChoices.set(unit.ownerKey, [...(personChoices.get(unit.ownerKey) ?? []), choice]);
  }
  for (const choices of personChoices.values()) byChoice[personChoice(choices)].owners += 1;

  const voted: Measures = {
    areaCenti: byChoice.approve.areaCenti + byChoice.reject.areaCenti + byChoice.abstain.areaCenti,
    owners: personChoices.size,
  };
  const participating = { ...voted };
  const agreeing: Measures = { areaCenti: byChoice.approve.areaCenti, owners: byChoice.approve.owners };
  if (rules.nonVoters === 'followMajority') {
    for (const measure of ['areaCenti', 'owners'] as const) {
      if (voted[measure] === 0) continue; // nobody voted: there is no majority to follow
      const absent = totals[measure] - voted[measure];
      participating[measure] = totals[measure];
      if (agreeing[measure] * 2 > voted[measure]) agreeing[measure] += absent;
    }
  }

  const approval: DualThreshold = rules.approval[matter];
  const gauges = [
    gauge('participationArea', participating.areaCenti, totals.areaCenti, rules.participation.area),
    gauge('participationOwners', participating.owners, totals.owners, rules.participation.owners),
    gauge('approvalArea', agreeing.areaCenti, participating.areaCenti, approval.area),
    gauge('approvalOwners', agreeing.owners, participating.owners, approval.owners),
  ];
  const byKey = (k: (typeof GAUGE_KEYS)[number]) => gauges.find((g) => g.key === k)!.met;
  const participationMet = byKey('participationArea') && byKey('participationOwners');
  // With nobody taking part nothing is approved, whatever a 0-of-0 comparison would say.
  const approvalMet = participating.owners > 0 && byKey('approvalArea') && byKey('approvalOwners');
  return {
    matter,
    totals,
    participating,
    agreeing,
    byChoice,
    gauges,
    participationMet,
    approvalMet,
    passed: participationMet && approvalMet,
  };
}
