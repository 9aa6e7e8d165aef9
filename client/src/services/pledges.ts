/**
 * Community pledges (共建认领), points (积分) and the resident convention (居民公约) as the pages use
 * them. Shapes come from @linli/shared/pledges. Realtime calls `pledgesChanged` on 'pledge.progress'
 * and 'pledge.changed', `pointsChanged` on the points events and `conventionChanged` on a new
 * version (and after a reconnect): pages on screen refetch.
 */
import { z } from 'zod';
import {
  ConventionVersionView,
  ConventionView,
  LedgerView,
  PointsRulesView,
  PledgeView,
  ProjectSummaryView,
  ProjectView,
  RedemptionView,
  RewardView,
  SignatureMapView,
  SignatureView,
  SlotCodesView,
  type CreatePledgeBody,
  type CreateProjectBody,
  type PublishConventionBody,
  type PaperPledgeBody,
  type PointsRules,
  type UpdateProjectBody,
} from '@linli/shared/pledges';
import { api } from './api';
import { conventionChanged, pledgesChanged, pointsChanged } from './pledges-signals';

export { conventionChanged, pledgesChanged, pointsChanged };

const enc = encodeURIComponent;
const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });
const ProjectList = items(ProjectSummaryView);
const PledgeList = items(PledgeView);
const RewardList = items(RewardView);
const RedemptionList = items(RedemptionView);
const SignatureList = items(SignatureView);
const VersionList = items(ConventionVersionView);

export type ProjectSummary = z.infer<typeof ProjectSummaryView>;
export type Project = z.infer<typeof ProjectView>;
export type Pledge = z.infer<typeof PledgeView>;
export type Ledger = z.infer<typeof LedgerView>;
export type Reward = z.infer<typeof RewardView>;
export type Redemption = z.infer<typeof RedemptionView>;
export type Convention = z.infer<typeof ConventionView>;
export type SignatureMap = z.infer<typeof SignatureMapView>;
export type Signature = z.infer<typeof SignatureView>;
export type SlotCodes = z.infer<typeof SlotCodesView>;

/** Changes this person made: the pages showing them refetch at once, before any live event. */
async function changing<T>(signal: { emit(): void }, request: Promise<T>): Promise<T> {
  const result = await request;
  signal.emit();
  return result;
}

// ---- projects and pledges ----

export async function listProjects(): Promise<ProjectSummary[]> {
  return (await api.get('/api/v1/pledges/projects', { schema: ProjectList })).items;
}

export function getProject(id: string): Promise<Project> {
  return api.get(`/api/v1/pledges/projects/${enc(id)}`, { schema: ProjectView });
}

export function pledge(projectId: string, body: Partial<CreatePledgeBody> & { needId: string }) {
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/projects/${enc(projectId)}/pledges`, body, { schema: PledgeView }),
  );
}

export async function myPledges(): Promise<Pledge[]> {
  return (await api.get('/api/v1/pledges/mine', { schema: PledgeList })).items;
}

export function withdrawPledge(id: string) {
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/pledges/${enc(id)}/withdraw`, {}, { schema: PledgeView }),
  );
}

export function checkInByCode(projectId: string, code: string) {
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/projects/${enc(projectId)}/codes`, { code }, { schema: PledgeView }),
  );
}

// ---- the committee ----

export function createProject(body: CreateProjectBody): Promise<Project> {
  return changing(pledgesChanged, api.post('/api/v1/pledges/projects', body, { schema: ProjectView }));
}

/** A project's workflow moves: open a draft, complete an active one, cancel with a reason. */
export function moveProject(id: string, move: 'open' | 'complete' | 'cancel', reason?: string) {
  const body = move === 'cancel' ? { reason } : {};
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/projects/${enc(id)}/${move}`, body, { schema: ProjectView }),
  );
}

export async function projectPledges(id: string): Promise<Pledge[]> {
  return (await api.get(`/api/v1/pledges/projects/${enc(id)}/pledges`, { schema: PledgeList })).items;
}

