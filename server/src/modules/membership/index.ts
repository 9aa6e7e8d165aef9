/**
 * The membership module: residents joining households, carer links, and residents' tags.
 * Other modules use `homesOf` (via the identity authenticator), `isConfirmedCarer` and `eldersOf`.
 */
import type { Clock } from '../../platform/clock';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { DomainEventBus } from '../domain-events';
import { createCarerLinkService } from './carer-link-service';
import { createMembershipService } from './membership-service';
import { deliverMembershipEvents } from './realtime';
import { createResidentTagService } from './resident-tags';
import { membershipRoutes } from './routes';
import type { UserDirectory } from './users-port';

export type { MembershipService, Membership } from './membership-service';
export type { CarerLinkService, CarerLink } from './carer-link-service';
export type { ResidentTagService } from './resident-tags';
export type { UserDirectory } from './users-port';

export interface MembershipModuleDeps {
  communities: CommunitiesService;
  audit: AuditService;
  events: DomainEventBus;
  clock: Clock;
  realtime: RealtimeDelivery;
}

/**
 * Built in two steps because identity needs `homesOf` from here while this module needs identity's
 * users: first the memberships (no users needed), then the rest once identity exists.
 */
export function createMembershipCore(deps: MembershipModuleDeps) {
  // Identity, which caches homes, exists only after this step: it is told through `complete`.
  let homesChanged = async (_userId: string): Promise<void> => undefined;
  const memberships = createMembershipService({ ...deps, homesChanged: (userId) => homesChanged(userId) });
  return {
    memberships,
    homesOf: (userId: string) => memberships.homesOf(userId),
    complete(users: UserDirectory, onHomesChanged: (userId: string) => Promise<void>) {
      homesChanged = onHomesChanged;
      const carerLinks = createCarerLinkService({ ...deps, users, memberships });
      const tags = createResidentTagService({ ...deps, users, memberships });
      deliverMembershipEvents(deps.events, deps.realtime);
      return {
        memberships,
        carerLinks,
        tags,
        api: membershipRoutes({ memberships, carerLinks, tags, communities: deps.communities, users }),
        personalData: [
          {
            name: 'memberships',
            export: (userId: string) => memberships.exportFor(userId),
            erase: (userId: string) => memberships.eraseFor(userId),
          },
          {
            name: 'carerLinks',
            export: (userId: string) => carerLinks.exportFor(userId),
            erase: (userId: string) => carerLinks.eraseFor(userId),
          },
        ],
      };
    },
  };
}
