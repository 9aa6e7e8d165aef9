/**
 * Consultations and votes (社区协商 / 业主投票) as the pages use them: the list, one consultation
 * with whom I may vote for and (where shown) its result, the discussion, casting a ballot, my
 * receipts and their check; for the committee drafting, the lifecycle moves, turnout, non-voters
 * and reminders. Realtime calls `consultationsChanged` on a status change or a turnout move (and
 * after a reconnect): pages on screen refetch. No event carries a choice, so nothing here does either.
 */
import Taro from '@tarojs/taro';
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import {
  CastBallotView,
  CommentView,
  ConsultationSummaryView,
  ConsultationView,
  NonVoterView,
  OwnershipRollView,
  OwnershipUnitView,
  ReceiptCheckView,
  TurnoutView,
  type CastBallotBody,
  type ConsultationTransition,
  type CreateConsultationBody,
  type UpdateConsultationBody,
} from '@linli/shared/consultations';
import { api } from './api';
import { consultationsChanged } from './consultations-live';

const SummaryPage = pageOf(ConsultationSummaryView);
const CommentPage = pageOf(CommentView);
const NonVoterPage = pageOf(NonVoterView);
export type ConsultationSummary = z.infer<typeof ConsultationSummaryView>;
export type Consultation = z.infer<typeof ConsultationView>;
export type Comment = z.infer<typeof CommentView>;
export type Turnout = z.infer<typeof TurnoutView>;
export type NonVoter = z.infer<typeof NonVoterView>;
export type Receipt = z.infer<typeof CastBallotView>;
export type ReceiptCheck = z.infer<typeof ReceiptCheckView>;

export { consultationsChanged };

const base = '/api/v1/consultations';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export async function listConsultations(): Promise<ConsultationSummary[]> {
  return (await api.get(`${base}?pageSize=100`, { schema: SummaryPage })).items;
}

export function getConsultation(id: string): Promise<Consultation> {
  return api.get(one(id), { schema: ConsultationView });
}

export function createConsultation(body: CreateConsultationBody): Promise<Consultation> {
  return api.post(base, body, { schema: ConsultationView });
}

export function transition(id: string, move: ConsultationTransition): Promise<Consultation> {
  return api.post(`${one(id)}/transitions/${move}`, undefined, { schema: ConsultationView });
}

export async function listComments(id: string): Promise<Comment[]> {
  return (await api.get(`${one(id)}/comments?pageSize=100`, { schema: CommentPage })).items;
}

export function postComment(
  id: string,
  body: { kind: Comment['kind']; body: string; replyTo?: string; attachmentIds?: string[] },
): Promise<Comment> {
  return api.post(`${one(id)}/comments`, { attachmentIds: [], ...body }, { schema: CommentView });
}

export function castBallot(id: string, body: CastBallotBody): Promise<Receipt> {
  return api.post(`${one(id)}/ballots`, body, { schema: CastBallotView });
}

/** A paper slip the committee enters for a unit or household (refused if it already voted). */
export function enterPaperBallot(
  id: string,
  body: { householdId: string; choices: string[]; note?: string },
): Promise<Receipt> {
  return api.post(`${one(id)}/paper-ballots`, body, { schema: CastBallotView });
}

/** The audit record (CSV): unit, area, voter kind, time, hashed receipt; choices only where not secret. */
export const auditCsvPath = (id: string) => `${one(id)}/audit.csv`;

export function verifyReceipt(id: string, code: string): Promise<ReceiptCheck> {
  return api.post(`${one(id)}/receipts/verify`, { code }, { schema: ReceiptCheckView });
}

export function turnout(id: string): Promise<Turnout> {
  return api.get(`${one(id)}/turnout`, { schema: TurnoutView });
}

export async function nonVoters(id: string): Promise<{ items: NonVoter[]; total: number }> {
  return api.get(`${one(id)}/non-voters?pageSize=100`, { schema: NonVoterPage });
}

/**
 * What the committee's dashboard shows live, fetched together: a turnout event refetches both, and
 * the page renders once when both have answered, so the count and the doors still to knock on are
 * always the same moment's (two separate fetches once showed 3 voted beside a door that had).
 */
export async function dashboardFigures(
  id: string,
): Promise<{ turnout: Turnout; nonVoters: { items: NonVoter[]; total: number } }> {
  const [figures, missing] = await Promise.all([turnout(id), nonVoters(id)]);
  return { turnout: figures, nonVoters: missing };
}

export async function remind(id: string): Promise<number> {
  return (await api.post(`${one(id)}/reminders`, undefined, { schema: z.object({ reminded: z.number() }) }))
    .reminded;
}

// ---- receipts kept on this device ----

/** A receipt as the voter keeps it: the server shows the code once and stores only its hash. */
export interface KeptReceipt {
  code: string;
  forName: string;
  castAt: string;
}

const receiptsKey = (userId: string) => `linli.consultation-receipts.${userId}`;

function allKept(userId: string): Record<string, KeptReceipt[]> {
  const stored = Taro.getStorageSync(receiptsKey(userId)) as unknown;
  return stored && typeof stored === 'object' ? (stored as Record<string, KeptReceipt[]>) : {};
}

export function keptReceipts(userId: string, consultationId: string): KeptReceipt[] {
  return allKept(userId)[consultationId] ?? [];
}

/** Keeps the newest receipt per person voted for (a changed vote gets a new code; the old one is void). */
export function keepReceipt(userId: string, consultationId: string, receipt: KeptReceipt): void {
  const all = allKept(userId);
  const others = (all[consultationId] ?? []).filter((r) => r.forName !== receipt.forName);
  Taro.setStorageSync(receiptsKey(userId), { ...all, [consultationId]: [...others, receipt] });
}

export type OwnershipRoll = z.infer<typeof OwnershipRollView>;
export type OwnershipUnit = z.infer<typeof OwnershipUnitView>;

/** The committee's ownership roll: each unit's area, owners, nominee and developer holding, with the totals. */
export function ownershipRoll(communityId: string): Promise<OwnershipRoll> {
  return api.get(`${base}/communities/${encodeURIComponent(communityId)}/units`, {
    schema: OwnershipRollView,
  });
}

/**
 * Corrects one unit (area as typed, '89.50', parsed exactly on the server), its developer holding
 * and its co-owners' nominee; refused (409) while an owners' vote holding the unit is open.
 */
export function setUnitOwnership(
  communityId: string,
  householdId: string,
  body: { area?: string; developerHeld: boolean; nominatedVoterId?: string | null },
): Promise<OwnershipUnit> {
  const path = `${base}/communities/${encodeURIComponent(communityId)}/units/${encodeURIComponent(householdId)}/ownership`;
  return api.put(path, body, { schema: OwnershipUnitView });
}

/**
 * Edits a draft (any field) or, in discussion, its voting window; refused (409) once voting opened.
 * A set time sent as null is cleared: the committee opens that step by hand.
 */
export function updateConsultation(id: string, body: UpdateConsultationBody): Promise<Consultation> {
  return api.patch(one(id), body, { schema: ConsultationView });
}

/** The community's buildings, for a consultation's audience (the committee may list them). */
export { listBuildings } from './staff-notices';
