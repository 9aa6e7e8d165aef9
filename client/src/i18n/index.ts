/**
 * One place for the app's strings: messages/<area>.ts holds each area's Chinese (the default) and
 * English side by side, and the type makes a missing English string a compile error. t() fills
 * {placeholders} with the same rule the server uses for its messages (formatMessage from
 * @linli/shared). A new area adds its file to AREAS; i18n.test.ts refuses a key defined twice.
 */
import { DEFAULT_LOCALE, formatMessage, type Locale, type MessageParams } from '@linli/shared/i18n';
import * as common from './messages/common';
import * as emergency from './messages/emergency';
import * as consultations from './messages/consultations';
import * as kit from './messages/kit';
import * as daycare from './messages/daycare';
import * as meals from './messages/meals';
import * as me from './messages/me';
import * as notices from './messages/notices';
import * as pledges from './messages/pledges';
import * as ratings from './messages/ratings';
import * as repairs from './messages/repairs';
import * as staff from './messages/staff';

export const AREAS = {
  common,
  kit,
  notices,
  me,
  staff,
  meals,
  pledges,
  emergency,
  repairs,
  consultations,
  daycare,
  ratings,
};

type Area = (typeof AREAS)[keyof typeof AREAS];
type KeysOf<A> = A extends { zhCN: infer Z } ? keyof Z : never;
export type MessageKey = KeysOf<Area>;

function table(locale: Locale): Record<MessageKey, string> {
  const merged: Record<string, string> = {};
  for (const area of Object.values(AREAS)) Object.assign(merged, locale === 'en' ? area.en : area.zhCN);
  return merged as Record<MessageKey, string>;
}

const TABLES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': table('zh-CN'), en: table('en') };

let current: Locale = DEFAULT_LOCALE;
const listeners = new Set<(locale: Locale) => void>();

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  for (const listener of listeners) listener(locale);
}

export function getLocale(): Locale {
  return current;
}

/** Pages re-render on a language switch through this (see hooks/use-preferences). */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(TABLES[current][key], params, current);
}
