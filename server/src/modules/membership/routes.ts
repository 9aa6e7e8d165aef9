/**
 * Membership API: joining households, carer links, and the committee's view of residents.
 */
import {
  CarerLinkDecisionBody,
  CarerLinkListQuery,
  CarerLinkView,
  MembershipListQuery,
  MembershipView,
  ObjectIdSchema,
  RejectBody,
  RequestCarerLinkBody,
  RequestMembershipBody,
  ResidentTagsView,
  ResidentView,
  SetTagsBody,
  pageOf,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { CommunitiesService } from '../communities';
import type { CarerLink, CarerLinkService } from './carer-link-service';
import type { Membership, MembershipService } from './membership-service';
import {
  authorize,
  canListInCommunity,
  canOnCarerLink,
  canOnMembership,
  canSetTags,
  isCommitteeForElder,
} from './policy';
import { presentCarerLink, presentMembership } from './presenter';
import type { ResidentTagService } from './resident-tags';
import type { UserDirectory } from './users-port';

const MembershipParams = z.object({ membershipId: ObjectIdSchema });
const LinkParams = z.object({ carerLinkId: ObjectIdSchema });
const CommunityParams = z.object({ communityId: ObjectIdSchema });

export interface MembershipRouteDeps {
  memberships: MembershipService;
  carerLinks: CarerLinkService;
  tags: ResidentTagService;
  communities: CommunitiesService;
  users: UserDirectory;
}

export function membershipRoutes({
  memberships,
  carerLinks,
  tags,
  communities,
  users,
}: MembershipRouteDeps): ApiModule {
  /** Views for a list, with household labels and applicants fetched in one go. */
  async function present(list: Membership[], actor: Actor): Promise<MembershipView[]> {
    const households = new Map(
      (await communities.getHouseholds(list.map((m) => m.householdId))).map((h) => [h.id, h]),
    );
    const people = await users.getUsers(list.map((m) => m.userId));
    return list.map((m) =>
      presentMembership(m, actor, {
        household: households.get(m.householdId),
        applicant: people.get(m.userId),
      }),
    );
  }
  async function presentLinks(list: CarerLink[], actor: Actor): Promise<CarerLinkView[]> {
    const people = await users.getUsers(list.flatMap((l) => [l.carerId, l.elderId]));
    return list.map((l) => presentCarerLink(l, actor, people));
  }

  /** A membership the actor may act on; 404 when they may not even see it. */
  async function visibleMembership(actor: Actor, membershipId: string): Promise<Membership> {
    const m = await memberships.get(membershipId);
    authorize(canOnMembership(actor, 'read', m), `read membership ${membershipId}`);
    return m;
  }

  return {
    name: 'membership',
    basePath: API_V1,
    routes: [
      // ------------------------------------------------------------ memberships
      route({
        method: 'post',
        path: '/memberships',
        summary: 'Ask to join a household as owner, tenant or family',
        auth: 'signedIn',
        input: { body: RequestMembershipBody },
        responses: { 201: MembershipView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const m = await memberships.request(ctx.state.actor.userId, ctx.input.body);
          return (await present([m], ctx.state.actor))[0];
        },
      }),
      route({
        method: 'get',
        path: '/memberships/mine',
        summary: 'My households and requests',
        auth: 'signedIn',
        responses: { 200: z.object({ items: z.array(MembershipView) }) },
        handler: async (ctx) => ({
          items: await present(await memberships.listMine(ctx.state.actor.userId), ctx.state.actor),
        }),
      }),
      route({
        method: 'get',
        path: '/memberships',
        summary: "A community's membership requests (pending by default), oldest first",
        auth: ['admin', 'committee'],
        input: { query: MembershipListQuery },
        responses: { 200: pageOf(MembershipView) },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          authorize(canListInCommunity(actor, ctx.input.query.communityId), 'list memberships');
          const page = await memberships.listInCommunity(ctx.input.query);
          return { ...page, items: await present(page.items, actor) };
        },
      }),
      route({
        method: 'post',
        path: '/memberships/:membershipId/approve',
        summary: 'Approve a pending request (committee of that community)',
        auth: ['committee'],
        input: { params: MembershipParams },
        responses: { 200: MembershipView },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const m = await memberships.get(ctx.input.params.membershipId);
          authorize(hasCommitteeSay(actor, m), 'approve membership');
          const decided = await memberships.decide(actor.userId, m.id, { status: 'approved' });
          return (await present([decided], actor))[0];
        },
      }),
      route({
        method: 'post',
        path: '/memberships/:membershipId/reject',
        summary: 'Reject a pending request with a reason the resident will read',
        auth: ['committee'],
        input: { params: MembershipParams, body: RejectBody },
        responses: { 200: MembershipView },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const m = await memberships.get(ctx.input.params.membershipId);
          authorize(hasCommitteeSay(actor, m), 'reject membership');
          const decided = await memberships.decide(actor.userId, m.id, {
            status: 'rejected',
            reason: ctx.input.body.reason,
          });
          return (await present([decided], actor))[0];
        },
      }),
      route({
        method: 'delete',
        path: '/memberships/:membershipId',
        summary: 'Leave a household, or withdraw a request not yet decided',
        auth: 'signedIn',
        input: { params: MembershipParams },
        responses: { 204: null },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const m = await visibleMembership(ctx.state.actor, ctx.input.params.membershipId);
          authorize(canOnMembership(ctx.state.actor, 'leave', m), 'leave membership');
          await memberships.leave(m.id);
        },
      }),

      // ------------------------------------------------------------ carer links
      route({
        method: 'post',
        path: '/carer-links',
        summary: 'Ask to act for an elder (by the carer code their app shows)',
        description:
          'The elder is named by user id, which the elder’s app shows as a carer code / QR. ' +
          'Looking elders up by household and name would let anyone probe who lives where.',
        auth: 'signedIn',
        input: { body: RequestCarerLinkBody },
        responses: { 201: CarerLinkView },
        errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const link = await carerLinks.request(ctx.state.actor.userId, ctx.input.body.elderUserId);
          return (await presentLinks([link], ctx.state.actor))[0];
        },
      }),
      route({
        method: 'get',
        path: '/carer-links/mine',
        summary: 'Links where I am the carer or the elder',
        auth: 'signedIn',
        responses: { 200: z.object({ items: z.array(CarerLinkView) }) },
        handler: async (ctx) => ({
          items: await presentLinks(await carerLinks.listMine(ctx.state.actor.userId), ctx.state.actor),
        }),
      }),
      route({
        method: 'get',
        path: '/carer-links',
        summary: "Carer links of a community's elders (pending by default)",
        auth: ['admin', 'committee'],
        input: { query: CarerLinkListQuery },
        responses: { 200: z.object({ items: z.array(CarerLinkView) }) },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { communityId, status } = ctx.input.query;
          authorize(canListInCommunity(ctx.state.actor, communityId), 'list carer links');
          return {
            items: await presentLinks(await carerLinks.listInCommunity(communityId, status), ctx.state.actor),
          };
        },
      }),
      ...(['confirm', 'reject', 'revoke'] as const).map((action) =>
        route({
          method: 'post',
          path: `/carer-links/:carerLinkId/${action}`,
          summary: {
            confirm: 'Confirm a carer (the elder, or the committee of their community)',
            reject: 'Turn down a carer request (the elder, or the committee of their community)',
            revoke: 'End a carer link (the carer or the elder)',
          }[action],
          auth: 'signedIn',
          input: { params: LinkParams, body: CarerLinkDecisionBody.optional() },
          responses: { 200: CarerLinkView },
          errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
          handler: async (ctx) => {
            const { actor } = ctx.state;
            const link = await carerLinks.get(ctx.input.params.carerLinkId);
            if (!canOnCarerLink(actor, 'read', link)) throw NotFound('carerLink');
            authorize(canOnCarerLink(actor, action, link), `${action} carer link`);
            // A committee member deciding (rather than the elder) is a staff change: audit it.
            const asStaff = actor.userId !== link.elderId && actor.userId !== link.carerId;
            const auditCommunityId =
              asStaff && isCommitteeForElder(actor, link)
                ? link.communityIds.find((id) => canSetTags(actor, id))
                : undefined;
            const to = ({ confirm: 'confirmed', reject: 'rejected', revoke: 'revoked' } as const)[action];
            const changed = await carerLinks.transition(actor.userId, link.id, to, {
              reason: ctx.input.body?.reason,
              auditCommunityId,
            });
            return (await presentLinks([changed], actor))[0];
          },
        }),
      ),

      // ------------------------------------------------------------ residents and tags
      route({
        method: 'get',
        path: '/communities/:communityId/residents',
        summary: "A community's verified residents with their tags",
        auth: ['admin', 'committee'],
        input: { params: CommunityParams },
        responses: { 200: z.object({ items: z.array(ResidentView) }) },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.params;
          authorize(canListInCommunity(ctx.state.actor, communityId), 'list residents');
          const members = await memberships.approvedInCommunity(communityId);
          const people = await users.getUsers(members.map((m) => m.userId));
          const households = new Map(
            (await communities.getHouseholds(members.map((m) => m.householdId))).map((h) => [h.id, h]),
          );
          return {
            items: members.flatMap((m) => {
              const person = people.get(m.userId);
              const household = households.get(m.householdId);
              if (!person || person.deleted) return [];
              return [
                {
                  userId: m.userId,
                  displayName: person.displayName,
                  householdLabel: household ? `${household.buildingName} ${household.unit}` : '',
                  relation: m.relation,
                  tags: person.tags,
                },
              ];
            }),
          };
        },
      }),
      route({
        method: 'put',
        path: '/residents/:userId/tags',
        summary: "Set a resident's tags (living alone, low income, disability); audited",
        auth: ['committee'],
        input: { params: z.object({ userId: ObjectIdSchema }), body: SetTagsBody },
        responses: { 200: ResidentTagsView },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.body;
          authorize(canSetTags(ctx.state.actor, communityId), 'set tags');
          return tags.setTags(ctx.state.actor.userId, { ...ctx.input.body, userId: ctx.input.params.userId });
        },
      }),
    ],
  };
}

function hasCommitteeSay(actor: Actor, m: Membership): boolean {
  // Decided requests are answered by the service's conflict (409), not a 403: the caller may act.
  return canOnMembership(actor, 'approve', { ...m, status: 'pending' });
}
