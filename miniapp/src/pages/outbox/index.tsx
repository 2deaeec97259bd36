import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Empty, Screen } from '../../components/screen';
import { online } from '../../services/api';
import { confirm, toast } from '../../services/feedback';
import { formatTime } from '../../services/format';
import { useObservable } from '../../services/observable';
import { discard, flush, outboxItems, retryItem } from '../../services/offline';
import type { OutboxItem } from '../../services/outbox-core';
import { writeJson } from '../../services/storage';
import { useSignedInMe } from '../../services/use-session';
import './index.scss';

/**
 * What is kept on this phone: items waiting for the network (sent by themselves when it returns) and items the
 * server refused (with its reason: retry, edit and submit again, or delete).
 */
export default function OutboxPage() {
  useSignedInMe();
  const items = useObservable(outboxItems);
  const isOnline = useObservable(online);

  const syncNow = async () => {
    if (!isOnline) return toast('网络未连接，恢复后将自动同步');
    const r = await flush();
    if (r && r.remaining > 0) toast(`仍有 ${r.remaining} 条未能同步，稍后自动重试`);
  };

  const retry = async (i: OutboxItem) => {
    if (!isOnline) return toast('网络未连接，恢复后将自动同步');
    const r = await retryItem(i.id);
    const failed = r?.failed.find((f) => f.id === i.id);
    if (failed) toast(`仍未能提交：${failed.message}`, 3000);
  };

  const edit = (i: OutboxItem) => {
    const draftKey = i.meta?.draftKey;
    const editUrl = i.meta?.editUrl;
    if (!draftKey || !editUrl || i.source === undefined) return;
    writeJson(`draft:${draftKey}`, i.source);
    discard(i.id, { keepPhotos: true });
    void Taro.navigateTo({ url: editUrl });
  };

  const remove = async (i: OutboxItem) => {
    const ok = await confirm({
      title: '删除这条记录？',
      content: `「${i.label}」${i.files.length ? `及其 ${i.files.length} 张照片` : ''}将从本机删除，不会提交到服务器。`,
      confirmText: '删除',
      danger: true,
    });
    if (ok) discard(i.id);
  };

  const waiting = items.filter((i) => !i.failed);
  const refused = items.filter((i) => i.failed);

  return (
    <Screen>
      {items.length === 0 ? <Empty text="没有待同步的内容" desc="离线时的操作会保存在这里，联网后自动提交" /> : null}
      {waiting.length > 0 ? (
        <>
          <View className="wx-section-title">
            等待网络（{waiting.length}）{isOnline ? '' : ' · 网络未连接'}
          </View>
          <View className="wx-cells">
            {waiting.map((i) => (
              <View key={i.id} className="wx-cell outbox-item">
                <View className="wx-cell__bd">
                  <View className="outbox-item__label">{i.label}</View>
                  <View className="wx-cell__desc">
                    {formatTime(i.queuedAt)} 保存{i.files.length ? ` · ${i.files.length} 张照片` : ''}
                    {i.attempts > 0 ? ` · 已尝试 ${i.attempts} 次` : ''}
                  </View>
                </View>
                <Text className="outbox-item__tag">待同步</Text>
              </View>
            ))}
          </View>
          <View className="wx-btn-area">
            <View className={`wx-btn wx-btn--primary ${isOnline ? '' : 'wx-btn--disabled'}`} onClick={() => void syncNow()}>
              立即同步
            </View>
          </View>
        </>
      ) : null}
      {refused.length > 0 ? (
        <>
          <View className="wx-section-title">未能提交（{refused.length}）</View>
          {refused.map((i) => (
            <View key={i.id} className="wx-cells outbox-failed">
              <View className="wx-cell">
                <View className="wx-cell__bd">
                  <View className="outbox-item__label">{i.label}</View>
                  <View className="wx-cell__desc">{formatTime(i.queuedAt)} 保存</View>
                  <View className="outbox-failed__reason">原因：{i.lastError ?? '服务器拒绝了该操作'}</View>
                </View>
              </View>
              <View className="outbox-failed__actions">
                {i.meta?.editUrl && i.source !== undefined ? (
                  <Text className="outbox-failed__btn outbox-failed__btn--primary" onClick={() => edit(i)}>
                    修改后重新提交
                  </Text>
                ) : null}
                <Text className="outbox-failed__btn" onClick={() => void retry(i)}>
                  重试
                </Text>
                <Text className="outbox-failed__btn outbox-failed__btn--warn" onClick={() => void remove(i)}>
                  删除
                </Text>
              </View>
            </View>
          ))}
        </>
      ) : null}
      <View className="wx-tips">内容只保存在这台手机上。退出登录或切换账号后，需用本账号再次登录才会提交。</View>
    </Screen>
  );
}
