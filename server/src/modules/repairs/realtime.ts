/**
 * Who hears of a repair ticket's changes, and how:
 * - its reporter, every "me too" resident and its technician, live in their user rooms (kept for
 *   catch-up), except whoever made the change; the team's room refetches its queue;
 * - the reporter and the "me too" residents also by WeChat subscribe message, where they granted
 *   the repair template (WECHAT_REPAIR_TEMPLATE_ID; unset → live only). One message per person per
 *   step of the ticket: the log entry (unique per ticket, person and step) is written before
 *   sending, so a replayed event never messages anyone twice. A "me too" count change sends none.
 * - an overdue ticket: the community's committee, live, once (the escalation).
 */
import { Types } from 'mongoose';
import mongoose, { Schema } from 'mongoose';
import { shanghaiMinute, type Clock } from '../../platform/clock';
import { isDuplicateKey } from '../../platform/database-errors';
import type { Logger } from '../../platform/logger';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { providerRoom } from '../../platform/realtime/rooms';
import { WeChatApiError, WeChatErrcode, type WeChatClient } from '../../platform/wechat/wechat-client';
import type { DomainEventBus } from '../domain-events';
import type { SubscriptionService } from '../notices';
import type { CategoryService } from './categories/service';
import './events';
import { ticketFlow } from './tickets/flow';
import { RepairMeTooModel, type TicketDoc } from './tickets/model';
import type { TicketService } from './tickets/service';

interface RepairMessageDoc {
  ticket: Types.ObjectId;
  user: Types.ObjectId;
  step: number;
  outcome: 'sending' | 'sent' | 'failed';
  errcode?: number;
  at: Date;
}
const repairMessageSchema = new Schema<RepairMessageDoc>({
  ticket: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, required: true },
  step: { type: Number, required: true },
  outcome: { type: String, required: true },
  errcode: Number,
  at: { type: Date, required: true },
});
repairMessageSchema.index({ ticket: 1, user: 1, step: 1 }, { unique: true, name: 'one_message_per_step' });
repairMessageSchema.index({ user: 1 });
export const RepairMessageModel = mongoose.model<RepairMessageDoc>('RepairMessage', repairMessageSchema);

/** The mini-program page a message opens. */
export const REPAIR_PAGE = 'packages/repairs/pages/detail/index';

export interface RepairDeliveryDeps {
  events: DomainEventBus;
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>;
  tickets: Pick<TicketService, 'find'>;
  categories: Pick<CategoryService, 'find'>;
  committeeOf(communityId: string): Promise<string[]>;
  subscriptions: Pick<SubscriptionService, 'take' | 'giveBack' | 'clear'>;
  wechatOpenidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  wechat: WeChatClient | undefined;
  templateId: string | undefined;
  clock: Clock;
  logger: Logger;
}

/** The reporter and every "me too" resident of a ticket. */
export async function residentsOf(t: TicketDoc): Promise<string[]> {
  const meToos = await RepairMeTooModel.find({ ticketId: t._id }, { userId: 1 }).lean();
  return [
    ...new Set([...(t.reporterId ? [String(t.reporterId)] : []), ...meToos.map((m) => String(m.userId))]),
  ];
}

export function deliverRepairEvents(deps: RepairDeliveryDeps): void {
  const log = deps.logger.child({ module: 'repairs', component: 'delivery' });

  deps.events.on('repair.ticketChanged', async (e) => {
    const t = await deps.tickets.find(e.ticketId);
    if (!t) return;
    const residents = await residentsOf(t);
    const people = [...new Set([...residents, ...(t.assigneeId ? [String(t.assigneeId)] : [])])].filter(
      (id) => id !== e.by,
    );
    const payload = {
      ticketId: e.ticketId,
      status: e.status,
      action: e.action,
      ...(e.onBehalf ? { onBehalf: true } : {}),
    };
    await Promise.all([
      deps.realtime.toUsers(people, 'repair.ticketChanged', payload),
      deps.realtime.toRoom(providerRoom(e.providerId), 'repair.ticketChanged', payload),
      e.action === 'meToo'
        ? undefined
        : sendMessages(
            t,
            residents.filter((id) => id !== e.by),
          ),
    ]);
  });

  deps.events.on('repair.overdue', async (e) => {
    const payload = {
      ticketId: e.ticketId,
      communityId: e.communityId,
      providerId: e.providerId,
      dueAt: e.dueAt.toISOString(),
    };
    await Promise.all([
      deps.realtime.toUsers(await deps.committeeOf(e.communityId), 'repair.overdue', payload),
      deps.realtime.toRoom(providerRoom(e.providerId), 'repair.overdue', payload),
    ]);
  });

  async function sendMessages(t: TicketDoc, recipients: string[]) {
    const { wechat, templateId } = deps;
    if (!wechat || !templateId || recipients.length === 0) return;
    const openids = await deps.wechatOpenidsOf(recipients);
    if (openids.size === 0) return;
    const category = await deps.categories.find(String(t.categoryId));
    await RepairMessageModel.init();
    for (const [userId, openid] of openids) {
      await sendOne(wechat, templateId, userId, openid, t, category?.name ?? '报修').catch((err: unknown) =>
        log.error({ err, ticketId: String(t._id), userId }, 'repair subscribe message failed'),
      );
    }
  }

  async function sendOne(
    wechat: WeChatClient,
    templateId: string,
    userId: string,
    openid: string,
    t: TicketDoc,
    categoryName: string,
  ) {
    const key = { ticket: t._id, user: new Types.ObjectId(userId), step: t.history.length };
    if (!(await deps.subscriptions.take(userId, 'repair'))) return;
    try {
      await RepairMessageModel.create({ ...key, outcome: 'sending', at: deps.clock.now() });
    } catch (err) {
      await deps.subscriptions.giveBack(userId, 'repair');
      if (isDuplicateKey(err)) return;
      throw err;
    }
    const last = t.history[t.history.length - 1];
    try {
      await wechat.sendSubscribeMessage({
        toOpenid: openid,
        templateId,
        page: `${REPAIR_PAGE}?id=${String(t._id)}`,
        data: {
          thing1: categoryName.slice(0, 20),
          phrase2: ticketFlow.labels[t.status]['zh-CN'].slice(0, 5),
          time3: shanghaiMinute(last?.at ?? deps.clock.now()),
          thing4: (last?.note || t.description).slice(0, 20),
        },
      });
      await RepairMessageModel.updateOne(key, { $set: { outcome: 'sent', at: deps.clock.now() } });
    } catch (err) {
      const errcode = err instanceof WeChatApiError ? err.errcode : undefined;
      await RepairMessageModel.updateOne(key, { $set: { outcome: 'failed', errcode, at: deps.clock.now() } });
      if (errcode === WeChatErrcode.UserRefused) await deps.subscriptions.clear(userId, 'repair');
      else await deps.subscriptions.giveBack(userId, 'repair');
      log.warn({ err, ticketId: String(t._id), userId, errcode }, 'WeChat did not take a repair message');
    }
  }
}
