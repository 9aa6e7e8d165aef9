import Taro from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import { useRemote } from '../hooks/use-remote';
import { t, type MessageKey } from '../i18n';
import { membershipQueueChanged } from '../services/memberships';
import { shanghaiDate } from '../services/meals-format';
import { staffQueues, type QueueKind } from '../services/staff-queues';
import { Card } from './card';
import type { IconName } from './icon';
import { ListItem } from './list-item';

const QUEUE_LOOK: Record<QueueKind, { icon: IconName; words: MessageKey }> = {
  approvals: { icon: 'approvals', words: 'staffQueueApprovals' },
  // The emergency icon is drawn white for the red banner; here it stands on a white row.
  emergency: { icon: 'error', words: 'staffQueueEmergency' },
  canteenToday: { icon: 'canteen', words: 'staffQueueCanteenToday' },
  daycareNew: { icon: 'daycare', words: 'staffQueueDaycareNew' },
  repairsUnassigned: { icon: 'repairs', words: 'staffQueueRepairsUnassigned' },
  repairsOverdue: { icon: 'repairs', words: 'staffQueueRepairsOverdue' },
};

/**
 * Home's "my work" for staff: each queue they work with its count, one tap from its page, and the
 * workbench. Counts load after the rest of Home and refetch when the page shows again (and at once
 * when a household request arrives); a failed count says so with a retry instead of a wrong zero.
 */
export function StaffQueues({ user }: { user: Me }) {
  const queues = useRemote(
    () => staffQueues(user, shanghaiDate(new Date())),
    true,
    [membershipQueueChanged],
    user.id,
  );
  return (
    <Card title={t('staffQueuesTitle')} testId="staff-queues">
      {/* First, so the counts arriving below never move it under a finger mid-tap. */}
      <ListItem
        icon="staff"
        title={t('staffEntry')}
        label={t('staffEntry')}
        testId="staff-entry"
        onTap={() => void Taro.navigateTo({ url: '/packages/staff/pages/index/index' })}
      />
      {queues.error && (
        <ListItem
          icon="error"
          title={queues.error}
          label={queues.error}
          testId="queue-error"
          onTap={queues.reload}
        />
      )}
      {queues.data?.map((queue) => {
        const look = QUEUE_LOOK[queue.kind];
        const words = t(look.words, { count: queue.count });
        return (
          <ListItem
            key={queue.key}
            icon={look.icon}
            title={words}
            label={words}
            testId={`queue-${queue.kind}`}
            onTap={() => void Taro.navigateTo({ url: queue.url })}
          />
        );
      })}
    </Card>
  );
}
