import { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { INCIDENT_POLL_MS } from './incident-ui';

/**
 * Runs `tick` every `ms` while the page is shown (stopped under another page or in the background, restarted when
 * shown again): the mini-program has no socket, this keeps a dispatch or a warning live.
 */
export function usePolling(tick: () => unknown, ms = INCIDENT_POLL_MS): void {
  const ref = useRef(tick);
  ref.current = tick;
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  const start = () => {
    stop();
    timer.current = setInterval(() => void ref.current(), ms);
  };
  useEffect(() => {
    start();
    return stop;
  }, [ms]);
  useDidShow(start);
  useDidHide(stop);
  useUnload(stop);
}
