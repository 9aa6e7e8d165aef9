/**
 * Pledge projects over HTTP: the committee creates, edits, opens, cancels and completes projects,
 * records paper pledges, confirms receipts and checks volunteers in and out; residents list and
 * view their community's projects (progress per need), pledge, withdraw, see their pledges and
 * check in with a slot's code. Everything about another community's project is 404.
 */
import {
  CancelProjectBody,
  type ErrorCode,
  CodeBody,
  ConfirmPledgeBody,
  CreatePledgeBody,
  CreateProjectBody,
  PaperPledgeBody,
  PledgeView,
  ProjectListQuery,
  ProjectSummaryView,
  ProjectView,
  SlotCodesView,
  UpdateProjectBody,
} from '@linli/shared';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import type { CommunitiesService } from '../../communities';
import type { UploadService } from '../../../platform/uploads';
import { NeedParams, PledgeParams, ProjectParams } from '../params';
import { authorize, canSeeProject, isCommitteeOf, isResidentOf } from '../policy';
import { presentPledge, presentProject, presentSummary } from '../presenter';
import type { Fulfilment } from '../pledges/fulfilment';
import type { PledgeDoc } from '../pledges/model';
import type { PledgeService } from '../pledges/service';
import type { ProjectDoc } from './model';
import type { ProjectService } from './service';

export interface ProjectRouteDeps {
  projects: ProjectService;
  pledges: PledgeService;
  fulfilment: Fulfilment;
  communities: Pick<CommunitiesService, 'getHouseholds'>;
  clock: Clock;
  uploads: UploadService;
}

/**
 * A project move as a row of the table in projectRoutes. A move with a body re-reads it with the
 * same schema: validated already in front of the handler, so that only gives it its type.
 */
interface ProjectMove {
  move: 'open' | 'cancel' | 'complete';
  summary: string;
  body?: z.ZodType;
  errors: readonly ErrorCode[];
  run(actor: Actor, project: ProjectDoc, body: unknown): Promise<ProjectDoc>;
}

/** A step on one pledge as a row of the table in projectRoutes. */
interface PledgeStep {
  step: 'withdraw' | 'confirm' | 'check-in' | 'check-out';
  summary: string;
  auth: 'signedIn' | readonly ['committee'];
  body?: z.ZodType;
  may(actor: Actor, pledge: PledgeDoc, project: ProjectDoc): boolean;
  /** What the 403 says was refused. */
  refused: string;
  run(actor: Actor, pledge: PledgeDoc, project: ProjectDoc, body: unknown): Promise<PledgeDoc>;
}

