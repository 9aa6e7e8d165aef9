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
  UnitOwnershipBody,
  UnitOwnershipParams,
  UnitOwnershipView,
  VerifyReceiptBody,
} from '@linli/shared';
import { Conflict, NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { ConsultationAccess } from '../access';
import type { ConsultationDoc } from '../consultations/model';
import { isCommitteeOf } from '../policy';
import type { Turnout } from '../turnout/service';
import type { Electorate } from './electorate-service';
import type { BallotDoc } from './model';
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
  electorate: Electorate;
  turnout: Turnout;
  access: ConsultationAccess;
}): Route[] {
  const { ballots, electorate, turnout, access } = deps;
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
      method: 'put',
      path: '/consultations/communities/:communityId/units/:householdId/ownership',
      summary: "Record a unit as the developer's (unsold) or name its co-owners' nominated voter (committee)",
      description:
        'Applies to owners’ decisions whose voting opens afterwards (the roll is frozen at opening).',
      auth: ['committee'],
      input: { params: UnitOwnershipParams, body: UnitOwnershipBody },
      responses: { 200: UnitOwnershipView },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { communityId, householdId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('household');
        const doc = await electorate.setOwnership(communityId, householdId, ctx.input.body);
        return {
          householdId: String(doc.householdId),
          developerHeld: doc.developerHeld,
          ...(doc.nominatedVoterId ? { nominatedVoterId: String(doc.nominatedVoterId) } : {}),
        };
      },
    }),
  ];
}
