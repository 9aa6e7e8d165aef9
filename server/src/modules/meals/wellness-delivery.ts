/**
 * Who hears of a wellness alert, and how: the elder's confirmed carers and the committee of the
 * elder's community, live through their user rooms (kept for catch-up, so a phone that reconnects
 * still gets it), and when it is raised also by WeChat subscribe message to each of them who
 * granted the wellness template.
 *
 * Unlike notices, the WeChat message goes whether or not the person is connected: an open socket
 * says nothing about whether anyone is looking at the screen, and this is the message that should
 * not wait. Each message spends one consent; the log entry (unique per alert and person) is
 * written before sending, so a replayed event never messages anyone twice.
 */
import { Types } from 'mongoose';
import { shanghaiMinute, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { sendConsentedMessage } from '../../platform/wechat/consented-message';
import type { WeChatClient } from '../../platform/wechat/wechat-client';
import type { DomainEventBus, DomainEvents } from '../domain-events';
import type { UserService } from '../identity';
import type { CarerLinkService } from '../membership';
import type { SubscriptionService } from '../notices';
import { WellnessMessageModel } from './wellness-model';
import './wellness-events';

export interface WellnessDeliveryDeps {
  events: DomainEventBus;
  realtime: Pick<RealtimeDelivery, 'toUsers'>;
  carerLinks: Pick<CarerLinkService, 'listMine'>;
  /** The committee of a community, by user id. */
  committeeOf(communityId: string): Promise<string[]>;
  users: Pick<UserService, 'getUser'>;
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  wechat: WeChatClient | undefined;
  /** config.wechat.templates.wellness; without it alerts go live only. */
  templateId: string | undefined;
  clock: Clock;
  logger: Logger;
}

type AlertEvent = DomainEvents['meal.wellnessAlert'];

/** The mini-program page the message opens (client/src/pages/wellness, in the main package). */
export const WELLNESS_PAGE = 'pages/wellness/index';

export function deliverWellnessAlerts(deps: WellnessDeliveryDeps): void {
  const log = deps.logger.child({ module: 'meals', component: 'wellness-alerts' });

  async function recipientsOf(e: AlertEvent): Promise<string[]> {
    const [links, committee] = await Promise.all([
      deps.carerLinks.listMine(e.elderId),
      deps.committeeOf(e.communityId),
    ]);
    const carers = links
      .filter((link) => link.elderId === e.elderId && link.status === 'confirmed')
      .map((link) => link.carerId);
    return [...new Set([...carers, ...committee])].filter((id) => id !== e.elderId);
  }

  deps.events.on('meal.wellnessAlert', async (e) => {
    const recipients = await recipientsOf(e);
    await Promise.all([
      deps.realtime.toUsers(recipients, 'meal.wellnessAlert', {
        alertId: e.alertId,
        elderId: e.elderId,
        bookingId: e.bookingId,
        communityId: e.communityId,
        status: e.status,
      }),
      e.status === 'open' ? sendMessages(e, recipients) : undefined,
    ]);
  });

  async function sendMessages(e: AlertEvent, recipients: string[]) {
    const { wechat, templateId } = deps;
    if (!wechat || !templateId) return;
    const openids = await deps.wechatOpenidsOf(recipients);
    if (openids.size === 0) return;
    const elder = await deps.users.getUser(e.elderId);
    await WellnessMessageModel.init();
    for (const [userId, openid] of openids) {
      await sendOne(wechat, templateId, userId, openid, e, elder?.displayName ?? '').catch((err: unknown) =>
        log.error({ err, alertId: e.alertId, userId }, 'wellness subscribe message failed'),
      );
    }
  }

  async function sendOne(
    wechat: WeChatClient,
    templateId: string,
    userId: string,
    openid: string,
    e: AlertEvent,
    elderName: string,
  ) {
    const key = { alert: new Types.ObjectId(e.alertId), user: new Types.ObjectId(userId) };
    // A replayed event or a second instance finds the log entry and sends nothing.
    const sent = await sendConsentedMessage({
      consents: deps.subscriptions,
      template: 'wellness',
      userId,
      log: WellnessMessageModel,
      key,
      wechat,
      clock: deps.clock,
      message: {
        toOpenid: openid,
        templateId,
        page: `${WELLNESS_PAGE}?id=${e.alertId}`,
        data: {
          thing1: elderName.slice(0, 20),
          thing2: '送餐无人应答，请确认老人安好',
          time3: shanghaiMinute(e.raisedAt),
        },
      },
    });
    if (sent.outcome === 'failed')
      log.warn(
        { err: sent.err, alertId: e.alertId, userId, errcode: sent.errcode },
        'WeChat did not take a wellness message',
      );
  }
}
