/**
 * Emergency on Home's "what is next for me": my own call for help while it is open or
 * acknowledged, first of everything, naming who is on the way once someone answered it.
 */
import type { NextUpItem } from '@linli/shared';
import type { NextUpContributor } from '../../platform/next-up';
import { EmergencyAlertModel, type EmergencyAlertDoc } from './model';

export function emergencyNextUp(deps: {
  users: { getUsers(ids: readonly string[]): Promise<Map<string, { displayName: string }>> };
}): NextUpContributor {
  return {
    name: 'emergency',
    async itemsFor({ actor, locale }) {
      // openKey is the person's id exactly while their call is open or acknowledged (model.ts).
      const alert = await EmergencyAlertModel.findOne({ openKey: actor.userId }).lean<EmergencyAlertDoc>();
      if (!alert || alert.status === 'closed') return [];
      const en = locale === 'en';
      let stateLabel = en ? 'Help is being called' : '正在呼叫帮助';
      if (alert.acknowledgedBy) {
        const id = String(alert.acknowledgedBy);
        const name = (await deps.users.getUsers([id])).get(id)?.displayName ?? '';
        stateLabel = en ? `${name} is on the way` : `${name} 正在赶来`;
      }
      const item: NextUpItem = {
        service: 'emergency',
        kind: 'emergencyCall',
        targetId: String(alert._id),
        title: en ? 'My call for help' : '我的紧急呼叫',
        urgency: 'now',
        stateLabel,
        at: alert.raisedAt.toISOString(),
      };
      return [item];
    },
  };
}
