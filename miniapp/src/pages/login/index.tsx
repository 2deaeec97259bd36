import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { problemMessage } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Screen } from '../../components/screen';
import { errorMessage, reportError } from '../../services/feedback';
import {
  DEMO_IDENTITIES,
  demoCode,
  devIdentity,
  devLoginAvailable,
  loginWith,
  resetDevIdentity,
  type LoginMethod,
} from '../../services/login';
import { useObservable } from '../../services/observable';
import { PAGES } from '../../services/routes';
import { goHome, zoneState } from '../../services/session';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

type DevState = 'checking' | 'on' | 'off' | 'error';

/** Sign in with WeChat (wx.login) — or, in a browser on a development server, with a development identity. */
export default function LoginPage() {
  const zone = useObservable(zoneState);
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [dev, setDev] = useState<DevState>(IS_WEAPP ? 'off' : 'checking');
  const [devCode, setDevCode] = useState<string>(() => (IS_WEAPP ? '' : devIdentity()));
  const [error, setError] = useState<string | null>(null);

  const checkDev = async () => {
    if (IS_WEAPP || !zone) return;
    setDev('checking');
    try {
      setDev((await devLoginAvailable(zone.code)) ? 'on' : 'off');
    } catch {
      setDev('error');
    }
  };

  useLoad(() => {
    if (!zone) {
      void Taro.reLaunch({ url: PAGES.zone });
      return;
    }
    void checkDev();
  });

  const login = async (method: LoginMethod, label: string) => {
    if (!zone || busy) return;
    setBusy(label);
    setError(null);
    try {
      const r = await loginWith(zone.code, method);
      if (r.status === 'ok') goHome(r.me);
      else void Taro.navigateTo({ url: PAGES.bind });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'tenant_unknown' || e.code === 'tenant_disabled')) {
        setError(`${e.message}，请重新选择园区`);
      } else if (e instanceof ApiError && e.code === 'user_disabled') {
        setError('该微信绑定的账号已停用，请联系园区管理员');
      } else {
        setError(errorMessage(e));
        void reportError(e, { what: '登录', retry: () => login(method, label) });
      }
    } finally {
      setBusy(null);
    }
  };

  if (!zone) return <Screen>{null}</Screen>;

  return (
    <Screen>
      <View className="login__brand">
        <View className="login__logo">园安</View>
        <View className="login__slogan">园区安全与应急管理</View>
      </View>

      {router.params.expired ? (
        <View className="login__notice">
          {problemMessage(/^[a-z_]+$/.test(router.params.expired) ? router.params.expired : 'token_expired')}
        </View>
      ) : null}

      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__bd">
            <View className="wx-cell__desc">当前园区</View>
            <View className="login__zone-name">{zone.name}</View>
            <View className="wx-cell__desc">{zone.region}</View>
          </View>
          <View className="wx-link login__switch" onClick={() => void Taro.navigateTo({ url: PAGES.zone })}>
            切换园区
          </View>
        </View>
      </View>

      {error ? <View className="wx-error login__error">{error}</View> : null}

      {IS_WEAPP ? (
        <View className="wx-btn-area">
          <View
            className={`wx-btn wx-btn--primary ${busy ? 'wx-btn--disabled' : ''}`}
            onClick={() => void login({ kind: 'wechat' }, 'wechat')}
          >
            {busy === 'wechat' ? '正在登录…' : '微信一键登录'}
          </View>
          <View className="wx-tips login__tips">首次登录需凭园区或企业管理员发放的邀请码绑定账号</View>
        </View>
      ) : null}

      {!IS_WEAPP && dev === 'checking' ? <View className="wx-tips">正在检查登录方式…</View> : null}
      {!IS_WEAPP && dev === 'error' ? (
        <View className="wx-tips">
          无法连接服务器。
          <Text className="wx-link" onClick={() => void checkDev()}>
            重试
          </Text>
        </View>
      ) : null}
      {!IS_WEAPP && dev === 'off' ? (
        <View className="login__browser">
          <View className="login__browser-title">请在微信中使用</View>
          <View className="wx-tips">浏览器中无法进行微信登录。请在微信中搜索并打开「园安」小程序。</View>
        </View>
      ) : null}
      {!IS_WEAPP && dev === 'on' ? (
        <View className="login__dev">
          <View className="wx-section-title">
            开发登录<Text className="login__dev-badge">仅开发与测试环境</Text>
          </View>
          <View className="wx-btn-area login__dev-new">
            <View
              className={`wx-btn wx-btn--primary ${busy ? 'wx-btn--disabled' : ''}`}
              onClick={() => void login({ kind: 'dev', code: devCode }, 'new')}
            >
              {busy === 'new' ? '正在登录…' : '以新微信身份登录'}
            </View>
            <View className="wx-tips login__tips">
              模拟一个微信用户（编号 {devCode.slice(4, 12)}），首次登录需用邀请码绑定。
              <Text className="wx-link" onClick={() => setDevCode(resetDevIdentity())}>
                换一个身份
              </Text>
            </View>
          </View>
          <View className="wx-section-title">演示账号（已绑定微信）</View>
          <View className="wx-cells">
            {DEMO_IDENTITIES.map((d) => (
              <View
                key={d.username}
                className="wx-cell wx-cell--link login__demo"
                data-user={d.username}
                onClick={() => void login({ kind: 'dev', code: demoCode(zone.code, d.username) }, d.username)}
              >
                <View className="wx-cell__bd">{d.label}</View>
                <View className="wx-cell__ft">{busy === d.username ? '正在登录…' : d.username}</View>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <View className="wx-footer">登录即表示同意园区安全生产信息化管理相关规定</View>
    </Screen>
  );
}
