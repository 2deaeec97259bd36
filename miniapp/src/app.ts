import type { PropsWithChildren } from 'react';
import { useDidShow, useLaunch } from '@tarojs/taro';
import { flush, startOfflineSync } from './services/offline';
import './services/session';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    startOfflineSync();
  });
  // Back in the foreground: send what waited while the app was in the background.
  useDidShow(() => {
    void flush();
  });
  return children;
}

export default App;
