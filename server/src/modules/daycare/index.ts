/**
 * The daycare module (托育咨询): centres (providers of kind 'daycare') with fees, classes under the
 * national caps and visit slots (centres/); enquiries with their workflow, messages, visits and
 * offers (enquiries/); the waitlist in the centre's order with an estimated window (waitlist/);
 * the centre's console figures and the committee's demand (figures/).
 */
import type { AuditService } from '../audit';
import type { CommunitiesService } from '../communities';
import type { ModuleDeps } from '../module-deps';
import type { CarerLinkService, MembershipService } from '../membership';
import { API_V1, type ApiModule } from '../../platform/routes';
import { centreRoutes } from './centres/routes';
import { CENTRE_PHOTOS, createCentreService } from './centres/service';
import { enquiryRoutes } from './enquiries/routes';
import { OFFER_EXPIRY, RETENTION, createEnquiryService } from './enquiries/service';
import { figureRoutes } from './figures/routes';
import { daycarePersonalData } from './personal-data';
import { isOperatorOf } from './policy';
import { deliverDaycareEvents } from './realtime';
import { waitlistRoutes } from './waitlist/routes';

export type { CentreService } from './centres/service';
export type { EnquiryService } from './enquiries/service';

export interface DaycareModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  memberships: Pick<MembershipService, 'homesOf'>;
  carerLinks: Pick<CarerLinkService, 'isConfirmedCarer'>;
  audit: Pick<AuditService, 'record'>;
}

export function createDaycareModule(deps: DaycareModuleDeps) {
  const { clock, scheduler, uploads } = deps;
  const centres = createCentreService({ communities: deps.communities, clock, uploads });
  const enquiries = createEnquiryService({
    centres,
    clock,
    events: deps.events,
    scheduler,
    audit: deps.audit,
    carerLinks: deps.carerLinks,
    homesOf: (userId) => deps.memberships.homesOf(userId),
    retentionDays: deps.config.daycare.retentionDays,
  });
  scheduler.handle(OFFER_EXPIRY, (job) => enquiries.expireOffer(job.key));
  scheduler.handle(RETENTION, (job) => enquiries.eraseChild(job.key));
  uploads.registerAccess(CENTRE_PHOTOS, async (actor, providerId) => {
    const provider = await deps.communities.findProvider(providerId);
    return Boolean(
      provider &&
      (isOperatorOf(actor, providerId) ||
        actor.homes.some((h) => provider.communityIds.includes(h.communityId))),
    );
  });
  deliverDaycareEvents(deps.events, deps.realtime);
  const api: ApiModule = {
    name: 'daycare',
    basePath: API_V1,
    routes: [
      ...centreRoutes({ centres, uploads, clock }),
      ...enquiryRoutes({ centres, enquiries }),
      ...waitlistRoutes({ centres, enquiries, clock }),
      ...figureRoutes({ centres, enquiries, clock }),
    ],
  };
  return {
    centres,
    enquiries,
    api,
    personalData: daycarePersonalData({ centres, enquiries, scheduler, clock }),
  };
}
