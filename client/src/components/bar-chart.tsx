import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { roleOf } from './a11y';
import type { Tone } from './status-tones';

export interface Bar {
  label: string;
  value: number;
  /** The value as shown (¥12.00, 8 份); default the number. */
  valueText?: string;
}

/** Each bar's length as a share of the largest (the longest bar fills the row). */
export function barShares(bars: readonly Bar[]): number[] {
  const top = Math.max(0, ...bars.map((b) => b.value));
  return bars.map((b) => (top > 0 && b.value > 0 ? b.value / top : 0));
}

/**
 * Figures a person compares (bookings per day, subsidy per tier) as horizontal bars drawn with
 * Views: the same in the mini-program and h5, no canvas, nothing to load. Each row has its label
 * and value in text, so the chart is also the table; `total` adds the total last. One image to a
 * screen reader, named with every figure.
 */
export function BarChart({
  title,
  bars,
  total,
  tone = 'primary',
}: {
  title: string;
  bars: Bar[];
  total?: { label: string; valueText: string };
  tone?: Tone;
}) {
  const shares = barShares(bars);
  const list = bars.map((b) => `${b.label} ${b.valueText ?? b.value}`).join(', ');
  return (
    <View className="chart" {...roleOf('img')} ariaLabel={t('chartLabel', { title, list })}>
      {bars.map((bar, i) => (
        <View className="chart-row" key={bar.label}>
          <View className="chart-head">
            <Text>{bar.label}</Text>
            <Text className="strong">{bar.valueText ?? String(bar.value)}</Text>
          </View>
          <View className="chart-track">
            <View
              className={`chart-bar ${tone === 'primary' ? '' : `tone-${tone}`}`}
              style={{ width: `${Math.round(shares[i] * 100)}%` }}
            />
          </View>
        </View>
      ))}
      {total && (
        <View className="chart-total">
          <Text>{total.label}</Text>
          <Text>{total.valueText}</Text>
        </View>
      )}
    </View>
  );
}
