/**
 * Communities API. The admin builds communities, buildings, households and providers under
 * /admin; a committee member reads their own community's buildings and households; a signed-in
 * resident can look up one household by building and unit to ask to join it.
 */
import {
  BuildingView,
  CommunityView,
  CreateBuildingBody,
  CreateCommunityBody,
  CreateHouseholdBody,
  CreateProviderBody,
  HouseholdListQuery,
  HouseholdView,
  ImportHouseholdsBody,
  ImportHouseholdsResult,
  ObjectIdSchema,
  ProviderView,
  UpdateBuildingBody,
  UpdateCommunityBody,
  UpdateHouseholdBody,
  UpdateProviderBody,
  pageOf,
} from '@linli/shared';
import { z } from 'zod';
import { NotFound, PayloadTooLarge, ValidationFailed } from '../../platform/errors';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import { importHouseholds } from './household-import';
import { authorize } from './policy';
import { householdLabel, presentHousehold } from './presenter';
import type { CommunitiesService } from './service';

const CommunityParams = z.object({ communityId: ObjectIdSchema });
const BuildingParams = z.object({ buildingId: ObjectIdSchema });
const HouseholdParams = z.object({ householdId: ObjectIdSchema });
const ProviderParams = z.object({ providerId: ObjectIdSchema });

const CSV_LIMIT_BYTES = 2 * 1024 * 1024;

const admin = ['admin'] as const;
const adminOrCommittee = ['admin', 'committee'] as const;

