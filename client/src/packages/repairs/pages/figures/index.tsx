import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Action, ButtonRow } from '../../../../components/action';
import { BarChart } from '../../../../components/bar-chart';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { shanghaiDate, shiftMonth } from '../../../../services/meals-format';
import { figures, repairsChanged } from '../../../../services/repairs';
import { averageText, durationText, ticketStatusName } from '../../../../services/repairs-labels';
import { teamOf } from '../../components/team';

/**
 * The month's figures the server computes for the team: reported, fixed, overdue now, median time
 * to fix, average rating, and as bars (drawn with Views, the same in weapp and h5) the open tickets
 * by status and what each technician and category fixed.
 */
export default function FiguresPage() {
  const { user } = useUser();
  const team = teamOf(user, 'operator', useRouter().params);
  const [month, setMonth] = useState(shanghaiDate(new Date()).slice(0, 7));
  const data = useRemote(
    () => figures(team!.communityId, month),
    team !== null,
    [repairsChanged],
    `${team?.communityId}-${month}`,
  );
  const count = (n: number) => t('repairsCount', { n });
  return (
    <Page className="repairs" title="repairsFigures">
      <PageHeader
        title={t('repairsFigures')}
        subtitle={t('repairsMonth', { month })}
        testId="figures-month"
      />
      <ButtonRow>
        <Action
          label={t('repairsPrevMonth')}
          testId="prev-month"
          onTap={() => setMonth(shiftMonth(month, -1))}
        />
        <Action
          label={t('repairsNextMonth')}
          testId="next-month"
          onTap={() => setMonth(shiftMonth(month, 1))}
        />
      </ButtonRow>
      <RemoteView source={data} isEmpty={() => false} empty={{ title: '' }} cards={2}>
        {(f) => (
          <View data-testid="figures">
            <Card>
              <ListItem
                title={t('repairsReported')}
                value={count(f.reported)}
                valueTestId="figure-reported"
              />
              <ListItem
                title={t('repairsResolved')}
                value={count(f.resolved)}
                valueTestId="figure-resolved"
              />
              <ListItem
                title={t('repairsOverdueNow')}
                value={count(f.overdue)}
                valueTestId="figure-overdue"
              />
              <ListItem title={t('repairsMedian')} value={durationText(f.medianMinutesToResolve)} />
              <ListItem
                title={t('repairsAverageRating')}
                value={averageText(f.averageRating)}
                valueTestId="figure-rating"
              />
            </Card>
            <Card title={t('repairsOpenByStatus')}>
              {f.openByStatus.length === 0 ? (
                <Text className="hint">{t('repairsNone')}</Text>
              ) : (
                <BarChart
                  title={t('repairsOpenByStatus')}
                  bars={f.openByStatus.map((s) => ({
                    label: ticketStatusName(s.status),
                    value: s.count,
                    valueText: count(s.count),
                  }))}
                />
              )}
            </Card>
            <Card title={t('repairsPerTechnician')}>
              <BarChart
                title={t('repairsPerTechnician')}
                tone="info"
                bars={f.perTechnician.map((r) => ({
                  label: r.label,
                  value: r.resolved,
                  valueText: count(r.resolved),
                }))}
              />
            </Card>
            <Card title={t('repairsPerCategory')}>
              <BarChart
                title={t('repairsPerCategory')}
                tone="success"
                bars={f.perCategory.map((r) => ({
                  label: r.label,
                  value: r.resolved,
                  valueText: count(r.resolved),
                }))}
              />
            </Card>
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