export function projectRoutes(deps: ProjectRouteDeps): Route[] {
  const { projects, pledges, fulfilment, communities, clock, uploads } = deps;

  async function visible(actor: Actor, projectId: string): Promise<ProjectDoc> {
    const project = await projects.find(projectId);
    if (
      !project ||
      !canSeeProject(actor, { communityId: String(project.communityId), status: project.status })
    )
      throw NotFound('pledgeProject');
    return project;
  }

  async function runBy(actor: Actor, projectId: string): Promise<ProjectDoc> {
    const project = await visible(actor, projectId);
    authorize(isCommitteeOf(actor, String(project.communityId)), 'run this community’s projects');
    return project;
  }

  async function show(actor: Actor, project: ProjectDoc) {
    const [needs, all, standing] = await Promise.all([
      projects.needsOf(project._id),
      pledges.ofProject(project._id),
      pledges.standing(project),
    ]);
    return presentProject(actor, project, needs, all, standing, clock.now(), uploads);
  }

  /** A pledge with what its view needs; 404 unless the viewer may see its project. */
  async function pledgeOf(actor: Actor, pledgeId: string) {
    const pledge = await pledges.find(pledgeId);
    if (!pledge) throw NotFound('pledge');
    const project = await visible(actor, String(pledge.projectId));
    const mine = pledge.userId !== null && String(pledge.userId) === actor.userId;
    if (!mine && !isCommitteeOf(actor, String(project.communityId))) throw NotFound('pledge');
    return { pledge, project };
  }

  async function showPledges(
    actor: Actor,
    list: readonly PledgeDoc[],
    projectsById?: Map<string, ProjectDoc>,
  ) {
    const byId = projectsById ?? new Map<string, ProjectDoc>();
    for (const id of new Set(list.map((p) => String(p.projectId))))
      if (!byId.has(id)) {
        const found = await projects.find(id);
        if (found) byId.set(id, found);
      }
    const needs = new Map<string, { label: string }>();
    for (const project of byId.values())
      for (const n of await projects.needsOf(project._id)) needs.set(String(n._id), n);
    const committee = list.some((p) => isCommitteeOf(actor, String(p.communityId)));
    const households = committee
      ? new Map(
          (await communities.getHouseholds([...new Set(list.map((p) => String(p.householdId)))])).map((h) => [
            h.id,
            `${h.buildingName} ${h.unit}`,
          ]),
        )
      : new Map<string, string>();
    return list.flatMap((p) => {
      const project = byId.get(String(p.projectId));
      if (!project) return [];
      return [
        presentPledge(actor, p, {
          project,
          need: needs.get(String(p.needId)),
          household: households.get(String(p.householdId)),
          publicList: false,
        }),
      ];
    });
  }

  const onePledge = async (actor: Actor, pledge: PledgeDoc, project: ProjectDoc) =>
    (await showPledges(actor, [pledge], new Map([[String(project._id), project]])))[0];

  /**
   * The committee's workflow moves on a project, each `POST /pledges/projects/:projectId/<move>`
   * answering the project as it now stands. One row per move; the route is built from it below.
   */
  const projectMoves: ProjectMove[] = [
    {
      move: 'open',
      summary: 'Open a draft for pledges; the deadline job is scheduled',
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'VALIDATION_FAILED'],
      run: async (actor, project) => {
        const opened = await projects.open(actor, project);
        await pledges.settle(String(opened._id)); // no thresholds: active at once
        return projects.get(String(opened._id));
      },
    },
    {
      move: 'cancel',
      summary: 'Cancel a project with a reason; pledgers are told and nothing is collected',
      body: CancelProjectBody,
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
      run: async (actor, project, body) => {
        const { reason } = CancelProjectBody.parse(body);
        const cancelled = await projects.move(
          project,
          'cancel',
          { userId: actor.userId, role: 'committee' },
          { note: reason, set: { cancelReason: reason } },
        );
        if (!cancelled) throw NotFound('pledgeProject');
        await pledges.ended(cancelled, reason);
        return cancelled;
      },
    },
    {
      move: 'complete',
      summary: 'Mark an active project done',
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
      run: async (actor, project) => {
        const done = await projects.move(project, 'complete', { userId: actor.userId, role: 'committee' });
        if (!done) throw NotFound('pledgeProject');
        await pledges.ended(done, '项目已完成');
        return done;
      },
    },
  ];

  function projectMoveRoute({ move, summary, body, errors, run }: ProjectMove): Route {
    return route({
      method: 'post',
      path: `/pledges/projects/:projectId/${move}`,
      summary,
      auth: ['committee'],
      input: body ? { params: ProjectParams, body } : { params: ProjectParams },
      responses: { 200: ProjectView },
      errors,
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await runBy(actor, ctx.input.params.projectId);
        return show(actor, await run(actor, project, ctx.input.body));
      },
    });
  }

  const committeeOf = (actor: Actor, project: ProjectDoc) =>
    isCommitteeOf(actor, String(project.communityId));

  /**
   * What happens to one pledge, each `POST /pledges/pledges/:pledgeId/<step>` answering the pledge:
   * withdrawn by its pledger, goods or money confirmed received, a volunteer checked in or out.
   * `may` is the policy rule the handler checks before `run`.
   */
  const pledgeSteps: PledgeStep[] = [
    {
      step: 'withdraw',
      summary: 'Withdraw my pledge before the project activates (the committee: a paper pledge)',
      auth: 'signedIn',
      may: (actor, pledge, project) =>
        (pledge.userId !== null && String(pledge.userId) === actor.userId) ||
        (Boolean(pledge.paper) && committeeOf(actor, project)),
      refused: 'withdraw this pledge',
      run: (_actor, pledge, project) => pledges.withdraw(project, pledge),
    },
    {
      step: 'confirm',
      summary: 'Record goods or money received for a pledge (nothing is paid here); earns its points',
      auth: ['committee'],
      body: ConfirmPledgeBody,
      may: committeeOfPledge,
      refused: 'confirm fulfilment',
      run: (actor, pledge, project, body) => {
        const { received, note } = ConfirmPledgeBody.parse(body);
        return fulfilment.confirm(actor, project, pledge, received, note);
      },
    },
    {
      step: 'check-in',
      summary: 'Check a volunteer in to their slot (the committee, at the activity)',
      auth: ['committee'],
      may: committeeOfPledge,
      refused: 'check volunteers in',
      run: (actor, pledge, project) => fulfilment.checkIn(actor, project, pledge),
    },
    {
      step: 'check-out',
      summary: "Check a volunteer out: hours from the two times, capped by the slot's length; earns points",
      auth: ['committee'],
      may: committeeOfPledge,
      refused: 'check volunteers out',
      run: (actor, pledge, project) => fulfilment.checkOut(actor, project, pledge),
    },
  ];

  function committeeOfPledge(actor: Actor, _pledge: PledgeDoc, project: ProjectDoc): boolean {
    return committeeOf(actor, project);
  }

  function pledgeStepRoute({ step, summary, auth, body, may, refused, run }: PledgeStep): Route {
    return route({
      method: 'post',
      path: `/pledges/pledges/:pledgeId/${step}`,
      summary,
      auth,
      input: body ? { params: PledgeParams, body } : { params: PledgeParams },
      responses: { 200: PledgeView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { pledge, project } = await pledgeOf(actor, ctx.input.params.pledgeId);
        authorize(may(actor, pledge, project), refused);
        return onePledge(actor, await run(actor, pledge, project, ctx.input.body), project);
      },
    });
  }

  return [
    route({
      method: 'post',
      path: '/pledges/projects',
      summary: 'Create a project (a draft) with its needs, thresholds and deadline',
      auth: ['committee'],
      input: { body: CreateProjectBody },
      responses: { 201: ProjectView },
      errors: ['FORBIDDEN', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        authorize(isCommitteeOf(actor, ctx.input.body.communityId), 'create projects in this community');
        return show(actor, await projects.create(actor, ctx.input.body));
      },
    }),
    route({
      method: 'get',
      path: '/pledges/projects',
      summary: "Projects of my communities (residents: not drafts; the committee: all of its community's)",
      auth: 'signedIn',
      input: { query: ProjectListQuery },
      responses: { 200: z.object({ items: z.array(ProjectSummaryView) }) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId, status } = ctx.input.query;
        const mine = new Set([
          ...actor.homes.map((h) => h.communityId),
          ...actor.grants.flatMap((g) => (g.role === 'committee' ? [g.communityId] : [])),
        ]);
        const ids = communityId ? [communityId].filter((id) => mine.has(id)) : [...mine];
        const found = await projects.list({ communityIds: ids, ...(status ? { statuses: [status] } : {}) });
        const seen = found.filter((p) =>
          canSeeProject(actor, { communityId: String(p.communityId), status: p.status }),
        );
        const now = clock.now();
        return {
          items: await Promise.all(
            seen.map(async (p) =>
              presentSummary(
                actor,
                p,
                await projects.needsOf(p._id),
                await pledges.standing(p),
                now,
                uploads,
              ),
            ),
          ),
        };
      },
    }),
    route({
      method: 'get',
      path: '/pledges/projects/:projectId',
      summary: 'A project with progress per need, the public list of pledgers and my own pledges',
      auth: 'signedIn',
      input: { params: ProjectParams },
      responses: { 200: ProjectView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) =>
        show(ctx.state.actor, await visible(ctx.state.actor, ctx.input.params.projectId)),
    }),
    route({
      method: 'put',
      path: '/pledges/projects/:projectId',
      summary: 'Edit a project; after the first pledge the change is a new version pledgers are told about',
      auth: ['committee'],
      input: { params: ProjectParams, body: UpdateProjectBody },
      responses: { 200: ProjectView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'VALIDATION_FAILED', 'UPLOADS_NOT_ATTACHABLE'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await runBy(actor, ctx.input.params.projectId);
        const updated = await projects.update(actor, project, ctx.input.body);
        if (updated.version > project.version) await pledges.revised(updated, ctx.input.body.changeNote);
        return show(actor, updated);
      },
    }),
    ...projectMoves.map(projectMoveRoute),
    route({
      method: 'post',
      path: '/pledges/projects/:projectId/pledges',
      summary: 'Pledge money, goods or a labour slot (optionally conditional, optionally anonymous)',
      auth: 'signedIn',
      input: { params: ProjectParams, body: CreatePledgeBody },
      responses: { 201: PledgeView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PLEDGE_NEED_FULL', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await visible(actor, ctx.input.params.projectId);
        authorize(
          isResidentOf(actor, String(project.communityId)),
          'pledge: only verified residents of the community',
        );
        const pledge = await pledges.pledge(actor, project, ctx.input.body);
        return onePledge(actor, pledge, await projects.get(String(project._id)));
      },
    }),
    route({
      method: 'post',
      path: '/pledges/projects/:projectId/paper-pledges',
      summary: 'Record a pledge from a paper form for a resident who does not use a phone (marked paper)',
      auth: ['committee'],
      input: { params: ProjectParams, body: PaperPledgeBody },
      responses: { 201: PledgeView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PLEDGE_NEED_FULL'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await runBy(actor, ctx.input.params.projectId);
        const pledge = await pledges.paperPledge(actor, project, ctx.input.body);
        return onePledge(actor, pledge, await projects.get(String(project._id)));
      },
    }),
    route({
      method: 'get',
      path: '/pledges/projects/:projectId/pledges',
      summary: 'Every pledge of a project with names and doors, for the committee (fulfilment page)',
      auth: ['committee'],
      input: { params: ProjectParams },
      responses: { 200: z.object({ items: z.array(PledgeView) }) },
      errors: ['NOT_FOUND', 'FORBIDDEN'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await runBy(actor, ctx.input.params.projectId);
        const list = await pledges.ofProject(project._id);
        return { items: await showPledges(actor, list, new Map([[String(project._id), project]])) };
      },
    }),
    route({
      method: 'get',
      path: '/pledges/mine',
      summary: 'My pledges, newest first',
      auth: 'signedIn',
      responses: { 200: z.object({ items: z.array(PledgeView) }) },
      handler: async (ctx) => ({
        items: await showPledges(ctx.state.actor, await pledges.mine(ctx.state.actor.userId)),
      }),
    }),
    ...pledgeSteps.map(pledgeStepRoute),
    route({
      method: 'get',
      path: '/pledges/projects/:projectId/needs/:needId/codes',
      summary: "A labour slot's check-in and check-out codes, to show at the activity",
      auth: ['committee'],
      input: { params: NeedParams },
      responses: { 200: SlotCodesView },
      errors: ['NOT_FOUND', 'FORBIDDEN'],
      handler: async (ctx) => {
        const project = await runBy(ctx.state.actor, ctx.input.params.projectId);
        const need = await projects.findNeed(ctx.input.params.needId);
        if (!need || String(need.projectId) !== String(project._id) || need.kind !== 'labour')
          throw NotFound('pledgeNeed');
        return {
          needId: String(need._id),
          checkInCode: need.checkInCode ?? '',
          checkOutCode: need.checkOutCode ?? '',
        };
      },
    }),
    route({
      method: 'post',
      path: '/pledges/projects/:projectId/codes',
      summary: 'Check myself in (or out) with the code shown at the activity',
      auth: 'signedIn',
      input: { params: ProjectParams, body: CodeBody },
      responses: { 200: PledgeView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const project = await visible(actor, ctx.input.params.projectId);
        const moved = await fulfilment.byCode(actor.userId, project, ctx.input.body.code);
        return onePledge(actor, moved, project);
      },
    }),
  ];
}
