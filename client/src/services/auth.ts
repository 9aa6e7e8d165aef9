/**
 * Sign-in, the profile and sign-out, as the pages use them.
 */
import Taro from '@tarojs/taro';
import {
  DemoAccountListSchema,
  MeSchema,
  SessionSchema,
  WeChatSessionSchema,
  type DemoAccount,
  type Me,
  type Session,
} from '@linli/shared/identity-api';
import type { ApiClient } from './api-client';
import { setUser } from './session';

export function createAuthService(api: ApiClient) {
  function begin(session: Session): Me {
    api.startSession(session);
    setUser(session.user);
    return session.user;
  }

  return {
    /** Whether tokens are stored (the profile may still need loading). */
    hasSession(): boolean {
      return api.tokens.get() !== null;
    },

    async listDemoAccounts(): Promise<DemoAccount[]> {
      const list = await api.get('/api/v1/auth/demo-accounts', {
        schema: DemoAccountListSchema,
        auth: false,
      });
      return list.items;
    },

    async signInDemo(userId: string): Promise<Me> {
      return begin(await api.post('/api/v1/auth/demo', { userId }, { schema: SessionSchema, auth: false }));
    },

    async signInStaff(username: string, password: string): Promise<Me> {
      return begin(
        await api.post('/api/v1/auth/staff', { username, password }, { schema: SessionSchema, auth: false }),
      );
    },

    /** Mini-program only: a one-time code from Taro.login, exchanged by the server with WeChat. */
    async signInWeChat(): Promise<Me> {
      const { code } = await Taro.login();
      return begin(
        await api.post('/api/v1/auth/wechat', { code }, { schema: WeChatSessionSchema, auth: false }),
      );
    },

    async loadMe(): Promise<Me> {
      const me = await api.get('/api/v1/me', { schema: MeSchema });
      setUser(me);
      return me;
    },

    /** Forgets the session here only: for when the server has already ended it (account deleted). */
    forgetSession(): void {
      api.endSession();
      setUser(null);
    },

    /** Tells the server (best effort) and forgets the session here either way. */
    async signOut(): Promise<void> {
      const tokens = api.tokens.get();
      try {
        if (tokens) await api.post('/api/v1/auth/sign-out', { refreshToken: tokens.refreshToken });
      } catch {
        // Already invalid or offline: signing out locally is what the person asked for.
      } finally {
        api.endSession();
        setUser(null);
      }
    },
  };
}
