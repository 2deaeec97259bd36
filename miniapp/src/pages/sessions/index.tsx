import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Failed, Loading, Screen } from '../../components/screen';
import { client } from '../../services/api';
import { confirm, errorMessage, reportError, toast } from '../../services/feedback';
import { formatTime } from '../../services/format';
import { useSignedInMe } from '../../services/use-session';
import './index.scss';

type Session = Awaited<ReturnType<typeof client.me.sessions>>[number];

function deviceOf(s: Session): string {
  const ua = s.userAgent ?? '';
  if (s.client === 'console') return '管理后台（电脑）';
  if (/miniProgram|MicroMessenger/i.test(ua)) return '微信小程序';
  if (/iPhone|iPad/i.test(ua)) return '小程序（iPhone 浏览器）';
  if (/Android/i.test(ua)) return '小程序（安卓浏览器）';
  return '小程序';
}

/** The user's signed-in sessions (real data from /me/sessions); other devices can be signed out. */
export default function SessionsPage() {
  useSignedInMe();
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setItems(await client.me.sessions());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const revoke = async (s: Session) => {
    const ok = await confirm({
      title: '退出该设备',
      content: `${deviceOf(s)}将需要重新登录。`,
      confirmText: '退出',
      danger: true,
    });
    if (!ok) return;
    try {
      await client.me.revokeSession(s.id);
      toast('已退出该设备');
      void load();
    } catch (e) {
      void reportError(e, { what: '退出该设备', retry: () => revoke(s) });
    }
  };

  return (
    <Screen>
      <View className="wx-section-title">当前账号的登录设备</View>
      {items === null && !error ? <Loading /> : null}
      {error && items === null ? <Failed message={`加载失败：${error}`} onRetry={() => void load()} /> : null}
      {items ? (
        <View className="wx-cells">
          {items.map((s) => (
            <View key={s.id} className="wx-cell session">
              <View className="wx-cell__bd">
                <View>
                  {deviceOf(s)}
                  {s.current ? <Text className="session__current">本机</Text> : null}
                </View>
                <View className="wx-cell__desc">
                  最近使用 {formatTime(s.lastUsedAt)} · 登录于 {formatTime(s.createdAt)}
                  {s.ip ? ` · ${s.ip}` : ''}
                </View>
              </View>
              {s.current ? null : (
                <View className="wx-btn wx-btn--mini wx-btn--plain wx-btn--warn" onClick={() => void revoke(s)}>
                  退出
                </View>
              )}
            </View>
          ))}
        </View>
      ) : null}
      <View className="wx-tips">发现不认识的设备，请立即退出该设备并联系园区管理员。</View>
    </Screen>
  );
}
