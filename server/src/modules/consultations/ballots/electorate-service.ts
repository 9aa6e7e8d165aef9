/**
 * The roll of electors, drawn up once when voting opens from the household register and its
 * approved members, and frozen: turnout, non-voters and the count all read this roll, so a family
 * moving in mid-vote cannot shift the totals an owners' decision is measured against.
 * Unit ownership (the developer's unsold units, co-owners' nominee) is kept here too.
 */
import type { Eligibility } from '@linli/shared';
import { Types } from 'mongoose';
import { isDuplicateKey } from '../../../platform/database-errors';
import { BadRequest } from '../../../platform/errors';
import { ownerKeyOf } from '../counting/electorate';
import type { ConsultationPorts } from '../ports';
import { ElectorModel, UnitOwnershipModel, type ElectorDoc, type UnitOwnershipDoc } from './model';

export const voterKeyFor = (eligibility: Eligibility, householdId: string, userId?: string) =>
  eligibility === 'resident'
    ? `user:${userId}`
    : `${eligibility === 'owner' ? 'unit' : 'household'}:${householdId}`;

export function createElectorate(ports: Pick<ConsultationPorts, 'communities' | 'memberships'>) {
  const service = {
    /** Draws up the roll (again, if a previous attempt was cut short); answers how many it holds. */
    async drawUp(c: {
      id: string;
      communityId: string;
      eligibility: Eligibility;
      buildingIds: readonly string[];
    }): Promise<number> {
      const inAudience = (buildingId: string) =>
        c.buildingIds.length === 0 || c.buildingIds.includes(buildingId);
      const households = (await ports.communities.householdsOf(c.communityId)).filter((h) =>
        inAudience(h.buildingId),
      );
      const members = (await ports.memberships.approvedInCommunity(c.communityId)).filter((m) =>
        inAudience(m.buildingId),
      );
      const byHousehold = new Map<string, typeof members>();
      for (const m of members) byHousehold.set(m.householdId, [...(byHousehold.get(m.householdId) ?? []), m]);
      const ownership = new Map(
        (await UnitOwnershipModel.find({ communityId: c.communityId }).lean<UnitOwnershipDoc[]>()).map(
          (o) => [String(o.householdId), o],
        ),
      );
      const consultationId = new Types.ObjectId(c.id);
      const base = (h: (typeof households)[number]) => ({
        consultationId,
        householdId: new Types.ObjectId(h.id),
        buildingId: new Types.ObjectId(h.buildingId),
        buildingName: h.buildingName,
        unit: h.unit,
        areaCenti: h.areaCenti,
      });
      const rows: Omit<ElectorDoc, '_id'>[] = [];
      if (c.eligibility === 'resident') {
        const seen = new Set<string>();
        const byId = new Map(households.map((h) => [h.id, h]));
        for (const m of members) {
          const h = byId.get(m.householdId);
          if (!h || seen.has(m.userId)) continue; // one ballot per person, at their first home
          seen.add(m.userId);
          rows.push({
            ...base(h),
            voterKey: voterKeyFor('resident', h.id, m.userId),
            ownerKey: '',
            voterIds: [new Types.ObjectId(m.userId)],
          });
        }
      } else {
        for (const h of households) {
          const people = byHousehold.get(h.id) ?? [];
          if (c.eligibility === 'household') {
            rows.push({
              ...base(h),
              voterKey: voterKeyFor('household', h.id),
              ownerKey: '',
              voterIds: [...new Set(people.map((p) => p.userId))].map((id) => new Types.ObjectId(id)),
            });
            continue;
          }
          const owners = [...new Set(people.filter((p) => p.relation === 'owner').map((p) => p.userId))];
          const facts = ownership.get(h.id);
          const developerHeld = facts?.developerHeld ?? false;
          const nominee = facts?.nominatedVoterId ? String(facts.nominatedVoterId) : undefined;
          // The nominee votes for co-owners; without one, any owner may, and the unit still has one ballot.
          const voters = developerHeld ? [] : nominee && owners.includes(nominee) ? [nominee] : owners;
          rows.push({
            ...base(h),
            voterKey: voterKeyFor('owner', h.id),
            ownerKey: ownerKeyOf({ unitId: h.id, ownerIds: owners, developerHeld }),
            voterIds: voters.map((id) => new Types.ObjectId(id)),
          });
        }
      }
      await ElectorModel.deleteMany({ consultationId });
      try {
        await ElectorModel.insertMany(rows, { ordered: false });
      } catch (err) {
        // Two openers at once drew up the same roll: the unique index kept one copy of each.
        if (!isDuplicateKey(err)) throw err;
      }
      return ElectorModel.countDocuments({ consultationId });
    },

    async ofConsultation(consultationId: string): Promise<ElectorDoc[]> {
      return ElectorModel.find({ consultationId }).sort({ buildingName: 1, unit: 1 }).lean<ElectorDoc[]>();
    },

    /** The electors a person may cast online (their own), optionally for one household only. */
    async forVoter(consultationId: string, userId: string): Promise<ElectorDoc[]> {
      return ElectorModel.find({ consultationId, voterIds: userId })
        .sort({ buildingName: 1, unit: 1 })
        .lean<ElectorDoc[]>();
    },

    async byVoterKey(consultationId: string, voterKey: string): Promise<ElectorDoc | null> {
      return ElectorModel.findOne({ consultationId, voterKey }).lean<ElectorDoc>();
    },

    async setOwnership(
      communityId: string,
      householdId: string,
      input: { developerHeld: boolean; nominatedVoterId?: string | null },
    ): Promise<UnitOwnershipDoc> {
      const household = await ports.communities.getHousehold(householdId);
      if (household.communityId !== communityId) {
        throw BadRequest({ 'zh-CN': '该住户不属于这个社区', en: 'the household is not in this community' });
      }
      if (input.nominatedVoterId) {
        const owners = (await ports.memberships.approvedInCommunity(communityId)).filter(
          (m) => m.householdId === householdId && m.relation === 'owner',
        );
        if (!owners.some((o) => o.userId === input.nominatedVoterId)) {
          throw BadRequest(
            {
              'zh-CN': '只能指定该户已认证的业主作为投票人',
              en: 'the nominated voter must be a verified owner of this unit',
            },
            { field: 'nominatedVoterId' },
          );
        }
      }
      const doc = await UnitOwnershipModel.findOneAndUpdate(
        { householdId },
        input.nominatedVoterId
          ? {
              $set: {
                communityId,
                developerHeld: input.developerHeld,
                nominatedVoterId: input.nominatedVoterId,
              },
            }
          : { $set: { communityId, developerHeld: input.developerHeld }, $unset: { nominatedVoterId: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean<UnitOwnershipDoc>();
      return doc!;
    },
  };
  return service;
}

export type Electorate = ReturnType<typeof createElectorate>;
