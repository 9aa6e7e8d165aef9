/**
 * The composition root of the service modules: builds each module from the shared dependencies and
 * hands the app its routes and its authenticator. Modules reach each other only through what they
 * are given here (services, or the event bus), never by importing another module's model.
 */
import type { Authenticator } from '../platform/auth';
import { createNextUpRegistry, nextUpApi } from '../platform/next-up';
import type { ApiModule } from '../platform/routes';
import { createAuditModule } from './audit';
import { createCommunitiesModule } from './communities';
import { createConsultationsModule } from './consultations';
import { consultationsNextUp } from './consultations/next-up';
import { createDaycareModule } from './daycare';
import { daycareEvaluationSource } from './daycare/evaluation-source';
import { daycareNextUp } from './daycare/next-up';
import { seedDemo } from './demo/seed';
import { createEmergencyModule } from './emergency';
import { emergencyNextUp } from './emergency/next-up';
import { createEvaluationsModule } from './evaluations';
import { createIdentityModule } from './identity';
import { createMealsModule } from './meals';
import { mealsEvaluationSource } from './meals/evaluation-source';
import { createMembershipCore } from './membership';
import { createNoticesModule } from './notices';
import { createPledgesModule } from './pledges';
import { pledgesEvaluationSource } from './pledges/evaluation-source';
import { pledgesNextUp } from './pledges/next-up';
import { createRepairsModule } from './repairs';
import { repairsEvaluationSource } from './repairs/evaluation-source';
import { repairsNextUp } from './repairs/next-up';
import type { ModuleDeps } from './module-deps';

export type { ModuleDeps };

export interface Modules {
  apiModules: ApiModule[];
  authenticator: Authenticator;
  /**
   * Settles when boot-time work (the demo seed) is done. main.ts may await it before listening;
   * until then the work runs in the background and failures are logged, never thrown.
   */
  ready: Promise<void>;
}

