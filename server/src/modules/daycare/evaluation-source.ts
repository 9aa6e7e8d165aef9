/**
 * Daycare as an evaluation source: an enquiry whose visit took place (the centre marked it
 * visited) is rateable by the guardian, or by whoever prepared the enquiry for them; its provider
 * is the centre. The visit counts when the centre recorded it, so the month is the one in which the
 * family actually came, whatever happened to the enquiry afterwards (offer, waitlist, closed).
 */
import { shanghaiMinute } from '../../platform/clock';
import type { EvaluationSource, ServedItem } from '../evaluations';
import type { EnquiryDoc } from './enquiries/model';
import type { EnquiryService } from './enquiries/service';

function visitedAt(e: EnquiryDoc): Date | undefined {
  return e.history.find((h) => h.action === 'markVisited')?.at;
}

function servedItem(e: EnquiryDoc): ServedItem {
  const at = visitedAt(e);
  const raters = [String(e.guardianId), ...(e.preparedBy ? [String(e.preparedBy)] : [])];
  return {
    itemId: String(e._id),
    raterIds: [...new Set(raters)],
    providerId: String(e.providerId),
    communityId: String(e.communityId),
    servedAt: at ?? e.createdAt,
    title: `${shanghaiMinute(e.visit?.startsAt ?? at ?? e.createdAt)} 参观托育园`,
    rateable: at !== undefined,
  };
}

export function daycareEvaluationSource(
  enquiries: Pick<EnquiryService, 'find' | 'visitedFor' | 'visitedCount'>,
): EvaluationSource {
  return {
    service: 'daycare',
    questions: [
      { key: 'welcome', label: { 'zh-CN': '接待', en: 'welcome' } },
      { key: 'clarity', label: { 'zh-CN': '信息清楚', en: 'clarity of information' } },
      { key: 'environment', label: { 'zh-CN': '环境', en: 'environment' } },
    ],
    async item(itemId) {
      const enquiry = await enquiries.find(itemId);
      return enquiry ? servedItem(enquiry) : undefined;
    },
    async servedTo(userId, since) {
      return (await enquiries.visitedFor(userId, since)).map(servedItem);
    },
    servedCount: (communityId, from, to) => enquiries.visitedCount(communityId, from, to),
  };
}
