/**
 * WeChat subscribe messages (订阅消息), mini-program only: WeChat lets us message a resident who is
 * offline once per "allow" they tap. The prompt must come from a tap, so the Notices page asks when
 * the resident taps "notify me of emergencies"; we then tell the server what was granted.
 */
import Taro from '@tarojs/taro';
import {
  SubscriptionCreditsView,
  SubscriptionTemplatesView,
  type SubscriptionTemplate,
} from '@linli/shared/notices';
import { api } from './api';

export const SUBSCRIBE_SUPPORTED = process.env.TARO_ENV === 'weapp';

export interface OfferedTemplate {
  template: SubscriptionTemplate;
  templateId: string;
  credits: number;
}

/** The templates the server sends with (none when WeChat messages are not configured there). */
export async function offeredTemplates(): Promise<OfferedTemplate[]> {
  if (!SUBSCRIBE_SUPPORTED) return [];
  return (await api.get('/api/v1/notifications/subscriptions', { schema: SubscriptionTemplatesView })).items;
}

export type ConsentOutcome = { template: SubscriptionTemplate; accepted: boolean; credits: number };

/**
 * Asks WeChat for consent to the offered templates (call from a tap handler), then records each
 * answer with the server. 'accept' is a yes; 'reject', 'ban' (turned off in settings) and
 * 'filter' (template hidden) are a no.
 */
export async function askConsent(offered: OfferedTemplate[]): Promise<ConsentOutcome[]> {
  if (offered.length === 0) return [];
  // WeChat takes at most 3 templates per prompt.
  const asked = offered.slice(0, 3);
  // Taro's type also demands alipay's entityIds; WeChat takes tmplIds alone.
  const option = { tmplIds: asked.map((o) => o.templateId) } as Taro.requestSubscribeMessage.Option;
  const answer = (await Taro.requestSubscribeMessage(option)) as unknown as Record<string, string>;
  const outcomes: ConsentOutcome[] = [];
  for (const o of asked) {
    const accepted = answer[o.templateId] === 'accept';
    const saved = await api.post(
      '/api/v1/notifications/subscriptions',
      { template: o.template, accepted },
      { schema: SubscriptionCreditsView },
    );
    outcomes.push({ template: o.template, accepted, credits: saved.credits });
  }
  return outcomes;
}
