import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { BarChart } from '../../../../components/bar-chart';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { committeeCommunityIds } from '../../../../services/roles';
import { daycareChanged, demand } from '../../../../services/daycare';

/**
 * The committee's view of demand for places in its community: children enquiring and waiting, by
 * age band and month. Counts only: no child's record reaches this page.
 */
export default function DaycareDemandPage() {
  usePreferences();
  const { user } = useUser();
  const communityId = user ? (committeeCommunityIds(user)[0] ?? '') : '';
  const [months, setMonths] = useState<'6' | '12'>('6');
  const source = useRemote(
    () => demand(communityId, Number(months)),
    communityId !== '',
    [daycareChanged],
    `${communityId}:${months}`,
  );
  return (
    <Page title="daycareDemandTitle">
      <PageHeader title={t('daycareDemandTitle')} subtitle={t('daycareDemandHint')} />
      <Choice
        label={t('daycareDemandPeriod')}
        options={[
          { value: '6', label: t('daycareDemandMonths', { months: 6 }) },
          { value: '12', label: t('daycareDemandMonths', { months: 12 }) },
        ]}
        selected={months}
        onSelect={setMonths}
        testId="daycare-demand-period"
      />
      {user && communityId === '' && <Text className="hint">{t('daycareDemandNoCommittee')}</Text>}
      <RemoteView
        source={source}
        isEmpty={(d) => d.bands.length === 0}
        empty={{ title: t('daycareDemandEmpty') }}
      >
        {(d) => (
          <View>
            {d.bands.map((band) => (
              <Card key={band.band} title={band.name} testId="daycare-demand-band">
                <Text className="label">{t('daycareDemandEnquiries', { name: band.name })}</Text>
                <BarChart
                  title={t('daycareDemandEnquiries', { name: band.name })}
                  bars={d.months.map((month, i) => ({ label: month, value: band.enquiries[i] ?? 0 }))}
                  total={{
                    label: t('daycareTotal'),
                    valueText: String(band.enquiries.reduce((a, b) => a + b, 0)),
                  }}
                />
                <Text className="label">{t('daycareDemandWaiting', { name: band.name })}</Text>
                <BarChart
                  title={t('daycareDemandWaiting', { name: band.name })}
                  tone="warning"
                  bars={d.months.map((month, i) => ({ label: month, value: band.waitlisted[i] ?? 0 }))}
                />
              </Card>
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
