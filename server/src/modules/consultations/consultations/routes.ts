/**
 * Consultations API, lifecycle and discussion: the committee drafts, edits and moves a
 * consultation along; residents list and read those of their communities and discuss them.
 */
import {
  CommentBody,
  CommentView,
  ConsultationListQuery,
  ConsultationParams,
  ConsultationSummaryView,
  ConsultationView,
  CreateConsultationBody,
  PageQuerySchema,
  TransitionParams,
  UpdateConsultationBody,
  pageOf,
} from '@linli/shared';
import { authorize } from '../../../platform/auth';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { ConsultationAccess } from '../access';
import { canComment, canReply, isCommitteeOf } from '../policy';
import type { Presenter } from '../presenter';
import type { Comments } from './comments';
import type { Consultations } from './service';

export function consultationRoutes(deps: {
  consultations: Consultations;
  comments: Comments;
  access: ConsultationAccess;
  present: Presenter;
}): Route[] {
  const { consultations, comments, access, present } = deps;
  return [
    route({
      method: 'post',
      path: '/consultations',
      summary: 'Draft a consultation or an owners’ decision (committee of the community)',
      description:
        'Set times (discussionOpensAt, votingOpensAt, votingClosesAt) must be in the future and in that order; a refusal names the field. The scheduler opens and closes at them.',
      auth: ['committee'],
      input: { body: CreateConsultationBody },
      responses: { 201: ConsultationView },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        authorize(isCommitteeOf(actor, ctx.input.body.communityId), 'run consultations of this community');
        return present.detail(actor, await consultations.create(actor, ctx.input.body), localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/consultations',
      summary: 'Consultations of my communities (residents: not drafts, and only those for my building)',
      auth: 'signedIn',
      input: { query: ConsultationListQuery },
      responses: { 200: pageOf(ConsultationSummaryView) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId, status, page, pageSize } = ctx.input.query;
        const mine = [
          ...new Set([
            ...actor.homes.map((h) => h.communityId),
            ...actor.grants.flatMap((g) => (g.role === 'committee' ? [g.communityId] : [])),
          ]),
        ].filter((id) => !communityId || id === communityId);
        const committeeOf = mine.filter((id) => isCommitteeOf(actor, id));
        const found = await consultations.list({
          communityIds: mine,
          includeDrafts: committeeOf.length > 0,
          status,
          page,
          pageSize,
        });
        const visible = found.items.filter((c) => present.canSee(actor, c));
        return {
          ...found,
          items: await Promise.all(visible.map((c) => present.summary(actor, c, localeOf(ctx)))),
        };
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId',
      summary: 'A consultation with whom I may vote for, my ballots, turnout and (where shown) results',
      auth: 'signedIn',
      input: { params: ConsultationParams },
      responses: { 200: ConsultationView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        return present.detail(ctx.state.actor, c, localeOf(ctx));
      },
    }),
    route({
      method: 'patch',
      path: '/consultations/:consultationId',
      summary: 'Edit a draft (in discussion, only the voting window; once voting opened, 409)',
      auth: ['committee'],
      input: { params: ConsultationParams, body: UpdateConsultationBody },
      responses: { 200: ConsultationView },
      errors: ['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const c = await access.run(actor, ctx.input.params.consultationId);
        return present.detail(actor, await consultations.update(actor, c, ctx.input.body), localeOf(ctx));
      },
    }),
    route({
      method: 'post',
      path: '/consultations/:consultationId/transitions/:transition',
      summary: 'Open discussion, open voting, close voting or publish the result (committee)',
      description:
        'A move the state does not allow answers 409 with details.allowedNextStates and details.allowedActions.',
      auth: ['committee'],
      input: { params: TransitionParams },
      responses: { 200: ConsultationView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const c = await access.run(actor, ctx.input.params.consultationId);
        const moved = await consultations.transition(c, ctx.input.params.transition, {
          userId: actor.userId,
          role: 'committee',
        });
        return present.detail(actor, moved, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId/comments',
      summary: 'The discussion: comments, proposals and committee replies, oldest first',
      auth: 'signedIn',
      input: { params: ConsultationParams, query: PageQuerySchema },
      responses: { 200: pageOf(CommentView) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        const page = await comments.list(c._id, ctx.input.query);
        return { ...page, items: await Promise.all(page.items.map((d) => present.comment(d))) };
      },
    }),
    route({
      method: 'post',
      path: '/consultations/:consultationId/comments',
      summary: 'Comment or propose (residents of the audience, in discussion); reply (committee)',
      auth: 'signedIn',
      input: { params: ConsultationParams, body: CommentBody },
      responses: { 201: CommentView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST', 'UPLOADS_NOT_ATTACHABLE'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const c = await access.visible(actor, ctx.input.params.consultationId);
        const facts = access.facts(c);
        const committee = isCommitteeOf(actor, facts.communityId);
        if (ctx.input.body.kind === 'reply')
          authorize(canReply(actor, facts), 'committee replies during discussion or voting');
        else authorize(canComment(actor, facts), 'residents of the audience comment during discussion');
        return present.comment(await comments.add(actor, c, ctx.input.body, committee));
      },
    }),
  ];
}
