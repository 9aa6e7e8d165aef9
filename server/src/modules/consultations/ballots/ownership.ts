/**
 * The committee's ownership roll: each unit's registered exclusive area, its verified owners, the
 * co-owners' nominee and whether the developer still holds it, with the totals an owners' decision
 * will start from, counted as the electorate counts them (ownerKeyOf), so the page and the count
 * can never disagree about who is one person.
 *
 * An owners' vote draws up its roll when voting opens and keeps it, so a change made while one is
 * open would be saved and yet not count: a nominee who still could not vote. Rather than that
 * silent gap, a unit inside an open owners' vote is refused (409, naming the vote) until it closes.
 */
import {
  formatCentiArea,
  parseAreaToCenti,
  type OwnershipRollView,
  type OwnershipUnitView,
} from '@linli/shared';
import type { Actor } from '../../../platform/context';
import { BadRequest, Conflict, NotFound } from '../../../platform/errors';
import { ownerKeyOf } from '../counting/electorate';
import { ConsultationModel, type ConsultationDoc } from '../consultations/model';
import type { ConsultationPorts, HouseholdFacts } from '../ports';
import type { Electorate } from './electorate-service';
import { UnitOwnershipModel, type UnitOwnershipDoc } from './model';

type Ports = Pick<ConsultationPorts, 'communities' | 'memberships' | 'users' | 'audit'>;

interface OpenVote {
  id: string;
  title: string;
  buildingIds: string[];
}

