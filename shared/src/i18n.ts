/**
 * The two languages people read the product in, and the one rule for filling message templates.
 * Client and server both render messages through `formatMessage`, so a code and its parameters
 * read the same on the phone as in the API response.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** Chinese first: most people using the product read it; English is for staff and developers. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Text a person will read, given in every locale. */
export type LocalizedText = Readonly<Record<Locale, string>>;

/** A value that goes into a template: plain (a number, an id) or already translated. */
export type MessageParam = string | number | LocalizedText;
export type MessageParams = Readonly<Record<string, MessageParam>>;

export function isLocalizedText(value: unknown): value is LocalizedText {
  return (
    typeof value === 'object' &&
    value !== null &&
    LOCALES.every((locale) => typeof (value as Record<string, unknown>)[locale] === 'string')
  );
}

/** Picks the text for `locale` from a translated value; plain values pass through as strings. */
export function localize(value: MessageParam, locale: Locale): string {
  return isLocalizedText(value) ? value[locale] : String(value);
}

/**
 * Fills `{name}` placeholders. A placeholder with no value is left visible rather than blanked, so a
 * missing parameter shows up in review instead of producing a silently wrong sentence.
 */
export function formatMessage(template: string, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE) {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? localize(params[name], locale) : whole,
  );
}
