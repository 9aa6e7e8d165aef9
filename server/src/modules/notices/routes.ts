/**
 * Notices API: publishers post and withdraw notices and watch who has read them; residents read
 * the notices that reach them; residents grant WeChat subscribe-message consents.
 */
import {
  CommunityNoticesQuery,
  CreateNoticeBody,
  NoticeFeedQuery,
  NoticeView,
  ObjectIdSchema,
  PageQuerySchema,
  PublishedNoticeView,
  SubscriptionConsentBody,
  SubscriptionCreditsView,
  SubscriptionTemplatesView,
  SUBSCRIPTION_TEMPLATES,
  type SubscriptionTemplate,
  UnreadCountView,
  UnreadResidentView,
  pageOf,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import { presentPerson } from '../identity';
import type { NoticeDoc } from './model';
import { authorize, can, isPublisherIn, PUBLISHER_ROLES } from './policy';
import { presentNotice, presentPublishedNotice } from './presenter';
import type { NoticeService } from './service';
import type { SubscriptionService } from './subscriptions';
import type { UnreadResidents } from './unread-residents';

const NoticeParams = z.object({ noticeId: ObjectIdSchema });
const CommunityParams = z.object({ communityId: ObjectIdSchema });

export interface NoticeRouteDeps {
  notices: NoticeService;
  subscriptions: SubscriptionService;
  unreadResidents: UnreadResidents;
  /** WeChat template ids by our template name; absent when not configured. */
  templateIds: Partial<Record<SubscriptionTemplate, string>>;
}

export function noticeRoutes({
  notices,
  subscriptions,
  unreadResidents,
  templateIds,
}: NoticeRouteDeps): ApiModule {
  /** A notice its publishers may manage; 404 for anyone else, so nothing about it leaks. */
  async function managed(actor: Actor, noticeId: string): Promise<NoticeDoc> {
    const notice = await notices.get(noticeId);
    const facts = { communityId: String(notice.communityId), status: notice.status, publishedBy: '' };
    if (!can(actor, 'manage', facts)) throw NotFound('notice');
    return notice;
  }

  async function withCounts(notice: NoticeDoc, actor: Actor) {
    const { audience, read } = await notices.readers(notice);
    return presentPublishedNotice(notice, actor, {
      read: await notices.hasRead(actor.userId, notice._id),
      readCount: read.size,
      audienceSize: audience.length,
    });
  }

  return {
    name: 'notices',
    basePath: API_V1,
    routes: [
      route({
        method: 'post',
        path: '/notices',
        summary: 'Publish a notice to a community, some of its buildings, or its residents with a tag',
        auth: PUBLISHER_ROLES,
        input: { body: CreateNoticeBody },
        responses: { 201: NoticeView },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          authorize(isPublisherIn(actor, ctx.input.body.communityId), 'publish in this community');
          return presentNotice(await notices.publish(actor, ctx.input.body), actor, false);
        },
      }),
      route({
        method: 'get',
        path: '/notices',
        summary: 'The notices that reach me, pinned first then newest, with whether I read each',
        auth: 'signedIn',
        input: { query: NoticeFeedQuery },
        responses: { 200: pageOf(NoticeView) },
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const page = await notices.feed(actor, ctx.input.query);
          return { ...page, items: page.items.map(({ notice, read }) => presentNotice(notice, actor, read)) };
        },
      }),
      // Declared before /notices/:noticeId, which would otherwise take 'unread-count' as an id.
      route({
        method: 'get',
        path: '/notices/unread-count',
        summary: 'How many of my notices I have not opened, in all and per category',
        auth: 'signedIn',
        responses: { 200: UnreadCountView },
        handler: async (ctx) => notices.unreadCount(ctx.state.actor),
      }),
      route({
        method: 'get',
        path: '/notices/:noticeId',
        summary: 'Open a notice (marks it read when it is addressed to me)',
        auth: 'signedIn',
        input: { params: NoticeParams },
        responses: { 200: NoticeView },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const opened = await notices.open(actor, ctx.input.params.noticeId);
          if (opened) return presentNotice(opened, actor, true);
          const notice = await managed(actor, ctx.input.params.noticeId);
          return presentNotice(notice, actor, await notices.hasRead(actor.userId, notice._id));
        },
      }),
      route({
        method: 'post',
        path: '/notices/:noticeId/withdraw',
        summary: 'Withdraw a published notice: residents no longer see it',
        auth: PUBLISHER_ROLES,
        input: { params: NoticeParams },
        responses: { 200: NoticeView },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const notice = await managed(actor, ctx.input.params.noticeId);
          const facts = {
            communityId: String(notice.communityId),
            status: notice.status,
            publishedBy: String(notice.publishedBy),
          };
          if (notice.status === 'published') authorize(can(actor, 'withdraw', facts), 'withdraw this notice');
          const withdrawn = await notices.withdraw(actor, ctx.input.params.noticeId);
          return presentNotice(withdrawn, actor, await notices.hasRead(actor.userId, withdrawn._id));
        },
      }),
      route({
        method: 'get',
        path: '/communities/:communityId/notices',
        summary: "A community's notices for its publishers, newest first, with read counts",
        auth: PUBLISHER_ROLES,
        input: { params: CommunityParams, query: CommunityNoticesQuery },
        responses: { 200: pageOf(PublishedNoticeView) },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { communityId } = ctx.input.params;
          authorize(isPublisherIn(actor, communityId), "see this community's notices");
          const page = await notices.listInCommunity(communityId, ctx.input.query);
          const items = [];
          for (const notice of page.items) items.push(await withCounts(notice, actor));
          return { ...page, items };
        },
      }),
      route({
        method: 'get',
        path: '/notices/:noticeId/unread',
        summary: 'Who the notice reaches but has not opened it yet, by building and unit (to call them)',
        auth: PUBLISHER_ROLES,
        input: { params: NoticeParams, query: PageQuerySchema },
        responses: { 200: pageOf(UnreadResidentView) },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const notice = await managed(actor, ctx.input.params.noticeId);
          const page = await unreadResidents.list(notice, ctx.input.query);
          return {
            ...page,
            items: page.items.map(({ user, householdLabel }) => ({
              person: presentPerson(actor, user, [String(notice.communityId)]),
              householdLabel,
            })),
          };
        },
      }),
      route({
        method: 'get',
        path: '/notifications/subscriptions',
        summary: 'The WeChat subscribe-message templates to ask me about, with the messages I have left',
        auth: 'signedIn',
        responses: { 200: SubscriptionTemplatesView },
        handler: async (ctx) => {
          const items = [];
          for (const template of SUBSCRIPTION_TEMPLATES) {
            const templateId = templateIds[template];
            if (!templateId) continue;
            items.push({
              template,
              templateId,
              credits: await subscriptions.credits(ctx.state.actor.userId, template),
            });
          }
          return { items };
        },
      }),
      route({
        method: 'post',
        path: '/notifications/subscriptions',
        summary: 'Record what I answered to a WeChat subscribe-message prompt (each "allow" is one message)',
        auth: 'signedIn',
        input: { body: SubscriptionConsentBody },
        responses: { 200: SubscriptionCreditsView },
        handler: async (ctx) => {
          const { userId } = ctx.state.actor;
          const { template, accepted } = ctx.input.body;
          const credits = accepted
            ? await subscriptions.grant(userId, template)
            : await subscriptions.credits(userId, template);
          return { template, credits };
        },
      }),
    ],
  };
}
