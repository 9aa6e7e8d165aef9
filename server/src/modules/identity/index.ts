/**
 * The identity module: who people are, how they sign in, and what they may be. Other modules use
 * `users` (read people, set resident tags, create accounts for the demo seed), `presentPerson`
 * (show someone else with the phone masked per policy) and `personalData.register` (take part in
 * data export and account deletion). They never import the user model.
 */
import type { Authenticator } from '../../platform/auth';
import type { ApiModule } from '../../platform/routes';
import { localInvalidations } from '../../platform/invalidations';
import type { ModuleDeps } from '../module-deps';
import { createActorCache, type ActorCache } from './actor-cache';
import { createAccount, type Account } from './account';
import { adminStaffRoutes } from './admin-routes';
import { authRoutes } from './auth-routes';
import { createAuthenticator, type HomesOf } from './authenticator';
import { meRoutes } from './me-routes';
import { peopleRoutes } from './people-routes';
import { createPersonalDataRegistry, type PersonalDataRegistry } from './personal-data';
import { createSignIn } from './sign-in';
import { createSignInThrottle } from './sign-in-throttle';
import { createTokens } from './tokens';
import { createUserService, type UserService, type UserStore } from './users';
import type { DomainEventBus } from '../domain-events';
import './events';

export type { HomesOf } from './authenticator';
export type { PersonalDataContributor, PersonalDataRegistry } from './personal-data';
export type { IdentityUser, NewResident, NewStaffUser, UserService } from './users';
export { presentPerson } from './presenter';
export { canSeeFullPhone, type PhoneSubject } from './policy';

export interface IdentityModule {
  apiModules: ApiModule[];
  authenticator: Authenticator;
  users: UserService;
  personalData: PersonalDataRegistry;
  /** Server-side only (subscribe messages): openids never go into a response. */
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Staff holding a role in a community (its committee, say), by user id. */
  staffIdsWithRole: ReturnType<typeof createUserService>['staffIdsWithRole'];
  /** The emergency duty roster: a `duty` flag on committee grants (emergency module). */
  duty: DutyRoster;
  /** Forgets a person's cached actor on every instance (their homes changed elsewhere); resolves once told. */
  forgetActor(userId: string): Promise<void>;
}

export type DutyRoster = Pick<
  ReturnType<typeof createUserService>,
  'dutyStaffIds' | 'committeeOf' | 'setDuty'
>;

export function createIdentityModule(deps: ModuleDeps & { homesOf: HomesOf }): IdentityModule {
  const { config, clock, events, logger, wechat, homesOf } = deps;
  const actorCache = createActorCache({
    ttlMs: config.auth.actorCacheMs,
    invalidations: deps.invalidations ?? localInvalidations(),
  });
  const users = droppingActorOnWrite(createUserService({ clock }), actorCache);
  dropActorOnEvents(events, actorCache);
  const tokens = createTokens({ config, clock });
  const personalData = createPersonalDataRegistry();
  const signIn = createSignIn({
    tokens,
    throttle: createSignInThrottle({ clock }),
    wechat,
    logger: logger.child({ module: 'identity' }),
  });
  const account = dropActorOnDeletion(
    createAccount({ clock, events, users, tokens, homesOf, personalData }),
    actorCache,
  );

  return {
    apiModules: [
      authRoutes({ signIn, tokens, users, homesOf, demoEnabled: config.demo.enabled }),
      meRoutes({ users, account, homesOf }),
      peopleRoutes({ users, homesOf }),
      adminStaffRoutes({ users, events }),
    ],
    authenticator: createAuthenticator({ tokens, users, homesOf, cache: actorCache }),
    users: {
      getUser: users.getUser,
      getUsers: users.getUsers,
      setTags: users.setTags,
      createStaffUser: users.createStaffUser,
      createResident: users.createResident,
      findByUsername: users.findByUsername,
    },
    personalData: { register: personalData.register },
    wechatOpenidsOf: users.wechatOpenidsOf,
    staffIdsWithRole: users.staffIdsWithRole,
    duty: { dutyStaffIds: users.dutyStaffIds, committeeOf: users.committeeOf, setDuty: users.setDuty },
    forgetActor: (userId) => actorCache.drop(userId),
  };
}

/**
 * Every write to a user's grants, duty flag, tags or profile drops their cached actor as soon as it
 * is made, whoever calls it (admin routes, the emergency roster, the committee's resident tags).
 */
function droppingActorOnWrite(users: UserStore, cache: ActorCache): UserStore {
  const dropAfter =
    <A extends [string, ...unknown[]], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        // Also after a failed write: it may have been applied before the failure was seen. Awaited,
        // so the answer leaves only once the other instances have been told.
        await cache.drop(args[0]);
      }
    };
  return {
    ...users,
    setTags: dropAfter(users.setTags),
    setDuty: dropAfter(users.setDuty),
    setGrants: dropAfter(users.setGrants),
    updateProfile: dropAfter(users.updateProfile),
  };
}

/**
 * Deletion drops the actor through its domain event too, but events are not awaited: waiting here
 * means the deletion is answered only once every instance has been told (the very next request,
 * wherever it lands, is refused).
 */
function dropActorOnDeletion(account: Account, cache: ActorCache): Account {
  return {
    ...account,
    async deleteAccount(userId) {
      try {
        await account.deleteAccount(userId);
      } finally {
        await cache.drop(userId);
      }
    },
  };
}

/**
 * Account deletion announced as a domain event also drops the actor (a second, harmless drop
 * after the awaited one). Membership changes are awaited through `forgetActor` instead.
 */
function dropActorOnEvents(events: DomainEventBus, cache: ActorCache): void {
  events.on('user.deleted', ({ userId }) => cache.drop(userId));
}
