/**
 * WeChat subscribe messages for a published notice, to audience members who are not connected
 * (those who are get it live). Each message spends one of the resident's consents. The log entry
 * (unique per notice and user) is written before sending, so a notice never goes twice to one
 * person by WeChat; a failed send is logged and not retried.
 */
import { NOTICE_CATEGORY_NAMES } from '@linli/shared';
import { Types } from 'mongoose';
import { shanghaiMinute, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { sendConsentedMessage } from '../../platform/wechat/consented-message';
import type { WeChatClient } from '../../platform/wechat/wechat-client';
import type { DomainEventBus, DomainEvents } from '../domain-events';
import type { AudienceResolver } from './audience';
import { NoticeMessageModel } from './subscription-model';
import type { SubscriptionService } from './subscriptions';
import './events';

export interface SubscribeMessageDeps {
  events: DomainEventBus;
  realtime: Pick<RealtimeDelivery, 'connectedUsers'>;
  audience: AudienceResolver;
  subscriptions: SubscriptionService;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  wechat: WeChatClient | undefined;
  /** config.wechat.templates.notice; without it no message is sent. */
  templateId: string | undefined;
  clock: Clock;
  logger: Logger;
}

export function sendNoticeSubscribeMessages(deps: SubscribeMessageDeps): void {
  const { wechat, templateId } = deps;
  if (!wechat || !templateId) return;
  const log = deps.logger.child({ module: 'notices', component: 'subscribe-messages' });

  deps.events.on('notice.published', async (event) => {
    const audience = await deps.audience.userIds(event.communityId, event.audience);
    const connected = await deps.realtime.connectedUsers(audience);
    const offline = audience.filter((id) => !connected.has(id));
    const openids = await deps.wechatOpenidsOf(offline);
    if (openids.size === 0) return;
    await deps.subscriptions.indexesBuilt();
    for (const [userId, openid] of openids) {
      await sendOne(userId, openid, event).catch((err: unknown) =>
        log.error({ err, noticeId: event.noticeId, userId }, 'notice subscribe message failed'),
      );
    }
  });

  async function sendOne(userId: string, openid: string, event: DomainEvents['notice.published']) {
    const key = { notice: new Types.ObjectId(event.noticeId), user: new Types.ObjectId(userId) };
    const sent = await sendConsentedMessage({
      consents: deps.subscriptions,
      template: 'notice',
      userId,
      log: NoticeMessageModel,
      key,
      wechat: wechat!,
      clock: deps.clock,
      message: {
        toOpenid: openid,
        templateId: templateId!,
        page: `pages/notice-detail/index?id=${event.noticeId}`,
        data: {
          thing1: event.title.slice(0, 20),
          thing2: NOTICE_CATEGORY_NAMES[event.category]['zh-CN'],
          time3: shanghaiMinute(event.publishedAt),
        },
      },
    });
    if (sent.outcome === 'failed')
      log.warn(
        { err: sent.err, noticeId: event.noticeId, userId, errcode: sent.errcode },
        'WeChat did not take a notice message',
      );
  }
}
