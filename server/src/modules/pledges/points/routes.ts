/**
 * Points over HTTP: my ledger and balance per community; the committee's rules, corrections,
 * reward catalogue and redemption orders (confirm or refuse); residents redeem rewards.
 */
import {
  CorrectionBody,
  LedgerQuery,
  LedgerView,
  PointsRulesBody,
  PointsRulesView,
  REDEMPTION_STATUSES,
  RedemptionView,
  RefuseBody,
  RewardBody,
  RewardView,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../../platform/context';
import { BadRequest, NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import { CommunityParams, RedemptionParams, RewardParams } from '../params';
import { authorize, isCommitteeOf, isResidentOf } from '../policy';
import { presentEntry, presentRedemption, presentReward } from '../presenter';
import type { RedemptionDoc } from './model';
import type { PointsService } from './service';

export interface PointsRouteDeps {
  points: PointsService;
  users: { getUsers(ids: readonly string[]): Promise<Map<string, { displayName: string }>> };
}

export function pointsRoutes({ points, users }: PointsRouteDeps): Route[] {
  const inCommunity = (actor: Actor, communityId: string) =>
    isResidentOf(actor, communityId) || isCommitteeOf(actor, communityId);
  const committeeOnly = (actor: Actor, communityId: string) => {
    if (!isCommitteeOf(actor, communityId)) throw NotFound('community');
  };

  async function showOrders(actor: Actor, orders: readonly RedemptionDoc[]) {
    const ids = [...new Set(orders.flatMap((o) => (o.userId ? [String(o.userId)] : [])))];
    const names = ids.length > 0 ? await users.getUsers(ids) : new Map<string, { displayName: string }>();
    return orders.map((o) =>
      presentRedemption(actor, o, o.userId ? (names.get(String(o.userId))?.displayName ?? '') : '已注销用户'),
    );
  }

  return [
    route({
      method: 'get',
      path: '/points/mine',
      summary: 'My points balance and ledger in a community (default: my first)',
      auth: 'signedIn',
      input: { query: LedgerQuery },
      responses: { 200: LedgerView },
      errors: ['BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const communityId = ctx.input.query.communityId ?? actor.homes[0]?.communityId;
        if (!communityId || !isResidentOf(actor, communityId))
          throw BadRequest({
            'zh-CN': '你还不是该社区的认证居民',
            en: 'you are not a verified resident of that community',
          });
        const page = await points.ledgerOf(actor.userId, communityId, ctx.input.query);
        return { communityId, ...page, items: page.items.map(presentEntry) };
      },
    }),
    route({
      method: 'get',
      path: '/points/communities/:communityId/rules',
      summary: "The community's points rules (per hour, per goods item, per ¥10)",
      auth: 'signedIn',
      input: { params: CommunityParams },
      responses: { 200: PointsRulesView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        if (!inCommunity(ctx.state.actor, communityId)) throw NotFound('community');
        return { communityId, ...(await points.rules(communityId)) };
      },
    }),
    route({
      method: 'put',
      path: '/points/communities/:communityId/rules',
      summary: 'Set the points rules; points already earned stay as they are',
      auth: ['committee'],
      input: { params: CommunityParams, body: PointsRulesBody },
      responses: { 200: PointsRulesView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        committeeOnly(ctx.state.actor, communityId);
        return { communityId, ...(await points.saveRules(communityId, ctx.input.body)) };
      },
    }),
    route({
      method: 'post',
      path: '/points/communities/:communityId/corrections',
      summary: "Correct a resident's points with a new ledger entry (never below 0)",
      auth: ['committee'],
      input: { params: CommunityParams, body: CorrectionBody },
      responses: { 201: z.object({ balance: z.number().int() }) },
      errors: ['NOT_FOUND', 'POINTS_INSUFFICIENT'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        committeeOnly(ctx.state.actor, communityId);
        return points.correct(ctx.state.actor, communityId, ctx.input.body);
      },
    }),
    route({
      method: 'get',
      path: '/points/communities/:communityId/rewards',
      summary: 'The reward catalogue (residents: what can be redeemed; the committee: everything)',
      auth: 'signedIn',
      input: { params: CommunityParams },
      responses: { 200: z.object({ items: z.array(RewardView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        if (!inCommunity(actor, communityId)) throw NotFound('community');
        const list = await points.rewards(communityId, !isCommitteeOf(actor, communityId));
        return { items: list.map((r) => presentReward(actor, r)) };
      },
    }),
    route({
      method: 'post',
      path: '/points/communities/:communityId/rewards',
      summary: 'Add a reward to the catalogue',
      auth: ['committee'],
      input: { params: CommunityParams, body: RewardBody },
      responses: { 201: RewardView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        committeeOnly(ctx.state.actor, communityId);
        return presentReward(ctx.state.actor, await points.createReward(communityId, ctx.input.body));
      },
    }),
    route({
      method: 'put',
      path: '/points/rewards/:rewardId',
      summary: 'Change a reward (name, cost, stock, whether it is offered)',
      auth: ['committee'],
      input: { params: RewardParams, body: RewardBody },
      responses: { 200: RewardView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const reward = await points.findReward(ctx.input.params.rewardId);
        if (!reward) throw NotFound('reward');
        committeeOnly(ctx.state.actor, String(reward.communityId));
        return presentReward(ctx.state.actor, await points.updateReward(reward, ctx.input.body));
      },
    }),
    route({
      method: 'post',
      path: '/points/rewards/:rewardId/redeem',
      summary: 'Redeem a reward with my points: an order staff confirm or refuse (refusal refunds)',
      auth: 'signedIn',
      input: { params: RewardParams },
      responses: { 201: RedemptionView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'POINTS_INSUFFICIENT', 'REWARD_OUT_OF_STOCK'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const reward = await points.findReward(ctx.input.params.rewardId);
        if (!reward || !inCommunity(actor, String(reward.communityId))) throw NotFound('reward');
        authorize(isResidentOf(actor, String(reward.communityId)), 'redeem: only residents of the community');
        return presentRedemption(actor, await points.redeem(actor, reward));
      },
    }),
    route({
      method: 'get',
      path: '/points/redemptions/mine',
      summary: 'My redemption orders, newest first',
      auth: 'signedIn',
      responses: { 200: z.object({ items: z.array(RedemptionView) }) },
      handler: async (ctx) => ({
        items: await showOrders(ctx.state.actor, await points.myRedemptions(ctx.state.actor.userId)),
      }),
    }),
    route({
      method: 'get',
      path: '/points/communities/:communityId/redemptions',
      summary: "The community's redemption orders, oldest first (filter by status)",
      auth: ['committee'],
      input: { params: CommunityParams, query: z.object({ status: z.enum(REDEMPTION_STATUSES).optional() }) },
      responses: { 200: z.object({ items: z.array(RedemptionView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        committeeOnly(ctx.state.actor, communityId);
        return {
          items: await showOrders(
            ctx.state.actor,
            await points.redemptionsOf(communityId, ctx.input.query.status),
          ),
        };
      },
    }),
    route({
      method: 'post',
      path: '/points/redemptions/:redemptionId/confirm',
      summary: 'Confirm a redemption (the reward was handed over)',
      auth: ['committee'],
      input: { params: RedemptionParams },
      responses: { 200: RedemptionView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const order = await points.findRedemption(ctx.input.params.redemptionId);
        if (!order || !isCommitteeOf(actor, String(order.communityId))) throw NotFound('redemption');
        return (await showOrders(actor, [await points.decide(actor, order, { confirm: true })]))[0];
      },
    }),
    route({
      method: 'post',
      path: '/points/redemptions/:redemptionId/refuse',
      summary: 'Refuse a redemption with a reason: the points and the item go back',
      auth: ['committee'],
      input: { params: RedemptionParams, body: RefuseBody },
      responses: { 200: RedemptionView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const order = await points.findRedemption(ctx.input.params.redemptionId);
        if (!order || !isCommitteeOf(actor, String(order.communityId))) throw NotFound('redemption');
        return (
          await showOrders(actor, [
            await points.decide(actor, order, { confirm: false, reason: ctx.input.body.reason }),
          ])
        )[0];
      },
    }),
  ];
}
