/**
 * How a service joins evaluation: it registers a source, once, from the composition root
 * (modules/index.ts), with its questions and three read functions over its own records:
 *
 *   evaluations.register({
 *     service: 'repairs',
 *     questions: [{ key: 'speed', label: { 'zh-CN': '速度', en: 'speed' } }, ...],   // 2–3
 *     item: (id) => tickets.ratedItem(id),          // → ServedItem | undefined (closed tickets only)
 *     servedTo: (userId, since) => tickets.closedFor(userId, since),   // the "to rate" list
 *     servedCount: (communityId, from, to) => tickets.closedCount(communityId, from, to),
 *   });
 *
 * Nothing else: rating, editing, replies, the to-rate list, figures and scores come from here.
 */
import type { EvaluatedService, LocalizedText } from '@linli/shared';

export interface EvaluationQuestion {
  key: string;
  label: LocalizedText;
}

/** One thing that was served, as the service knows it. */
export interface ServedItem {
  itemId: string;
  /** Who may rate it: the person served, and whoever acted for them (a carer who booked). */
  raterIds: readonly string[];
  providerId: string;
  communityId: string;
  servedAt: Date;
  /** A short label for the to-rate list, e.g. "2031-03-04 午餐". */
  title: string;
  /** False while it may not be rated yet (a booking not served). */
  rateable: boolean;
}

export interface EvaluationSource {
  service: EvaluatedService;
  questions: readonly EvaluationQuestion[];
  item(itemId: string): Promise<ServedItem | undefined>;
  /** Rateable items served to (or for) the user since a moment. */
  servedTo(userId: string, since: Date): Promise<ServedItem[]>;
  /** How many items were served in a community in [from, to). */
  servedCount(communityId: string, from: Date, to: Date): Promise<number>;
}

export function createEvaluationRegistry() {
  const sources = new Map<EvaluatedService, EvaluationSource>();
  return {
    register(source: EvaluationSource): void {
      if (sources.has(source.service))
        throw new Error(`evaluation source "${source.service}" registered twice`);
      if (source.questions.length < 2 || source.questions.length > 3)
        throw new Error(`evaluation source "${source.service}" needs 2 or 3 questions`);
      sources.set(source.service, source);
    },
    get(service: EvaluatedService): EvaluationSource | undefined {
      return sources.get(service);
    },
    all(): EvaluationSource[] {
      return [...sources.values()];
    },
  };
}

export type EvaluationRegistry = ReturnType<typeof createEvaluationRegistry>;
