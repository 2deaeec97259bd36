import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { client } from '../../services/api';
import { loadCached } from '../../services/cache';
import { HAZARD_PAGES } from '../../services/routes';
import { COLOUR_NAMES, ENTERPRISE_PAGES, textOn, type Palette } from '../services/enterprise-ui';
import { loadPalette } from '../services/data';
import './overview.scss';

type Colour = Awaited<ReturnType<typeof client.enterprises.colour>>;

/** The enterprise home's own part: its colour (tap: why) and open hazards (the to-dos are the workbench's cards). */
export function EnterpriseOverview({ enterpriseId }: { enterpriseId: string }) {
  const [colour, setColour] = useState<Colour | null>(null);
  const [palette, setPalette] = useState<Palette | null>(null);
  const [hazards, setHazards] = useState<{ open: number; overdue: number } | null>(null);

  const load = () => {
    void loadPalette().then(setPalette);
    void loadCached(`colour:${enterpriseId}`, () => client.enterprises.colour(enterpriseId))
      .then((r) => setColour(r.data))
      .catch(() => undefined);
    void loadCached(`hazard-counts:${enterpriseId}`, async () => {
      const [open, overdue] = await Promise.all([
        client.hazards.list({ status: 'confirmed,rectifying', pageSize: 1 }),
        client.hazards.list({ overdue: 'true', pageSize: 1 }),
      ]);
      return { open: open.total, overdue: overdue.total };
    })
      .then((r) => setHazards(r.data))
      .catch(() => undefined);
  };
  useDidShow(load);

  const c = colour?.colour ? palette?.[colour.colour] : null;
  const open = (url: string) => void Taro.navigateTo({ url });

  return (
    <View className="overview">
      <View className="overview__row">
        <View
          className="overview__colour"
          style={c ? { background: c.color, color: textOn(c.color) } : undefined}
          onClick={() => open(ENTERPRISE_PAGES.colour)}
        >
          <Text className="overview__small">风险等级</Text>
          <Text className="overview__big">{c ? c.label : colour ? '未评定' : '…'}</Text>
          <Text className="overview__small">
            {colour?.colour ? `${COLOUR_NAMES[colour.colour]} · ${colour.score ?? '-'} 分 · 查看原因` : '查看原因'}
          </Text>
        </View>
        <View className="overview__hazards" onClick={() => open(`${HAZARD_PAGES.list}?tab=rectifying`)}>
          <Text className="overview__small">待整改隐患</Text>
          <Text className={`overview__big ${hazards && hazards.overdue > 0 ? 'overview__big--danger' : ''}`}>
            {hazards ? hazards.open : '…'}
          </Text>
          <Text className={`overview__small ${hazards && hazards.overdue > 0 ? 'overview__danger' : ''}`}>
            {hazards ? (hazards.overdue > 0 ? `其中逾期 ${hazards.overdue} 项` : '无逾期') : ''}
          </Text>
        </View>
      </View>
    </View>
  );
}
