/**
 * Turnout API: the committee's live dashboard (turnout by building, the four gauges of an owners'
 * decision with what is still missing), non-voters by door, reminders, the results where they may
 * be shown, and the audit export.
 */
import {
  ConsultationParams,
  ConsultationResultsView,
  NonVoterView,
  PageQuerySchema,
  TurnoutView,
  pageOf,
} from '@linli/shared';
import { z } from 'zod';
import { authorize } from '../../../platform/auth';
import { Conflict } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import { toCsv, type ConsultationAccess } from '../access';
import { canSeeResults } from '../policy';
import type { Turnout } from './service';

export function turnoutRoutes(deps: { turnout: Turnout; access: ConsultationAccess }): Route[] {
  const { turnout, access } = deps;
  const votingStarted = (status: string) => {
    if (status === 'draft' || status === 'discussion')
      throw Conflict({ 'zh-CN': '投票尚未开始', en: 'voting has not opened yet' });
  };
  return [
    route({
      method: 'get',
      path: '/consultations/:consultationId/turnout',
      summary: 'Turnout by building; for owners’ decisions the gauges and what is still missing (committee)',
      auth: ['committee'],
      input: { params: ConsultationParams },
      responses: { 200: TurnoutView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const c = await access.run(ctx.state.actor, ctx.input.params.consultationId);
        votingStarted(c.status);
        return turnout.turnout(c, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId/non-voters',
      summary: 'Who has not voted, by building and door, to knock on (committee)',
      auth: ['committee'],
      input: { params: ConsultationParams, query: PageQuerySchema },
      responses: { 200: pageOf(NonVoterView) },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const c = await access.run(ctx.state.actor, ctx.input.params.consultationId);
        votingStarted(c.status);
        return turnout.nonVoters(c, ctx.input.query);
      },
    }),
    route({
      method: 'post',
      path: '/consultations/:consultationId/reminders',
      summary: 'Remind those who have not voted (never those who have), while voting is open (committee)',
      auth: ['committee'],
      input: { params: ConsultationParams },
      responses: { 200: z.object({ reminded: z.number().int() }) },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const c = await access.run(ctx.state.actor, ctx.input.params.consultationId);
        if (c.status !== 'voting')
          throw Conflict({ 'zh-CN': '只能在投票期间提醒', en: 'reminders go out only while voting is open' });
        return { reminded: await turnout.remind(c) };
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId/results',
      summary: 'The result, overall and per building (公示): committee after close, residents once published',
      auth: 'signedIn',
      input: { params: ConsultationParams },
      responses: { 200: ConsultationResultsView },
      errors: ['NOT_FOUND', 'FORBIDDEN'],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        authorize(
          canSeeResults(ctx.state.actor, access.facts(c)),
          'results are hidden until close / publication',
        );
        return turnout.results(c);
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId/audit.csv',
      summary:
        'Audit record: unit, area, voter kind, time, receipt hash; choices only where not secret (committee)',
      auth: ['committee'],
      input: { params: ConsultationParams },
      responses: { 200: { description: 'UTF-8 CSV (with BOM) for spreadsheets', schema: null } },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const c = await access.run(ctx.state.actor, ctx.input.params.consultationId);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(`consultation-${String(c._id)}-audit.csv`);
        ctx.body = toCsv(await turnout.auditRows(c));
      },
    }),
  ];
}
