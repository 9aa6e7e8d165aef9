import type { PropsWithChildren } from 'react';
import { Button } from '@tarojs/components';

export type ActionKind = 'primary' | 'secondary' | 'danger' | 'plain';

interface ActionProps {
  /** What a screen reader says; defaults to nothing extra when the visible text says it all. */
  label: string;
  onTap: () => void;
  kind?: ActionKind;
  disabled?: boolean;
  /** Sits beside other actions instead of filling the row. */
  inline?: boolean;
  testId?: string;
}

/**
 * A button: native <button> in the mini-program; in h5 Taro renders a custom element, so it gets
 * role="button" and an aria-label there. At least 44 CSS px tall in either mode (app.css .btn).
 */
export function Action({
  label,
  onTap,
  kind = 'plain',
  disabled = false,
  inline = false,
  testId,
  children,
}: PropsWithChildren<ActionProps>) {
  const classes = [
    'btn',
    kind === 'plain' ? '' : `btn-${kind}`,
    inline ? 'btn-inline' : '',
    disabled ? 'btn-disabled' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Button
      className={classes}
      ariaLabel={label}
      // Only when true: Taro's h5 button styles any `disabled` attribute, even disabled="false".
      disabled={disabled || undefined}
      data-testid={testId}
      onClick={() => {
        if (!disabled) onTap();
      }}
      {...{ role: 'button', 'aria-disabled': disabled ? 'true' : 'false' }}
    >
      {children ?? label}
    </Button>
  );
}
