/**
 * Signing in and out, and keeping a session alive. The demo routes exist only in demo mode.
 */
import {
  DemoAccountListSchema,
  DemoSignInBody,
  RefreshTokenBody,
  SessionSchema,
  StaffSignInBody,
  WeChatSessionSchema,
  WeChatSignInBody,
  type Session,
} from '@linli/shared';
import { API_V1, route, type ApiModule, type Route } from '../../platform/routes';
import type { HomesOf } from './authenticator';
import { presentMe } from './presenter';
import type { SignedIn, SignIn } from './sign-in';
import type { Tokens } from './tokens';
import type { UserStore } from './users';

export function authRoutes(deps: {
  signIn: SignIn;
  tokens: Tokens;
  users: UserStore;
  homesOf: HomesOf;
  demoEnabled: boolean;
}): ApiModule {
  const { signIn, tokens, users, homesOf, demoEnabled } = deps;

  const presentSession = async ({
    accessToken,
    refreshToken,
    expiresIn,
    user,
  }: SignedIn): Promise<Session> => ({
    accessToken,
    refreshToken,
    expiresIn,
    user: presentMe(user, await homesOf(user.id)),
  });

  const routes: Route[] = [
    route({
      method: 'post',
      path: '/staff',
      summary: 'Sign in as staff with username and password',
      description: 'After 5 failed attempts for one username, further attempts wait 15 minutes (429).',
      auth: 'public',
      input: { body: StaffSignInBody },
      responses: { 200: SessionSchema },
      errors: ['INVALID_CREDENTIALS'],
      handler: async (ctx) =>
        presentSession(await signIn.staff(ctx.input.body.username, ctx.input.body.password)),
    }),
    route({
      method: 'post',
      path: '/wechat',
      summary: 'Sign in with a WeChat mini-program login code (creates the account on first use)',
      auth: 'public',
      input: { body: WeChatSignInBody },
      responses: { 200: WeChatSessionSchema },
      errors: ['WECHAT_CODE_INVALID', 'WECHAT_UNAVAILABLE', 'WECHAT_NOT_CONFIGURED'],
      handler: async (ctx) => {
        const signedIn = await signIn.wechat(ctx.input.body.code);
        return { ...(await presentSession(signedIn)), isNewUser: signedIn.isNewUser };
      },
    }),
    route({
      method: 'post',
      path: '/refresh',
      summary: 'Trade a refresh token for a new access token and refresh token',
      description:
        'Each refresh token works once. Presenting one that was already used signs out every session descended from the same sign-in.',
      auth: 'public',
      input: { body: RefreshTokenBody },
      responses: { 200: SessionSchema },
      errors: ['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'],
      handler: async (ctx) => {
        const pair = await tokens.rotate(ctx.input.body.refreshToken, async (userId) =>
          Boolean(await users.findLive(userId)),
        );
        const user = await users.getUser(pair.userId);
        if (!user) throw new Error(`user ${pair.userId} vanished during refresh`);
        return presentSession({ ...pair, user });
      },
    }),
    route({
      method: 'post',
      path: '/sign-out',
      summary: 'Sign out: the refresh token and every token from the same sign-in stop working',
      auth: 'signedIn',
      input: { body: RefreshTokenBody },
      responses: { 204: null },
      handler: async (ctx) => {
        await tokens.revokeFamilyOf(ctx.input.body.refreshToken, ctx.state.actor.userId);
      },
    }),
  ];

  if (demoEnabled) {
    routes.push(
      route({
        method: 'get',
        path: '/demo-accounts',
        summary: 'List the demo accounts one can sign in as (demo mode only)',
        auth: 'public',
        responses: { 200: DemoAccountListSchema },
        handler: async () => ({
          items: (await signIn.demoAccounts()).map((user) => ({
            id: user.id,
            displayName: user.displayName,
            roles: user.grants.length
              ? [...new Set(user.grants.map((grant) => grant.role))]
              : ['resident' as const],
          })),
        }),
      }),
      route({
        method: 'post',
        path: '/demo',
        summary: 'Sign in as a demo account (demo mode only)',
        auth: 'public',
        input: { body: DemoSignInBody },
        responses: { 200: SessionSchema },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => presentSession(await signIn.demo(ctx.input.body.userId)),
      }),
    );
  }

  return { name: 'auth', basePath: `${API_V1}/auth`, routes };
}
