import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, isEnterpriseRole } from '@yuanan/contracts';
import { Loading, Screen } from '../../components/screen';
import { online } from '../../services/api';
import { confirm, toast } from '../../services/feedback';
import { useObservable } from '../../services/observable';
import { failedCount, flush, pendingCount } from '../../services/offline';
import { PAGES } from '../../services/routes';
import { signOut, zoneState } from '../../services/session';
import { useSignedInMe } from '../../services/use-session';
import './index.scss';

/** 我的: who, where, which enterprise; switch zone, sign out. */
export default function ProfilePage() {
  const me = useSignedInMe();
  const zone = useObservable(zoneState);
  const pending = useObservable(pendingCount);
  const failed = useObservable(failedCount);
  const isOnline = useObservable(online);
  const [busy, setBusy] = useState(false);

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const leave = async (then: string, title: string) => {
    const lost = pending + failed > 0 ? `还有 ${pending + failed} 条操作未同步，需用本账号再次登录后才会提交。` : '';
    const ok = await confirm({
      title,
      content: `${lost}${then === PAGES.zone ? '切换园区需要先退出当前账号。' : ''}确定要退出登录吗？`,
      confirmText: '退出',
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    await signOut();
    setBusy(false);
    void Taro.reLaunch({ url: then });
  };

  const sync = async () => {
    if (pending + failed > 0) {
      void Taro.navigateTo({ url: PAGES.outbox });
      return;
    }
    toast('没有待同步的内容');
    if (isOnline) await flush();
  };

  return (
    <Screen tab="profile">
      <View className="profile__header">
        <View className="profile__avatar">{me.name.slice(0, 1)}</View>
        <View className="profile__who">
          <View className="profile__name">{me.name}</View>
          <View className="profile__role">{ROLE_LABELS[me.role].zh}</View>
        </View>
      </View>

      <View className="wx-section-title">账号信息</View>
      <View className="wx-cells profile__info">
        <View className="wx-cell">
          <View className="wx-cell__hd">姓名</View>
          <View className="wx-cell__bd" />
          <View className="wx-cell__ft">{me.name}</View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">所在园区</View>
          <View className="wx-cell__bd" />
          <View className="wx-cell__ft">{me.tenant.name}</View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">角色</View>
          <View className="wx-cell__bd" />
          <View className="wx-cell__ft">{ROLE_LABELS[me.role].zh}</View>
        </View>
        {isEnterpriseRole(me.role) ? (
          <View className="wx-cell">
            <View className="wx-cell__hd">所属企业</View>
            <View className="wx-cell__bd" />
            <View className="wx-cell__ft">{me.enterpriseName ?? '未关联'}</View>
          </View>
        ) : null}
        <View className="wx-cell">
          <View className="wx-cell__hd">手机号</View>
          <View className="wx-cell__bd" />
          <View className="wx-cell__ft">{me.phoneMasked ?? '未登记'}</View>
        </View>
      </View>

      <View className="wx-section-title">设置</View>
      <View className="wx-cells">
        <View className="wx-cell wx-cell--link" onClick={() => void Taro.navigateTo({ url: PAGES.sessions })}>
          <View className="wx-cell__bd">登录设备</View>
        </View>
        <View className="wx-cell wx-cell--link" onClick={() => void sync()}>
          <View className="wx-cell__bd">离线待同步</View>
          <View className="wx-cell__ft">
            {pending + failed > 0 ? (
              <Text className="profile__pending">
                {pending > 0 ? `${pending} 条待同步` : ''}
                {pending > 0 && failed > 0 ? '，' : ''}
                {failed > 0 ? `${failed} 条未能提交` : ''}
              </Text>
            ) : (
              '无'
            )}
          </View>
        </View>
        <View className="wx-cell wx-cell--link" onClick={() => void leave(PAGES.zone, '切换园区')}>
          <View className="wx-cell__bd">切换园区</View>
          <View className="wx-cell__ft">{zone?.name ?? ''}</View>
        </View>
      </View>

      <View className="wx-btn-area">
        <View
          className={`wx-btn wx-btn--plain wx-btn--warn profile__logout ${busy ? 'wx-btn--disabled' : ''}`}
          onClick={() => void leave(PAGES.login, '退出登录')}
        >
          退出登录
        </View>
      </View>
      <View className="wx-footer">园安 v0.1.0</View>
    </Screen>
  );
}
