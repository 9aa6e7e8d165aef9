/**
 * Looking up another person: their name, and their phone masked unless the viewer is allowed to
 * call them (see policy.canSeeFullPhone).
 */
import { ObjectIdSchema, PersonSchema } from '@linli/shared';
import { z } from 'zod';
import { NotFound } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { HomesOf } from './authenticator';
import { presentPerson } from './presenter';
import type { UserStore } from './users';

export function peopleRoutes({ users, homesOf }: { users: UserStore; homesOf: HomesOf }): ApiModule {
  return {
    name: 'people',
    basePath: `${API_V1}/people`,
    routes: [
      route({
        method: 'get',
        path: '/:userId',
        summary: 'Show a person: name, and phone (masked unless you may see it in full)',
        auth: 'signedIn',
        input: { params: z.object({ userId: ObjectIdSchema }) },
        responses: { 200: PersonSchema },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const user = await users.getUser(ctx.input.params.userId);
          if (!user || user.deleted) throw NotFound('user');
          const communityIds = (await homesOf(user.id)).map((home) => home.communityId);
          return presentPerson(ctx.state.actor, user, communityIds);
        },
      }),
    ],
  };
}
