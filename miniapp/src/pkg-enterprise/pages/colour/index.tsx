import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { errorMessage } from '../../../services/feedback';
import { formatDateTime, formatTime } from '../../../services/format';
import { useSignedInMe } from '../../../services/use-session';
import { loadPalette } from '../../services/data';
import { COLOUR_NAMES, DEFAULT_PALETTE, historyReason, textOn, type Palette } from '../../services/enterprise-ui';
import './index.scss';

type Colour = Awaited<ReturnType<typeof client.enterprises.colour>>;
const BANDS = ['blue', 'yellow', 'orange', 'red'] as const;

/**
 * The enterprise's colour (四色安全监管) and why: the score, every input with its points, the floor rule that
 * applied, the zone's thresholds, and how the colour changed.
 */
export default function ColourPage() {
  const me = useSignedInMe();
  const [c, setC] = useState<Colour | null>(null);
  const [palette, setPalette] = useState<Palette>(DEFAULT_PALETTE);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);

  const load = async () => {
    const id = me?.enterpriseId;
    if (!id) return;
    try {
      const [r, p] = await Promise.all([loadCached(`colour:${id}`, () => client.enterprises.colour(id)), loadPalette()]);
      setC(r.data);
      setPalette(p);
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

  if (!me || (!c && !error)) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  if (!c) {
    return (
      <Screen>
        <Failed message={`加载失败：${error}`} onRetry={() => void load()} />
      </Screen>
    );
  }
  const p = c.colour ? palette[c.colour] : null;
  const contributions = [...c.contributions].sort((a, b) => b.points - a.points);
  const sum = contributions.reduce((s, x) => s + x.points, 0);
  const t = c.thresholds;
  const range = (band: (typeof BANDS)[number]) =>
    !t
      ? ''
      : band === 'blue'
        ? `< ${t.yellow}`
        : band === 'yellow'
          ? `${t.yellow}–${t.orange - 1}`
          : band === 'orange'
            ? `${t.orange}–${t.red - 1}`
            : `≥ ${t.red}`;

  return (
    <Screen className="colour">
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}
      <View className="colour-card" style={p ? { background: p.color, color: textOn(p.color) } : undefined}>
        <Text className="colour-card__small">{me.enterpriseName}</Text>
        <Text className="colour-card__label">{p ? p.label : '尚未评定'}</Text>
        <Text className="colour-card__score">
          {c.colour ? `${COLOUR_NAMES[c.colour]} · ` : ''}
          {c.score != null ? `${c.score} 分` : ''}
        </Text>
        {c.computedAt ? (
          <Text className="colour-card__small">
            评定于 {formatDateTime(c.computedAt)}
            {c.modelVersion ? ` · 评分规则第 ${c.modelVersion} 版` : ''}
          </Text>
        ) : null}
      </View>

      {t ? (
        <View className="colour-scale">
          {BANDS.map((b) => (
            <View key={b} className={`colour-scale__band ${c.colour === b ? 'colour-scale__band--on' : ''}`}>
              <View className="colour-scale__bar" style={{ background: palette[b].color }} />
              <Text className="colour-scale__name">{palette[b].label}</Text>
              <Text className="colour-scale__range">{range(b)} 分</Text>
            </View>
          ))}
        </View>
      ) : null}

      {c.floor ? (
        <View className="wx-card colour-floor">
          <View className="colour-floor__title">保底规则</View>
          <View>
            {c.floor.reason}：不论得分多少，至少为「{palette[c.floor.colour].label}」。
          </View>
        </View>
      ) : null}

      <View className="wx-section-title">得分构成</View>
      <View className="wx-card colour-table">
        <View className="colour-table__row colour-table__row--head">
          <Text className="colour-table__label">评分项</Text>
          <Text className="colour-table__value">情况</Text>
          <Text className="colour-table__points">得分</Text>
        </View>
        {contributions.map((x) => (
          <View key={x.input} className={`colour-table__row ${x.points > 0 ? '' : 'colour-table__row--zero'}`}>
            <Text className="colour-table__label">{x.label}</Text>
            <Text className="colour-table__value">{x.value}</Text>
            <Text className="colour-table__points">{x.points > 0 ? `+${x.points}` : x.points}</Text>
          </View>
        ))}
        <View className="colour-table__row colour-table__row--total">
          <Text className="colour-table__label">合计</Text>
          <Text className="colour-table__value" />
          <Text className="colour-table__points">{sum} 分</Text>
        </View>
      </View>

      {c.history.length > 0 ? (
        <>
          <View className="wx-section-title">变化记录</View>
          <View className="wx-cells">
            {c.history.slice(0, 10).map((h) => (
              <View key={h.computedAt} className="wx-cell colour-history">
                <View className="colour-history__dot" style={{ background: palette[h.colour].color }} />
                <View className="wx-cell__bd">
                  {palette[h.colour].label} · {h.score} 分
                  <View className="wx-cell__desc">
                    {formatDateTime(h.computedAt)} · {historyReason(h.reason)}
                  </View>
                </View>
              </View>
            ))}
          </View>
        </>
      ) : null}
      <View className="wx-tips">
        得分由园区设定的评分规则计算，颜色决定园区的检查频次。整改隐患、及时更新过期证书可降低得分；档案、风险点、危化品或隐患变化后自动重新评定。
      </View>
    </Screen>
  );
}
