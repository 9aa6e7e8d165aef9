import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';

export type CardVariant = 'plain' | 'highlight' | 'outlined' | 'flagged';

interface CardProps {
  title?: string;
  variant?: CardVariant;
  /** Makes the whole card one target (a button named `label`). */
  onTap?: () => void;
  /** What a screen reader says for a tappable card, or a group's name. */
  label?: string;
  /** `alert` for what must be read out at once (an emergency). */
  role?: string;
  testId?: string;
  className?: string;
  data?: Record<string, string>;
}

/**
 * A surface that groups one thing: plain, highlight (the one thing to do next), outlined (a preview)
 * or flagged (needs attention). Tappable cards are buttons and at least a target tall.
 */
export function Card({
  title,
  variant = 'plain',
  onTap,
  label,
  role,
  testId,
  className,
  data,
  children,
}: PropsWithChildren<CardProps>) {
  const classes = [
    'card',
    variant === 'plain' ? '' : `card-${variant}`,
    onTap ? 'card-tappable' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  const dataProps = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <View
      className={classes}
      data-testid={testId}
      {...dataProps}
      {...roleOf(role ?? (onTap ? 'button' : undefined))}
      ariaLabel={label ?? (onTap ? title : undefined)}
      onClick={onTap}
    >
      {title && <Text className="card-title">{title}</Text>}
      {children}
    </View>
  );
}
