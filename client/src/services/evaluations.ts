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

export function providerScore(service: EvaluatedService, providerId: string): Promise<ProviderScore> {
  return api.get(`/api/v1/evaluations/${service}/providers/${enc(providerId)}/score`, {
    schema: ProviderScoreView,
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
