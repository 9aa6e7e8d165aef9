/**
 * Joining a household: a resident asks, a committee member of that community approves or rejects
 * (with a reason), the resident may leave. Decisions are conditional updates on status 'pending',
 * so when two committee members decide at once exactly one wins and the other is told it is done.
 */
import type { Home, MembershipRelation, MembershipStatus } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import { Conflict, NotFound } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { DomainEventBus } from '../domain-events';
import { MembershipModel, isDuplicateKey, type MembershipDoc } from './model';
import './events';
import { findPage } from '../../platform/paging';

export interface Membership {
  id: string;
  userId: string;
  householdId: string;
  buildingId: string;
  communityId: string;
  relation: MembershipRelation;
  status: MembershipStatus;
  reason?: string;
  decidedBy?: string;
  decidedAt?: Date;
  requestedAt: Date;
}

export const toMembership = (d: MembershipDoc): Membership => ({
  id: String(d._id),
  userId: String(d.userId),
  householdId: String(d.householdId),
  buildingId: String(d.buildingId),
  communityId: String(d.communityId),
  relation: d.relation,
  status: d.status,
  ...(d.reason ? { reason: d.reason } : {}),
  ...(d.decidedBy ? { decidedBy: String(d.decidedBy) } : {}),
  ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
  requestedAt: d.requestedAt,
});

const ALREADY_ASKED = Conflict({
  'zh-CN': '你已申请或已加入该住户，无需重复申请',
  en: 'you have already asked to join, or belong to, this household',
});

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export interface MembershipDeps {
  communities: CommunitiesService;
  audit: AuditService;
  events: DomainEventBus;
  clock: Clock;
  /**
   * Told, and awaited, whenever a person's homes change (a decision, leaving): identity drops the
   * actor it cached for them on every instance before the answer leaves, so the very next request
   * sees the new homes wherever it lands. The domain events that follow are not awaited.
   */
  homesChanged?: (userId: string) => Promise<void>;
}

