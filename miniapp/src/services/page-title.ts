import Taro, { useDidShow, useReady } from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/**
 * Sets the navigation bar's title once the page is on screen (in H5 a title set while the page is still being
 * created lands on the previous page), and again whenever it changes.
 */
export function usePageTitle(title: string | null | undefined): void {
  const ready = useRef(false);
  const set = () => {
    if (title) void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  };
  useReady(() => {
    ready.current = true;
    set();
  });
  useDidShow(() => {
    if (ready.current) set();
  });
  useEffect(() => {
    if (ready.current) set();
  }, [title]);
}
