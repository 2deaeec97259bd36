import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RecordList } from '../../../components/record-list';
import { Screen } from '../../../components/screen';
import { isoDay } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadRecords } from '../../services/data';
import { ENTERPRISE_PAGES, supplyBadges } from '../../services/enterprise-ui';
import type { Supply } from '../../services/types';
import './index.scss';

/** 应急物资: what the enterprise keeps, with 已过期 / 低于最低库存 marks; tap to update, add new ones. */
export default function SuppliesPage() {
  const me = useSignedInMe();
  const today = isoDay();
  const enterpriseId = me?.enterpriseId;
  const problem = (s: Supply) => (s.expired || s.belowMinimum ? 0 : 1);

  return (
    <Screen className="supplies">
      <RecordList<Supply>
        enabled={!!enterpriseId}
        fetchKey={enterpriseId}
        fetchPage={async () => {
          const r = await loadRecords<Supply>(enterpriseId!, 'supplies');
          const items = [...r.data].sort((a, b) => problem(a) - problem(b) || a.name.localeCompare(b.name, 'zh'));
          return { items, offlineSince: r.offlineSince };
        }}
        errorText="物资加载失败"
        emptyText="还没有登记应急物资"
        emptyDesc="点下方“新增物资”登记灭火器、呼吸器、急救箱等"
        header={({ items }) => {
          const expired = items.filter((s) => s.expired).length;
          const below = items.filter((s) => s.belowMinimum).length;
          return (
            <View className="supplies__summary">
              共 {items.length} 项{expired ? <Text className="supplies__bad"> · 已过期 {expired} 项</Text> : null}
              {below ? <Text className="supplies__warn"> · 低于最低库存 {below} 项</Text> : null}
            </View>
          );
        }}
        renderItem={(s) => (
          <View
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
        )}
        add={{ label: '新增物资', url: ENTERPRISE_PAGES.supplyEdit }}
      />
    </Screen>
  );
}
