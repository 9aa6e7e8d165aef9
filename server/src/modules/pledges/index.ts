/**
 * The community pledges module (共建认领): projects with money, goods and labour needs and
 * thresholds (projects/), pledges with conditions, paper pledges and fulfilment (pledges/), the
 * time bank's points, rewards and redemptions (points/), and the resident convention (convention/).
 */
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { UserService } from '../identity';
import type { MembershipService } from '../membership';
import type { ModuleDeps } from '../module-deps';
import { API_V1, type ApiModule } from '../../platform/routes';
import { conventionRoutes } from './convention/routes';
import { createConventionService } from './convention/service';
import { pledgesPersonalData } from './personal-data';
import { canSeeProject } from './policy';
import { createFulfilment } from './pledges/fulfilment';
import { createPledgeService } from './pledges/service';
import { createLedger } from './points/ledger';
import { pointsRoutes } from './points/routes';
import { createPointsService } from './points/service';
import { deliverPledgeEvents } from './realtime';
import { projectRoutes } from './projects/routes';
import { DEADLINE_JOB, PROJECT_UPLOADS, createProjectService } from './projects/service';

export type { ProjectService } from './projects/service';
export type { PledgeService } from './pledges/service';
export type { PointsService } from './points/service';
export type { ConventionService } from './convention/service';

export interface PledgesModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  audit: Pick<AuditService, 'record'>;
}

export function createPledgesModule(deps: PledgesModuleDeps) {
  const { clock, events, scheduler, uploads } = deps;
  const projects = createProjectService({ clock, events, scheduler, uploads });
  const pledges = createPledgeService({ ...deps, projects });
  const ledger = createLedger();
  const points = createPointsService({ clock, events, ledger, audit: deps.audit });
  const fulfilment = createFulfilment({ clock, events, ledger, audit: deps.audit, rulesOf: points.rules });
  const convention = createConventionService({ clock, events, communities: deps.communities });

  deliverPledgeEvents(events, deps.realtime);
  scheduler.handle(DEADLINE_JOB, async (job) => pledges.deadlinePassed(job.key));
  uploads.registerAccess(PROJECT_UPLOADS, async (actor, recordId) => {
    const project = await projects.find(recordId);
    return Boolean(
      project && canSeeProject(actor, { communityId: String(project.communityId), status: project.status }),
    );
  });
  // What a process that died mid-write left half-done is finished once the server is up.
  events.on('system.started', async () => {
    await pledges.repair();
    await fulfilment.repair();
    await points.repair();
  });

  const api: ApiModule = {
    name: 'pledges',
    basePath: API_V1,
    routes: [
      ...projectRoutes({ projects, pledges, fulfilment, communities: deps.communities, clock, uploads }),
      ...pointsRoutes({ points, users: deps.users }),
      ...conventionRoutes({ convention, communities: deps.communities }),
    ],
  };
  return {
    projects,
    pledges,
    points,
    convention,
    api,
    personalData: pledgesPersonalData({ convention }),
  };
}
