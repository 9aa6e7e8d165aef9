import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { EVALUATED_SERVICES, type EvaluatedService } from '@linli/shared/evaluations';
import { Action, ButtonRow } from '../../../../components/action';
import { BarChart } from '../../../../components/bar-chart';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { EmptyState } from '../../../../components/states';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { getLocale, t, type MessageKey } from '../../../../i18n';
import { averageText, evaluationsChanged, monthlyFigures } from '../../../../services/evaluations';
import { shanghaiDate, shiftMonth } from '../../../../services/meals-format';
import { committeeCommunityIds } from '../../../../services/roles';

const SERVICE_KEYS: Record<EvaluatedService, MessageKey> = {
  meals: 'serviceMeals',
  repairs: 'serviceRepairs',
  daycare: 'serviceDaycare',
  pledges: 'servicePledges',
};

/** "2031-03" → "3月" / "Mar": the chart's month labels. */
function monthLabel(month: string): string {
  return t('evalMonthShort', { year: month.slice(0, 4), month: Number(month.slice(5)) });
}

/**
 * The committee's evaluation page (效果共评): per service and month, the average per question (none
 * from fewer than 5 ratings), how many rated and the share of those served, the 12-month trend as
 * a chart, and the worst-rated items with their comments.
 */
export default function EvaluationsPage() {
  usePreferences();
  const { user } = useUser();
  const communityId = user ? (committeeCommunityIds(user)[0] ?? '') : '';
  const [service, setService] = useState<EvaluatedService>('meals');
  const [month, setMonth] = useState(shanghaiDate(new Date()).slice(0, 7));
  const figures = useRemote(
    () => monthlyFigures(communityId, service, month),
    communityId !== '',
    [evaluationsChanged],
    `${communityId}:${service}:${month}`,
  );
  const locale = getLocale();

  return (
    <Page title="evalTitle">
      <PageHeader title={t('evalTitle')} subtitle={t('evalIntro')} />
      {user && communityId === '' && <EmptyState title={t('evalCommitteeOnly')} />}
      <Choice<EvaluatedService>
        label={t('evalService')}
        asTabs
        testId="eval-service"
        options={EVALUATED_SERVICES.map((s) => ({ value: s, label: t(SERVICE_KEYS[s]) }))}
        selected={service}
        onSelect={setService}
      />
      <ButtonRow>
        <Action label={t('evalPrevMonth')} testId="eval-prev" onTap={() => setMonth(shiftMonth(month, -1))} />
        <Action label={t('evalNextMonth')} testId="eval-next" onTap={() => setMonth(shiftMonth(month, 1))} />
      </ButtonRow>
      <RemoteView source={figures} isEmpty={() => false} empty={{ title: '' }}>
        {(f) => {
          const questions = f.questions.map((q) => ({ key: q.key, label: q.label[locale] }));
          const withAverage = questions.filter((q) => f.averages[q.key]?.value !== null);
          return (
            <View data-testid="eval-figures" data-month={f.month} data-service={f.service}>
              <Card title={t('evalMonthTitle', { month: monthLabel(f.month) })} testId="eval-summary">
                <ListItem title={t('evalRatings')} value={String(f.ratings)} valueTestId="eval-ratings" />
                <ListItem title={t('evalServed')} value={String(f.served)} />
                <ListItem
                  title={t('evalShare')}
                  value={
                    f.ratedSharePercentX100 === null ? '—' : `${(f.ratedSharePercentX100 / 100).toFixed(1)}%`
                  }
                />
              </Card>
              <SectionTitle>{t('evalAverages')}</SectionTitle>
              {withAverage.length > 0 ? (
                <BarChart
                  title={t('evalAverages')}
                  bars={withAverage.map((q) => ({
                    label: q.label,
                    value: f.averages[q.key].value ?? 0,
                    valueText: averageText(f.averages[q.key].value ?? 0),
                  }))}
                />
              ) : (
                <Text className="hint" data-testid="eval-too-few">
                  {t('evalTooFew', { count: f.ratings })}
                </Text>
              )}
              <SectionTitle>{t('evalTrend')}</SectionTitle>
              <View data-testid="eval-trend">
                <BarChart
                  title={t('evalTrend')}
                  bars={f.trend.map((m) => ({
                    label: monthLabel(m.month),
                    value: m.ratings,
                    valueText:
                      m.ratings === 0
                        ? t('evalTrendNone')
                        : t('evalTrendValue', { count: m.ratings, average: averageOfMonth(m.averages) }),
                  }))}
                />
              </View>
              {f.worst.length > 0 && (
                <View>
                  <SectionTitle>{t('evalWorst')}</SectionTitle>
                  {f.worst.map((r) => (
                    <Card key={r.id} testId="eval-worst">
                      <Text className="booking-line">
                        {questions
                          .map((q) => `${q.label} ${r.scores[q.key] ?? '—'}`)
                          .join(t('listSeparator'))}
                      </Text>
                      {r.comment && <Text className="hint">{r.comment}</Text>}
                      {r.reply && <Text className="hint">{t('evalReply', { text: r.reply.text })}</Text>}
                    </Card>
                  ))}
                </View>
              )}
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}

/** A month's mean over its questions (× 100) as text, or "—" under the small-number rule. */
function averageOfMonth(averages: Record<string, number | null>): string {
  const values = Object.values(averages).filter((v): v is number => v !== null);
  if (values.length === 0) return '—';
  return averageText(Math.round(values.reduce((a, b) => a + b, 0) / values.length));
}
