import type { PropsWithChildren } from 'react';
import { Button } from '@tarojs/components';
import { t } from '../i18n';
import { roleOf } from './a11y';

export type ActionKind = 'primary' | 'secondary' | 'danger' | 'plain';

interface ActionProps {
  /** What a screen reader says; also the text when no children are given. */
  label: string;
  onTap: () => void;
  kind?: ActionKind;
  disabled?: boolean;
  /** In progress (saving, booking): says so, and a second tap does nothing. */
  busy?: boolean;
  /** The words while busy ('预订中…'); default 处理中…. */
  busyLabel?: string;
  /** Sits beside other actions instead of filling the row. */
  inline?: boolean;
  testId?: string;
}

/**
 * The button: primary (the one thing to do), secondary, danger (deletes, ends, withdraws) or plain;
 * disabled, or busy while its work runs. A native <button> in the mini-program; in h5 Taro renders
 * a custom element, so it gets role="button" and an aria-label there. At least a target tall.
 */
export function Action({
  label,
  onTap,
  kind = 'plain',
  disabled = false,
  busy = false,
  busyLabel,
  inline = false,
  testId,
  children,
}: PropsWithChildren<ActionProps>) {
  const inactive = disabled || busy;
  const classes = [
    'btn',
    kind === 'plain' ? '' : `btn-${kind}`,
    inline ? 'btn-inline' : '',
    disabled ? 'btn-disabled' : '',
    busy ? 'btn-busy' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={classes}
      {...roleOf('button')}
      ariaLabel={busy ? (busyLabel ?? t('working')) : label}
      // Only when true: Taro's h5 button styles any `disabled` attribute, even disabled="false".
      disabled={disabled || undefined}
      loading={busy || undefined}
      data-testid={testId}
      data-busy={busy ? 'yes' : undefined}
      onClick={() => {
        if (!inactive) onTap();
      }}
      {...{ 'aria-disabled': inactive ? 'true' : 'false', 'aria-busy': busy ? 'true' : undefined }}
    >
      {busy ? (busyLabel ?? t('working')) : (children ?? label)}
    </Button>
  );
}

/** Buttons side by side, sharing the row. */
export { ButtonRow } from './button-row';
