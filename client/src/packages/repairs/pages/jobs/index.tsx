import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TicketView } from '@linli/shared/repairs';
import { Action } from '../../../../components/action';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { moveTicket, myJobs, repairsChanged } from '../../../../services/repairs';
import { TicketCard, detailUrl } from '../../components/ticket-card';

/**
 * A technician's jobs: those assigned to them (earliest due first), then the team's open ones
 * nobody has, with a claim button. Live: a dispatch to them shows without a reload.
 */
export default function JobsPage() {
  const { user } = useUser();
  const jobs = useRemote(() => myJobs(), user !== null, [repairsChanged]);
  const [busy, setBusy] = useState<string | null>(null);
  const claim = async (ticket: TicketView) => {
    setBusy(ticket.id);
    try {
      await moveTicket(ticket.id, { action: 'claim' });
      void Taro.navigateTo({ url: detailUrl(ticket.id) });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      jobs.reload();
    }
  };
  return (
    <Page className="repairs" title="repairsJobs">
      <PageHeader title={t('repairsJobs')} />
      <RemoteView
        source={jobs}
        isEmpty={(page) => page.items.length === 0}
        empty={{ title: t('repairsJobsEmpty') }}
      >
        {(page) => {
          const mine = page.items.filter((i) => i.assignee?.id === user?.id);
          const open = page.items.filter((i) => !i.assignee);
          return (
            <View data-testid="jobs">
              {mine.length > 0 && <SectionTitle>{t('repairsAssignedToMe')}</SectionTitle>}
              <View data-testid="jobs-mine">
                {mine.map((ticket) => (
                  <TicketCard key={ticket.id} ticket={ticket} />
                ))}
              </View>
              {open.length > 0 && <SectionTitle>{t('repairsClaimable')}</SectionTitle>}
              <View data-testid="jobs-claimable">
                {open.map((ticket) => (
                  <TicketCard key={ticket.id} ticket={ticket}>
                    {ticket.actions.includes('claim') && (
                      <Action
                        kind="primary"
                        label={t('repairsActionClaim')}
                        busy={busy === ticket.id}
                        testId="claim"
                        onTap={() => void claim(ticket)}
                      />
                    )}
                  </TicketCard>
                ))}
              </View>
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}
