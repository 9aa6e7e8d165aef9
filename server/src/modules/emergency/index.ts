/**
 * The emergency call module (一键呼叫): calls for help, their delivery to carers and duty staff,
 * escalation on the scheduler, the duty roster and the care screens (which also list the meals
 * module's wellness alerts, through its service).
 */
import type { Actor } from '../../platform/context';
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { DutyRoster, UserService } from '../identity';
import type { WellnessAlertViews } from '../meals';
import type { CarerLinkService } from '../membership';
import type { ModuleDeps } from '../module-deps';
import type { SubscriptionService } from '../notices';
import { deliverEmergencyAlerts } from './delivery';
import { emergencyPresenter } from './presenter';
import { emergencyRoutes } from './routes';
import { createEmergencyService, ESCALATE_JOB } from './service';

export type { EmergencyService } from './service';

export interface EmergencyModuleDeps extends ModuleDeps {
  communities: Pick<CommunitiesService, 'getHouseholds'>;
  users: Pick<UserService, 'getUser' | 'getUsers'>;
  carerLinks: Pick<CarerLinkService, 'listMine' | 'isConfirmedCarer' | 'eldersOf'>;
  duty: DutyRoster;
  staffIdsWithRole(role: 'committee', communityId: string): Promise<string[]>;
  audit: Pick<AuditService, 'record'>;
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  wellness: WellnessAlertViews;
}

export function createEmergencyModule(deps: EmergencyModuleDeps) {
  const emergency = createEmergencyService(deps);
  deps.scheduler.handle(ESCALATE_JOB, (job) => emergency.escalate(job));
  deliverEmergencyAlerts({ ...deps, templateId: deps.config.wechat.templates.emergency });
  const show = emergencyPresenter({
    users: deps.users,
    communities: deps.communities,
    clock: deps.clock,
    async carerOf(actor: Actor, personIds: readonly string[]) {
      const elders = new Set(await deps.carerLinks.eldersOf(actor.userId));
      return new Set(personIds.filter((id) => elders.has(id)));
    },
  });
  return {
    emergency,
    api: emergencyRoutes({
      emergency,
      show,
      wellness: deps.wellness,
      duty: deps.duty,
      audit: deps.audit,
      events: deps.events,
    }),
    personalData: {
      name: 'emergency',
      export: (userId: string) => emergency.exportFor(userId),
      erase: (userId: string) => emergency.eraseFor(userId),
    },
  };
}
