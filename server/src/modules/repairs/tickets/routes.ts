/**
 * Repair tickets over HTTP: report (or file for a resident), the similar open reports offered
 * first, "me too", every workflow move through one route, the follow-up answer, and the lists
 * (mine, my community's public ones, the team's queue, a technician's jobs).
 */
import {
  FollowUpBody,
  PageQuerySchema,
  PublicListQuery,
  QueueQuery,
  ReportTicketBody,
  SimilarQuery,
  TechnicianList,
  TechniciansQuery,
  TicketPage,
  TicketView,
  TransitionBody,
} from '@linli/shared';
import { z } from 'zod';
import { Forbidden, NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import { CommunityParams, TicketParams } from '../params';
import { isTeamOperator, livesIn } from '../policy';
import type { TicketLists } from './lists';
import type { ticketViewer } from './presenter';
import type { TicketService } from './service';

export function ticketRoutes(deps: {
  tickets: TicketService;
  lists: TicketLists;
  viewer: ReturnType<typeof ticketViewer>;
  /** The live technicians of a team in a community, by name. */
  techniciansOf(communityId: string, providerId: string): Promise<TechnicianList['items']>;
}): Route[] {
  const { tickets, lists, viewer } = deps;
  return [
    route({
      method: 'post',
      path: '/repairs/tickets',
      summary: 'Report a repair (staff: for a resident, with onBehalfOf)',
      description:
        'Public-area categories take a building, an asset code and/or a place; in-home ones the ' +
        "reporter's household. The category's own fields are checked against its definition. " +
        'Photos are ids from POST /uploads (at most 6).',
      auth: 'signedIn',
      input: { body: ReportTicketBody },
      responses: { 201: TicketView },
      errors: ['NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) =>
        viewer.show(ctx.state.actor, await tickets.report(ctx.state.actor, ctx.input.body)),
    }),
    route({
      method: 'get',
      path: '/repairs/tickets/similar',
      summary: 'Open public-area reports of the same category and place, offered before filing a new one',
      auth: 'signedIn',
      input: { query: SimilarQuery },
      responses: { 200: z.object({ items: z.array(TicketView) }) },
      handler: async (ctx) => ({
        items: await viewer.showAll(ctx.state.actor, await tickets.similar(ctx.state.actor, ctx.input.query)),
      }),
    }),
    route({
      method: 'get',
      path: '/repairs/tickets/mine',
      summary: 'My reports, and the public-area reports I said "me too" to (newest first)',
      auth: 'signedIn',
      input: { query: PageQuerySchema },
      responses: { 200: TicketPage },
      handler: async (ctx) => {
        const page = await lists.mine(ctx.state.actor, ctx.input.query);
        return { ...page, items: await viewer.showAll(ctx.state.actor, page.items) };
      },
    }),
    route({
      method: 'get',
      path: '/repairs/communities/:communityId/public-tickets',
      summary: "My community's public-area reports (reporters' names hidden)",
      auth: 'signedIn',
      input: { params: CommunityParams, query: PublicListQuery },
      responses: { 200: TicketPage },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        const staff = actor.grants.some((g) => 'communityId' in g && g.communityId === communityId);
        if (!livesIn(actor, communityId) && !staff) throw NotFound('community');
        const { status, ...paging } = ctx.input.query;
        const page = await lists.publicOf(communityId, status, paging);
        return { ...page, items: await viewer.showAll(actor, page.items) };
      },
    }),
    route({
      method: 'get',
      path: '/repairs/queue',
      summary: "The team's queue in a community: by status, category, building, overdue; earliest due first",
      auth: ['operator'],
      input: { query: QueueQuery },
      responses: { 200: TicketPage },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { page: p, pageSize, ...q } = ctx.input.query;
        const teams = actor.grants.flatMap((g) =>
          g.role === 'operator' && g.communityId === q.communityId ? [g.providerId] : [],
        );
        const page = await lists.queue(teams, q, { page: p, pageSize });
        return { ...page, items: await viewer.showAll(actor, page.items) };
      },
    }),
    route({
      method: 'get',
      path: '/repairs/communities/:communityId/technicians',
      summary: "The technicians of a team in a community, for the team's operator to dispatch to",
      auth: ['operator'],
      input: { params: CommunityParams, query: TechniciansQuery },
      responses: { 200: TechnicianList },
      errors: ['FORBIDDEN'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        const { providerId } = ctx.input.query;
        if (!isTeamOperator(ctx.state.actor, communityId, providerId))
          throw Forbidden('only an operator of this team in this community lists its technicians');
        return { items: await deps.techniciansOf(communityId, providerId) };
      },
    }),
    route({
      method: 'get',
      path: '/repairs/jobs',
      summary: "A technician's jobs: assigned to me and open, and those open to claim in my teams",
      auth: ['technician'],
      input: { query: PageQuerySchema },
      responses: { 200: TicketPage },
      handler: async (ctx) => {
        const page = await lists.jobsOf(ctx.state.actor, ctx.input.query);
        return { ...page, items: await viewer.showAll(ctx.state.actor, page.items) };
      },
    }),
    route({
      method: 'get',
      path: '/repairs/tickets/:ticketId',
      summary: 'A ticket with its timeline, due time and the actions I may take',
      auth: 'signedIn',
      input: { params: TicketParams },
      responses: { 200: TicketView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) =>
        viewer.show(ctx.state.actor, await tickets.visible(ctx.state.actor, ctx.input.params.ticketId)),
    }),
    route({
      method: 'post',
      path: '/repairs/tickets/:ticketId/transitions',
      summary:
        'Move a ticket: accept, assign, claim, depart, quote, approve, start, resolve, confirm, reopen…',
      description:
        "One of the actions the ticket view lists. A move the ticket's state does not allow answers " +
        '409 with details.allowedNextStates and details.allowedActions; one this caller may not take, 403.',
      auth: 'signedIn',
      input: { params: TicketParams, body: TransitionBody },
      responses: { 200: TicketView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'BAD_REQUEST'],
      handler: async (ctx) =>
        viewer.show(
          ctx.state.actor,
          await tickets.transition(ctx.state.actor, ctx.input.params.ticketId, ctx.input.body),
        ),
    }),
    route({
      method: 'post',
      path: '/repairs/tickets/:ticketId/me-too',
      summary: '"Me too" on an open public-area report of my community (counted once per resident)',
      auth: 'signedIn',
      input: { params: TicketParams },
      responses: { 200: TicketView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) =>
        viewer.show(ctx.state.actor, await tickets.meToo(ctx.state.actor, ctx.input.params.ticketId)),
    }),
    route({
      method: 'post',
      path: '/repairs/tickets/:ticketId/follow-up',
      summary: 'Four weeks after closing: did it stay fixed? ("notFixed" reopens it)',
      auth: 'signedIn',
      input: { params: TicketParams, body: FollowUpBody },
      responses: { 200: TicketView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) =>
        viewer.show(
          ctx.state.actor,
          await tickets.followUp(ctx.state.actor, ctx.input.params.ticketId, ctx.input.body.answer),
        ),
    }),
  ];
}
