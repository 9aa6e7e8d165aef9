import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { roleOf } from './a11y';
import { Action } from './action';
import { Icon, type IconName } from './icon';

/** Grey blocks where content is coming: `rows` lines in `cards` cards; read as 正在加载. */
export function Skeleton({
  cards = 2,
  rows = 2,
  testId,
}: {
  cards?: number;
  rows?: number;
  testId?: string;
}) {
  return (
    <View
      className="skeleton"
      {...roleOf('status')}
      ariaLabel={t('loadingLabel')}
      aria-busy="true"
      data-testid={testId ?? 'skeleton'}
    >
      {Array.from({ length: cards }, (_, card) => (
        <View className="skeleton-card" key={card}>
          {Array.from({ length: rows }, (_, row) => (
            <View key={row} className={`skeleton-line ${row === rows - 1 ? 'skeleton-line-short' : ''}`} />
          ))}
        </View>
      ))}
    </View>
  );
}

export interface NextStep {
  label: string;
  onTap: () => void;
  testId?: string;
}

/** Nothing to show yet, and what to do about it (a next step, never a dead end when there is one). */
export function EmptyState({
  title,
  hint,
  action,
  icon = 'empty',
  testId,
}: {
  title: string;
  hint?: string;
  action?: NextStep;
  icon?: IconName;
  testId?: string;
}) {
  return (
    <View className="state" data-testid={testId ?? 'empty-state'}>
      <Icon name={icon} />
      <Text className="state-title">{title}</Text>
      {hint && <Text className="state-hint">{hint}</Text>}
      {action && <Action kind="secondary" label={action.label} testId={action.testId} onTap={action.onTap} />}
    </View>
  );
}

/** A failed load: what went wrong, in words, and a retry. */
export function ErrorState({
  message,
  onRetry,
  testId,
}: {
  message: string;
  onRetry: () => void;
  testId?: string;
}) {
  return (
    <View className="state state-error" {...roleOf('alert')} data-testid={testId ?? 'error-state'}>
      <Icon name="error" />
      <Text className="state-title">{t('errorTitle')}</Text>
      <Text className="state-hint">{message}</Text>
      <Action kind="primary" label={t('retry')} testId="retry" onTap={onRetry} />
    </View>
  );
}
