import Taro, { useDidShow } from '@tarojs/taro';
import type { Me } from '@yuanan/contracts';
import { errorKind } from './feedback';
import { useObservable } from './observable';
import { PAGES } from './routes';
import { isSignedIn, meState, refreshMe, zoneState } from './session';

let lastRefresh = 0;

/**
 * For pages behind sign-in: sends a signed-out visitor to sign-in (or to the zone choice), and refreshes who we
 * are now and then. Without a network the cached user keeps the page readable.
 */
export function useSignedInMe(): Me | null {
  const me = useObservable(meState);
  useDidShow(() => {
    if (!zoneState.get()) {
      void Taro.reLaunch({ url: PAGES.zone });
      return;
    }
    if (!isSignedIn()) {
      void Taro.reLaunch({ url: PAGES.login });
      return;
    }
    if (meState.get() && Date.now() - lastRefresh < 60_000) return;
    lastRefresh = Date.now();
    refreshMe().catch((e: unknown) => {
      lastRefresh = 0;
      if (errorKind(e) === 'session') return; // handled: back to sign-in
      if (!meState.get()) void Taro.reLaunch({ url: PAGES.launch });
    });
  });
  return me;
}
