import './zod-setup';
import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { onSignedOut } from './services';
import { SIGN_IN_PAGE } from './hooks/use-user';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A refused refresh ends the session wherever the person is.
    onSignedOut(() => void Taro.reLaunch({ url: SIGN_IN_PAGE }));
  });
  return children;
}

export default App;
