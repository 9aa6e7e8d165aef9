/**
 * The notices module (社区公告): publishing, reading and read receipts, live delivery to exactly
 * the audience, and WeChat subscribe messages for those who are offline.
 */
import type { ResidentTag } from '@linli/shared';
import type { ModuleDeps } from '../module-deps';
import type { CommunitiesService } from '../communities';
import type { MembershipService } from '../membership';
import type { PersonalDataContributor } from '../identity';
import { createAudienceResolver } from './audience';
import { deliverNoticeEvents } from './realtime';
import { noticeRoutes } from './routes';
import { createNoticeService } from './service';
import { sendNoticeSubscribeMessages } from './subscribe-messages';
import { createSubscriptionService } from './subscriptions';
import { createUnreadResidents } from './unread-residents';

export type { NoticeService } from './service';
export type { SubscriptionService } from './subscriptions';

export interface NoticesModuleDeps extends ModuleDeps {
  communities: CommunitiesService;
  memberships: Pick<MembershipService, 'approvedUserIds' | 'approvedInCommunity'>;
  users: {
    getUsers(
      ids: readonly string[],
    ): Promise<
      Map<string, { id: string; displayName: string; phone?: string; tags: ResidentTag[]; deleted: boolean }>
    >;
  };
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
}

export function createNoticesModule(deps: NoticesModuleDeps) {
  const audience = createAudienceResolver({
    approvedUserIds: (communityId, buildingIds) => deps.memberships.approvedUserIds(communityId, buildingIds),
    getUsers: (ids) => deps.users.getUsers(ids),
  });
  const notices = createNoticeService({
    communities: deps.communities,
    audience,
    events: deps.events,
    clock: deps.clock,
  });
  const subscriptions = createSubscriptionService();
  const unreadResidents = createUnreadResidents({
    notices,
    memberships: deps.memberships,
    communities: deps.communities,
    users: deps.users,
  });

  deliverNoticeEvents(deps.events, deps.realtime, audience);
  sendNoticeSubscribeMessages({
    events: deps.events,
    realtime: deps.realtime,
    audience,
    subscriptions,
    wechatOpenidsOf: deps.wechatOpenidsOf,
    wechat: deps.wechat,
    templateId: deps.config.wechat.templates.notice,
    clock: deps.clock,
    logger: deps.logger,
  });

  const personalData: PersonalDataContributor = {
    name: 'notices',
    export: async (userId) => ({
      reads: await notices.exportFor(userId),
      subscriptions: await subscriptions.exportFor(userId),
    }),
    erase: async (userId) => {
      await notices.eraseFor(userId);
      await subscriptions.eraseFor(userId);
    },
  };

  return {
    notices,
    /** WeChat subscribe-message consents, for other modules' messages (meals' wellness alerts). */
    subscriptions,
    api: noticeRoutes({
      notices,
      subscriptions,
      unreadResidents,
      templateIds: {
        notice: deps.config.wechat.templates.notice,
        repair: deps.config.wechat.templates.repair,
      },
    }),
    personalData,
  };
}
