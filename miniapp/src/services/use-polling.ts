import { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/**
 * Runs `tick` every `ms` milliseconds while the page is shown: stopped when another page covers it or the app goes to
 * the background, restarted when it is shown again, stopped on unload. The mini-program has no socket: this is how
 * alarm, dispatch and warning pages stay live. `enabled: false` (e.g. no record id or not signed in yet) runs nothing.
 */
export function usePolling(tick: () => unknown, opts: { ms: number; enabled?: boolean }): void {
  const { ms, enabled = true } = opts;
  const ref = useRef(tick);
  ref.current = tick;
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  const start = () => {
    stop();
    if (enabled) timer.current = setInterval(() => void ref.current(), ms);
  };
  useEffect(() => {
    start();
    return stop;
  }, [enabled, ms]);
  useDidShow(start);
  useDidHide(stop);
  useUnload(stop);
}
