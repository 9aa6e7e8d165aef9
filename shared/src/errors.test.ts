import { ERROR_MESSAGES, ERROR_STATUS, ErrorBodySchema, ErrorCode, FIELD_REASONS } from './errors';
import { formatMessage, LOCALES } from './i18n';

describe('error catalogue', () => {
  it('gives every code a status and a message in every locale', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      for (const locale of LOCALES) expect(ERROR_MESSAGES[code][locale]).toBeTruthy();
    }
    for (const reason of Object.values(FIELD_REASONS))
      for (const locale of LOCALES) expect(reason[locale]).toBeTruthy();
  });

  it('uses the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const entry of [...Object.values(ERROR_MESSAGES), ...Object.values(FIELD_REASONS)]) {
      expect(names(entry['zh-CN'])).toEqual(names(entry.en));
    }
  });

  it('fills placeholders with plain and translated values, and leaves unknown ones visible', () => {
    const params = { resource: { 'zh-CN': '住户', en: 'household' }, n: 3 };
    expect(formatMessage('找不到{resource}（{n}）', params, 'zh-CN')).toBe('找不到住户（3）');
    expect(formatMessage('no {resource} {missing}', params, 'en')).toBe('no household {missing}');
  });

  it('describes the error body', () => {
    expect(ErrorBodySchema.safeParse({ error: { code: 'NOT_FOUND', message: 'x' } }).success).toBe(true);
    expect(ErrorBodySchema.safeParse({ error: { code: 'NOPE', message: 'x' } }).success).toBe(false);
  });
});