export function buildModules(deps: ModuleDeps): Modules {
  const audit = createAuditModule(deps);
  const communities = createCommunitiesModule();
  // Identity needs homesOf from membership, membership needs identity's users: two steps.
  const membershipCore = createMembershipCore({
    ...deps,
    communities: communities.service,
    audit: audit.service,
  });
  const identity = createIdentityModule({ ...deps, homesOf: membershipCore.homesOf });
  const membership = membershipCore.complete(identity.users, identity.forgetActor);
  const notices = createNoticesModule({
    ...deps,
    communities: communities.service,
    memberships: membership.memberships,
    users: identity.users,
    wechatOpenidsOf: identity.wechatOpenidsOf,
  });
  const meals = createMealsModule({
    ...deps,
    communities: communities.service,
    users: identity.users,
    memberships: membership.memberships,
    carerLinks: membership.carerLinks,
    audit: audit.service,
    subscriptions: notices.subscriptions,
    wechatOpenidsOf: identity.wechatOpenidsOf,
    staffIdsWithRole: identity.staffIdsWithRole,
  });
  const pledges = createPledgesModule({
    ...deps,
    communities: communities.service,
    users: identity.users,
    memberships: membership.memberships,
    audit: audit.service,
  });
  const repairs = createRepairsModule({
    ...deps,
    communities: communities.service,
    users: identity.users,
    memberships: membership.memberships,
    audit: audit.service,
    subscriptions: notices.subscriptions,
    wechatOpenidsOf: identity.wechatOpenidsOf,
    staffIdsWithRole: identity.staffIdsWithRole,
  });
  const daycare = createDaycareModule({
    ...deps,
    communities: communities.service,
    memberships: membership.memberships,
    carerLinks: membership.carerLinks,
    audit: audit.service,
  });
  const emergency = createEmergencyModule({
    ...deps,
    communities: communities.service,
    users: identity.users,
    carerLinks: membership.carerLinks,
    duty: identity.duty,
    staffIdsWithRole: identity.staffIdsWithRole,
    audit: audit.service,
    subscriptions: notices.subscriptions,
    wechatOpenidsOf: identity.wechatOpenidsOf,
    wellness: meals.wellnessAlerts,
  });
  const evaluations = createEvaluationsModule({ clock: deps.clock, users: identity.users });
  // Each service joins evaluation with one registration (its evaluation-source.ts).
  evaluations.register(mealsEvaluationSource(meals.bookings));
  evaluations.register(repairsEvaluationSource(repairs.tickets));
  evaluations.register(daycareEvaluationSource(daycare.enquiries));
  evaluations.register(pledgesEvaluationSource(pledges.projects, pledges.pledges));
  const consultations = createConsultationsModule({
    ...deps,
    communities: {
      getCommunity: (id) => communities.service.getCommunity(id),
      listBuildings: (id) => communities.service.listBuildings(id),
      householdsOf: async (communityId) =>
        (await communities.service.allHouseholdsOf(communityId)).map((h) => ({
          ...h,
          areaCenti: h.areaCentiSquareMetres,
        })),
      getHousehold: async (id) => {
        const h = await communities.service.getHousehold(id);
        return { ...h, areaCenti: h.areaCentiSquareMetres };
      },
    },
    memberships: membership.memberships,
    carerLinks: membership.carerLinks,
    users: identity.users,
    audit: audit.service,
  });
  // Meals first: cancelling an erased elder's bookings tells their carers, before the links go.
  for (const contributor of [
    meals.personalData,
    daycare.personalData,
    emergency.personalData,
    evaluations.personalData,
    pledges.personalData,
    repairs.personalData,
    ...membership.personalData,
    audit.personalData,
    notices.personalData,
    consultations.personalData,
    // Last: modules' own erasure may still remove their records' photos (removeFor); whatever the
    // person uploaded and is left (pending, or on records kept for others) goes here.
    {
      name: 'uploads',
      export: (userId: string) => deps.uploads.listByUploader(userId),
      erase: (userId: string) => deps.uploads.removeByUploader(userId),
    },
  ]) {
    identity.personalData.register(contributor);
  }

  // Home's "what is next for me": each service lists the person's open items itself (its next-up.ts).
  const nextUp = createNextUpRegistry();
  nextUp.register(emergencyNextUp({ users: identity.users }));
  nextUp.register(repairsNextUp({ categories: repairs.categories }));
  nextUp.register(daycareNextUp({ centres: daycare.centres }));
  nextUp.register(consultationsNextUp({ carerLinks: membership.carerLinks, users: identity.users }));
  nextUp.register(pledgesNextUp());

  const ready = seedDemoOnBoot(deps, {
    communities: communities.service,
    users: identity.users,
    memberships: membership.memberships,
    carerLinks: membership.carerLinks,
    tags: membership.tags,
    canteens: meals.canteens,
    consultations,
    pledges: { projects: pledges.projects, points: pledges.points, convention: pledges.convention },
    repairs: { categories: repairs.categories, tickets: repairs.tickets },
    daycare: { centres: daycare.centres, enquiries: daycare.enquiries },
  });

  return {
    apiModules: [
      ...identity.apiModules,
      communities.api,
      membership.api,
      audit.api,
      notices.api,
      meals.api,
      daycare.api,
      emergency.api,
      evaluations.api,
      consultations.api,
      pledges.api,
      repairs.api,
      repairs.open311,
      nextUpApi(nextUp, deps.clock),
    ],
    authenticator: identity.authenticator,
    ready,
  };
}

/**
 * Demo mode seeds the demo community on boot (idempotent). Not under NODE_ENV=test: API tests
 * start from an empty store and build what they need; the seed's own test runs it directly.
 */
async function seedDemoOnBoot(
  deps: ModuleDeps,
  services: Omit<Parameters<typeof seedDemo>[0], 'clock' | 'logger'>,
): Promise<void> {
  if (!deps.config.demo.enabled || deps.config.env === 'test') return;
  const log = deps.logger.child({ module: 'demo' });
  try {
    const seeded = await seedDemo({ ...services, clock: deps.clock, logger: log });
    log.info(
      { usernames: seeded.staffUsernames },
      `demo mode: sign in as ${seeded.staffUsernames.join(' / ')} with password "${seeded.password}", or as a demo resident`,
    );
  } catch (err) {
    log.error({ err }, 'demo seed failed');
  }
}
