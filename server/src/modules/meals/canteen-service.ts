/**
 * Canteens' settings and menus, and communities' subsidy policies: the data bookings are made
 * against. The routes have checked who may call; this checks what only the records can tell (the
 * provider is a canteen, delivery buildings belong to communities it serves, one menu per meal).
 */
import type { CanteenSettingsBody, CreateMenuBody, SubsidyPolicyBody } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors';
import type { CommunitiesService, Provider } from '../communities';
import type { DomainEventBus } from '../domain-events';
import { CanteenSettingsModel, DEFAULT_CANTEEN_SETTINGS, type CanteenSettingsDoc } from './canteen-model';
import { MenuModel, type MenuDoc } from './menu-model';
import { isDuplicateKey } from '../../platform/database-errors';
import type { SubsidyPolicy } from './pricing';
import { NO_SUBSIDY, SubsidyPolicyModel, type SubsidyPolicyDoc } from './subsidy-policy-model';
import { referenceCache } from '../../platform/reference-cache';
import './menu-events';

export const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export type CanteenSettings = Omit<CanteenSettingsDoc, '_id'>;

export interface CanteenServiceDeps {
  communities: Pick<CommunitiesService, 'findProvider' | 'listBuildings' | 'getCommunity'>;
  clock: Clock;
  events: DomainEventBus;
}

