/**
 * The person's display preferences: care mode (适老化: larger text and touch targets) and language.
 * Remembered per user in Taro storage (localStorage in h5, wx storage in the mini-program), so an
 * elder who turned care mode on finds it on again after signing in, while a carer sharing the phone
 * keeps their own. Before anyone signs in, the device's last choice applies.
 */
import Taro from '@tarojs/taro';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@linli/shared/i18n';
import { setLocale } from '../i18n';
import { syncTabBarTexts } from './tab-bar';

export interface Preferences {
  careMode: boolean;
  locale: Locale;
}

export const DEFAULT_PREFERENCES: Preferences = { careMode: false, locale: DEFAULT_LOCALE };
const DEVICE_KEY = 'linli.prefs.device';
const userKey = (userId: string) => `linli.prefs.${userId}`;

type Listener = (prefs: Preferences) => void;
const listeners = new Set<Listener>();
let owner: string | null = null;
let current: Preferences = { ...DEFAULT_PREFERENCES };

function read(key: string): Preferences {
  try {
    const value = Taro.getStorageSync(key) as unknown;
    if (value && typeof value === 'object') {
      const { careMode, locale } = value as Record<string, unknown>;
      return {
        careMode: careMode === true,
        locale: LOCALES.includes(locale as Locale) ? (locale as Locale) : DEFAULT_LOCALE,
      };
    }
  } catch {
    // Unreadable storage: defaults.
  }
  return { ...DEFAULT_PREFERENCES };
}

/** The CSS class on <html> in care mode (h5), for what sits outside the page root: the tab bar. */
export const CARE_DOCUMENT_CLASS = 'linli-care';

interface DocumentLike {
  documentElement: { lang: string; classList: { toggle(name: string, on: boolean): unknown } };
}

function apply(next: Preferences): void {
  const localeChanged = next.locale !== current.locale;
  current = next;
  setLocale(next.locale);
  // h5: screen readers pick their voice from the document's language.
  const doc = (globalThis as { document?: DocumentLike }).document;
  if (doc) {
    doc.documentElement.lang = next.locale;
    doc.documentElement.classList.toggle(CARE_DOCUMENT_CLASS, next.careMode);
  }
  if (localeChanged) void syncTabBarTexts();
  for (const listener of listeners) listener(next);
}

// Before anyone signs in: the device's last choice.
apply(read(DEVICE_KEY));

export function getPreferences(): Preferences {
  return current;
}

/** Switches to this user's remembered preferences (or the device's, when nobody is signed in). */
export function loadPreferencesFor(userId: string | null): void {
  owner = userId;
  const stored = userId ? Taro.getStorageSync(userKey(userId)) : '';
  apply(stored ? read(userKey(userId!)) : read(DEVICE_KEY));
}

export function updatePreferences(change: Partial<Preferences>): Preferences {
  const next = { ...current, ...change };
  Taro.setStorageSync(DEVICE_KEY, next);
  if (owner) Taro.setStorageSync(userKey(owner), next);
  apply(next);
  return next;
}

/** Removes what is remembered for a user (their account was deleted); the device's choice stays. */
export function forgetPreferencesOf(userId: string): void {
  Taro.removeStorageSync(userKey(userId));
  if (owner === userId) owner = null;
}

export function subscribePreferences(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
