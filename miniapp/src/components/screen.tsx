import { useEffect, type ReactNode } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { SyncBar } from './sync-bar';
import { TabBar, type TabKey } from './tab-bar';
import './screen.scss';

/** Every page: the sync strip on top, the content, and (on the three main screens) the bottom bar. */
export function Screen({
  children,
  tab,
  unread,
  className = '',
}: {
  children: ReactNode;
  tab?: TabKey;
  unread?: number;
  className?: string;
}) {
  // The three bar screens are where one lands: WeChat's "back to home" button would only loop back here.
  useDidShow(() => {
    if (tab && process.env.TARO_ENV === 'weapp') Taro.hideHomeButton().catch(() => undefined);
  });
  // H5 pages share the window's scroll: a new page starts at the top, as it does in WeChat.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') window.scrollTo(0, 0);
  }, []);
  return (
    <View className={`screen ${tab ? 'screen--tabbed' : 'screen--plain'} ${className}`}>
      <SyncBar />
      <View className="screen__body">{children}</View>
      {tab ? <TabBar current={tab} unread={unread} /> : null}
    </View>
  );
}

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="state state--loading">
      <View className="state__spinner" />
      <View className="state__text">{text}</View>
    </View>
  );
}

export function Empty({ text, desc }: { text: string; desc?: string }) {
  return (
    <View className="state state--empty">
      <View className="state__icon" />
      <View className="state__text">{text}</View>
      {desc ? <View className="state__desc">{desc}</View> : null}
    </View>
  );
}

export function Failed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="state state--failed">
      <View className="state__text">{message}</View>
      <View className="state__retry wx-btn wx-btn--mini wx-btn--plain" onClick={onRetry}>
        重新加载
      </View>
    </View>
  );
}
