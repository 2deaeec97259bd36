import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Empty, Failed, Loading, Screen } from '../../../components/screen';
import { errorMessage } from '../../../services/feedback';
import { formatTime, isoDay } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { ENTERPRISE_PAGES, supplyBadges } from '../../services/enterprise-ui';
import type { Supply } from '../../services/types';
import './index.scss';

/** 应急物资: what the enterprise keeps, with 已过期 / 低于最低库存 marks; tap to update, add new ones. */
export default function SuppliesPage() {
  const me = useSignedInMe();
  const [items, setItems] = useState<Supply[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const today = isoDay();

  const load = async () => {
    const id = me?.enterpriseId;
    if (!id) return;
    try {
      const r = await loadRecords<Supply>(id, 'supplies');
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
        <Failed message={`物资加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const problem = (s: Supply) => (s.expired || s.belowMinimum ? 0 : 1);
  const sorted = [...items].sort((a, b) => problem(a) - problem(b) || a.name.localeCompare(b.name, 'zh'));
  const expired = items.filter((s) => s.expired).length;
  const below = items.filter((s) => s.belowMinimum).length;

  return (
    <Screen className="supplies">
      <View className="supplies__summary">
        共 {items.length} 项{expired ? <Text className="supplies__bad"> · 已过期 {expired} 项</Text> : null}
        {below ? <Text className="supplies__warn"> · 低于最低库存 {below} 项</Text> : null}
      </View>
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}
      {items.length === 0 ? <Empty text="还没有登记应急物资" desc="点下方“新增物资”登记灭火器、呼吸器、急救箱等" /> : null}
      {sorted.map((s) => (
        <View
          key={s.id}
          className="supply-card"
          onClick={() => void Taro.navigateTo({ url: `${ENTERPRISE_PAGES.supplyEdit}?id=${s.id}` })}
        >
          <View className="supply-card__main">
            <View className="supply-card__name">{s.name}</View>
            <View className="supply-card__meta">
              {s.location || '未注明存放地点'}
              {s.code ? ` · 代码 ${s.code}` : ''}
            </View>
            <View className="supply-card__meta">
              {s.expiresOn ? `有效期至 ${s.expiresOn}` : '长期有效'}
              {s.minimumStock != null ? ` · 最低库存 ${s.minimumStock}${s.unit}` : ''}
            </View>
            <View className="supply-card__badges">
              {supplyBadges(s, today).map((b) => (
                <Text key={b.label} className={`tag tag--${b.tone}`}>
                  {b.label}
                </Text>
              ))}
            </View>
          </View>
          <View className={`supply-card__qty ${s.belowMinimum ? 'supply-card__qty--low' : ''}`}>
            <Text className="supply-card__num">{s.quantity}</Text>
            <Text className="supply-card__unit">{s.unit}</Text>
          </View>
        </View>
      ))}
      <View className="action-bar-space" />
      <View className="action-bar">
        <View className="wx-btn wx-btn--primary" onClick={() => void Taro.navigateTo({ url: ENTERPRISE_PAGES.supplyEdit })}>
          新增物资
        </View>
      </View>
    </Screen>
  );
}
