import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RatingPrompt } from '../../../../components/rating-prompt';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { myTickets, repairsChanged } from '../../../../services/repairs';
import { TicketCard } from '../../components/ticket-card';

const REPORT_URL = '/packages/repairs/pages/report/index';

/**
 * The resident's reports (and those they said "me too" to), newest first, each with its progress
 * as a timeline; live: a step by the property team shows without a reload.
 */
export default function MyTicketsPage() {
  const { user } = useUser();
  const tickets = useRemote(() => myTickets(1, 50), user !== null, [repairsChanged]);
  const report = () => void Taro.navigateTo({ url: REPORT_URL });
  return (
    <Page className="repairs" title="repairsMine">
      <PageHeader
        title={t('repairsMine')}
        action={
          <Action kind="primary" inline label={t('repairsReport')} testId="new-report" onTap={report} />
        }
      />
      <ListItem
        title={t('repairsPublic')}
        icon="repairs"
        testId="open-public"
        onTap={() => void Taro.navigateTo({ url: '/packages/repairs/pages/public/index' })}
      />
      {/* Asked again when a ticket on screen closes (its rating becomes due). */}
      <RatingPrompt
        service="repairs"
        refreshKey={(tickets.data?.items ?? [])
          .filter((ticket) => ticket.status === 'closed')
          .map((ticket) => ticket.id)
          .join(',')}
      />
      <RemoteView
        source={tickets}
        isEmpty={(page) => page.items.length === 0}
        empty={{ title: t('repairsMineEmpty'), action: { label: t('repairsReport'), onTap: report } }}
      >
        {(page) => (
          <View data-testid="my-tickets">
            {page.items.map((ticket) => (
              <TicketCard key={ticket.id} ticket={ticket} withTimeline />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
