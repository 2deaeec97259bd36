import { useCallback, useEffect, useRef } from 'react';

/**
 * Returns a caller that runs `fn` once, `ms` milliseconds after the first call of a burst (trailing throttle): the
 * calls in between are dropped, the latest `fn` is the one run. Bursts of live (socket) events thus refetch once.
 * The pending run is cancelled on unmount.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current();
    }, ms);
  }, [ms]);
}
