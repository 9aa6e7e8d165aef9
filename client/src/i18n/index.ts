/**
 * One place for the app's strings. zh-CN is the default; t() fills {placeholders} with the same
 * rule the server uses for its messages (formatMessage from @linli/shared).
 */
import { DEFAULT_LOCALE, formatMessage, type Locale, type MessageParams } from '@linli/shared/i18n';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

const TABLES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

let current: Locale = DEFAULT_LOCALE;

export function setLocale(locale: Locale): void {
  current = locale;
}

export function getLocale(): Locale {
  return current;
}

export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(TABLES[current][key], params, current);
}

export type { MessageKey };
