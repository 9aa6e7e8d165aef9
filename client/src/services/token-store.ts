/**
 * The signed-in session's tokens, kept in Taro storage (localStorage in h5, wx storage in the
 * mini-program) so a restart does not sign the person out.
 */
import Taro from '@tarojs/taro';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenStore {
  get(): StoredTokens | null;
  set(tokens: StoredTokens): void;
  clear(): void;
}

export const TOKEN_STORAGE_KEY = 'linli.tokens';

export function createTaroTokenStore(key: string = TOKEN_STORAGE_KEY): TokenStore {
  return {
    get() {
      try {
        const value = Taro.getStorageSync(key) as unknown;
        if (value && typeof value === 'object') {
          const { accessToken, refreshToken } = value as Record<string, unknown>;
          if (typeof accessToken === 'string' && typeof refreshToken === 'string') {
            return { accessToken, refreshToken };
          }
        }
      } catch {
        // Unreadable storage counts as signed out.
      }
      return null;
    },
    set(tokens) {
      Taro.setStorageSync(key, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    },
    clear() {
      Taro.removeStorageSync(key);
    },
  };
}

/** For tests and for contexts without storage. */
export function createMemoryTokenStore(initial: StoredTokens | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = { ...next };
    },
    clear: () => {
      tokens = null;
    },
  };
}
