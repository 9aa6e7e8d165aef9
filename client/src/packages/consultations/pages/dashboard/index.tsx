import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  consultationsChanged,
  getConsultation,
  nonVoters,
  remind,
  turnout,
} from '../../../../services/consultations';
import { formatArea } from '../../../../services/consultations-format';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { GaugeRow } from '../../components/results';

/**
 * The committee's live dashboard for one vote: turnout overall and by building (how many, never
 * for what, until close), for an owners' decision the gauges with what is still missing, and the
 * doors that have not voted, to knock on or remind. Each ballot's turnout event refetches it.
 */
export default function ConsultationDashboardPage() {
  usePreferences();
  const { user } = useUser();
  const { id = '' } = useRouter().params;
  const signedIn = user !== null && id !== '';
  const c = useRemote(() => getConsultation(id), signedIn, [consultationsChanged], id);
  const figures = useRemote(() => turnout(id), signedIn, [consultationsChanged], id);
  const missing = useRemote(() => nonVoters(id), signedIn, [consultationsChanged], id);
  const [reminding, setReminding] = useState(false);

  const sendReminder = async () => {
    setReminding(true);
    try {
      const n = await remind(id);
      void Taro.showToast({ title: t('consReminded', { n }), icon: 'none', duration: 3000 });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setReminding(false);
    }
  };

  return (
    <Page title="consDashboard">
      <PageHeader title={t('consDashboard')} subtitle={t('consDashboardLive')} />
      {c.data && (
        <Card>
          <ListItem
            title={<Text className="list-item-title">{c.data.title}</Text>}
            detail={c.data.statusName}
            testId="dashboard-consultation"
            onTap={() => void Taro.navigateTo({ url: `/packages/consultations/pages/detail/index?id=${id}` })}
          />
        </Card>
      )}
      <RemoteView source={figures} isEmpty={() => false} empty={{ title: t('consEmpty') }}>
        {(f) => (
          <Card title={t('consDashboard')} testId="turnout">
            <View data-testid="turnout-total" data-voted={f.voted} data-eligible={f.eligible}>
              <ProgressBar
                label={t('consTurnoutAll')}
                value={f.voted}
                max={f.eligible}
                valueText={t('consTurnoutLine', { voted: f.voted, eligible: f.eligible })}
              />
            </View>
            {f.byBuilding.map((b) => (
              <View key={b.buildingId} data-testid="turnout-building">
                <ProgressBar
                  label={b.buildingName}
                  value={b.voted}
                  max={b.eligible}
                  valueText={t('consTurnoutLine', { voted: b.voted, eligible: b.eligible })}
                />
              </View>
            ))}
            {f.gauges?.map((g) => (
              <GaugeRow key={g.key} gauge={g} />
            ))}
            {f.missing?.participation && (
              <Text className="strong" data-testid="missing-participation">
                {f.missing.participation}
              </Text>
            )}
            {f.missing?.approval && <Text className="strong">{f.missing.approval}</Text>}
          </Card>
        )}
      </RemoteView>
      {c.data?.actions.includes('remind') && (
        <Action
          kind="primary"
          label={t('consRemind')}
          busy={reminding}
          testId="remind"
          onTap={() => void sendReminder()}
        />
      )}
      <SectionTitle>{t('consNonVoters', { total: missing.data?.total ?? 0 })}</SectionTitle>
      <RemoteView
        source={missing}
        isEmpty={(d) => d.items.length === 0}
        empty={{ title: t('consNonVotersNone') }}
      >
        {(d) => (
          <Card testId="non-voters">
            {d.items.map((n) => (
              <ListItem
                key={n.householdId}
                testId="non-voter"
                title={`${n.buildingName} ${n.unit}`}
                detail={n.people
                  .map((p) => (p.phone ? `${p.displayName} ${p.phone}` : p.displayName))
                  .join('、')}
                value={n.areaCenti !== undefined ? `${formatArea(n.areaCenti)} m²` : undefined}
              />
            ))}
          </Card>
        )}
      </RemoteView>
    </Page>
  );
}
