/**
 * Evaluation API: residents rate what they were served and keep a to-rate list they can dismiss;
 * operators read their own ratings and reply once; the committee reads monthly figures; anyone
 * signed in reads a provider's current score.
 */
import {
  EVALUATED_SERVICES,
  ItemParams,
  MonthlyFiguresQuery,
  MonthlyFiguresView,
  ObjectIdSchema,
  ProviderScoreView,
  PublicReplyView,
  RateBody,
  RatingView,
  ReplyBody,
  ToRateItemView,
} from '@linli/shared';
import { z } from 'zod';
import { authorize, hasRole } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import { presentPerson, type UserService } from '../identity';
import type { RatingDoc } from './model';
import { answersFor, operatedScope } from './policy';
import { editableUntil, type EvaluationService } from './service';

const RatingParams = z.object({ ratingId: ObjectIdSchema });
const ProviderParams = z.object({ service: z.enum(EVALUATED_SERVICES), providerId: ObjectIdSchema });
const CommunityParams = z.object({ communityId: ObjectIdSchema });
const ListQuery = z.object({
  service: z.enum(EVALUATED_SERVICES).optional(),
  /** The Shanghai month the rated item was served in, as the committee's figures count it. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'regex')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const RepliesQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(3) });

export function evaluationRoutes({
  evaluations,
  users,
  clock,
}: {
  evaluations: EvaluationService;
  users: Pick<UserService, 'getUsers'>;
  clock: Clock;
}): ApiModule {
  async function show(viewer: Actor, ratings: readonly RatingDoc[]): Promise<z.infer<typeof RatingView>[]> {
    const people = await users.getUsers(ratings.filter((r) => r.raterId).map((r) => String(r.raterId)));
    const now = clock.now();
    return ratings.map((r) => {
      const own = r.raterId !== null && String(r.raterId) === viewer.userId;
      const rater = r.raterId ? people.get(String(r.raterId)) : undefined;
      const until = editableUntil(r);
      const actions: ('edit' | 'reply')[] = [];
      if (own && until > now) actions.push('edit');
      if (!r.reply && answersFor(viewer, { service: r.service, providerId: String(r.providerId) }))
        actions.push('reply');
      return {
        id: String(r._id),
        service: r.service,
        itemId: String(r.itemId),
        providerId: String(r.providerId),
        communityId: String(r.communityId),
        servedAt: r.servedAt.toISOString(),
        scores: r.scores,
        ...(r.comment ? { comment: r.comment } : {}),
        signed: r.signed,
        // Names hidden unless the resident signed (they always see their own).
        ...(rater && (r.signed || own)
          ? { rater: presentPerson(viewer, rater, [String(r.communityId)]) }
          : {}),
        ...(r.reply ? { reply: { text: r.reply.text, at: r.reply.at.toISOString() } } : {}),
        createdAt: r.ratedAt.toISOString(),
        editableUntil: until.toISOString(),
        actions,
      };
    });
  }

  const one = async (actor: Actor, r: RatingDoc) => (await show(actor, [r]))[0];

  return {
    name: 'evaluations',
    basePath: `${API_V1}/evaluations`,
    routes: [
      route({
        method: 'get',
        path: '/to-rate',
        summary: 'What I was served lately and may rate (each asked once: rated or dismissed, it goes)',
        auth: 'signedIn',
        responses: { 200: z.array(ToRateItemView) },
        handler: async (ctx) =>
          (await evaluations.toRate(ctx.state.actor)).map(({ source, item }) => ({
            service: source.service,
            itemId: item.itemId,
            providerId: item.providerId,
            title: item.title,
            servedAt: item.servedAt.toISOString(),
            questions: source.questions.map((q) => ({ key: q.key, label: q.label })),
          })),
      }),
      route({
        method: 'post',
        path: '/:service/items/:itemId/dismiss',
        summary: 'Not now, not ever: take an item off my to-rate list',
        auth: 'signedIn',
        input: { params: ItemParams },
        responses: { 204: null },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          await evaluations.dismiss(ctx.state.actor, ctx.input.params.service, ctx.input.params.itemId);
        },
      }),
      route({
        method: 'post',
        path: '/:service/items/:itemId/rating',
        summary: 'Rate something I was served, 1–5 per question with an optional comment (once per item)',
        auth: 'signedIn',
        input: { params: ItemParams, body: RateBody },
        responses: { 201: RatingView },
        errors: ['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { service, itemId } = ctx.input.params;
          return one(actor, await evaluations.rate(actor, service, itemId, ctx.input.body));
        },
      }),
      route({
        method: 'put',
        path: '/ratings/:ratingId',
        summary: 'Change my rating (within 7 days)',
        auth: 'signedIn',
        input: { params: RatingParams, body: RateBody },
        responses: { 200: RatingView },
        errors: ['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          return one(actor, await evaluations.edit(actor, ctx.input.params.ratingId, ctx.input.body));
        },
      }),
      route({
        method: 'get',
        path: '/ratings/mine',
        summary: 'My ratings',
        auth: 'signedIn',
        responses: { 200: z.array(RatingView) },
        handler: async (ctx) => show(ctx.state.actor, await evaluations.mine(ctx.state.actor)),
      }),
      route({
        method: 'get',
        path: '/operated',
        summary:
          "Ratings of what I answer for, newest first (names only where the resident signed): the providers I operate, and my community's pledge projects for its committee; by service and served month",
        auth: ['operator', 'committee'],
        input: { query: ListQuery },
        responses: { 200: z.array(RatingView) },
        handler: async (ctx) => {
          const { actor } = ctx.state;
          return show(actor, await evaluations.operated(operatedScope(actor), ctx.input.query));
        },
      }),
      route({
        method: 'post',
        path: '/ratings/:ratingId/reply',
        summary:
          'Reply publicly to a rating of what I answer for (once); the resident sees it under their rating',
        auth: ['operator', 'committee'],
        input: { params: RatingParams, body: ReplyBody },
        responses: { 200: RatingView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const rating = await evaluations.find(ctx.input.params.ratingId);
          if (
            !rating ||
            !answersFor(actor, { service: rating.service, providerId: String(rating.providerId) })
          )
            throw NotFound('rating');
          return one(actor, await evaluations.reply(actor, rating, ctx.input.body.text));
        },
      }),
      route({
        method: 'get',
        path: '/communities/:communityId/figures',
        summary:
          "A service's month in a community: average per question (× 100, none from fewer than 5), ratings, share of the served who rated, the worst-rated, the 12-month trend",
        auth: ['committee'],
        input: { params: CommunityParams, query: MonthlyFiguresQuery },
        responses: { 200: MonthlyFiguresView },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(hasRole(actor, 'committee', communityId), "see this community's evaluation figures");
          const { service, month } = ctx.input.query;
          const { source, worst, ...figures } = await evaluations.monthlyFigures(service, communityId, month);
          return {
            ...figures,
            questions: source.questions.map((q) => ({ key: q.key, label: q.label })),
            worst: await show(actor, worst),
          };
        },
      }),
      route({
        method: 'get',
        path: '/:service/providers/:providerId/score',
        summary: "A provider's current score (its last 12 months), e.g. a canteen's, for its page",
        auth: 'signedIn',
        input: { params: ProviderParams },
        responses: { 200: ProviderScoreView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { service, providerId } = ctx.input.params;
          return evaluations.providerScore(service, providerId);
        },
      }),
      route({
        method: 'get',
        path: '/:service/providers/:providerId/replies',
        summary:
          "A provider's latest public replies with the ratings they answer, for its page (never a name: signing shows it to the operator only)",
        auth: 'signedIn',
        input: { params: ProviderParams, query: RepliesQuery },
        responses: { 200: z.array(PublicReplyView) },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { service, providerId } = ctx.input.params;
          const ratings = await evaluations.publicReplies(service, providerId, ctx.input.query.limit);
          return ratings.flatMap((r) =>
            r.reply
              ? [
                  {
                    id: String(r._id),
                    scores: r.scores,
                    ...(r.comment ? { comment: r.comment } : {}),
                    servedAt: r.servedAt.toISOString(),
                    reply: { text: r.reply.text, at: r.reply.at.toISOString() },
                  },
                ]
              : [],
          );
        },
      }),
    ],
  };
}
