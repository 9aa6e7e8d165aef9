/**
 * Care mode and language are remembered per person on a shared phone: an elder's large text comes
 * back when she signs in again, and her carer's settings stay his.
 */
import Taro from '@tarojs/taro';

type PreferencesModule = typeof import('./preferences');
const storage = (Taro as unknown as { __storage: Map<string, unknown> }).__storage;
let getLocale: () => string;

/** A fresh app start (modules loaded anew, storage kept), as after a reload. */
function boot(): PreferencesModule {
  let loaded!: PreferencesModule;
  jest.isolateModules(() => {
    loaded = require('./preferences') as PreferencesModule;
    getLocale = (require('../i18n') as typeof import('../i18n')).getLocale;
  });
  return loaded;
}

beforeEach(() => storage.clear());

describe('preferences', () => {
  it('remembers care mode per user and brings it back after a restart', () => {
    let prefs = boot();
    prefs.loadPreferencesFor('elder');
    prefs.updatePreferences({ careMode: true });
    prefs.loadPreferencesFor('carer');
    prefs.updatePreferences({ careMode: false, locale: 'en' });

    prefs = boot();
    prefs.loadPreferencesFor('elder');
    expect(prefs.getPreferences()).toEqual({ careMode: true, locale: 'zh-CN' });
    prefs.loadPreferencesFor('carer');
    expect(prefs.getPreferences()).toEqual({ careMode: false, locale: 'en' });
  });

  it('applies the language to the strings as soon as it is chosen or loaded', () => {
    const prefs = boot();
    prefs.loadPreferencesFor('u1');
    prefs.updatePreferences({ locale: 'en' });
    expect(getLocale()).toBe('en');
    prefs.loadPreferencesFor('u2');
    // u2 never chose: the device's last choice applies.
    expect(getLocale()).toBe('en');
    prefs.updatePreferences({ locale: 'zh-CN' });
    prefs.loadPreferencesFor('u1');
    expect(getLocale()).toBe('en');
  });

  it('before anyone signs in, uses the device’s last choice', () => {
    let prefs = boot();
    prefs.loadPreferencesFor('elder');
    prefs.updatePreferences({ careMode: true });
    prefs.loadPreferencesFor(null);
    prefs = boot();
    expect(prefs.getPreferences().careMode).toBe(true);
  });

  it('ignores what it cannot read', () => {
    storage.set('linli.prefs.u1', { careMode: 'yes', locale: 'fr' });
    const prefs = boot();
    prefs.loadPreferencesFor('u1');
    expect(prefs.getPreferences()).toEqual({ careMode: false, locale: 'zh-CN' });
  });

  it('tells subscribers, so the page root switches theme at once', () => {
    const prefs = boot();
    const seen: boolean[] = [];
    const stop = prefs.subscribePreferences((p) => seen.push(p.careMode));
    prefs.updatePreferences({ careMode: true });
    stop();
    prefs.updatePreferences({ careMode: false });
    expect(seen).toEqual([true]);
  });
});
