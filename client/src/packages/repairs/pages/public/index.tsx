import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TicketView } from '@linli/shared/repairs';
import { Action } from '../../../../components/action';
import { Choice } from '../../../../components/choice';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { meToo, publicTickets, repairsChanged } from '../../../../services/repairs';
import { TicketCard } from '../../components/ticket-card';

/**
 * My community's reports in shared areas (whose report is not shown), open ones first: "me too"
 * on one counts me once and tells me of its progress, instead of a second report.
 */
export default function PublicTicketsPage() {
  const { user } = useUser();
  const communityId = user?.homes[0]?.communityId ?? '';
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const tickets = useRemote(
    () => publicTickets(communityId, status),
    Boolean(communityId),
    [repairsChanged],
    `${communityId}-${status}`,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const addMeToo = async (ticket: TicketView) => {
    setBusy(ticket.id);
    try {
      await meToo(ticket.id);
      void Taro.showToast({ title: t('repairsMeTooDone'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      tickets.reload();
    }
  };
  return (
    <Page className="repairs" title="repairsPublic">
      <PageHeader title={t('repairsPublic')} />
      <Choice
        label={t('repairsPublic')}
        asTabs
        options={[
          { value: 'open', label: t('repairsOpenOnly') },
          { value: 'closed', label: t('repairsStatusClosed') },
        ]}
        selected={status}
        onSelect={setStatus}
      />
      <RemoteView
        source={tickets}
        isEmpty={(page) => page.items.length === 0}
        empty={{
          title: t('repairsPublicEmpty'),
          action: {
            label: t('repairsReport'),
            onTap: () => void Taro.navigateTo({ url: '/packages/repairs/pages/report/index' }),
          },
        }}
      >
        {(page) => (
          <View data-testid="public-tickets">
            {page.items.map((ticket) => (
              <TicketCard key={ticket.id} ticket={ticket}>
                {ticket.actions.includes('meToo') && (
                  <Action
                    kind="secondary"
                    label={t('repairsMeToo')}
                    busy={busy === ticket.id}
                    testId="me-too"
                    onTap={() => void addMeToo(ticket)}
                  />
                )}
                {ticket.iSaidMeToo && <StatusBadge tone="info" label={t('repairsSaidMeToo')} />}
              </TicketCard>
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
