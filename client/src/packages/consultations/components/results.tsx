import { Text, View } from '@tarojs/components';
import type { Consultation } from '../../../services/consultations';
import { formatArea, gaugeWords } from '../../../services/consultations-format';
import { t } from '../../../i18n';
import { BarChart } from '../../../components/bar-chart';
import { Card } from '../../../components/card';
import { ProgressBar } from '../../../components/progress-bar';
import { StatusBadge } from '../../../components/status-badge';
import type { Gauge } from '@linli/shared/consultations';

type Results = NonNullable<Consultation['results']>;

/**
 * One gauge as a bar toward its goal, with its figures and, in words, what the rule asks and
 * whether it is met. The bar's goal is the threshold's share of the whole (2/3 of all area).
 */
export function GaugeRow({ gauge }: { gauge: Gauge }) {
  const words = gaugeWords(gauge);
  const { numerator, denominator } = gauge.threshold.fraction;
  // The goal in the gauge's unit, rounded up: the bar is full once the rule is (about) met.
  const goal = Math.max(1, Math.ceil((gauge.of * numerator) / denominator));
  return (
    <View data-testid="gauge" data-gauge={gauge.key} data-met={gauge.met ? 'yes' : 'no'}>
      <ProgressBar label={words.label} value={gauge.value} max={goal} valueText={words.figures} />
      <Text className="hint">{words.rule}</Text>
    </View>
  );
}

/** The count as a resident reads it: bars per choice, the art. 278 gauges, then per building (公示). */
export function ResultsView({
  results,
  options,
}: {
  results: Results;
  options: Consultation['ballot']['options'];
}) {
  const owners = results.owners;
  return (
    <>
      <Card title={t('consResultTitle')} testId="results">
        {results.passed !== undefined && (
          <StatusBadge
            tone={results.passed ? 'success' : 'danger'}
            label={t(results.passed ? 'consPassed' : 'consNotPassed')}
            testId="result-passed"
          />
        )}
        <BarChart
          title={t('consResultTitle')}
          bars={results.byOption.map((o) => ({
            label: o.label,
            value: o.ballots,
            valueText:
              o.areaCenti !== undefined ? `${o.ballots} · ${formatArea(o.areaCenti)} m²` : String(o.ballots),
          }))}
          total={{ label: t('consResultBallots', { ballots: results.ballots }), valueText: '' }}
        />
      </Card>
      {owners && (
        <Card title={t('consEligibilityOwner')} testId="owners-count">
          <Text className="hint">{t('consOwnersExplain')}</Text>
          {owners.gauges.map((g) => (
            <GaugeRow key={g.key} gauge={g} />
          ))}
        </Card>
      )}
      {results.byBuilding.length > 0 && (
        <Card title={t('consResultByBuilding')} testId="results-by-building">
          {results.byBuilding.map((b) => (
            <BarChart
              key={b.buildingId}
              title={b.buildingName}
              bars={b.byOption.map((o) => ({
                label: `${b.buildingName} ${options.find((x) => x.id === o.id)?.label ?? o.label}`,
                value: o.ballots,
              }))}
            />
          ))}
        </Card>
      )}
    </>
  );
}
