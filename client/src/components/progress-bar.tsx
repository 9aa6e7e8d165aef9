import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { roleOf } from './a11y';

/** How far along: 0..1 of the way, never beyond (more than the goal still fills the bar once). */
export function progressShare(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(1, value / max);
}

/**
 * Progress toward a goal (a pledge's households, a vote's turnout): the label, the figures, and a
 * bar; a progressbar to screen readers with the same figures.
 */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
  valueTestId,
}: {
  label: string;
  value: number;
  max: number;
  /** The figures as shown (12 / 20 户); default value / max. */
  valueText?: string;
  valueTestId?: string;
}) {
  const shown = valueText ?? `${value} / ${max}`;
  const percent = Math.round(progressShare(value, max) * 100);
  return (
    <View className="progress">
      <View className="progress-head">
        <Text>{label}</Text>
        <Text className="strong" data-testid={valueTestId}>
          {shown}
        </Text>
      </View>
      <View
        className="progress-track"
        {...roleOf('progressbar')}
        ariaLabel={t('progressLabel', { label, value, max })}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <View className="progress-fill" style={{ width: `${percent}%` }} />
      </View>
    </View>
  );
}
