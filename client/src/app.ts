import './zod-setup';
import './a11y/weapp-aria';
import type { PropsWithChildren } from 'react';
import Taro, { useDidShow, useLaunch } from '@tarojs/taro';
import { auth, getUser, onSignedOut, subscribeUser } from './services';
import { noticesChanged } from './services/notices';
import { realtime } from './services/realtime';
import { SIGN_IN_PAGE } from './hooks/use-user';
import { loadPreferencesFor } from './services/preferences';
import './styles/tokens.css';
import './app.css';
import './styles/kit.css';
import './styles/meals.css';
import './styles/pages.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A refused refresh ends the session wherever the person is.
    onSignedOut(() => void Taro.reLaunch({ url: SIGN_IN_PAGE }));
    // Live updates and remembered preferences (care mode, language) for whoever is signed in.
    subscribeUser((me) => {
      loadPreferencesFor(me?.id ?? null);
      if (me) realtime?.start(me.id);
      else realtime?.stop();
    });
  });
  // Back in the foreground: events may have been missed (always so in the mini-program for now).
  useDidShow(() => {
    if (getUser() && auth.hasSession()) noticesChanged();
  });
  return children;
}

export default App;
