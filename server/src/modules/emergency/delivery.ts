/**
 * Who hears of an emergency call, and how. Every change reaches the person who called and everyone
 * told so far, live through their user rooms (kept for catch-up). When a call is raised or
 * escalated, those it newly tells also get a WeChat subscribe message where they granted the
 * emergency template (config WECHAT_EMERGENCY_TEMPLATE_ID; unset → live only).
 *
 * As for wellness alerts, the WeChat message goes whether or not the person is connected, since an
 * open socket says nothing about anyone looking at the screen; each spends one consent, and the log
 * entry (unique per alert, person and round) is written before sending, so none goes twice.
 */
import { Types } from 'mongoose';
import { shanghaiMinute, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { sendConsentedMessage } from '../../platform/wechat/consented-message';
import type { WeChatClient } from '../../platform/wechat/wechat-client';
import type { DomainEventBus, DomainEvents } from '../domain-events';
import type { UserService } from '../identity';
import type { SubscriptionService } from '../notices';
import { EmergencyMessageModel } from './model';
import './events';

export interface EmergencyDeliveryDeps {
  events: DomainEventBus;
  realtime: Pick<RealtimeDelivery, 'toUsers'>;
  users: Pick<UserService, 'getUser'>;
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  wechat: WeChatClient | undefined;
  templateId: string | undefined;
  clock: Clock;
  logger: Logger;
}

type AlertChanged = DomainEvents['emergency.alertChanged'];

/** The mini-program page the message opens (client/src/packages/emergency, ?id= shows the call). */
export const EMERGENCY_PAGE = 'packages/emergency/pages/alert/index';

export function deliverEmergencyAlerts(deps: EmergencyDeliveryDeps): void {
  const log = deps.logger.child({ module: 'emergency', component: 'delivery' });

  deps.events.on('emergency.alertChanged', async (e) => {
    await Promise.all([
      deps.realtime.toUsers(e.audience, 'emergency.alertChanged', {
        alertId: e.alertId,
        personId: e.personId,
        communityId: e.communityId,
        status: e.status,
        escalated: e.escalated,
        change: e.change,
      }),
      e.newlyTold.length > 0 ? sendMessages(e) : undefined,
    ]);
  });

  async function sendMessages(e: AlertChanged) {
    const { wechat, templateId } = deps;
    if (!wechat || !templateId) return;
    const openids = await deps.wechatOpenidsOf(e.newlyTold);
    if (openids.size === 0) return;
    const person = await deps.users.getUser(e.personId);
    await EmergencyMessageModel.init();
    const round = e.change === 'escalated' ? 'escalated' : 'raised';
    for (const [userId, openid] of openids) {
      await sendOne(wechat, templateId, userId, openid, e, round, person?.displayName ?? '').catch(
        (err: unknown) =>
          log.error({ err, alertId: e.alertId, userId }, 'emergency subscribe message failed'),
      );
    }
  }

  async function sendOne(
    wechat: WeChatClient,
    templateId: string,
    userId: string,
    openid: string,
    e: AlertChanged,
    round: 'raised' | 'escalated',
    name: string,
  ) {
    const key = { alert: new Types.ObjectId(e.alertId), user: new Types.ObjectId(userId), round };
    const sent = await sendConsentedMessage({
      consents: deps.subscriptions,
      template: 'emergency',
      userId,
      log: EmergencyMessageModel,
      key,
      wechat,
      clock: deps.clock,
      message: {
        toOpenid: openid,
        templateId,
        page: `${EMERGENCY_PAGE}?id=${e.alertId}`,
        data: {
          thing1: name.slice(0, 20),
          thing2: round === 'escalated' ? '紧急呼叫无人响应，请立即处理' : '发起紧急呼叫，请尽快响应',
          time3: shanghaiMinute(e.raisedAt),
        },
      },
    });
    if (sent.outcome === 'failed')
      log.warn(
        { err: sent.err, alertId: e.alertId, userId, errcode: sent.errcode },
        'WeChat did not take an emergency message',
      );
  }
}
