/** The property team's figures for a month, and the month's tickets as a spreadsheet. */
import { FiguresView, MonthQuery } from '@linli/shared';
import type { Clock } from '../../../platform/clock';
import { shanghaiMinute } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import type { UserService } from '../../identity';
import { toCsv } from '../../../platform/csv';
import type { CategoryService } from '../categories/service';
import { ticketFlow } from '../tickets/flow';
import { figuresFor, monthTickets } from './figures';

const CSV = { 200: { description: 'UTF-8 CSV (with BOM) for spreadsheets', schema: null } } as const;

export function figureRoutes(deps: {
  clock: Clock;
  categories: Pick<CategoryService, 'ofCommunity'>;
  users: Pick<UserService, 'getUsers'>;
}): Route[] {
  /** The teams this operator runs in the community; 404 when none. */
  const teamsOf = (actor: Actor, communityId: string) => {
    const teams = actor.grants.flatMap((g) =>
      g.role === 'operator' && g.communityId === communityId ? [g.providerId] : [],
    );
    if (teams.length === 0) throw NotFound('community');
    return teams;
  };
  const namesOf = async (ids: string[]) =>
    new Map([...(await deps.users.getUsers(ids))].map(([id, u]) => [id, u.displayName]));

  return [
    route({
      method: 'get',
      path: '/repairs/figures',
      summary:
        "The team's month: open by status, overdue, median time to resolve, ratings; per technician and category",
      auth: ['operator'],
      input: { query: MonthQuery },
      responses: { 200: FiguresView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId, month } = ctx.input.query;
        const providerIds = teamsOf(ctx.state.actor, communityId);
        const categories = await deps.categories.ofCommunity(communityId, { activeOnly: false });
        return figuresFor({
          communityId,
          providerIds,
          month,
          now: deps.clock.now(),
          categoryNames: new Map(categories.map((c) => [String(c._id), c.name])),
          technicianNames: namesOf,
        });
      },
    }),
    route({
      method: 'get',
      path: '/repairs/tickets.csv',
      summary:
        "The month's tickets as a spreadsheet (category, place, status, due, resolved, technician, rating)",
      auth: ['operator'],
      input: { query: MonthQuery },
      responses: CSV,
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId, month } = ctx.input.query;
        const tickets = await monthTickets(communityId, teamsOf(ctx.state.actor, communityId), month);
        const categories = new Map(
          (await deps.categories.ofCommunity(communityId, { activeOnly: false })).map((c) => [
            String(c._id),
            c.name,
          ]),
        );
        const techs = await namesOf([
          ...new Set(tickets.flatMap((t) => (t.assigneeId ? [String(t.assigneeId)] : []))),
        ]);
        const rows: (string | number)[][] = [
          [
            '编号',
            '类别',
            '区域',
            '位置',
            '状态',
            '报修时间',
            '应完成',
            '修好时间',
            '维修师傅',
            '评分',
            '我也遇到',
          ],
          ...tickets.map((t) => [
            String(t._id),
            categories.get(String(t.categoryId)) ?? '',
            t.area === 'public' ? '公共区域' : '入户',
            t.area === 'public' ? t.place : '',
            ticketFlow.labels[t.status]['zh-CN'],
            shanghaiMinute(t.createdAt),
            shanghaiMinute(t.dueAt),
            t.resolvedAt ? shanghaiMinute(t.resolvedAt) : '',
            t.assigneeId ? (techs.get(String(t.assigneeId)) ?? '') : '',
            t.rating ?? '',
            t.meTooCount,
          ]),
        ];
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(`repairs-${month}.csv`);
        ctx.body = toCsv(rows);
      },
    }),
  ];
}