export function createCanteenService({ communities, clock, events }: CanteenServiceDeps) {
  // Every booking and menu view reads them; they change a few times a year (see reference-cache.ts).
  const settingsCache = referenceCache((providerId) =>
    CanteenSettingsModel.findOne({ providerId })
      .lean<CanteenSettingsDoc>()
      .then((doc) => doc ?? undefined),
  );
  const policyCache = referenceCache((communityId) =>
    SubsidyPolicyModel.findOne({ communityId })
      .lean<SubsidyPolicyDoc>()
      .then((doc) => doc ?? undefined),
  );

  /** Standing orders are honoured on it (asynchronously: the caller does not wait for them). */
  function announcePublished(menu: MenuDoc) {
    void events.emit('meal.menuPublished', {
      menuId: String(menu._id),
      providerId: String(menu.providerId),
      date: menu.date,
      meal: menu.meal,
    });
  }

  /**
   * A withdrawn menu holds its date and meal (one menu per canteen meal): creating one for that meal
   * again reuses it, once the withdrawal has given every place back.
   */
  async function reviveWithdrawn(actor: Actor, input: CreateMenuBody): Promise<MenuDoc | undefined> {
    const doc = await MenuModel.findOneAndUpdate(
      {
        providerId: input.providerId,
        date: input.date,
        meal: input.meal,
        status: 'withdrawn',
        seatsTaken: 0,
        deliveriesTaken: 0,
      },
      {
        $set: {
          dishes: input.dishes,
          basePriceFen: input.basePriceFen,
          seatCapacity: input.seatCapacity,
          deliveryCapacity: input.deliveryCapacity,
          status: input.publish ? 'published' : 'draft',
          ...(input.publish ? { publishedAt: clock.now() } : {}),
          createdBy: actor.userId,
        },
        $unset: {
          withdrawnAt: 1,
          withdrawnBy: 1,
          withdrawReason: 1,
          standingOrdersHonouredAt: 1, // a new publication: its standing orders are tried afresh
          standingOrdersClaimUntil: 1,
          ...(input.publish ? {} : { publishedAt: 1 }),
        },
      },
      { returnDocument: 'after' },
    ).lean<MenuDoc>();
    return doc ?? undefined;
  }

  const service = {
    /** The provider, if it exists and is a canteen; 404 otherwise. */
    async canteen(providerId: string): Promise<Provider> {
      const provider = await communities.findProvider(providerId);
      if (!provider || provider.kind !== 'canteen') throw NotFound('canteen');
      return provider;
    },

    async settings(providerId: string): Promise<CanteenSettings> {
      const doc = isId(providerId) ? await settingsCache.get(providerId.toLowerCase()) : undefined;
      return doc ?? { providerId: new Types.ObjectId(providerId), ...DEFAULT_CANTEEN_SETTINGS };
    },

    async saveSettings(providerId: string, input: CanteenSettingsBody): Promise<CanteenSettings> {
      const canteen = await service.canteen(providerId);
      const served = new Set<string>();
      for (const communityId of canteen.communityIds) {
        for (const b of await communities.listBuildings(communityId)) served.add(b.id);
      }
      const wrong = input.deliveryBuildingIds.flatMap((id, index) =>
        served.has(id.toLowerCase()) ? [] : [index],
      );
      if (wrong.length)
        throw ValidationFailed(
          wrong.map((index) => ({
            location: 'body' as const,
            path: `deliveryBuildingIds.${index}`,
            reason: 'custom' as const,
            params: {
              text: {
                'zh-CN': '该楼栋不在本食堂服务的社区内',
                en: 'this building is not in a community the canteen serves',
              },
            },
          })),
        );
      const doc = await CanteenSettingsModel.findOneAndUpdate(
        { providerId },
        {
          $set: {
            opensDaysAhead: input.opensDaysAhead,
            cutoffs: input.cutoffs,
            deliveryBuildingIds: [...new Set(input.deliveryBuildingIds.map((id) => id.toLowerCase()))],
            ...(input.address === undefined ? {} : { address: input.address }),
            ...(input.servingHours === undefined ? {} : { servingHours: input.servingHours }),
          },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean<CanteenSettingsDoc>();
      settingsCache.forget(providerId.toLowerCase());
      return doc!;
    },

    async createMenu(actor: Actor, input: CreateMenuBody): Promise<MenuDoc> {
      await service.canteen(input.providerId);
      try {
        const doc = await MenuModel.create({
          providerId: input.providerId,
          date: input.date,
          meal: input.meal,
          dishes: input.dishes,
          basePriceFen: input.basePriceFen,
          seatCapacity: input.seatCapacity,
          deliveryCapacity: input.deliveryCapacity,
          seatsTaken: 0,
          deliveriesTaken: 0,
          status: input.publish ? 'published' : 'draft',
          ...(input.publish ? { publishedAt: clock.now() } : {}),
          createdBy: actor.userId,
        });
        const menu = doc.toObject() as MenuDoc;
        if (menu.status === 'published') announcePublished(menu);
        return menu;
      } catch (err) {
        const revived = isDuplicateKey(err) ? await reviveWithdrawn(actor, input) : undefined;
        if (revived) {
          if (revived.status === 'published') announcePublished(revived);
          return revived;
        }
        if (isDuplicateKey(err))
          throw Conflict({
            'zh-CN': '该食堂这一天的这一餐已有菜单，请修改已有菜单',
            en: 'this canteen already has a menu for that date and meal; edit that one',
          });
        throw err;
      }
    },

    async findMenu(menuId: string): Promise<MenuDoc | undefined> {
      if (!isId(menuId)) return undefined;
      return (await MenuModel.findById(menuId).lean<MenuDoc>()) ?? undefined;
    },

    async publishMenu(menu: MenuDoc): Promise<MenuDoc> {
      const doc = await MenuModel.findOneAndUpdate(
        { _id: menu._id, status: 'draft' },
        { $set: { status: 'published', publishedAt: clock.now() } },
        { returnDocument: 'after' },
      ).lean<MenuDoc>();
      if (!doc)
        throw Conflict(
          menu.status === 'withdrawn'
            ? {
                'zh-CN': '该菜单已撤回，请新建这一餐的菜单',
                en: 'this menu was withdrawn; create a new one for that meal',
              }
            : { 'zh-CN': '该菜单已发布', en: 'this menu is already published' },
        );
      announcePublished(doc);
      return doc;
    },

    async menusOf(providerIds: readonly string[], from: string, to: string, publishedOnly: boolean) {
      return MenuModel.find({
        providerId: { $in: providerIds.filter(isId) },
        date: { $gte: from, $lte: to },
        ...(publishedOnly ? { status: 'published' } : {}),
      })
        .sort({ date: 1, meal: 1, providerId: 1 })
        .lean<MenuDoc[]>();
    },

    async subsidyPolicy(communityId: string): Promise<SubsidyPolicy & { updatedAt?: Date }> {
      const doc = isId(communityId) ? await policyCache.get(communityId.toLowerCase()) : undefined;
      return doc ?? NO_SUBSIDY;
    },

    async saveSubsidyPolicy(actor: Actor, communityId: string, input: SubsidyPolicyBody) {
      await communities.getCommunity(communityId);
      const doc = await SubsidyPolicyModel.findOneAndUpdate(
        { communityId },
        {
          $set: {
            eligibilityAge: input.eligibilityAge,
            ageTiers: [...input.ageTiers].sort((a, b) => a.minAge - b.minAge),
            tagExtras: input.tagExtras,
            monthlyCapFen: input.monthlyCapFen,
            updatedBy: actor.userId,
          },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean<SubsidyPolicyDoc>();
      policyCache.forget(communityId.toLowerCase());
      return doc!;
    },
  };
  return service;
}

export type CanteenService = ReturnType<typeof createCanteenService>;
