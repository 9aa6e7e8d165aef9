/**
 * Publishing, reading and withdrawing notices. The caller (routes) has checked the policy; this
 * checks what only the records can tell (buildings of this community, an expiry in the future)
 * and announces `notice.published` after the write, for live delivery and WeChat messages.
 */
import type { CreateNoticeBody, NoticeCategory } from '@linli/shared';
import { NOTICE_CATEGORIES } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { Conflict, NotFound, ValidationFailed, type FieldProblem } from '../../platform/errors';
import type { CommunitiesService } from '../communities';
import type { DomainEventBus } from '../domain-events';
import { audienceOf, reaches, visibleTo, type AudienceResolver } from './audience';
import { isDuplicateKey, NoticeModel, NoticeReadModel, type NoticeDoc } from './model';
import './events';
import { findPage, type Page } from '../../platform/paging';

export interface NoticeServiceDeps {
  communities: Pick<CommunitiesService, 'getCommunity' | 'listBuildings'>;
  audience: AudienceResolver;
  events: DomainEventBus;
  clock: Clock;
}

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** Newest first with pinned on top; _id breaks ties so pages never overlap. */
const FEED_ORDER = { pinned: -1, publishedAt: -1, _id: -1 } as const;

export function createNoticeService({ communities, audience, events, clock }: NoticeServiceDeps) {
  /** The unique read index must exist before concurrent opens rely on it. */
  let readIndexes: Promise<unknown> | undefined;
  const readIndexesBuilt = () =>
    (readIndexes ??= NoticeReadModel.init().catch((err) => {
      readIndexes = undefined;
      throw err;
    }));

  async function checkAudience(input: CreateNoticeBody): Promise<void> {
    const problems: FieldProblem[] = [];
    if (input.audience.kind === 'buildings') {
      const ours = new Set((await communities.listBuildings(input.communityId)).map((b) => b.id));
      input.audience.buildingIds.forEach((id, index) => {
        if (!ours.has(id.toLowerCase()))
          problems.push({
            location: 'body',
            path: `audience.buildingIds.${index}`,
            reason: 'custom',
            params: {
              text: {
                'zh-CN': '该楼栋不属于所选社区，请从本社区的楼栋中选择',
                en: 'this building is not in the chosen community; pick one of its buildings',
              },
            },
          });
      });
    }
    if (input.expiresAt && new Date(input.expiresAt) <= clock.now()) {
      problems.push({
        location: 'body',
        path: 'expiresAt',
        reason: 'custom',
        params: { text: { 'zh-CN': '过期时间必须晚于现在', en: 'must be in the future' } },
      });
    }
    if (problems.length) throw ValidationFailed(problems);
  }

  async function findDoc(noticeId: string): Promise<NoticeDoc | undefined> {
    if (!isId(noticeId)) return undefined;
    return (await NoticeModel.findById(noticeId).lean<NoticeDoc>()) ?? undefined;
  }

  async function readSet(userId: string, noticeIds: readonly Types.ObjectId[]): Promise<Set<string>> {
    if (noticeIds.length === 0) return new Set();
    const reads = await NoticeReadModel.find(
      { user: new Types.ObjectId(userId), notice: { $in: noticeIds } },
      { notice: 1 },
    ).lean();
    return new Set(reads.map((r) => String(r.notice)));
  }

  const service = {
    async publish(actor: Actor, input: CreateNoticeBody): Promise<NoticeDoc> {
      await communities.getCommunity(input.communityId);
      await checkAudience(input);
      const now = clock.now();
      const doc = await NoticeModel.create({
        communityId: input.communityId,
        title: input.title,
        body: input.body,
        category: input.category,
        audience: {
          kind: input.audience.kind,
          buildingIds: input.audience.kind === 'buildings' ? [...new Set(input.audience.buildingIds)] : [],
          ...(input.audience.kind === 'tag' ? { tag: input.audience.tag } : {}),
        },
        pinned: input.pinned,
        status: 'published',
        publishedBy: actor.userId,
        publishedAt: now,
        ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt) } : {}),
      });
      const notice = doc.toObject() as NoticeDoc;
      void events.emit('notice.published', {
        noticeId: String(notice._id),
        communityId: input.communityId,
        category: notice.category,
        title: notice.title,
        audience: audienceOf(notice),
        publishedBy: actor.userId,
        publishedAt: now,
      });
      return notice;
    },

    /** Any notice by id, for publishers (the routes check the policy); 404 when there is none. */
    async get(noticeId: string): Promise<NoticeDoc> {
      const doc = await findDoc(noticeId);
      if (!doc) throw NotFound('notice');
      return doc;
    },

    async withdraw(actor: Actor, noticeId: string): Promise<NoticeDoc> {
      const doc = await NoticeModel.findOneAndUpdate(
        { _id: noticeId, status: 'published' },
        { $set: { status: 'withdrawn', withdrawnBy: actor.userId, withdrawnAt: clock.now() } },
        { returnDocument: 'after' },
      ).lean<NoticeDoc>();
      if (!doc) {
        await service.get(noticeId);
        throw Conflict({ 'zh-CN': '该公告已撤回', en: 'this notice has already been withdrawn' });
      }
      void events.emit('notice.withdrawn', {
        noticeId,
        communityId: String(doc.communityId),
        audience: audienceOf(doc),
        withdrawnBy: actor.userId,
      });
      return doc;
    },

    /** The notices published to the actor, live now, pinned first then newest, with `read`. */
    async feed(
      actor: Actor,
      query: { category?: NoticeCategory; page: number; pageSize: number },
    ): Promise<Page<{ notice: NoticeDoc; read: boolean }>> {
      const visible = visibleTo(actor, clock.now());
      if (!visible) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      const filter = { ...visible, ...(query.category ? { category: query.category } : {}) };
      const { items: docs, total } = await findPage<NoticeDoc>(NoticeModel, filter, FEED_ORDER, query);
      const read = await readSet(
        actor.userId,
        docs.map((d) => d._id),
      );
      return {
        items: docs.map((notice) => ({ notice, read: read.has(String(notice._id)) })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async unreadCount(actor: Actor): Promise<{ total: number; byCategory: Record<NoticeCategory, number> }> {
      const byCategory = Object.fromEntries(NOTICE_CATEGORIES.map((c) => [c, 0])) as Record<
        NoticeCategory,
        number
      >;
      const visible = visibleTo(actor, clock.now());
      if (!visible) return { total: 0, byCategory };
      const docs = await NoticeModel.find(visible, { category: 1 }).lean<
        Pick<NoticeDoc, '_id' | 'category'>[]
      >();
      const read = await readSet(
        actor.userId,
        docs.map((d) => d._id),
      );
      let total = 0;
      for (const doc of docs) {
        if (read.has(String(doc._id))) continue;
        byCategory[doc.category] += 1;
        total += 1;
      }
      return { total, byCategory };
    },

    /**
     * A notice opened by someone in its audience: recorded as read (once, however many opens race).
     * Undefined when it does not reach them, so the caller can still let its publishers see it.
     */
    async open(actor: Actor, noticeId: string): Promise<NoticeDoc | undefined> {
      const doc = await findDoc(noticeId);
      if (!doc || !reaches(actor, doc, clock.now())) return undefined;
      await readIndexesBuilt();
      try {
        await NoticeReadModel.updateOne(
          { notice: doc._id, user: new Types.ObjectId(actor.userId) },
          { $setOnInsert: { readAt: clock.now() } },
          { upsert: true },
        );
      } catch (err) {
        // Two upserts raced and the unique index let one insert: the read is there, as wanted.
        if (!isDuplicateKey(err)) throw err;
      }
      return doc;
    },

    async hasRead(userId: string, noticeId: Types.ObjectId): Promise<boolean> {
      return Boolean(await NoticeReadModel.exists({ notice: noticeId, user: new Types.ObjectId(userId) }));
    },

    /** A community's notices for its publishers, newest first. */
    async listInCommunity(
      communityId: string,
      query: { status?: NoticeDoc['status']; page: number; pageSize: number },
    ): Promise<Page<NoticeDoc>> {
      const filter = { communityId, ...(query.status ? { status: query.status } : {}) };
      return findPage<NoticeDoc>(NoticeModel, filter, { publishedAt: -1, _id: -1 }, query);
    },

    /** The audience now, and which of them have read the notice. */
    async readers(notice: NoticeDoc): Promise<{ audience: string[]; read: Set<string> }> {
      const members = await audience.userIds(String(notice.communityId), audienceOf(notice));
      const reads = await NoticeReadModel.find({ notice: notice._id }, { user: 1 }).lean();
      const inAudience = new Set(members);
      return {
        audience: members,
        read: new Set(reads.map((r) => String(r.user)).filter((id) => inAudience.has(id))),
      };
    },

    async exportFor(userId: string) {
      if (!isId(userId)) return [];
      const reads = await NoticeReadModel.find({ user: new Types.ObjectId(userId) })
        .sort({ readAt: 1 })
        .lean();
      const titles = new Map(
        (await NoticeModel.find({ _id: { $in: reads.map((r) => r.notice) } }, { title: 1 }).lean()).map(
          (n) => [String(n._id), n.title],
        ),
      );
      return reads.map((r) => ({
        noticeId: String(r.notice),
        title: titles.get(String(r.notice)),
        readAt: r.readAt,
      }));
    },

    async eraseFor(userId: string): Promise<void> {
      if (!isId(userId)) return;
      await NoticeReadModel.deleteMany({ user: new Types.ObjectId(userId) });
    },
  };
  return service;
}

export type NoticeService = ReturnType<typeof createNoticeService>;
