/**
 * Repairs as an evaluation source: a closed ticket is rateable by the resident who reported it; its
 * provider is the property team the ticket went to.
 *
 * The ticket's own 1–5 rating (given on "confirm") is not reused. It is one number asked at the
 * moment of accepting the work, it is missing when the ticket closed by itself after 7 days or
 * through the follow-up, and it feeds the repairs team's own figures. Evaluation asks the same three
 * questions every month across all closed tickets, so the committee compares like with like.
 */
import type { EvaluationSource, ServedItem } from '../evaluations';
import type { TicketDoc } from './tickets/model';
import type { TicketService } from './tickets/service';

function servedItem(t: TicketDoc): ServedItem {
  return {
    itemId: String(t._id),
    // Staff who filed it for the resident (filedBy) acted as a clerk, not as the one served.
    raterIds: t.reporterId ? [String(t.reporterId)] : [],
    providerId: String(t.providerId),
    communityId: String(t.communityId),
    servedAt: t.closedAt ?? t.createdAt,
    title: `${t.place || t.description.slice(0, 20)} 报修`,
    rateable: t.status === 'closed' && t.closedAt !== undefined,
  };
}

export function repairsEvaluationSource(
  tickets: Pick<TicketService, 'find' | 'closedFor' | 'closedCount'>,
): EvaluationSource {
  return {
    service: 'repairs',
    questions: [
      { key: 'speed', label: { 'zh-CN': '速度', en: 'speed' } },
      { key: 'quality', label: { 'zh-CN': '质量', en: 'quality' } },
      { key: 'manners', label: { 'zh-CN': '态度', en: 'manners' } },
    ],
    async item(itemId) {
      const ticket = await tickets.find(itemId);
      return ticket ? servedItem(ticket) : undefined;
    },
    async servedTo(userId, since) {
      return (await tickets.closedFor(userId, since)).map(servedItem);
    },
    servedCount: (communityId, from, to) => tickets.closedCount(communityId, from, to),
  };
}
