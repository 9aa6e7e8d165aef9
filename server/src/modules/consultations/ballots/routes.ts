/**
 * Ballots API: residents (and carers for elders) vote, the committee enters paper slips per unit
 * and records unit ownership for owners' decisions; after close anyone in the audience reads the
 * published receipt list and checks their own receipt.
 */
import {
  CastBallotBody,
  CastBallotView,
  ConsultationParams,
  PaperBallotBody,
  ReceiptCheckView,
  ReceiptListView,
  OwnershipCommunityParams,
  OwnershipRollView,
  OwnershipUnitView,
  UnitOwnershipBody,
  UnitOwnershipParams,
  VerifyReceiptBody,
} from '@linli/shared';
import { Conflict, NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { ConsultationAccess } from '../access';
import type { ConsultationDoc } from '../consultations/model';
import { isCommitteeOf } from '../policy';
import type { Turnout } from '../turnout/service';
import type { BallotDoc } from './model';
import type { OwnershipRoll } from './ownership';
import type { Ballots, CastResult } from './service';

const afterClose = (c: ConsultationDoc) => {
  if (c.status !== 'closed' && c.status !== 'published')
    throw Conflict({
      'zh-CN': '投票截止后才公布回执清单、才能核验回执',
      en: 'receipts are published, and can be checked, once voting has closed',
    });
};

function receiptView(r: CastResult, label?: string) {
  const b: BallotDoc = r.ballot;
  return {
    receiptCode: r.receiptCode,
    receiptHash: b.receiptHash,
    ballot: {
      householdId: String(b.householdId),
      ...(label ? { householdLabel: label } : {}),
      voterKind: b.voterKind,
      castAt: b.castAt.toISOString(),
      choices: b.choices,
    },
  };
}

export function ballotRoutes(deps: {
  ballots: Ballots;
  ownership: OwnershipRoll;
  turnout: Turnout;
  access: ConsultationAccess;
}): Route[] {
  const { ballots, ownership, turnout, access } = deps;
  return [
    route({
      method: 'post',
      path: '/consultations/:consultationId/ballots',
      summary: 'Vote (or change my vote where allowed); a confirmed carer may vote for an elder',
      description:
        'Answers the receipt code once: keep it to check after close that the ballot was counted as cast.',
      auth: 'signedIn',
      input: { params: ConsultationParams, body: CastBallotBody },
      responses: { 201: CastBallotView, 200: CastBallotView },
      errors: [
        'NOT_FOUND',
        'CONSULTATION_NOT_ELIGIBLE',
        'CONSULTATION_ALREADY_VOTED',
        'CONSULTATION_VOTING_CLOSED',
        'VALIDATION_FAILED',
      ],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        const result = await ballots.cast(ctx.state.actor, c, ctx.input.body);
        ctx.status = result.changed ? 200 : 201;
        return receiptView(result);
      },
    }),
    route({
      method: 'post',
      path: '/consultations/:consultationId/paper-ballots',
      summary: 'Enter a paper ballot for a unit or household (committee); refused if it already voted',
      auth: ['committee'],
      input: { params: ConsultationParams, body: PaperBallotBody },
      responses: { 201: CastBallotView },
      errors: [
        'NOT_FOUND',
        'CONSULTATION_NOT_ELIGIBLE',
        'CONSULTATION_ALREADY_VOTED',
        'CONSULTATION_VOTING_CLOSED',
        'VALIDATION_FAILED',
      ],
      handler: async (ctx) => {
        const c = await access.run(ctx.state.actor, ctx.input.params.consultationId);
        return receiptView(await ballots.enterPaper(ctx.state.actor, c, ctx.input.body));
      },
    }),
    route({
      method: 'get',
      path: '/consultations/:consultationId/receipts',
      summary: 'The published receipt list (hashes and seals, no choices), after close',
      auth: 'signedIn',
      input: { params: ConsultationParams },
      responses: { 200: ReceiptListView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        afterClose(c);
        return turnout.receiptList(c);
      },
    }),
    route({
      method: 'post',
      path: '/consultations/:consultationId/receipts/verify',
      summary: 'Check a receipt code: was this ballot counted, and counted as cast?',
      auth: 'signedIn',
      input: { params: ConsultationParams, body: VerifyReceiptBody },
      responses: { 200: ReceiptCheckView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const c = await access.visible(ctx.state.actor, ctx.input.params.consultationId);
        afterClose(c);
        return turnout.verify(c, ctx.input.body.code, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/consultations/communities/:communityId/units',
      summary:
        "Each unit's exclusive area, owners, nominee and developer holding, with the totals (committee)",
      description:
        'What an owners’ decision opened now would count: multi-unit owners and the developer’s units as one person each.',
      auth: ['committee'],
      input: { params: OwnershipCommunityParams },
      responses: { 200: OwnershipRollView },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('community');
        return ownership.roll(communityId);
      },
    }),
    route({
      method: 'put',
      path: '/consultations/communities/:communityId/units/:householdId/ownership',
      summary:
        "Correct a unit's exclusive area, record it as the developer's (unsold) or name its co-owners' nominated voter (committee)",
      description:
        'Refused (409) for a unit inside an owners’ vote now open: that vote’s roll was frozen at opening.',
      auth: ['committee'],
      input: { params: UnitOwnershipParams, body: UnitOwnershipBody },
      responses: { 200: OwnershipUnitView },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST', 'CONFLICT'],
      handler: async (ctx) => {
        const { communityId, householdId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('household');
        return ownership.update(ctx.state.actor, communityId, householdId, ctx.input.body);
      },
    }),
  ];
}
