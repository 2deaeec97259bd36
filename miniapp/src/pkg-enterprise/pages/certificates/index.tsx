import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Empty, Failed, Loading, Screen } from '../../../components/screen';
import { errorMessage } from '../../../services/feedback';
import { daysBetween, formatTime, isoDay } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { CERT_KINDS, CERT_STATE, ENTERPRISE_PAGES } from '../../services/enterprise-ui';
import type { Certificate } from '../../services/types';
import './index.scss';

const ORDER = { expired: 0, expiring: 1, valid: 2 } as const;

/** 持证上岗: special-work and special-equipment certificates with their state (有效 / 即将到期 / 已过期). */
export default function CertificatesPage() {
  const me = useSignedInMe();
  const [items, setItems] = useState<Certificate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const today = isoDay();

  const load = async () => {
    if (!me?.enterpriseId) return;
    try {
      const r = await loadRecords<Certificate>(me.enterpriseId, 'certificates');
      setItems(r.data);
      setOfflineSince(r.offlineSince);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  if (!me || (items === null && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (items === null) {
    return (
      <Screen>
        <Failed message={`证书加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const sorted = [...items].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.expiresOn.localeCompare(b.expiresOn));
  const count = (s: Certificate['state']) => items.filter((c) => c.state === s).length;

  return (
    <Screen className="certs">
      <View className="certs__summary">
        共 {items.length} 本{count('expired') ? <Text className="certs__bad"> · 已过期 {count('expired')}</Text> : null}
        {count('expiring') ? <Text className="certs__warn"> · 即将到期 {count('expiring')}</Text> : null}
      </View>
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}
      {items.length === 0 ? <Empty text="还没有登记持证人员" desc="电工、焊工、叉车司机等须持证上岗" /> : null}
      {sorted.map((c) => {
        const left = daysBetween(today, c.expiresOn);
        const state = CERT_STATE[c.state];
        return (
          <View
            key={c.id}
            className={`cert-card cert-card--${c.state}`}
            onClick={() => void Taro.navigateTo({ url: `${ENTERPRISE_PAGES.certificateEdit}?id=${c.id}` })}
          >
            <View className="cert-card__head">
              <Text className="cert-card__name">{c.personName}</Text>
              {c.post ? <Text className="cert-card__post">{c.post}</Text> : null}
              <View className="cert-card__spacer" />
              <Text className={`tag tag--${state.tone}`}>{state.label}</Text>
            </View>
            <View className="cert-card__meta">
              {c.category} · {CERT_KINDS[c.certKind]}
            </View>
            <View className="cert-card__meta">证号 {c.certNumber}</View>
            <View className={`cert-card__expiry cert-card__expiry--${c.state}`}>
              有效期至 {c.expiresOn}
              {c.state === 'expired' ? `（已过期 ${-left} 天）` : c.state === 'expiring' ? `（还剩 ${left} 天）` : ''}
              {c.reviewDueOn ? ` · 复审 ${c.reviewDueOn}` : ''}
            </View>
          </View>
        );
      })}
      {items.some((c) => c.state === 'expired') ? (
        <View className="wx-tips">证书过期的人员不得从事特种作业；请及时复审换证后更新有效期。</View>
      ) : null}
      <View className="action-bar-space" />
      <View className="action-bar">
        <View className="wx-btn wx-btn--primary" onClick={() => void Taro.navigateTo({ url: ENTERPRISE_PAGES.certificateEdit })}>
          新增证书
        </View>
      </View>
    </Screen>
  );
}
