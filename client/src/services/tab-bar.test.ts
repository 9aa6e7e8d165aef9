import Taro from '@tarojs/taro';
import { setLocale } from '../i18n';
import { resetTabBarTexts, syncTabBarTexts } from './tab-bar';

const setTabBarItem = (Taro as unknown as { setTabBarItem: jest.Mock }).setTabBarItem;

beforeEach(() => {
  setTabBarItem.mockReset();
  resetTabBarTexts();
  setLocale('zh-CN');
});

describe('tab bar texts', () => {
  it('are left alone in Chinese, which app.config.ts already has', async () => {
    await syncTabBarTexts();
    expect(setTabBarItem).not.toHaveBeenCalled();
  });

  it('switch to English once, then not again', async () => {
    setTabBarItem.mockResolvedValue({});
    setLocale('en');
    await syncTabBarTexts();
    await syncTabBarTexts();
    expect(setTabBarItem.mock.calls.map(([o]) => o)).toEqual([
      { index: 0, text: 'Home' },
      { index: 1, text: 'Notices' },
      { index: 2, text: 'Me' },
    ]);
  });

  it('try again on the next page when there was no tab bar to change', async () => {
    setTabBarItem.mockRejectedValueOnce(new Error('setTabBarItem:fail not TabBar page'));
    setTabBarItem.mockResolvedValue({});
    setLocale('en');
    await syncTabBarTexts();
    await syncTabBarTexts();
    expect(setTabBarItem.mock.calls.map(([o]) => o.text)).toEqual(['Home', 'Home', 'Notices', 'Me']);
  });

  it('give up on an attempt that never answers (h5 before the tab bar exists)', async () => {
    jest.useFakeTimers();
    try {
      setTabBarItem.mockReturnValueOnce(new Promise(() => undefined));
      setTabBarItem.mockResolvedValue({});
      setLocale('en');
      const first = syncTabBarTexts();
      await jest.advanceTimersByTimeAsync(5000);
      await first;
      await syncTabBarTexts();
      expect(setTabBarItem.mock.calls.map(([o]) => o.text)).toEqual(['Home', 'Home', 'Notices', 'Me']);
    } finally {
      jest.useRealTimers();
    }
  });
});
