/**
 * The signed-in person's own account: see and correct it, take a copy of everything, delete it.
 */
import { DeleteMeBody, MeSchema, UpdateMeBody } from '@linli/shared';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { Account } from './account';
import type { HomesOf } from './authenticator';
import { presentMe } from './presenter';
import { NotFound } from '../../platform/errors';
import type { UserStore } from './users';

export function meRoutes({
  users,
  account,
  homesOf,
}: {
  users: UserStore;
  account: Account;
  homesOf: HomesOf;
}): ApiModule {
  return {
    name: 'me',
    basePath: `${API_V1}/me`,
    routes: [
      route({
        method: 'get',
        path: '/',
        summary: 'My profile, with my full phone number, staff rights, homes and tags',
        auth: 'signedIn',
        responses: { 200: MeSchema },
        handler: async (ctx) => {
          const user = await users.getUser(ctx.state.actor.userId);
          if (!user) throw NotFound('user');
          return presentMe(user, ctx.state.actor.homes);
        },
      }),
      route({
        method: 'patch',
        path: '/',
        summary: 'Correct my name, phone number or date of birth',
        auth: 'signedIn',
        input: { body: UpdateMeBody },
        responses: { 200: MeSchema },
        handler: async (ctx) => {
          const user = await users.updateProfile(ctx.state.actor.userId, ctx.input.body);
          return presentMe(user, await homesOf(user.id));
        },
      }),
      route({
        method: 'get',
        path: '/export',
        summary: 'Download everything the platform keeps about me, as a JSON file',
        auth: 'signedIn',
        responses: {
          200: { description: 'A JSON attachment: my profile and each service’s records', schema: null },
        },
        handler: async (ctx) => {
          const data = await account.exportData(ctx.state.actor.userId);
          const day = data.exportedAt.slice(0, 10);
          ctx.set('Content-Disposition', `attachment; filename="linli-my-data-${day}.json"`);
          ctx.set('Cache-Control', 'no-store');
          ctx.body = data;
        },
      }),
      route({
        method: 'delete',
        path: '/',
        summary: 'Delete my account and erase my personal data (cannot be undone)',
        auth: 'signedIn',
        input: { body: DeleteMeBody },
        responses: { 204: null },
        handler: async (ctx) => {
          await account.deleteAccount(ctx.state.actor.userId);
        },
      }),
    ],
  };
}
