import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  auditCsvPath,
  consultationsChanged,
  getConsultation,
  dashboardFigures,
  remind,
  type NonVoter,
} from '../../../../services/consultations';
import { exportCsv, exportedMessage } from '../../../../services/meals';
import { formatArea } from '../../../../services/consultations-format';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { GaugeRow } from '../../components/results';
import { PaperSheet } from '../../components/paper-sheet';

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
  // One remote for both, so a turnout event never shows a new count beside an old list of doors.
  const live = useRemote(() => dashboardFigures(id), signedIn, [consultationsChanged], id);
  const [reminding, setReminding] = useState(false);
  const [paperFor, setPaperFor] = useState<NonVoter | null>(null);
  const paper = c.data?.actions.includes('enterPaperBallot') ?? false;

  const download = async () => {
    try {
      const result = await exportCsv(auditCsvPath(id), `consultation-${id}.csv`);
      void Taro.showToast({ title: exportedMessage(result), icon: 'none', duration: 3000 });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };

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
            title={c.data.title}
            // Named by all it shows, so what is read out matches what is seen.
            label={`${c.data.title} ${c.data.statusName}`}
            detail={c.data.statusName}
            testId="dashboard-consultation"
            onTap={() => void Taro.navigateTo({ url: `/packages/consultations/pages/detail/index?id=${id}` })}
          />
        </Card>
      )}
      {c.data?.eligibility === 'owner' && (
        <Card>
          <ListItem
            icon="household"
            title={t('consOwnershipLink')}
            testId="ownership-link"
            onTap={() =>
              void Taro.navigateTo({
                url: `/packages/consultations/pages/ownership/index?communityId=${c.data!.communityId}`,
              })
            }
          />
        </Card>
      )}
      <RemoteView source={live} isEmpty={() => false} empty={{ title: t('consEmpty') }}>
        {({ turnout: f }) => (
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
      <SectionTitle>{t('consNonVoters', { total: live.data?.nonVoters.total ?? 0 })}</SectionTitle>
      <RemoteView
        source={live}
        isEmpty={(d) => d.nonVoters.items.length === 0}
        empty={{ title: t('consNonVotersNone') }}
      >
        {({ nonVoters: d }) => (
          <Card testId="non-voters">
            {d.items.map((n) => (
              <View key={n.householdId}>
                <ListItem
                  testId="non-voter"
                  title={`${n.buildingName} ${n.unit}`}
                  detail={n.people
                    .map((p) => (p.phone ? `${p.displayName} ${p.phone}` : p.displayName))
                    .join('、')}
                  value={n.areaCenti !== undefined ? `${formatArea(n.areaCenti)} m²` : undefined}
                />
                {paper && (
                  <Action
                    inline
                    label={t('consPaperFor', { unit: `${n.buildingName} ${n.unit}` })}
                    testId="paper-entry"
                    onTap={() => setPaperFor(n)}
                  >
                    {t('consPaper')}
                  </Action>
                )}
              </View>
            ))}
          </Card>
        )}
      </RemoteView>
      {c.data?.actions.includes('exportAudit') && (
        <Action label={t('consExport')} testId="audit-export" onTap={() => void download()} />
      )}
      {paperFor && c.data && (
        <PaperSheet
          consultation={c.data}
          door={paperFor}
          onClose={() => setPaperFor(null)}
          onEntered={() => live.reload()}
        />
      )}
    </Page>
  );
}
