/**
 * The communities service: the only code that reads or writes communities, buildings, households
 * and providers. Other modules ask it (getHousehold, getProvider, ...) and never touch the models.
 * Authorization is the routes' business (policy.ts); this layer keeps the data rules.
 */
import { parseAreaToCenti, type CreateCommunityInput, type ProviderKind } from '@linli/shared';
import { Types } from 'mongoose';
import { BadRequest, Conflict, NotFound } from '../../platform/errors';
import { referenceCache } from '../../platform/reference-cache';
import {
  BuildingModel,
  CommunityModel,
  HouseholdModel,
  ProviderModel,
  isDuplicateKey,
  type BuildingDoc,
  type CommunityDoc,
  type HouseholdDoc,
  type ProviderDoc,
} from './model';
import { findPage, type Page } from '../../platform/paging';

export interface Community {
  id: string;
  name: string;
  code: string;
  address: string;
  district: string;
}
export interface Building {
  id: string;
  communityId: string;
  name: string;
  sortOrder: number;
}
export interface Household {
  id: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  areaCentiSquareMetres: number;
}
export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  communityIds: string[];
}

const toCommunity = (d: CommunityDoc): Community => ({
  id: String(d._id),
  name: d.name,
  code: d.code,
  address: d.address,
  district: d.district,
});
const toBuilding = (d: BuildingDoc): Building => ({
  id: String(d._id),
  communityId: String(d.communityId),
  name: d.name,
  sortOrder: d.sortOrder,
});
const toProvider = (d: ProviderDoc): Provider => ({
  id: String(d._id),
  name: d.name,
  kind: d.kind,
  communityIds: d.communityIds.map(String),
});

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

/** Area from an already-validated request (the shared schema checked it); throws if not. */
export function areaToCenti(value: string | number): number {
  const parsed = parseAreaToCenti(value);
  if ('problem' in parsed) throw BadRequest(parsed.problem);
  return parsed.centi;
}

const DUPLICATE_CODE = (code: string) =>
  Conflict(
    {
      'zh-CN': `社区编码 ${code} 已被使用，请换一个`,
      en: `community code ${code} is already taken; choose another`,
    },
    { field: 'code' },
  );
const DUPLICATE_BUILDING = (name: string) =>
  Conflict(
    {
      'zh-CN': `该社区已有名为「${name}」的楼栋`,
      en: `this community already has a building named "${name}"`,
    },
    { field: 'name' },
  );
const DUPLICATE_UNIT = (unit: string) =>
  Conflict(
    { 'zh-CN': `该楼栋已有房号 ${unit}`, en: `this building already has unit ${unit}` },
    { field: 'unit' },
  );

