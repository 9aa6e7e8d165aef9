import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { Choice } from '../../../../components/choice';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { repairsChanged, teamQueue } from '../../../../services/repairs';
import { TicketCard } from '../../components/ticket-card';
import { teamOf } from '../../components/team';

type Filter = 'open' | 'overdue' | 'all';

/**
 * The property team's queue in its community: open tickets first, the earliest due (so the
 * overdue) at the top, flagged; a tap opens the ticket to accept or dispatch it. Live: a new
 * report or a technician's step refetches it.
 */
export default function QueuePage() {
  const { user } = useUser();
  const params = useRouter().params;
  const team = teamOf(user, 'operator', params);
  // Home's queue counts link here with filter=overdue (or unassigned, which the open list shows first).
  const [filter, setFilter] = useState<Filter>(params.filter === 'overdue' ? 'overdue' : 'open');
  const queue = useRemote(
    async () => {
      const page = await teamQueue(team!.communityId, filter === 'overdue' ? { overdue: true } : {});
      return filter === 'open'
        ? page.items.filter((i) => !['closed', 'rejected', 'cancelled', 'merged'].includes(i.status))
        : page.items;
    },
    team !== null,
    [repairsChanged],
    `${team?.communityId}-${team?.providerId}-${filter}`,
  );
  const figuresUrl = team
    ? `/packages/repairs/pages/figures/index?communityId=${team.communityId}&providerId=${team.providerId}`
    : '';
  return (
    <Page className="repairs" title="repairsQueue">
      <PageHeader
        title={t('repairsQueue')}
        action={
          team && (
            <Action
              inline
              label={t('repairsFigures')}
              testId="open-figures"
              onTap={() => void Taro.navigateTo({ url: figuresUrl })}
            />
          )
        }
      />
      <Choice
        label={t('repairsQueue')}
        asTabs
        testId="queue-filter"
        options={[
          { value: 'open', label: t('repairsOpenOnly') },
          { value: 'overdue', label: t('repairsOverdueOnly') },
          { value: 'all', label: t('repairsAll') },
        ]}
        selected={filter}
        onSelect={setFilter}
      />
      <RemoteView source={queue} empty={{ title: t('repairsQueueEmpty') }}>
        {(items) => (
          <View data-testid="queue">
            {items.map((ticket) => (
              <TicketCard key={ticket.id} ticket={ticket} />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
