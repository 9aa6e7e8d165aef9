import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { usePreferences } from '../hooks/use-preferences';
import { t, type MessageKey } from '../i18n';
import { syncTabBarTexts } from '../services/tab-bar';

interface PageProps {
  className?: string;
  /** The navigation bar's title, in the person's language (page configs can only hold one). */
  title?: MessageKey;
}

/**
 * Every page's root. Care mode is a theme, not a second set of pages: the `care` class on this
 * root scales text and touch targets (app.css), so each page is written once. Each time a page is
 * shown it also puts the navigation bar and the tab bar in the person's language.
 */
export function Page({ children, className, title }: PropsWithChildren<PageProps>) {
  const { careMode } = usePreferences();
  useDidShow(() => {
    if (title) void Taro.setNavigationBarTitle({ title: t(title) }).catch(() => undefined);
    void syncTabBarTexts();
  });
  const classes = ['page', careMode ? 'care' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={classes} data-care-mode={careMode ? 'on' : 'off'}>
      {children}
    </View>
  );
}
