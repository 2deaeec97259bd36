import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import { Screen } from '../../components/screen';
import { errorKind, errorMessage, toast } from '../../services/feedback';
import { PAGES } from '../../services/routes';
import { goHome, isSignedIn, meState, refreshMe, zoneState } from '../../services/session';
import './index.scss';

/** Launch: zone chosen? signed in? → the role's home; otherwise the next step. */
export default function Launch() {
  const [failure, setFailure] = useState<string | null>(null);

  const start = async () => {
    setFailure(null);
    if (!zoneState.get()) {
      void Taro.reLaunch({ url: PAGES.zone });
      return;
    }
    if (!isSignedIn()) {
      void Taro.reLaunch({ url: PAGES.login });
      return;
    }
    try {
      goHome(await refreshMe());
    } catch (e) {
      const kind = errorKind(e);
      if (kind === 'session') return; // the session handler goes to sign-in
      const cached = meState.get();
      if ((kind === 'network' || kind === 'server') && cached) {
        toast('网络不可用，正在显示本机保存的内容');
        goHome(cached);
        return;
      }
      setFailure(errorMessage(e));
    }
  };

  useLoad(() => {
    void start();
  });

  return (
    <Screen>
      <View className="launch">
        <View className="launch__logo">园安</View>
        <View className="launch__name">园区安全与应急管理</View>
        {failure ? (
          <View className="launch__failed">
            <View className="launch__error">{failure}</View>
            <View className="wx-btn wx-btn--primary launch__retry" onClick={() => void start()}>
              重试
            </View>
          </View>
        ) : (
          <View className="launch__hint">正在进入…</View>
        )}
      </View>
    </Screen>
  );
}
