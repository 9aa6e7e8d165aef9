/**
 * A person's rights over their own data: take a copy of it, and delete the account.
 */
import type { Clock } from '../../platform/clock';
import { NotFound } from '../../platform/errors';
import type { DomainEventBus } from '../domain-events';
import type { HomesOf } from './authenticator';
import './events';
import type { createPersonalDataRegistry } from './personal-data';
import { presentMe } from './presenter';
import type { Tokens } from './tokens';
import { UserModel } from './user-model';
import { toIdentityUser, type UserStore } from './users';

export const DELETED_USER_NAME = '已注销用户';

export function createAccount(deps: {
  clock: Clock;
  events: DomainEventBus;
  users: UserStore;
  tokens: Tokens;
  homesOf: HomesOf;
  personalData: ReturnType<typeof createPersonalDataRegistry>;
}) {
  const { clock, events, users, tokens, homesOf, personalData } = deps;

  return {
    async exportData(userId: string) {
      const doc = await users.findLive(userId);
      if (!doc) throw NotFound('user');
      return {
        exportedAt: clock.now().toISOString(),
        profile: presentMe(toIdentityUser(doc), await homesOf(userId)),
        ...(await personalData.exportAll(userId)),
      };
    },

    /**
     * Order matters, because there are no transactions: sessions end first, then every module
     * erases its part (each idempotent), and only then is the account itself erased and marked
     * deleted in one single-document write. If anything fails part-way, the person can still sign
     * in and run the deletion again; it never leaves a deleted account with data behind.
     */
    async deleteAccount(userId: string): Promise<void> {
      await tokens.revokeAllOf(userId);
      await personalData.eraseAll(userId);
      const erased = await UserModel.findOneAndUpdate(
        { _id: userId, deletedAt: null },
        {
          $set: { displayName: DELETED_USER_NAME, deletedAt: clock.now(), grants: [], tags: [] },
          $unset: { realName: 1, phone: 1, birthDate: 1, wechat: 1, username: 1, passwordHash: 1 },
        },
      );
      if (!erased) throw NotFound('user');
      // A refresh that raced the first revocation is refused afterwards (the user is deleted), but
      // its token row would linger as unrevoked: sweep once more.
      await tokens.revokeAllOf(userId);
      void events.emit('user.deleted', { userId });
    },
  };
}

export type Account = ReturnType<typeof createAccount>;
