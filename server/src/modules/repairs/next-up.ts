/**
 * Repairs on Home's "what is next for me": the tickets I reported that are not finished. One that
 * waits for me comes first: a quote to approve, or a repair to confirm (and rate).
 */
import type { NextUpItem } from '@linli/shared';
import { Types } from 'mongoose';
import type { NextUpContributor } from '../../platform/next-up';
import type { CategoryService } from './categories/service';
import { ticketFlow } from './tickets/flow';
import { RepairTicketModel, type TicketDoc } from './tickets/model';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`;

export function repairsNextUp(deps: { categories: Pick<CategoryService, 'byIds'> }): NextUpContributor {
  return {
    name: 'repairs',
    async itemsFor({ actor, locale }) {
      const tickets = await RepairTicketModel.find({
        reporterId: new Types.ObjectId(actor.userId),
        // `open` means work is still to do; a resolved ticket is not open but waits for my confirmation.
        $or: [{ open: true }, { status: 'resolved' }],
        status: { $ne: 'merged' },
      })
        .sort({ createdAt: -1 })
        .lean<TicketDoc[]>();
      if (tickets.length === 0) return [];
      const categories = await deps.categories.byIds([...new Set(tickets.map((t) => String(t.categoryId)))]);
      return tickets.map((t): NextUpItem => {
        const name = categories.get(String(t.categoryId))?.name ?? '';
        const title = [name, t.place].filter(Boolean).join(' · ') || t.description.slice(0, 20);
        const base = { service: 'repairs', kind: 'repairTicket', targetId: String(t._id), title } as const;
        if (t.status === 'quoted' && t.quote)
          return {
            ...base,
            urgency: 'yourTurn',
            stateLabel:
              locale === 'en'
                ? `Quote ${yuan(t.quote.amountFen)}: approve or decline`
                : `报价 ${yuan(t.quote.amountFen)}，请确认`,
          };
        if (t.status === 'resolved')
          return {
            ...base,
            urgency: 'yourTurn',
            stateLabel: locale === 'en' ? 'Fixed: please confirm and rate' : '已修好，请确认并评价',
          };
        return {
          ...base,
          urgency: 'inProgress',
          stateLabel: ticketFlow.labels[t.status][locale],
          at: t.dueAt.toISOString(),
        };
      });
    },
  };
}
