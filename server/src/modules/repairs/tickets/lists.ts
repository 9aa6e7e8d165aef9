/**
 * The lists people look at: my reports (and those I said "me too" to), my community's public-area
 * reports, the team's queue with its filters, and a technician's jobs.
 */
import type { TicketStatus } from '@linli/shared';
import { Types, type QueryFilter } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { findPage } from '../../../platform/paging';
import { RepairMeTooModel, RepairTicketModel, type TicketDoc } from './model';

const oid = (id: string) => new Types.ObjectId(id);
const CLAIMABLE: TicketStatus[] = ['submitted', 'accepted', 'reopened'];

export interface Paging {
  page: number;
  pageSize: number;
}

export function createTicketLists(deps: { clock: Clock }) {
  const page = (
    filter: QueryFilter<TicketDoc>,
    paging: Paging,
    sort: Record<string, 1 | -1> = { createdAt: -1, _id: -1 },
  ) => findPage<TicketDoc>(RepairTicketModel, filter as QueryFilter<unknown>, sort, paging);

  return {
    async mine(actor: Actor, paging: Paging) {
      const meToos = await RepairMeTooModel.find({ userId: oid(actor.userId) }, { ticketId: 1 }).lean();
      return page(
        { $or: [{ reporterId: oid(actor.userId) }, { _id: { $in: meToos.map((m) => m.ticketId) } }] },
        paging,
      );
    },

    async publicOf(communityId: string, status: 'open' | 'closed' | undefined, paging: Paging) {
      return page(
        {
          communityId: oid(communityId),
          area: 'public',
          status: { $ne: 'merged' },
          ...(status ? { open: status === 'open' } : {}),
        },
        paging,
      );
    },

    async queue(
      providerIds: readonly string[],
      q: {
        communityId: string;
        status?: TicketStatus;
        categoryId?: string;
        buildingId?: string;
        overdue?: boolean;
      },
      paging: Paging,
    ) {
      const filter: QueryFilter<TicketDoc> = {
        communityId: oid(q.communityId),
        providerId: { $in: providerIds.map(oid) },
      };
      if (q.status) filter.status = q.status;
      if (q.categoryId) filter.categoryId = oid(q.categoryId);
      if (q.buildingId) filter.buildingId = oid(q.buildingId);
      if (q.overdue === true) Object.assign(filter, { open: true, dueAt: { $lte: deps.clock.now() } });
      if (q.overdue === false) filter.$or = [{ open: false }, { dueAt: { $gt: deps.clock.now() } }];
      // Most pressing first: the earliest due.
      return page(filter, paging, { open: -1, dueAt: 1, _id: 1 });
    },

    /** A technician's jobs: assigned to them and still open, then those open to claim in their teams. */
    async jobsOf(actor: Actor, paging: Paging) {
      const teams = actor.grants.flatMap((g) =>
        g.role === 'technician' ? [{ communityId: oid(g.communityId), providerId: oid(g.providerId) }] : [],
      );
      const claimable = teams.map((t) => ({
        ...t,
        status: { $in: CLAIMABLE },
        assigneeId: { $exists: false },
      }));
      return page({ $or: [{ assigneeId: oid(actor.userId), open: true }, ...claimable] }, paging, {
        dueAt: 1,
        _id: 1,
      });
    },
  };
}
export type TicketLists = ReturnType<typeof createTicketLists>;
