/**
 * The tab bar's texts in the person's language. app.config.ts must keep them literal (it is
 * compiled to JSON), so they start in Chinese and are replaced with Taro.setTabBarItem. The
 * mini-program refuses while no tab bar is on screen, so every page's show tries again until it
 * has worked for the current language.
 */
import Taro from '@tarojs/taro';
import { DEFAULT_LOCALE, type Locale } from '@linli/shared/i18n';
import { getLocale, t, type MessageKey } from '../i18n';

/** In the order of app.config.ts's tabBar.list. */
export const TAB_TEXT_KEYS: readonly MessageKey[] = ['tabHome', 'tabNotices', 'tabMe'];

/** Taro's h5 setTabBarItem never settles while no tab bar listens (before the first tab page). */
const ATTEMPT_TIMEOUT_MS = 2000;

let shown: Locale = DEFAULT_LOCALE;
let running: Promise<void> | null = null;

/** Sets the texts when they are not yet in the current language; never throws. */
export async function syncTabBarTexts(): Promise<void> {
  // One attempt at a time; a call during one waits for it, then checks again.
  while (running) await running;
  const locale = getLocale();
  if (locale === shown) return;
  running = (async () => {
    try {
      for (const [index, key] of TAB_TEXT_KEYS.entries()) {
        await withTimeout(Taro.setTabBarItem({ index, text: t(key) }), ATTEMPT_TIMEOUT_MS);
      }
      shown = locale;
    } catch {
      // No tab bar right now: the next page shown tries again.
    }
  })();
  try {
    await running;
  } finally {
    running = null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('setTabBarItem did not answer')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** For tests: back to the texts app.config.ts starts with. */
export function resetTabBarTexts(): void {
  shown = DEFAULT_LOCALE;
}
