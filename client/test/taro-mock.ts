/**
 * A small stand-in for @tarojs/taro in unit tests: storage in a Map, everything else a jest.fn the
 * test can program.
 */
// Shared across jest.isolateModules registries, as a phone's storage outlives an app restart.
const holder = globalThis as { __linliTaroStorage?: Map<string, unknown> };
const storage = (holder.__linliTaroStorage ??= new Map<string, unknown>());

const Taro = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  request: jest.fn(),
  login: jest.fn(),
  reLaunch: jest.fn(),
  switchTab: jest.fn(),
  navigateTo: jest.fn(),
  showToast: jest.fn(),
  connectSocket: jest.fn(),
  setTabBarBadge: jest.fn(),
  removeTabBarBadge: jest.fn(),
  setTabBarItem: jest.fn(),
  setNavigationBarTitle: jest.fn(),
  setClipboardData: jest.fn(),
  requestSubscribeMessage: jest.fn(),
  __storage: storage,
};

export const useDidShow = () => undefined;
export const useLaunch = () => undefined;
export default Taro;
