/**
 * The three ways in: staff username + password, WeChat (the mini-program's wx.login code), and, in
 * demo mode only, picking a seeded demo account. Each ends in a fresh token family.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@linli/shared';
import type { Logger } from '../../platform/logger';
import { AppError, NotFound, TooManyRequests } from '../../platform/errors';
import { WeChatApiError, type WeChatClient, type WeChatIdentity } from '../../platform/wechat/wechat-client';
import { verifyPassword } from './passwords';
import type { createSignInThrottle } from './sign-in-throttle';
import type { TokenPair, Tokens } from './tokens';
import { isDuplicateKey, UserModel, type UserDocument } from './user-model';
import { toIdentityUser, type IdentityUser } from './users';

const invalidCredentials = () => new AppError(ErrorCode.INVALID_CREDENTIALS, 'wrong username or password');

export interface SignedIn extends TokenPair {
  user: IdentityUser;
}

export function createSignIn(deps: {
  tokens: Tokens;
  throttle: ReturnType<typeof createSignInThrottle>;
  wechat: WeChatClient | undefined;
  logger: Logger;
}) {
  const { tokens, throttle, wechat, logger } = deps;

  async function session(doc: UserDocument): Promise<SignedIn> {
    const user = toIdentityUser(doc);
    return { ...(await tokens.issue(user.id)), user };
  }

  async function exchangeCode(code: string): Promise<WeChatIdentity> {
    if (!wechat) {
      throw new AppError(ErrorCode.WECHAT_NOT_CONFIGURED, 'WECHAT_APPID/WECHAT_SECRET not configured');
    }
    try {
      return await wechat.code2Session(code);
    } catch (err) {
      if (!(err instanceof WeChatApiError)) throw err;
      if (err.isBadLoginCode) {
        throw new AppError(ErrorCode.WECHAT_CODE_INVALID, `wechat login code rejected (${err.errcode})`);
      }
      // Throttled, busy, unreachable, or (logged loudly) our own credentials refused.
      if (!err.isRetryable) logger.error({ err }, 'WeChat code2session failed');
      throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, err.message, {
        details: { wechatErrcode: err.errcode },
        cause: err,
      });
    }
  }

  /** The live account of this WeChat user: by unionid when WeChat gives one, else by openid. */
  async function findWeChatUser({ openid, unionid }: WeChatIdentity): Promise<UserDocument | null> {
    if (unionid) {
      const byUnion = await UserModel.findOne({ 'wechat.unionid': unionid, deletedAt: null });
      if (byUnion) return byUnion;
    }
    return UserModel.findOne({ 'wechat.openid': openid, deletedAt: null });
  }

  return {
    async staff(username: string, password: string): Promise<SignedIn> {
      const key = username.trim().toLowerCase();
      const wait = await throttle.retryAfterSeconds(key);
      if (wait > 0) throw TooManyRequests(wait);
      const doc = await UserModel.findOne({ username: key, deletedAt: null });
      if (!(await verifyPassword(doc?.passwordHash, password)) || !doc) {
        await throttle.recordFailure(key);
        throw invalidCredentials();
      }
      await throttle.reset(key);
      return session(doc);
    },

    async wechat(code: string): Promise<SignedIn & { isNewUser: boolean }> {
      const identity = await exchangeCode(code);
      const existing = await findWeChatUser(identity);
      if (existing) {
        // Keep both ids current: an account first seen without unionid gains it once WeChat sends it.
        const wechatIds = {
          openid: identity.openid,
          ...(identity.unionid ? { unionid: identity.unionid } : {}),
        };
        if (
          existing.wechat?.openid !== wechatIds.openid ||
          (identity.unionid && existing.wechat?.unionid !== identity.unionid)
        ) {
          existing.set('wechat', { ...existing.wechat, ...wechatIds });
          await existing.save();
        }
        return { ...(await session(existing)), isNewUser: false };
      }
      try {
        const created = await UserModel.create({
          displayName: `居民${randomBytes(3).toString('hex').slice(0, 4).toUpperCase()}`,
          wechat: identity,
        });
        return { ...(await session(created)), isNewUser: true };
      } catch (err) {
        // Two first sign-ins at once: the other request created the account; use it.
        if (!isDuplicateKey(err)) throw err;
        const winner = await findWeChatUser(identity);
        if (!winner) throw err;
        return { ...(await session(winner)), isNewUser: false };
      }
    },

    async demoAccounts(): Promise<IdentityUser[]> {
      const docs = await UserModel.find({ demo: true, deletedAt: null }).sort({ createdAt: 1 }).limit(50);
      return docs.map(toIdentityUser);
    },

    async demo(userId: string): Promise<SignedIn> {
      const doc = await UserModel.findOne({ _id: userId, demo: true, deletedAt: null });
      if (!doc) throw NotFound('demoAccount');
      return session(doc);
    },
  };
}

export type SignIn = ReturnType<typeof createSignIn>;
