/**
 * Turns an access token into the Actor, from current records on every request: a grant revoked or
 * a household approved a moment ago counts now, not when the token expires. Nothing is cached.
 */
import type { Home } from '@linli/shared';
import type { Authenticator } from '../../platform/auth';
import { tokenInvalid, type Tokens } from './tokens';
import { toIdentityUser, type UserStore } from './users';

export type HomesOf = (userId: string) => Promise<Home[]>;

export function createAuthenticator(deps: {
  tokens: Tokens;
  users: UserStore;
  homesOf: HomesOf;
}): Authenticator {
  const { tokens, users, homesOf } = deps;
  return {
    async authenticate(accessToken) {
      const userId = tokens.verifyAccessToken(accessToken);
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
    },
  };
}
