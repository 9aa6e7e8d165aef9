import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import { auth, getUser, messageOf, subscribeUser } from '../services';

export const SIGN_IN_PAGE = '/pages/login/index';

/**
 * The signed-in user for a page that needs one: loads the profile when only tokens are stored,
 * and sends the person to sign-in when there is no session.
 */
export function useUser(): { user: Me | null; error: string | null; reload: () => void } {
  const [user, setUserState] = useState<Me | null>(getUser());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => subscribeUser(setUserState), []);

  const reload = () => {
    if (!auth.hasSession()) {
      void Taro.reLaunch({ url: SIGN_IN_PAGE });
      return;
    }
    setError(null);
    auth.loadMe().catch((e: unknown) => {
      if (!auth.hasSession()) void Taro.reLaunch({ url: SIGN_IN_PAGE });
      else setError(messageOf(e));
    });
  };

  useDidShow(() => {
    if (!getUser() || !auth.hasSession()) reload();
  });

  return { user, error, reload };
}
