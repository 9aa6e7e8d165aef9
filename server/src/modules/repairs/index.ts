/**
 * The repair requests module (物业报修): categories per community, tickets and their workflow,
 * "me too" and merging on public-area reports, deadlines and escalation, the follow-up, the team's
 * queue and figures, and the Open311 GeoReport v2 read API for city platforms.
 */
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { UserService } from '../identity';
import type { MembershipService } from '../membership';
import type { ModuleDeps } from '../module-deps';
import type { SubscriptionService } from '../notices';
import { API_V1, type ApiModule } from '../../platform/routes';
import { categoryRoutes } from './categories/routes';
import { createCategoryService } from './categories/service';
import { registerDeadlineJobs } from './deadlines/jobs';
import { figureRoutes } from './figures/routes';
import { open311Api } from './open311/routes';
import { repairsPersonalData } from './personal-data';
import { TICKET_UPLOAD_KIND } from './ports';
import { deliverRepairEvents } from './realtime';
import { isTeamTechnician, sightOf } from './policy';
import { createTicketLists } from './tickets/lists';
import { ticketViewer } from './tickets/presenter';
import { ticketRoutes } from './tickets/routes';
import { createTicketService } from './tickets/service';

export type { TicketService } from './tickets/service';
export type { CategoryService } from './categories/service';

export interface RepairsModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  memberships: Pick<MembershipService, 'homesOf'>;
  audit: Pick<AuditService, 'record'>;
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  staffIdsWithRole(role: 'committee' | 'technician', communityId: string): Promise<string[]>;
}

export function createRepairsModule(deps: RepairsModuleDeps) {
  const categories = createCategoryService({ communities: deps.communities });
  const tickets = createTicketService({
    ...deps,
    categories,
    scheduler: deps.scheduler,
    uploads: deps.uploads,
  });
  const lists = createTicketLists({ clock: deps.clock });
  const viewer = ticketViewer({ ...deps, tickets, categories, uploads: deps.uploads });

  deps.uploads.registerAccess(TICKET_UPLOAD_KIND, async (actor, recordId) => {
    const t = await tickets.find(recordId);
    return Boolean(
      t && sightOf(actor, t, t.area === 'public' && (await tickets.meTooOf(actor.userId, t._id))).photos,
    );
  });
  registerDeadlineJobs(deps.scheduler, tickets);
  deliverRepairEvents({
    ...deps,
    tickets,
    categories,
    committeeOf: (communityId) => deps.staffIdsWithRole('committee', communityId),
    templateId: deps.config.wechat.templates.repair,
  });

  /** Technicians hold a grant per (community, team): those of this team, by name. */
  async function techniciansOf(communityId: string, providerId: string) {
    const users = await deps.users.getUsers(await deps.staffIdsWithRole('technician', communityId));
    return [...users.values()]
      .filter(
        (u) =>
          !u.deleted &&
          isTeamTechnician({ userId: u.id, grants: u.grants, homes: [], tags: [] }, communityId, providerId),
      )
      .map((u) => ({ id: u.id, name: u.displayName }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  const api: ApiModule = {
    name: 'repairs',
    basePath: API_V1,
    routes: [
      ...categoryRoutes(categories),
      ...ticketRoutes({ tickets, lists, viewer, techniciansOf }),
      ...figureRoutes({ clock: deps.clock, categories, users: deps.users }),
    ],
  };
  return {
    categories,
    tickets,
    api,
    open311: open311Api({ categories, communities: deps.communities, clock: deps.clock }),
    personalData: repairsPersonalData({ clock: deps.clock, uploads: deps.uploads }),
  };
}
