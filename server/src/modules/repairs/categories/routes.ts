/** Repair categories: listed for a community's people, managed by its committee or the team. */
import { CategoryBody, CategoryView } from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../../platform/context';
import { authorize } from '../../../platform/auth';
import { NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import { CategoryParams, CommunityParams } from '../params';
import { canManageCategory, canReadCategories, isCommittee } from '../policy';
import type { CategoryDoc } from './model';
import type { CategoryService } from './service';

export function presentCategory(actor: Actor, c: CategoryDoc): CategoryView {
  return {
    id: String(c._id),
    communityId: String(c.communityId),
    providerId: String(c.providerId),
    code: c.code,
    name: c.name,
    group: c.group,
    description: c.description,
    area: c.area,
    urgencies: c.urgencies.map((u) => ({ level: u.level, hours: u.hours })),
    fields: c.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      options: [...(f.options ?? [])],
    })),
    active: c.active,
    actions: canManageCategory(actor, String(c.communityId), String(c.providerId)) ? ['edit'] : [],
  };
}

export function categoryRoutes(categories: CategoryService): Route[] {
  return [
    route({
      method: 'get',
      path: '/repairs/communities/:communityId/categories',
      summary: "A community's repair categories (staff also see inactive ones)",
      auth: 'signedIn',
      input: { params: CommunityParams },
      responses: { 200: z.object({ items: z.array(CategoryView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        if (!canReadCategories(actor, communityId)) throw NotFound('community');
        const staff = actor.grants.some((g) => 'communityId' in g && g.communityId === communityId);
        const items = await categories.ofCommunity(communityId, { activeOnly: !staff });
        return { items: items.map((c) => presentCategory(actor, c)) };
      },
    }),
    route({
      method: 'post',
      path: '/repairs/communities/:communityId/categories',
      summary: 'Add a repair category (the committee, or an operator of the team that will handle it)',
      auth: ['committee', 'operator'],
      input: { params: CommunityParams, body: CategoryBody },
      responses: { 201: CategoryView },
      errors: ['FORBIDDEN', 'BAD_REQUEST', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        authorize(
          canManageCategory(actor, communityId, ctx.input.body.providerId),
          'manage repair categories here',
        );
        return presentCategory(actor, await categories.create(communityId, ctx.input.body));
      },
    }),
    route({
      method: 'put',
      path: '/repairs/categories/:categoryId',
      summary: 'Change a repair category (its urgencies and deadlines apply to new reports)',
      auth: ['committee', 'operator'],
      input: { params: CategoryParams, body: CategoryBody },
      responses: { 200: CategoryView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const category = await categories.find(ctx.input.params.categoryId);
        const communityId = category ? String(category.communityId) : '';
        if (
          !category ||
          !(
            isCommittee(actor, communityId) ||
            canManageCategory(actor, communityId, String(category.providerId))
          )
        )
          throw NotFound('repairCategory');
        // An operator may hand a category only to its own team; the committee to any team.
        authorize(
          canManageCategory(actor, communityId, ctx.input.body.providerId),
          'give this category to that team',
        );
        return presentCategory(actor, await categories.update(category, ctx.input.body));
      },
    }),
  ];
}
