import { AREAS, setLocale, t } from '.';

describe('app strings', () => {
  afterEach(() => setLocale('zh-CN'));

  it('defines every key in exactly one area, so no area silently overrides another', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [area, messages] of Object.entries(AREAS))
      for (const key of Object.keys(messages.zhCN)) {
        if (owner.has(key)) clashes.push(`${key} (${owner.get(key)} and ${area})`);
        owner.set(key, area);
      }
    expect(clashes).toEqual([]);
  });

  it('has an English string for every Chinese one, none left empty', () => {
    for (const messages of Object.values(AREAS)) {
      expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.zhCN).sort());
      for (const value of Object.values(messages.en)) expect(value.trim()).not.toBe('');
    }
  });

  it('switches language and fills placeholders', () => {
    expect(t('greeting', { name: '王奶奶' })).toBe('您好，王奶奶');
    setLocale('en');
    expect(t('greeting', { name: 'Wang' })).toBe('Hello, Wang');
  });
});