/** Fulfilment of one pledge: goods or money received, a volunteer checked in or out. */
export function fulfil(id: string, step: 'confirm' | 'check-in' | 'check-out') {
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/pledges/${enc(id)}/${step}`, {}, { schema: PledgeView }),
  );
}

export function slotCodes(projectId: string, needId: string): Promise<SlotCodes> {
  return api.get(`/api/v1/pledges/projects/${enc(projectId)}/needs/${enc(needId)}/codes`, {
    schema: SlotCodesView,
  });
}

// ---- points ----

export function myLedger(communityId?: string): Promise<Ledger> {
  const query = communityId ? `?communityId=${enc(communityId)}` : '';
  return api.get(`/api/v1/points/mine${query}`, { schema: LedgerView });
}

export async function rewards(communityId: string): Promise<Reward[]> {
  return (await api.get(`/api/v1/points/communities/${enc(communityId)}/rewards`, { schema: RewardList }))
    .items;
}

export function redeem(rewardId: string) {
  return changing(
    pointsChanged,
    api.post(`/api/v1/points/rewards/${enc(rewardId)}/redeem`, {}, { schema: RedemptionView }),
  );
}

export async function myRedemptions(): Promise<Redemption[]> {
  return (await api.get('/api/v1/points/redemptions/mine', { schema: RedemptionList })).items;
}

export async function communityRedemptions(communityId: string): Promise<Redemption[]> {
  return (
    await api.get(`/api/v1/points/communities/${enc(communityId)}/redemptions`, { schema: RedemptionList })
  ).items;
}

export function decideRedemption(id: string, decision: 'confirm' | 'refuse', reason?: string) {
  const body = decision === 'refuse' ? { reason } : {};
  return changing(
    pointsChanged,
    api.post(`/api/v1/points/redemptions/${enc(id)}/${decision}`, body, { schema: RedemptionView }),
  );
}

// ---- convention ----

export function convention(communityId: string): Promise<Convention> {
  return api.get(`/api/v1/convention/communities/${enc(communityId)}`, { schema: ConventionView });
}

export function signConvention(versionId: string) {
  return changing(
    conventionChanged,
    api.post(`/api/v1/convention/versions/${enc(versionId)}/sign`, {}, { schema: ConventionView }),
  );
}

export async function conventionVersions(communityId: string) {
  return (
    await api.get(`/api/v1/convention/communities/${enc(communityId)}/versions`, { schema: VersionList })
  ).items;
}

export async function signatures(versionId: string): Promise<Signature[]> {
  return (
    await api.get(`/api/v1/convention/versions/${enc(versionId)}/signatures`, { schema: SignatureList })
  ).items;
}

export function signatureMap(versionId: string): Promise<SignatureMap> {
  return api.get(`/api/v1/convention/versions/${enc(versionId)}/map`, { schema: SignatureMapView });
}

export function pointsRules(communityId: string): Promise<PointsRules> {
  return api.get(`/api/v1/points/communities/${enc(communityId)}/rules`, { schema: PointsRulesView });
}

/** The committee publishes a new version; residents who signed an earlier one are asked again. */
export function publishConvention(communityId: string, body: z.input<typeof PublishConventionBody>) {
  return changing(
    conventionChanged,
    api.post(`/api/v1/convention/communities/${enc(communityId)}/versions`, body, {
      schema: ConventionVersionView,
    }),
  );
}

// ---- editing projects and paper pledges ----

/** Before the first pledge an edit changes the project in place; after it, it is a new version. */
export function updateProject(id: string, body: UpdateProjectBody): Promise<Project> {
  return changing(
    pledgesChanged,
    api.put(`/api/v1/pledges/projects/${enc(id)}`, body, { schema: ProjectView }),
  );
}

/** The committee records a pledge from a paper form, for a resident who does not use a phone. */
export function recordPaperPledge(
  projectId: string,
  body: Partial<PaperPledgeBody> & Pick<PaperPledgeBody, 'needId' | 'householdId' | 'name'>,
) {
  return changing(
    pledgesChanged,
    api.post(`/api/v1/pledges/projects/${enc(projectId)}/paper-pledges`, body, { schema: PledgeView }),
  );
}
