import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { usePreferences } from '../hooks/use-preferences';

/**
 * Every page's root. Care mode is a theme, not a second set of pages: the `care` class on this
 * root scales text and touch targets (app.css), so each page is written once.
 */
export function Page({ children, className }: PropsWithChildren<{ className?: string }>) {
  const { careMode } = usePreferences();
  const classes = ['page', careMode ? 'care' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={classes} data-care-mode={careMode ? 'on' : 'off'}>
      {children}
    </View>
  );
}