export function createCommunitiesService() {
  const providers = referenceCache(async (providerId) => {
    const doc = await ProviderModel.findById(providerId).lean<ProviderDoc>();
    return doc ? toProvider(doc) : undefined;
  });

  async function householdsWithBuildings(docs: HouseholdDoc[]): Promise<Household[]> {
    const buildingIds = [...new Set(docs.map((d) => String(d.buildingId)))];
    const buildings = await BuildingModel.find({ _id: { $in: buildingIds } }).lean<BuildingDoc[]>();
    const names = new Map(buildings.map((b) => [String(b._id), b.name]));
    return docs.map((d) => ({
      id: String(d._id),
      communityId: String(d.communityId),
      buildingId: String(d.buildingId),
      buildingName: names.get(String(d.buildingId)) ?? '',
      unit: d.unit,
      areaCentiSquareMetres: d.areaCentiSquareMetres,
    }));
  }

  const service = {
    async createCommunity(input: CreateCommunityInput): Promise<Community> {
      try {
        const doc = await CommunityModel.create(input);
        return toCommunity(doc.toObject());
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_CODE(input.code);
        throw err;
      }
    },

    async updateCommunity(communityId: string, input: Partial<CreateCommunityInput>): Promise<Community> {
      try {
        const doc = await CommunityModel.findOneAndUpdate(
          { _id: communityId },
          { $set: input },
          { returnDocument: 'after' },
        ).lean<CommunityDoc>();
        if (!doc) throw NotFound('community');
        return toCommunity(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_CODE(input.code ?? '');
        throw err;
      }
    },

    async listCommunities(): Promise<Community[]> {
      const docs = await CommunityModel.find().sort({ name: 1 }).lean<CommunityDoc[]>();
      return docs.map(toCommunity);
    },

    async findCommunity(communityId: string): Promise<Community | undefined> {
      if (!isId(communityId)) return undefined;
      const doc = await CommunityModel.findById(communityId).lean<CommunityDoc>();
      return doc ? toCommunity(doc) : undefined;
    },

    async getCommunity(communityId: string): Promise<Community> {
      const community = await service.findCommunity(communityId);
      if (!community) throw NotFound('community');
      return community;
    },

    async findCommunityByCode(code: string): Promise<Community | undefined> {
      const doc = await CommunityModel.findOne({ code }).lean<CommunityDoc>();
      return doc ? toCommunity(doc) : undefined;
    },

    async createBuilding(
      communityId: string,
      input: { name: string; sortOrder?: number },
    ): Promise<Building> {
      await service.getCommunity(communityId);
      const sortOrder = input.sortOrder ?? (await BuildingModel.countDocuments({ communityId }));
      try {
        const doc = await BuildingModel.create({ communityId, name: input.name, sortOrder });
        return toBuilding(doc.toObject());
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_BUILDING(input.name);
        throw err;
      }
    },

    async getBuilding(buildingId: string): Promise<Building> {
      const doc = isId(buildingId) ? await BuildingModel.findById(buildingId).lean<BuildingDoc>() : null;
      if (!doc) throw NotFound('building');
      return toBuilding(doc);
    },

    async updateBuilding(
      buildingId: string,
      input: { name?: string; sortOrder?: number },
    ): Promise<Building> {
      try {
        const doc = await BuildingModel.findOneAndUpdate(
          { _id: buildingId },
          { $set: input },
          { returnDocument: 'after' },
        ).lean<BuildingDoc>();
        if (!doc) throw NotFound('building');
        return toBuilding(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_BUILDING(input.name ?? '');
        throw err;
      }
    },

    async listBuildings(communityId: string): Promise<Building[]> {
      const docs = await BuildingModel.find({ communityId })
        .sort({ sortOrder: 1, name: 1 })
        .lean<BuildingDoc[]>();
      return docs.map(toBuilding);
    },

    async createHousehold(
      communityId: string,
      input: { buildingId: string; unit: string; area: string | number },
    ): Promise<Household> {
      const building = await service.getBuilding(input.buildingId);
      if (building.communityId !== communityId) {
        throw BadRequest({ 'zh-CN': '该楼栋不属于这个社区', en: 'the building is not in this community' });
      }
      try {
        const doc = await HouseholdModel.create({
          communityId,
          buildingId: building.id,
          unit: input.unit,
          areaCentiSquareMetres: areaToCenti(input.area),
        });
        return { ...(await householdsWithBuildings([doc.toObject()]))[0] };
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_UNIT(input.unit);
        throw err;
      }
    },

    async updateHousehold(
      householdId: string,
      input: { unit?: string; area?: string | number },
    ): Promise<Household> {
      const set: Partial<HouseholdDoc> = {};
      if (input.unit !== undefined) set.unit = input.unit;
      if (input.area !== undefined) set.areaCentiSquareMetres = areaToCenti(input.area);
      try {
        const doc = await HouseholdModel.findOneAndUpdate(
          { _id: householdId },
          { $set: set },
          { returnDocument: 'after' },
        ).lean<HouseholdDoc>();
        if (!doc) throw NotFound('household');
        return (await householdsWithBuildings([doc]))[0];
      } catch (err) {
        if (isDuplicateKey(err)) throw DUPLICATE_UNIT(input.unit ?? '');
        throw err;
      }
    },

    async findHousehold(householdId: string): Promise<Household | undefined> {
      if (!isId(householdId)) return undefined;
      const doc = await HouseholdModel.findById(householdId).lean<HouseholdDoc>();
      return doc ? (await householdsWithBuildings([doc]))[0] : undefined;
    },

    async getHousehold(householdId: string): Promise<Household> {
      const household = await service.findHousehold(householdId);
      if (!household) throw NotFound('household');
      return household;
    },

    async getHouseholds(householdIds: readonly string[]): Promise<Household[]> {
      const ids = householdIds.filter(isId);
      if (ids.length === 0) return [];
      return householdsWithBuildings(await HouseholdModel.find({ _id: { $in: ids } }).lean<HouseholdDoc[]>());
    },

    /** A resident looking for their own door: by building name and unit, one at a time. */
    async findHouseholdByAddress(communityId: string, buildingName: string, unit: string) {
      const building = await BuildingModel.findOne({ communityId, name: buildingName }).lean<BuildingDoc>();
      if (!building) return undefined;
      const doc = await HouseholdModel.findOne({ buildingId: building._id, unit }).lean<HouseholdDoc>();
      return doc ? (await householdsWithBuildings([doc]))[0] : undefined;
    },

    async listHouseholds(
      communityId: string,
      { buildingId, page, pageSize }: { buildingId?: string; page: number; pageSize: number },
    ): Promise<Page<Household>> {
      const filter = { communityId, ...(buildingId ? { buildingId } : {}) };
      const found = await findPage<HouseholdDoc>(
        HouseholdModel,
        filter,
        { buildingId: 1, unit: 1 },
        { page, pageSize },
      );
      return { ...found, items: await householdsWithBuildings(found.items) };
    },

    /**
     * Every household of a community, ordered by building and unit: for a whole-community roll
     * (a vote's electorate), where paging would only have to be undone.
     */
    async allHouseholdsOf(communityId: string): Promise<Household[]> {
      const docs = await HouseholdModel.find({ communityId })
        .sort({ buildingId: 1, unit: 1 })
        .lean<HouseholdDoc[]>();
      return householdsWithBuildings(docs);
    },

    async countHouseholds(communityId: string): Promise<number> {
      return HouseholdModel.countDocuments({ communityId });
    },

    async createProvider(input: {
      name: string;
      kind: ProviderKind;
      communityIds: string[];
    }): Promise<Provider> {
      await assertCommunitiesExist(input.communityIds);
      const doc = await ProviderModel.create(input);
      return toProvider(doc.toObject());
    },

    async updateProvider(
      providerId: string,
      input: { name?: string; kind?: ProviderKind; communityIds?: string[] },
    ): Promise<Provider> {
      if (input.communityIds) await assertCommunitiesExist(input.communityIds);
      const doc = await ProviderModel.findOneAndUpdate(
        { _id: providerId },
        { $set: input },
        { returnDocument: 'after' },
      ).lean<ProviderDoc>();
      if (!doc) throw NotFound('provider');
      providers.forget(providerId.toLowerCase());
      return toProvider(doc);
    },

    async listProviders(filter: { communityId?: string } = {}): Promise<Provider[]> {
      const query = filter.communityId ? { communityIds: filter.communityId } : {};
      const docs = await ProviderModel.find(query).sort({ name: 1 }).lean<ProviderDoc[]>();
      return docs.map(toProvider);
    },

    /** Cached for a few seconds (reference-cache.ts): every booking and roster asks for its canteen. */
    async findProvider(providerId: string): Promise<Provider | undefined> {
      return isId(providerId) ? providers.get(providerId.toLowerCase()) : undefined;
    },

    async getProvider(providerId: string): Promise<Provider> {
      const provider = await service.findProvider(providerId);
      if (!provider) throw NotFound('provider');
      return provider;
    },
  };

  async function assertCommunitiesExist(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await CommunityModel.countDocuments({ _id: { $in: unique } });
    if (found !== unique.length) {
      throw BadRequest({
        'zh-CN': '所选社区中有不存在的社区，请刷新后重新选择',
        en: 'one or more of the chosen communities do not exist; refresh and choose again',
      });
    }
  }

  return service;
}

export type CommunitiesService = ReturnType<typeof createCommunitiesService>;
