/**
 * Service evaluation (效果共评): after being served (a meal, a repair, a daycare visit, a pledge
 * project), a resident may rate it 1–5 on the two or three questions the service defines, plus a
 * comment; once per served item, editable for 7 days. Operators see and answer their ratings; the
 * committee sees monthly figures; residents see each provider's current score.
 *
 * Averages travel as integers × 100 (4.27 → 427), rounded half up from the exact fraction, and
 * are null with a reason when fewer than 5 ratings stand behind them (the small-number rule).
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { PersonSchema } from './identity-api';

/** Services that rate; each registers its source on the server (modules/evaluations/README in code). */
export const EVALUATED_SERVICES = ['meals', 'repairs', 'daycare', 'pledges'] as const;
export type EvaluatedService = (typeof EVALUATED_SERVICES)[number];

export const RATING_EDIT_DAYS = 7;
/** No average is shown from fewer ratings than this. */
export const MIN_RATINGS_FOR_AVERAGE = 5;

const LocalizedTextSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const EvaluationQuestionView = z
  .object({ key: z.string(), label: LocalizedTextSchema })
  .meta({ id: 'EvaluationQuestion' });

const Score = z.number().int().min(1).max(5);

export const RateBody = z
  .strictObject({
    scores: z.record(z.string().regex(/^[a-z][a-zA-Z]{0,30}$/), Score).meta({
      description: 'One score 1–5 per question key of the service, e.g. { taste: 4, portion: 5, onTime: 3 }',
    }),
    comment: z.string().trim().max(500).optional(),
    signed: z.boolean().default(false).meta({ description: 'Show my name to the operator' }),
  })
  .meta({ id: 'RateBody' });
export type RateBody = z.infer<typeof RateBody>;

export const ReplyBody = z
  .strictObject({ text: z.string().trim().min(1).max(500) })
  .meta({ id: 'RatingReplyBody' });

export const RATING_ACTIONS = ['edit', 'reply'] as const;

export const RatingView = z
  .object({
    id: ObjectIdSchema,
    service: z.enum(EVALUATED_SERVICES),
    itemId: ObjectIdSchema,
    providerId: ObjectIdSchema,
    communityId: ObjectIdSchema,
    servedAt: z.string(),
    scores: z.record(z.string(), z.number().int()),
    comment: z.string().optional(),
    signed: z.boolean(),
    rater: PersonSchema.optional().meta({ description: 'Only when the resident signed, or to the resident' }),
    reply: z.object({ text: z.string(), at: z.string() }).optional(),
    createdAt: z.string(),
    editableUntil: z.string(),
    actions: z.array(z.enum(RATING_ACTIONS)),
  })
  .meta({ id: 'Rating' });
export type RatingView = z.infer<typeof RatingView>;

export const ToRateItemView = z
  .object({
    service: z.enum(EVALUATED_SERVICES),
    itemId: ObjectIdSchema,
    providerId: ObjectIdSchema,
    title: z.string(),
    servedAt: z.string(),
    questions: z.array(EvaluationQuestionView),
  })
  .meta({ id: 'ToRateItem' });

export const ServiceParams = z.object({ service: z.enum(EVALUATED_SERVICES) });
export const ItemParams = z.object({ service: z.enum(EVALUATED_SERVICES), itemId: ObjectIdSchema });

/** An average × 100, or null with why (fewer than 5 ratings). */
export const AverageView = z
  .object({
    value: z.number().int().nullable(),
    reason: z.enum(['fewerThanFiveRatings']).optional(),
  })
  .meta({ id: 'Average' });
export type AverageView = z.infer<typeof AverageView>;

export const MonthlyFiguresQuery = z.object({
  service: z.enum(EVALUATED_SERVICES),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'regex'),
});

export const MonthlyFiguresView = z
  .object({
    service: z.enum(EVALUATED_SERVICES),
    communityId: ObjectIdSchema,
    month: z.string(),
    questions: z.array(EvaluationQuestionView),
    averages: z.record(z.string(), AverageView).meta({ description: 'Per question key, × 100' }),
    ratings: z.number().int(),
    served: z.number().int(),
    ratedSharePercentX100: z.number().int().nullable().meta({
      description: 'Share of served items rated, percent × 100 (12.5 % → 1250); null when none served',
    }),
    worst: z
      .array(RatingView)
      .meta({ description: 'The lowest-rated items of the month, with their comments' }),
    trend: z
      .array(
        z.object({
          month: z.string(),
          ratings: z.number().int(),
          averages: z.record(z.string(), z.number().int().nullable()),
        }),
      )
      .meta({ description: 'The 12 months ending with `month`, oldest first: one series per question' }),
  })
  .meta({ id: 'MonthlyEvaluationFigures' });
export type MonthlyFiguresView = z.infer<typeof MonthlyFiguresView>;

export const ProviderScoreView = z
  .object({
    service: z.enum(EVALUATED_SERVICES),
    providerId: ObjectIdSchema,
    overall: AverageView,
    averages: z.record(z.string(), AverageView),
    ratings: z.number().int(),
    questions: z.array(EvaluationQuestionView),
  })
  .meta({ id: 'ProviderScore' });

/**
 * A rating the provider answered publicly, as every resident may read it under the provider's
 * score: never a name (signing shows the name to the operator only), the comment and the reply.
 */
export const PublicReplyView = z
  .object({
    id: ObjectIdSchema,
    scores: z.record(z.string(), z.number().int()),
    comment: z.string().optional(),
    servedAt: z.string(),
    reply: z.object({ text: z.string(), at: z.string() }),
  })
  .meta({ id: 'PublicRatingReply' });
export type PublicReplyView = z.infer<typeof PublicReplyView>;
