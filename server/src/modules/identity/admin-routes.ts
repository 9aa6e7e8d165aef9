/**
 * The platform admin's staff accounts: create them, list them, change what they may do.
 */
import {
  CreateStaffBody,
  ObjectIdSchema,
  PageQuerySchema,
  StaffAccountPageSchema,
  StaffAccountSchema,
  UpdateGrantsBody,
} from '@linli/shared';
import { z } from 'zod';
import { Conflict } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import type { DomainEventBus } from '../domain-events';
import './events';
import { canChangeGrantsOf } from './policy';
import { presentStaffAccount } from './presenter';
import type { UserStore } from './users';

export function adminStaffRoutes({ users, events }: { users: UserStore; events: DomainEventBus }): ApiModule {
  return {
    name: 'admin: staff',
    basePath: `${API_V1}/admin/staff`,
    routes: [
      route({
        method: 'post',
        path: '/',
        summary: 'Create a staff account with its sign-in name, password and rights',
        auth: ['admin'],
        input: { body: CreateStaffBody },
        responses: { 201: StaffAccountSchema },
        errors: ['USERNAME_TAKEN'],
        handler: async (ctx) => presentStaffAccount(await users.createStaffUser(ctx.input.body)),
      }),
      route({
        method: 'get',
        path: '/',
        summary: 'List staff accounts',
        auth: ['admin'],
        input: { query: PageQuerySchema },
        responses: { 200: StaffAccountPageSchema },
        handler: async (ctx) => {
          const { page, pageSize } = ctx.input.query;
          const { items, total } = await users.listStaff(page, pageSize);
          return { items: items.map(presentStaffAccount), total, page, pageSize };
        },
      }),
      route({
        method: 'patch',
        path: '/:userId/grants',
        summary: "Replace a user's staff rights",
        auth: ['admin'],
        input: { params: z.object({ userId: ObjectIdSchema }), body: UpdateGrantsBody },
        responses: { 200: StaffAccountSchema },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) => {
          const { actor } = ctx.state;
          const { userId } = ctx.input.params;
          const { grants } = ctx.input.body;
          if (!canChangeGrantsOf(actor, userId, grants)) {
            throw Conflict({
              'zh-CN': '不能取消自己的管理员权限，请让另一位管理员操作',
              en: 'you cannot remove your own admin right; ask another admin',
            });
          }
          const user = await users.setGrants(userId, grants);
          void events.emit('user.grantsChanged', { userId, byUserId: actor.userId, grants: user.grants });
          return presentStaffAccount(user);
        },
      }),
    ],
  };
}
