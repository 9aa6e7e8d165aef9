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
import { WeChatApiError, WeChatErrcode, type WeChatClient } from '../../platform/wechat/wechat-client';
import type { DomainEventBus, DomainEvents } from '../domain-events';
import type { AudienceResolver } from './audience';
import { isDuplicateKey } from './model';
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
    if (!(await deps.subscriptions.take(userId, 'notice'))) return;
    try {
      await NoticeMessageModel.create({ ...key, outcome: 'sending', at: deps.clock.now() });
    } catch (err) {
      await deps.subscriptions.giveBack(userId, 'notice');
      if (isDuplicateKey(err)) return; // already sent for this notice (another instance, a replay)
      throw err;
    }
    try {
      await wechat!.sendSubscribeMessage({
        toOpenid: openid,
        templateId: templateId!,
        page: `pages/notice-detail/index?id=${event.noticeId}`,
        data: {
          thing1: event.title.slice(0, 20),
          thing2: NOTICE_CATEGORY_NAMES[event.category]['zh-CN'],
          time3: shanghaiMinute(event.publishedAt),
        },
      });
      await NoticeMessageModel.updateOne(key, { $set: { outcome: 'sent', at: deps.clock.now() } });
    } catch (err) {
      const errcode = err instanceof WeChatApiError ? err.errcode : undefined;
      await NoticeMessageModel.updateOne(key, { $set: { outcome: 'failed', errcode, at: deps.clock.now() } });
      // 43101: the user holds no consent after all, so our count was wrong. Anything else: the
      // consent was not used up, so the resident keeps it for the next notice.
      if (errcode === WeChatErrcode.UserRefused) await deps.subscriptions.clear(userId, 'notice');
      else await deps.subscriptions.giveBack(userId, 'notice');
      log.warn({ err, noticeId: event.noticeId, userId, errcode }, 'WeChat did not take a notice message');
    }
  }
}
