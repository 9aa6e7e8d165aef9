/**
 * Service evaluation (效果共评) as the pages use it: what I may rate now (the server decides: served,
 * not yet rated or dismissed), rating and dismissing, a provider's score, and the committee's
 * monthly figures. `evaluationsChanged` fires after a rating or a dismissal, so every prompt and
 * score on screen refetches.
 */
import { z } from 'zod';
import {
  MonthlyFiguresView,
  ProviderScoreView,
  PublicReplyView,
  RatingView,
  ToRateItemView,
  type EvaluatedService,
  type RateBody,
} from '@linli/shared/evaluations';
import { api } from './api';
import { createSignal } from './signal';

const enc = encodeURIComponent;

export type ToRateItem = z.infer<typeof ToRateItemView>;
export type ProviderScore = z.infer<typeof ProviderScoreView>;

export const evaluationsChanged = createSignal();

export function toRate(): Promise<ToRateItem[]> {
  return api.get('/api/v1/evaluations/to-rate', { schema: z.array(ToRateItemView) });
}

export async function rate(service: EvaluatedService, itemId: string, body: RateBody): Promise<RatingView> {
  const rating = await api.post(`/api/v1/evaluations/${service}/items/${enc(itemId)}/rating`, body, {
    schema: RatingView,
  });
  evaluationsChanged.emit();
  return rating;
}

export async function dismissRating(service: EvaluatedService, itemId: string): Promise<void> {
  await api.post(`/api/v1/evaluations/${service}/items/${enc(itemId)}/dismiss`, {});
  evaluationsChanged.emit();
}

/** My ratings, newest first, each with the server's `actions` ('edit' within 7 days) and any reply. */
export function myRatings(): Promise<RatingView[]> {
  return api.get('/api/v1/evaluations/ratings/mine', { schema: z.array(RatingView) });
}

/** Changes my rating; the server refuses it (409) once the 7 days are over. */
export async function editRating(ratingId: string, body: RateBody): Promise<RatingView> {
  const rating = await api.put(`/api/v1/evaluations/ratings/${enc(ratingId)}`, body, { schema: RatingView });
  evaluationsChanged.emit();
  return rating;
}

/** The ratings of what I answer for (an operated provider, or my community's pledge projects). */
export function operatedRatings(filter: {
  service?: EvaluatedService;
  month?: string;
}): Promise<RatingView[]> {
  const query = [
    ...(filter.service ? [`service=${filter.service}`] : []),
    ...(filter.month ? [`month=${filter.month}`] : []),
  ].join('&');
  return api.get(`/api/v1/evaluations/operated${query ? `?${query}` : ''}`, { schema: z.array(RatingView) });
}

/** The one public reply to a rating; the resident sees it under their rating. */
export async function replyToRating(ratingId: string, text: string): Promise<RatingView> {
  const rating = await api.post(
    `/api/v1/evaluations/ratings/${enc(ratingId)}/reply`,
    { text },
    { schema: RatingView },
  );
  evaluationsChanged.emit();
  return rating;
}

export function providerScore(service: EvaluatedService, providerId: string): Promise<ProviderScore> {
  return api.get(`/api/v1/evaluations/${service}/providers/${enc(providerId)}/score`, {
    schema: ProviderScoreView,
  });
}

/** A provider's latest public replies with the ratings they answer (no names), for its page. */
export function publicReplies(service: EvaluatedService, providerId: string): Promise<PublicReplyView[]> {
  return api.get(`/api/v1/evaluations/${service}/providers/${enc(providerId)}/replies`, {
    schema: z.array(PublicReplyView),
  });
}

export function monthlyFigures(
  communityId: string,
  service: EvaluatedService,
  month: string,
): Promise<MonthlyFiguresView> {
  return api.get(
    `/api/v1/evaluations/communities/${enc(communityId)}/figures?service=${service}&month=${month}`,
    { schema: MonthlyFiguresView },
  );
}

/** An average × 100 as people read it (427 → "4.27"). */
export function averageText(value: number): string {
  return (value / 100).toFixed(2);
}
