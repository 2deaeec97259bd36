import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { online } from '../services/api';
import { toast } from '../services/feedback';
import { useObservable } from '../services/observable';
import { failedCount, flush, pendingCount } from '../services/offline';
import { PAGES } from '../services/routes';
import './sync-bar.scss';

/**
 * The network and outbox strip: "网络已断开", "待同步 N 条" (tap to send now) and "N 条未能提交" (tap to see why
 * and decide: retry, edit or delete).
 */
export function SyncBar() {
  const isOnline = useObservable(online);
  const pending = useObservable(pendingCount);
  const failed = useObservable(failedCount);
  if (isOnline && pending === 0 && failed === 0) return null;
  const openOutbox = () => void Taro.navigateTo({ url: PAGES.outbox });
  if (isOnline && pending === 0) {
    return (
      <View className="sync-bar sync-bar--failed" onClick={openOutbox}>
        <View className="sync-bar__dot" />
        <Text className="sync-bar__text">{failed} 条未能提交，点击查看原因</Text>
        <Text className="sync-bar__more">查看</Text>
      </View>
    );
  }
  const sync = async () => {
    if (!isOnline) {
      toast('网络恢复后将自动同步');
      return;
    }
    const r = await flush();
    if (r && r.remaining > 0) toast(`仍有 ${r.remaining} 条未能同步，稍后自动重试`);
  };
  return (
    <View className={`sync-bar ${isOnline ? '' : 'sync-bar--offline'}`} onClick={() => void sync()}>
      <View className="sync-bar__dot" />
      <Text className="sync-bar__text">
        {isOnline
          ? `待同步 ${pending} 条 · 点击立即同步`
          : pending > 0
            ? `网络已断开 · 待同步 ${pending} 条，恢复后自动同步`
            : '网络已断开，请检查网络连接'}
      </Text>
      {pending + failed > 0 ? (
        <Text
          className="sync-bar__more"
          onClick={(e) => {
            e.stopPropagation();
            openOutbox();
          }}
        >
          详情
        </Text>
      ) : null}
    </View>
  );
}