export function communitiesRoutes(communities: CommunitiesService): ApiModule {
  return {
    name: 'communities',
    basePath: API_V1,
    routes: [
      // ------------------------------------------------------------ communities
      route({
        method: 'post',
        path: '/admin/communities',
        summary: 'Create a community',
        auth: admin,
        input: { body: CreateCommunityBody },
        responses: { 201: CommunityView },
        errors: ['CONFLICT'],
        handler: (ctx) => communities.createCommunity(ctx.input.body),
      }),
      route({
        method: 'patch',
        path: '/admin/communities/:communityId',
        summary: "Edit a community's name, code, address or district",
        auth: admin,
        input: { params: CommunityParams, body: UpdateCommunityBody },
        responses: { 200: CommunityView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: (ctx) => communities.updateCommunity(ctx.input.params.communityId, ctx.input.body),
      }),
      route({
        method: 'get',
        path: '/admin/communities',
        summary: 'List every community',
        auth: admin,
        responses: { 200: z.object({ items: z.array(CommunityView) }) },
        handler: async () => ({ items: await communities.listCommunities() }),
      }),
      route({
        method: 'get',
        path: '/communities',
        summary: 'List communities by name, to choose the one you live in',
        auth: 'signedIn',
        responses: {
          200: z.object({ items: z.array(CommunityView.pick({ id: true, name: true, district: true })) }),
        },
        handler: async () => ({ items: await communities.listCommunities() }),
      }),

      // ------------------------------------------------------------ buildings
      route({
        method: 'post',
        path: '/admin/communities/:communityId/buildings',
        summary: 'Add a building to a community',
        auth: admin,
        input: { params: CommunityParams, body: CreateBuildingBody },
        responses: { 201: BuildingView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: (ctx) => communities.createBuilding(ctx.input.params.communityId, ctx.input.body),
      }),
      route({
        method: 'patch',
        path: '/admin/buildings/:buildingId',
        summary: 'Rename or reorder a building',
        auth: admin,
        input: { params: BuildingParams, body: UpdateBuildingBody },
        responses: { 200: BuildingView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: (ctx) => communities.updateBuilding(ctx.input.params.buildingId, ctx.input.body),
      }),
      route({
        method: 'get',
        path: '/communities/:communityId/buildings',
        summary: "List a community's buildings (admin, or that community's committee)",
        auth: adminOrCommittee,
        input: { params: CommunityParams },
        responses: { 200: z.object({ items: z.array(BuildingView) }) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.params;
          authorize(ctx.state.actor, 'readHomes', { id: communityId });
          await communities.getCommunity(communityId);
          return { items: await communities.listBuildings(communityId) };
        },
      }),

      // ------------------------------------------------------------ households
      route({
        method: 'post',
        path: '/admin/communities/:communityId/households',
        summary: 'Add a household (unit and exclusive area) to a building',
        auth: admin,
        input: { params: CommunityParams, body: CreateHouseholdBody },
        responses: { 201: HouseholdView },
        errors: ['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST'],
        handler: async (ctx) =>
          presentHousehold(await communities.createHousehold(ctx.input.params.communityId, ctx.input.body)),
      }),
      route({
        method: 'patch',
        path: '/admin/households/:householdId',
        summary: "Correct a household's unit or exclusive area",
        auth: admin,
        input: { params: HouseholdParams, body: UpdateHouseholdBody },
        responses: { 200: HouseholdView },
        errors: ['NOT_FOUND', 'CONFLICT'],
        handler: async (ctx) =>
          presentHousehold(await communities.updateHousehold(ctx.input.params.householdId, ctx.input.body)),
      }),
      route({
        method: 'get',
        path: '/communities/:communityId/households',
        summary: "List a community's households (admin, or that community's committee)",
        auth: adminOrCommittee,
        input: { params: CommunityParams, query: HouseholdListQuery },
        responses: { 200: pageOf(HouseholdView) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        handler: async (ctx) => {
          const { communityId } = ctx.input.params;
          authorize(ctx.state.actor, 'readHomes', { id: communityId });
          await communities.getCommunity(communityId);
          const page = await communities.listHouseholds(communityId, ctx.input.query);
          return { ...page, items: page.items.map(presentHousehold) };
        },
      }),
      route({
        method: 'get',
        path: '/communities/:communityId/households/lookup',
        summary: 'Find one household by building and unit, to ask to join it',
        description: 'One door at a time, by exact name: residents cannot list who lives where.',
        auth: 'signedIn',
        input: {
          params: CommunityParams,
          query: z.object({
            building: z.string().trim().min(1).max(40),
            unit: z.string().trim().min(1).max(40),
          }),
        },
        responses: { 200: z.object({ id: z.string(), label: z.string() }) },
        errors: ['NOT_FOUND'],
        handler: async (ctx) => {
          const { building, unit } = ctx.input.query;
          const household = await communities.findHouseholdByAddress(
            ctx.input.params.communityId,
            building,
            unit,
          );
          if (!household) throw NotFound('household');
          return { id: household.id, label: householdLabel(household) };
        },
      }),
      route({
        method: 'post',
        path: '/admin/communities/:communityId/households/import',
        summary: 'Import buildings and households from CSV (building,unit,area): all rows or none',
        description:
          'Send the file as text/csv, or JSON { csv }. Any bad row answers 400 IMPORT_ROWS_INVALID with ' +
          'details.rows[] = { row, column, reason, message: { zh-CN, en } } and imports nothing.',
        auth: admin,
        input: { params: CommunityParams, body: ImportHouseholdsBody.partial() },
        responses: { 201: ImportHouseholdsResult },
        errors: ['NOT_FOUND', 'CONFLICT', 'IMPORT_ROWS_INVALID', 'PAYLOAD_TOO_LARGE'],
        handler: async (ctx) => {
          const csv = ctx.is('text/csv', 'text/plain')
            ? await readText(ctx.req, CSV_LIMIT_BYTES)
            : ctx.input.body.csv;
          if (!csv) throw ValidationFailed([{ location: 'body', path: 'csv', reason: 'required' }]);
          return importHouseholds(communities, ctx.input.params.communityId, csv);
        },
      }),

      // ------------------------------------------------------------ providers
      route({
        method: 'post',
        path: '/admin/providers',
        summary: 'Register a service provider (canteen, daycare, property) and the communities it serves',
        auth: admin,
        input: { body: CreateProviderBody },
        responses: { 201: ProviderView },
        errors: ['BAD_REQUEST'],
        handler: (ctx) => communities.createProvider(ctx.input.body),
      }),
      route({
        method: 'patch',
        path: '/admin/providers/:providerId',
        summary: 'Edit a service provider',
        auth: admin,
        input: { params: ProviderParams, body: UpdateProviderBody },
        responses: { 200: ProviderView },
        errors: ['NOT_FOUND', 'BAD_REQUEST'],
        handler: (ctx) => communities.updateProvider(ctx.input.params.providerId, ctx.input.body),
      }),
      route({
        method: 'get',
        path: '/admin/providers',
        summary: 'List service providers, optionally those serving one community',
        auth: admin,
        input: { query: z.object({ communityId: ObjectIdSchema.optional() }) },
        responses: { 200: z.object({ items: z.array(ProviderView) }) },
        handler: async (ctx) => ({ items: await communities.listProviders(ctx.input.query) }),
      }),
    ],
  };
}

/** Reads a text body the JSON/form parser left alone, refusing more than `limit` bytes. */
async function readText(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw PayloadTooLarge(`${limit / 1024 / 1024}mb`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
