import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { CatalogItem } from '@yuanan/contracts';
import { Empty, Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { errorMessage } from '../../../services/feedback';
import { useObservable } from '../../../services/observable';
import { zoneState } from '../../../services/session';
import { useSignedInMe } from '../../../services/use-session';
import './index.scss';

/** The zone's grids (the zone's catalogue, real data). Enterprises per grid come with the enterprise module. */
export default function GridsPage() {
  useSignedInMe();
  const zone = useObservable(zoneState);
  const [grids, setGrids] = useState<CatalogItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const items = await client.tenant.catalog('grid');
      setGrids(items.filter((g) => g.enabled).sort((a, b) => a.sort - b.sort));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useLoad(() => void load());
  usePullDownRefresh(() => void load());

  return (
    <Screen>
      <View className="grids__head">
        <View className="grids__zone">{zone?.name}</View>
        <View className="grids__count">{grids ? `共 ${grids.length} 个网格` : ''}</View>
      </View>
      {grids === null && !error ? <Loading /> : null}
      {error && grids === null ? <Failed message={`网格加载失败：${error}`} onRetry={() => void load()} /> : null}
      {grids && grids.length === 0 ? <Empty text="园区尚未划分网格" desc="网格由园区管理员在管理后台设置" /> : null}
      {grids && grids.length > 0 ? (
        <View className="wx-cells">
          {grids.map((g, i) => (
            <View key={g.id} className="wx-cell grid-item">
              <View className="grid-item__no">{i + 1}</View>
              <View className="wx-cell__bd">
                <View className="grid-item__name">{g.name}</View>
                <View className="wx-cell__desc">网格编号 {g.code}</View>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <View className="wx-tips">网格内的企业、巡查计划和覆盖率将在企业与巡查模块上线后显示。</View>
    </Screen>
  );
}
