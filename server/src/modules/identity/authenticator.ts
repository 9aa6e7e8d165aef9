/**
 * Turns an access token into the Actor. The token is verified on every request; the actor's records
 * are read at most once per few seconds per process (actor-cache.ts), and every write that changes
 * them drops the cached copy everywhere first: a grant revoked or a household approved a moment ago
 * counts now, not when the token expires.
 */
import type { Home } from '@linli/shared';
import type { Authenticator } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import type { ActorCache } from './actor-cache';
import { tokenInvalid, type Tokens } from './tokens';
import { toIdentityUser, type UserStore } from './users';

export type HomesOf = (userId: string) => Promise<Home[]>;

export function createAuthenticator(deps: {
  tokens: Tokens;
  users: UserStore;
  homesOf: HomesOf;
  cache: ActorCache;
}): Authenticator {
  const { tokens, users, homesOf, cache } = deps;
  return {
    async authenticate(accessToken) {
      const userId = tokens.verifyAccessToken(accessToken);
      return cache.get(userId, () => readActor(userId));
    },
  };

  async function readActor(userId: string): Promise<Actor> {
    const doc = await users.findLive(userId);
    // A deleted account's tokens die with it, though their signature is still good.
    if (!doc) throw tokenInvalid('user not found or deleted');
    const user = toIdentityUser(doc);
    const { displayName, phone, birthDate } = user;
    return {
      userId,
      grants: user.grants,
      homes: await homesOf(userId),
      tags: user.tags,
      profile: { displayName, ...(phone ? { phone } : {}), ...(birthDate ? { birthDate } : {}) },
    };
  }
}
