/**
 * Ratings: rate a served item once (the unique index decides under concurrency), edit it for 7
 * days, dismiss it from the to-rate list, the operator's one public reply, the committee's monthly
 * figures and each provider's current score.
 */
import { RATING_EDIT_DAYS, type EvaluatedService, type RateBody } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { isDuplicateKey } from '../../platform/database-errors';
import { BadRequest, Conflict, NotFound } from '../../platform/errors';
import {
  averagesByQuestion,
  averageX100,
  monthsEndingWith,
  shanghaiMonthOf,
  shanghaiMonthRange,
  sharePercentX100,
  worstFirst,
} from './figures';
import { DismissalModel, RatingModel, type RatingDoc } from './model';
import type { OperatedScope } from './policy';
import type { EvaluationRegistry, EvaluationSource } from './registry';

const DAY_MS = 24 * 3600_000;
/** How far back the to-rate list looks: past the edit window nobody is asked any more. */
const ASK_WITHIN_DAYS = RATING_EDIT_DAYS;
const WORST_SHOWN = 5;

export function editableUntil(rating: Pick<RatingDoc, 'ratedAt'>): Date {
  return new Date(rating.ratedAt.getTime() + RATING_EDIT_DAYS * DAY_MS);
}

export function createEvaluationService({ registry, clock }: { registry: EvaluationRegistry; clock: Clock }) {
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([RatingModel.init(), DismissalModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  function sourceOf(service: EvaluatedService): EvaluationSource {
    const source = registry.get(service);
    if (!source) throw NotFound('ratedItem');
    return source;
  }

  function checkScores(source: EvaluationSource, scores: Record<string, number>) {
    const keys = source.questions.map((q) => q.key);
    const unknown = Object.keys(scores).filter((k) => !keys.includes(k));
    const missing = keys.filter((k) => !(k in scores));
    if (unknown.length > 0 || missing.length > 0)
      throw BadRequest(
        {
          'zh-CN': `请为每一项打分：${keys.join('、')}`,
          en: `give one score for each of: ${keys.join(', ')}`,
        },
        { field: 'scores', expected: keys, unknown, missing },
      );
  }

  return {
    async rate(actor: Actor, service: EvaluatedService, itemId: string, body: RateBody): Promise<RatingDoc> {
      const source = sourceOf(service);
      const item = await source.item(itemId);
      // Only someone who was served (or acted for them) may rate; to anyone else the item does not exist.
      if (!item || !item.raterIds.includes(actor.userId)) throw NotFound('ratedItem');
      if (!item.rateable)
        throw Conflict({ 'zh-CN': '服务完成后才能评价', en: 'you can rate this once it has been served' });
      checkScores(source, body.scores);
      await indexesBuilt();
      try {
        const created = await RatingModel.create({
          service,
          itemId: new Types.ObjectId(itemId),
          raterId: new Types.ObjectId(actor.userId),
          providerId: new Types.ObjectId(item.providerId),
          communityId: new Types.ObjectId(item.communityId),
          servedAt: item.servedAt,
          month: shanghaiMonthOf(item.servedAt),
          scores: body.scores,
          ...(body.comment ? { comment: body.comment } : {}),
          signed: body.signed,
          ratedAt: clock.now(),
        });
        return created.toObject() as RatingDoc;
      } catch (err) {
        if (isDuplicateKey(err))
          throw Conflict({
            'zh-CN': '这次服务已经评价过了，可在 7 天内修改',
            en: 'this has already been rated; the rating can be edited for 7 days',
          });
        throw err;
      }
    },

    async edit(actor: Actor, ratingId: string, body: RateBody): Promise<RatingDoc> {
      const rating = Types.ObjectId.isValid(ratingId)
        ? await RatingModel.findById(ratingId).lean<RatingDoc>()
        : null;
      if (!rating || String(rating.raterId) !== actor.userId) throw NotFound('rating');
      checkScores(sourceOf(rating.service), body.scores);
      const until = editableUntil(rating);
      const edited = await RatingModel.findOneAndUpdate(
        {
          _id: rating._id,
          raterId: rating.raterId,
          ratedAt: { $gt: new Date(clock.now().getTime() - RATING_EDIT_DAYS * DAY_MS) },
        },
        {
          $set: {
            scores: body.scores,
            signed: body.signed,
            ...(body.comment ? { comment: body.comment } : {}),
          },
          ...(body.comment ? {} : { $unset: { comment: '' } }),
        },
        { returnDocument: 'after' },
      ).lean<RatingDoc>();
      if (!edited)
        throw Conflict(
          { 'zh-CN': '评价只能在 7 天内修改', en: 'a rating can only be edited within 7 days' },
          { editableUntil: until.toISOString() },
        );
      return edited;
    },

    /** The operator's one public reply. */
    async reply(actor: Actor, rating: RatingDoc, text: string): Promise<RatingDoc> {
      const replied = await RatingModel.findOneAndUpdate(
        { _id: rating._id, reply: { $exists: false } },
        { $set: { reply: { text, by: new Types.ObjectId(actor.userId), at: clock.now() } } },
        { returnDocument: 'after' },
      ).lean<RatingDoc>();
      if (!replied)
        throw Conflict({ 'zh-CN': '每条评价只能回复一次', en: 'a rating can be replied to once' });
      return replied;
    },

    async find(ratingId: string): Promise<RatingDoc | undefined> {
      if (!Types.ObjectId.isValid(ratingId)) return undefined;
      return (await RatingModel.findById(ratingId).lean<RatingDoc>()) ?? undefined;
    },

    /** What the resident may still rate: served lately, not rated, not dismissed. Asked once. */
    async toRate(actor: Actor) {
      const since = new Date(clock.now().getTime() - ASK_WITHIN_DAYS * DAY_MS);
      const out = [];
      for (const source of registry.all()) {
        const items = (await source.servedTo(actor.userId, since)).filter((i) => i.rateable);
        if (items.length === 0) continue;
        const ids = items.map((i) => new Types.ObjectId(i.itemId));
        const [rated, dismissed] = await Promise.all([
          RatingModel.find({ service: source.service, itemId: { $in: ids } }, { itemId: 1 }).lean(),
          DismissalModel.find(
            { userId: new Types.ObjectId(actor.userId), service: source.service, itemId: { $in: ids } },
            { itemId: 1 },
          ).lean(),
        ]);
        const done = new Set([...rated, ...dismissed].map((d) => String(d.itemId)));
        for (const item of items) if (!done.has(item.itemId)) out.push({ source, item });
      }
      return out;
    },

    async dismiss(actor: Actor, service: EvaluatedService, itemId: string): Promise<void> {
      const item = await sourceOf(service).item(itemId);
      if (!item || !item.raterIds.includes(actor.userId)) throw NotFound('ratedItem');
      await indexesBuilt();
      await DismissalModel.updateOne(
        { userId: new Types.ObjectId(actor.userId), service, itemId: new Types.ObjectId(itemId) },
        { $setOnInsert: { at: clock.now() } },
        { upsert: true },
      ).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err; // dismissed twice at once: dismissed all the same
      });
    },

    /** Ratings of what an operator (or a committee, for pledges) answers for, newest first. */
    async operated(
      scope: OperatedScope,
      filter: { service?: EvaluatedService; month?: string; limit: number },
    ): Promise<RatingDoc[]> {
      const ids = (list: readonly string[]) => list.map((id) => new Types.ObjectId(id));
      const answeredFor = [
        ...(scope.providerIds.length > 0
          ? [{ service: { $ne: 'pledges' as const }, providerId: { $in: ids(scope.providerIds) } }]
          : []),
        ...(scope.pledgeCommunityIds.length > 0
          ? [{ service: 'pledges' as const, providerId: { $in: ids(scope.pledgeCommunityIds) } }]
          : []),
      ];
      if (answeredFor.length === 0) return [];
      return RatingModel.find({
        $or: answeredFor,
        ...(filter.service ? { service: filter.service } : {}),
        ...(filter.month ? { month: filter.month } : {}),
      })
        .sort({ ratedAt: -1, _id: -1 })
        .limit(filter.limit)
        .lean<RatingDoc[]>();
    },

    async mine(actor: Actor) {
      return RatingModel.find({ raterId: new Types.ObjectId(actor.userId) })
        .sort({ ratedAt: -1 })
        .lean<RatingDoc[]>();
    },

    async monthlyFigures(service: EvaluatedService, communityId: string, month: string) {
      const source = sourceOf(service);
      const keys = source.questions.map((q) => q.key);
      const months = monthsEndingWith(month, 12);
      const community = new Types.ObjectId(communityId);
      const all = await RatingModel.find({ service, communityId: community, month: { $in: months } }).lean<
        RatingDoc[]
      >();
      const ofMonth = all.filter((r) => r.month === month);
      const { from, to } = shanghaiMonthRange(month);
      const served = await source.servedCount(communityId, from, to);
      return {
        source,
        service,
        communityId,
        month,
        averages: averagesByQuestion(ofMonth, keys),
        ratings: ofMonth.length,
        served,
        ratedSharePercentX100: sharePercentX100(ofMonth.length, served),
        worst: worstFirst(ofMonth, WORST_SHOWN),
        trend: months.map((m) => {
          const inMonth = all.filter((r) => r.month === m);
          const averages = averagesByQuestion(inMonth, keys);
          return {
            month: m,
            ratings: inMonth.length,
            averages: Object.fromEntries(keys.map((k) => [k, averages[k].value])),
          };
        }),
      };
    },

    /** A provider's current score: its ratings over the last 12 months. */
    async providerScore(service: EvaluatedService, providerId: string) {
      const source = sourceOf(service);
      const keys = source.questions.map((q) => q.key);
      const months = monthsEndingWith(shanghaiMonthOf(clock.now()), 12);
      const ratings = await RatingModel.find({
        service,
        providerId: new Types.ObjectId(providerId),
        month: { $in: months },
      }).lean<RatingDoc[]>();
      const overall = averageX100(
        ratings.flatMap((r) => keys.map((k) => r.scores[k]).filter((s) => typeof s === 'number')),
      );
      return {
        service,
        providerId,
        overall: ratings.length < 5 ? { value: null, reason: 'fewerThanFiveRatings' as const } : overall,
        averages: averagesByQuestion(ratings, keys),
        ratings: ratings.length,
        questions: source.questions.map((q) => ({ key: q.key, label: q.label })),
      };
    },

    /** The provider's latest public replies, with the ratings they answer (newest reply first). */
    async publicReplies(service: EvaluatedService, providerId: string, limit: number): Promise<RatingDoc[]> {
      sourceOf(service);
      return RatingModel.find({
        service,
        providerId: new Types.ObjectId(providerId),
        reply: { $exists: true },
      })
        .sort({ 'reply.at': -1, _id: -1 })
        .limit(limit)
        .lean<RatingDoc[]>();
    },

    async exportFor(userId: string) {
      const ratings = await RatingModel.find({ raterId: new Types.ObjectId(userId) }).lean<RatingDoc[]>();
      const dismissed = await DismissalModel.find({ userId: new Types.ObjectId(userId) }).lean();
      return {
        ratings: ratings.map((r) => ({
          service: r.service,
          itemId: String(r.itemId),
          scores: r.scores,
          ...(r.comment ? { comment: r.comment } : {}),
          signed: r.signed,
          ratedAt: r.ratedAt.toISOString(),
        })),
        dismissed: dismissed.map((d) => ({ service: d.service, itemId: String(d.itemId) })),
      };
    },

    /**
     * Account deletion anonymises ratings rather than deleting them: the scores are part of the
     * committee's published monthly figures and of a provider's score, which should not change
     * because someone left. Whatever could identify the person goes: the link to them, the comment
     * (free text often names people or a home) and the signature. Dismissals are theirs alone.
     */
    async eraseFor(userId: string) {
      const id = new Types.ObjectId(userId);
      await RatingModel.updateMany(
        { raterId: id },
        { $set: { raterId: null, signed: false }, $unset: { comment: '' } },
      );
      await DismissalModel.deleteMany({ userId: id });
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