export function createMembershipService({ communities, audit, events, clock, homesChanged }: MembershipDeps) {
  const service = {
    async request(
      userId: string,
      input: { householdId: string; relation: MembershipRelation },
    ): Promise<Membership> {
      const household = await communities.getHousehold(input.householdId);
      const open = await MembershipModel.exists({ userId, householdId: household.id, active: true });
      if (open) throw ALREADY_ASKED;
      let doc;
      try {
        doc = await MembershipModel.create({
          userId,
          householdId: household.id,
          buildingId: household.buildingId,
          communityId: household.communityId,
          relation: input.relation,
          status: 'pending',
          active: true,
          requestedAt: clock.now(),
        });
      } catch (err) {
        if (isDuplicateKey(err)) throw ALREADY_ASKED;
        throw err;
      }
      const membership = toMembership(doc.toObject());
      void events.emit('membership.requested', {
        membershipId: membership.id,
        userId,
        householdId: membership.householdId,
        communityId: membership.communityId,
      });
      return membership;
    },

    async find(membershipId: string): Promise<Membership | undefined> {
      if (!isId(membershipId)) return undefined;
      const doc = await MembershipModel.findById(membershipId).lean<MembershipDoc>();
      return doc ? toMembership(doc) : undefined;
    },

    async get(membershipId: string): Promise<Membership> {
      const membership = await service.find(membershipId);
      if (!membership) throw NotFound('membership');
      return membership;
    },

    /**
     * Approves or rejects a pending request. The caller has checked the policy; the database
     * decides the race: only an update that still finds 'pending' wins.
     */
    async decide(
      decidedBy: string,
      membershipId: string,
      decision: { status: 'approved' } | { status: 'rejected'; reason: string },
    ): Promise<Membership> {
      const set = {
        status: decision.status,
        active: decision.status === 'approved',
        decidedBy: new Types.ObjectId(decidedBy),
        decidedAt: clock.now(),
        ...(decision.status === 'rejected' ? { reason: decision.reason } : {}),
      };
      const doc = await MembershipModel.findOneAndUpdate(
        { _id: membershipId, status: 'pending' },
        { $set: set },
        { returnDocument: 'after' },
      ).lean<MembershipDoc>();
      if (!doc) {
        const current = await service.get(membershipId);
        throw Conflict(
          {
            'zh-CN': `该申请已被处理（${current.status === 'approved' ? '已通过' : '已拒绝'}），请刷新列表`,
            en: `this request has already been decided (${current.status}); refresh the list`,
          },
          { status: current.status },
        );
      }
      const membership = toMembership(doc);
      await audit.record({
        actorId: decidedBy,
        action: decision.status === 'approved' ? 'membership.approve' : 'membership.reject',
        subjectUserId: membership.userId,
        communityId: membership.communityId,
        target: { kind: 'membership', id: membership.id },
        before: { status: 'pending', relation: membership.relation, householdId: membership.householdId },
        after: {
          status: membership.status,
          relation: membership.relation,
          householdId: membership.householdId,
          ...(membership.reason ? { reason: membership.reason } : {}),
        },
      });
      await homesChanged?.(membership.userId);
      void events.emit('membership.decided', {
        membershipId: membership.id,
        userId: membership.userId,
        householdId: membership.householdId,
        communityId: membership.communityId,
        status: membership.status,
        ...(membership.reason ? { reason: membership.reason } : {}),
        decidedBy,
      });
      return membership;
    },

    /** The resident leaves a household, or withdraws a request not yet decided. */
    async leave(membershipId: string): Promise<void> {
      const doc = await MembershipModel.findOneAndDelete({
        _id: membershipId,
        active: true,
      }).lean<MembershipDoc>();
      if (!doc) return;
      await homesChanged?.(String(doc.userId));
      void events.emit('membership.left', {
        membershipId,
        userId: String(doc.userId),
        householdId: String(doc.householdId),
        communityId: String(doc.communityId),
      });
    },

    async listMine(userId: string): Promise<Membership[]> {
      const docs = await MembershipModel.find({ userId }).sort({ requestedAt: -1 }).lean<MembershipDoc[]>();
      return docs.map(toMembership);
    },

    async listInCommunity(query: {
      communityId: string;
      status: MembershipStatus;
      page: number;
      pageSize: number;
    }) {
      const filter = { communityId: query.communityId, status: query.status };
      const found = await findPage<MembershipDoc>(MembershipModel, filter, { requestedAt: 1, _id: 1 }, query);
      return { ...found, items: found.items.map(toMembership) };
    },

    /** The households a user is an approved member of: what the authenticator puts on the Actor. */
    async homesOf(userId: string): Promise<Home[]> {
      if (!isId(userId)) return [];
      const docs = await MembershipModel.find({ userId, status: 'approved' }).lean<MembershipDoc[]>();
      return docs.map((d) => ({
        householdId: String(d.householdId),
        buildingId: String(d.buildingId),
        communityId: String(d.communityId),
        relation: d.relation,
      }));
    },

    /** Approved members of a community (for the committee's resident list). */
    async approvedInCommunity(communityId: string): Promise<Membership[]> {
      const docs = await MembershipModel.find({ communityId, status: 'approved' })
        .sort({ buildingId: 1, householdId: 1 })
        .lean<MembershipDoc[]>();
      return docs.map(toMembership);
    },

    /**
     * Ids of the users approved into a community, or only into some of its buildings: the people a
     * community notice reaches. Each user once, however many homes they have there.
     */
    async approvedUserIds(communityId: string, buildingIds?: readonly string[]): Promise<string[]> {
      if (!isId(communityId)) return [];
      const filter = {
        communityId,
        status: 'approved' as const,
        ...(buildingIds ? { buildingId: { $in: buildingIds.filter(isId) } } : {}),
      };
      const ids: Types.ObjectId[] = await MembershipModel.distinct('userId', filter);
      return ids.map(String);
    },

    async isApprovedIn(userId: string, communityId: string): Promise<boolean> {
      return Boolean(await MembershipModel.exists({ userId, communityId, status: 'approved' }));
    },

    async exportFor(userId: string) {
      const mine = await service.listMine(userId);
      const households = new Map(
        (await communities.getHouseholds(mine.map((m) => m.householdId))).map((h) => [h.id, h]),
      );
      return mine.map((m) => {
        const h = households.get(m.householdId);
        return {
          household: h ? `${h.buildingName} ${h.unit}` : m.householdId,
          relation: m.relation,
          status: m.status,
          reason: m.reason,
          requestedAt: m.requestedAt,
          decidedAt: m.decidedAt,
        };
      });
    },

    async eraseFor(userId: string): Promise<void> {
      await MembershipModel.deleteMany({ userId });
    },
  };
  return service;
}

export type MembershipService = ReturnType<typeof createMembershipService>;