export function createOwnershipRoll(deps: { ports: Ports; electorate: Electorate }) {
  const { ports, electorate } = deps;

  async function openOwnersVotes(communityId: string): Promise<OpenVote[]> {
    const docs = await ConsultationModel.find({ communityId, eligibility: 'owner', status: 'voting' })
      .sort({ _id: 1 })
      .lean<ConsultationDoc[]>();
    return docs.map((d) => ({ id: String(d._id), title: d.title, buildingIds: d.buildingIds.map(String) }));
  }

  const holding = (votes: OpenVote[], buildingId: string) =>
    votes.find((v) => v.buildingIds.length === 0 || v.buildingIds.includes(buildingId));

  async function ownersByHousehold(communityId: string): Promise<Map<string, string[]>> {
    const owners = new Map<string, string[]>();
    for (const m of await ports.memberships.approvedInCommunity(communityId)) {
      if (m.relation !== 'owner') continue;
      const list = owners.get(m.householdId) ?? [];
      if (!list.includes(m.userId)) owners.set(m.householdId, [...list, m.userId]);
    }
    return owners;
  }

  async function present(
    communityId: string,
    households: HouseholdFacts[],
  ): Promise<{ units: OwnershipUnitView[]; persons: Set<string>; votes: OpenVote[] }> {
    const [owners, facts, votes] = await Promise.all([
      ownersByHousehold(communityId),
      UnitOwnershipModel.find({ communityId }).lean<UnitOwnershipDoc[]>(),
      openOwnersVotes(communityId),
    ]);
    const factsOf = new Map(facts.map((f) => [String(f.householdId), f]));
    const all = await ports.communities.householdsOf(communityId);
    const keyOf = (h: HouseholdFacts) =>
      ownerKeyOf({
        unitId: h.id,
        ownerIds: owners.get(h.id) ?? [],
        developerHeld: factsOf.get(h.id)?.developerHeld ?? false,
      });
    // How many units each person holds is counted over the whole community, as the headcount is.
    const unitsPerKey = new Map<string, number>();
    for (const h of all) unitsPerKey.set(keyOf(h), (unitsPerKey.get(keyOf(h)) ?? 0) + 1);
    const people = await ports.users.getUsers([...new Set([...owners.values()].flat())]);
    const persons = new Set<string>();
    const units = households.map((h): OwnershipUnitView => {
      const f = factsOf.get(h.id);
      const ids = owners.get(h.id) ?? [];
      const nominee = f?.nominatedVoterId ? String(f.nominatedVoterId) : undefined;
      const lock = holding(votes, h.buildingId);
      persons.add(keyOf(h));
      return {
        householdId: h.id,
        buildingId: h.buildingId,
        buildingName: h.buildingName,
        unit: h.unit,
        areaCenti: h.areaCenti,
        developerHeld: f?.developerHeld ?? false,
        owners: ids.map((id) => ({ id, displayName: people.get(id)?.displayName ?? '' })),
        ...(nominee ? { nominatedVoterId: nominee } : {}),
        needsNominee: !f?.developerHeld && ids.length > 1 && !(nominee && ids.includes(nominee)),
        unitsOfSamePerson: unitsPerKey.get(keyOf(h)) ?? 1,
        ...(lock ? { lockedBy: { id: lock.id, title: lock.title } } : {}),
        actions: lock ? [] : ['setOwnership'],
      };
    });
    return { units, persons, votes };
  }

  return {
    async roll(communityId: string): Promise<OwnershipRollView> {
      const [households, buildings] = await Promise.all([
        ports.communities.householdsOf(communityId),
        ports.communities.listBuildings(communityId),
      ]);
      // By building as the community orders them, then door by door (2-101 before 2-1001).
      const place = new Map(buildings.map((b, i) => [b.id, i]));
      households.sort(
        (a, b) =>
          (place.get(a.buildingId) ?? 0) - (place.get(b.buildingId) ?? 0) ||
          a.unit.localeCompare(b.unit, 'zh-CN', { numeric: true }),
      );
      const { units, persons, votes } = await present(communityId, households);
      return {
        communityId,
        units,
        totals: {
          // Integer hundredths of a m², summed exactly.
          areaCenti: units.reduce((sum, u) => sum + u.areaCenti, 0),
          units: units.length,
          persons: persons.size,
          developerUnits: units.filter((u) => u.developerHeld).length,
        },
        openOwnersVotes: votes.map(({ id, title }) => ({ id, title })),
      };
    },

    /** Sets a unit's area, developer holding and nominee together; every field is checked before any is written. */
    async update(
      actor: Actor,
      communityId: string,
      householdId: string,
      input: { developerHeld: boolean; nominatedVoterId?: string | null; area?: string | number },
    ): Promise<OwnershipUnitView> {
      const household = await ports.communities.getHousehold(householdId);
      if (household.communityId !== communityId) throw NotFound('household');
      const lock = holding(await openOwnersVotes(communityId), household.buildingId);
      if (lock) {
        throw Conflict(
          {
            'zh-CN': `业主表决「${lock.title}」正在投票，名册已在开始投票时固定；请在投票截止后再修改该户的面积或业主信息`,
            en: `the owners' vote "${lock.title}" is open and its roll was fixed when voting opened; change this unit's area or owners after it closes`,
          },
          { consultationId: lock.id },
        );
      }
      let area: string | undefined;
      if (input.area !== undefined) {
        const parsed = parseAreaToCenti(input.area);
        if ('problem' in parsed) throw BadRequest(parsed.problem, { field: 'area' });
        area = formatCentiArea(parsed.centi);
      }
      const before = await UnitOwnershipModel.findOne({ householdId }).lean<UnitOwnershipDoc>();
      // setOwnership checks the nominee before writing; the area is written only once it has passed.
      if (input.nominatedVoterId) {
        const owners = (await ownersByHousehold(communityId)).get(householdId) ?? [];
        if (!owners.includes(input.nominatedVoterId)) {
          throw BadRequest(
            {
              'zh-CN': '只能指定该户已认证的业主作为投票人',
              en: 'the nominated voter must be a verified owner of this unit',
            },
            { field: 'nominatedVoterId' },
          );
        }
      }
      const updated =
        area !== undefined ? await ports.communities.setHouseholdArea(householdId, area) : household;
      const after = await electorate.setOwnership(communityId, householdId, input);
      await ports.audit.record({
        actorId: actor.userId,
        action: 'consultation.unitOwnership',
        ...(after.nominatedVoterId ? { subjectUserId: String(after.nominatedVoterId) } : {}),
        communityId,
        target: { kind: 'household', id: householdId },
        before: {
          areaCenti: household.areaCenti,
          developerHeld: before?.developerHeld ?? false,
          nominatedVoterId: before?.nominatedVoterId ? String(before.nominatedVoterId) : null,
        },
        after: {
          areaCenti: updated.areaCenti,
          developerHeld: after.developerHeld,
          nominatedVoterId: after.nominatedVoterId ? String(after.nominatedVoterId) : null,
        },
      });
      return (await present(communityId, [updated])).units[0];
    },
  };
}

export type OwnershipRoll = ReturnType<typeof createOwnershipRoll>;
