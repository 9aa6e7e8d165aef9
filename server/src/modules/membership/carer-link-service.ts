/**
 * Carer links: a resident (often an adult child) asks to act for an elder — book their meals, for
 * one. The elder, or a committee member of the elder's community, confirms or rejects; either side
 * may revoke. Other modules ask `isConfirmedCarer` / `eldersOf` before acting on an elder's behalf.
 */
import type { CarerLinkStatus } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import { BadRequest, Conflict, NotFound } from '../../platform/errors';
import type { AuditService } from '../audit';
import type { DomainEventBus } from '../domain-events';
import type { UserDirectory } from './users-port';
import { CarerLinkModel, isDuplicateKey, type CarerLinkDoc } from './model';
import type { MembershipService } from './membership-service';
import './events';

export interface CarerLink {
  id: string;
  carerId: string;
  elderId: string;
  communityIds: string[];
  status: CarerLinkStatus;
  reason?: string;
  decidedBy?: string;
  decidedAt?: Date;
  requestedAt: Date;
}

const toLink = (d: CarerLinkDoc): CarerLink => ({
  id: String(d._id),
  carerId: String(d.carerId),
  elderId: String(d.elderId),
  communityIds: d.communityIds.map(String),
  status: d.status,
  ...(d.reason ? { reason: d.reason } : {}),
  ...(d.decidedBy ? { decidedBy: String(d.decidedBy) } : {}),
  ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
  requestedAt: d.requestedAt,
});

const ALREADY_LINKED = Conflict({
  'zh-CN': '你已申请或已成为这位长者的代办家属',
  en: 'you have already asked to be, or are, this elder’s carer',
});

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** Which statuses each decision moves from, written once. */
const TRANSITIONS: Record<'confirmed' | 'rejected' | 'revoked', CarerLinkStatus[]> = {
  confirmed: ['pending'],
  rejected: ['pending'],
  revoked: ['pending', 'confirmed'],
};

export interface CarerLinkDeps {
  users: Pick<UserDirectory, 'getUser'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  audit: AuditService;
  events: DomainEventBus;
  clock: Clock;
}

export function createCarerLinkService({ users, memberships, audit, events, clock }: CarerLinkDeps) {
  const service = {
    async request(carerId: string, elderUserId: string): Promise<CarerLink> {
      if (carerId === elderUserId) {
        throw BadRequest({ 'zh-CN': '不能为自己申请代办', en: 'you cannot be your own carer' });
      }
      const elder = await users.getUser(elderUserId);
      if (!elder || elder.deleted) throw NotFound('user');
      if (await CarerLinkModel.exists({ carerId, elderId: elderUserId, active: true })) throw ALREADY_LINKED;
      const communityIds = [...new Set((await memberships.homesOf(elderUserId)).map((h) => h.communityId))];
      let doc;
      try {
        doc = await CarerLinkModel.create({
          carerId,
          elderId: elderUserId,
          communityIds,
          status: 'pending',
          active: true,
          requestedAt: clock.now(),
        });
      } catch (err) {
        if (isDuplicateKey(err)) throw ALREADY_LINKED;
        throw err;
      }
      const link = toLink(doc.toObject());
      void events.emit('carerLink.changed', {
        carerLinkId: link.id,
        carerId,
        elderId: elderUserId,
        status: 'pending',
      });
      return link;
    },

    async find(linkId: string): Promise<CarerLink | undefined> {
      if (!isId(linkId)) return undefined;
      const doc = await CarerLinkModel.findById(linkId).lean<CarerLinkDoc>();
      return doc ? toLink(doc) : undefined;
    },

    async get(linkId: string): Promise<CarerLink> {
      const link = await service.find(linkId);
      if (!link) throw NotFound('carerLink');
      return link;
    },

    /**
     * Moves a link to its new status if it is still in a status that allows it (a conditional
     * update, so concurrent decisions cannot both apply). `auditCommunityId` is set when a
     * committee member, not a party, decided: that is a staff change and goes in the audit log.
     */
    async transition(
      actorId: string,
      linkId: string,
      to: 'confirmed' | 'rejected' | 'revoked',
      options: { reason?: string; auditCommunityId?: string } = {},
    ): Promise<CarerLink> {
      const before = await service.get(linkId);
      const doc = await CarerLinkModel.findOneAndUpdate(
        { _id: linkId, status: { $in: TRANSITIONS[to] } },
        {
          $set: {
            status: to,
            active: to === 'confirmed',
            decidedBy: new Types.ObjectId(actorId),
            decidedAt: clock.now(),
            ...(options.reason ? { reason: options.reason } : {}),
          },
        },
        { returnDocument: 'after' },
      ).lean<CarerLinkDoc>();
      if (!doc) {
        throw Conflict(
          {
            'zh-CN': '该代办关系的状态已变化，请刷新后再试',
            en: 'this carer link has changed; refresh and try again',
          },
          { status: (await service.get(linkId)).status },
        );
      }
      const link = toLink(doc);
      if (options.auditCommunityId) {
        await audit.record({
          actorId,
          action: `carerLink.${to === 'confirmed' ? 'confirm' : to === 'rejected' ? 'reject' : 'revoke'}`,
          subjectUserId: link.elderId,
          communityId: options.auditCommunityId,
          target: { kind: 'carerLink', id: link.id },
          before: { status: before.status, carerId: link.carerId },
          after: {
            status: link.status,
            carerId: link.carerId,
            ...(link.reason ? { reason: link.reason } : {}),
          },
        });
      }
      void events.emit('carerLink.changed', {
        carerLinkId: link.id,
        carerId: link.carerId,
        elderId: link.elderId,
        status: link.status,
      });
      return link;
    },

    /** Links where the user is the carer or the elder, newest first. */
    async listMine(userId: string): Promise<CarerLink[]> {
      const docs = await CarerLinkModel.find({ $or: [{ carerId: userId }, { elderId: userId }] })
        .sort({ requestedAt: -1 })
        .lean<CarerLinkDoc[]>();
      return docs.map(toLink);
    },

    async listInCommunity(communityId: string, status: CarerLinkStatus): Promise<CarerLink[]> {
      const docs = await CarerLinkModel.find({ communityIds: communityId, status })
        .sort({ requestedAt: 1 })
        .lean<CarerLinkDoc[]>();
      return docs.map(toLink);
    },

    /** Whether carerId may act for elderId right now. */
    async isConfirmedCarer(carerId: string, elderId: string): Promise<boolean> {
      if (!isId(carerId) || !isId(elderId)) return false;
      return Boolean(await CarerLinkModel.exists({ carerId, elderId, status: 'confirmed' }));
    },

    /** The elders this carer may act for. */
    async eldersOf(carerId: string): Promise<string[]> {
      if (!isId(carerId)) return [];
      const docs = await CarerLinkModel.find({ carerId, status: 'confirmed' }).lean<CarerLinkDoc[]>();
      return docs.map((d) => String(d.elderId));
    },

    async exportFor(userId: string) {
      const links = await service.listMine(userId);
      return links.map((l) => ({
        role: l.carerId === userId ? 'carer' : 'elder',
        otherUserId: l.carerId === userId ? l.elderId : l.carerId,
        status: l.status,
        requestedAt: l.requestedAt,
        decidedAt: l.decidedAt,
      }));
    },

    async eraseFor(userId: string): Promise<void> {
      await CarerLinkModel.deleteMany({ $or: [{ carerId: userId }, { elderId: userId }] });
    },
  };
  return service;
}

export type CarerLinkService = ReturnType<typeof createCarerLinkService>;
