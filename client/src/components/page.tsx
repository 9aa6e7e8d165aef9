import { useEffect, type PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { usePreferences } from '../hooks/use-preferences';
import { t, type MessageKey } from '../i18n';
import { syncTabBarTexts } from '../services/tab-bar';
import { ConnectionBanner } from './connection-banner';

interface PageProps {
  className?: string;
  /** The navigation bar's title, in the person's language (page configs can only hold one). */
  title?: MessageKey;
}

/**
 * Every page's root. Care mode is a theme, not a second set of pages: the `care` class on this
 * root switches the design tokens to their care set (styles/tokens.css), so each page is written
 * once. The navigation bar and the tab bar follow the person's language each time the page shows
 * and when the language changes; the connection banner says when live updates are interrupted.
 */
export function Page({ children, className, title }: PropsWithChildren<PageProps>) {
  const { careMode, locale } = usePreferences();
  const setTitle = () => {
    if (title) void Taro.setNavigationBarTitle({ title: t(title) }).catch(() => undefined);
  };
  useDidShow(() => {
    setTitle();
    void syncTabBarTexts();
  });
  // A switch of language re-renders in place: the bar's title follows without a relaunch.
  useEffect(setTitle, [locale, title]);
  const classes = ['page', careMode ? 'care' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={classes} data-care-mode={careMode ? 'on' : 'off'} {...{ lang: locale }}>
      <ConnectionBanner />
      {children}
    </View>
  );
}
