import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { IOT_DEVICE_TYPE_SPECS, type IotLiveItem } from '@yuanan/contracts';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { formatTime } from '../../../services/format';
import { IOT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { DEVICE_STATE_TEXT, DEVICE_STATE_TONE, IOT_POLL_MS, deviceState, latestValues, sortDevices } from '../../services/iot-ui';
import { usePolling } from '../../../services/use-polling';
import './index.scss';

/**
 * 我的设备 (enterprise users): the enterprise's monitoring devices with their state (二级报警 / 报警 / 离线 / 正常 /
 * 已停用), latest values and when they last reported — alarms on top. A device in alarm opens its alarm. From
 * GET /iot/live (the api scopes it to the user's enterprise), reloaded every 15 s while shown.
 */
export default function IotDevicesPage() {
  const me = useSignedInMe();
  const list = useRecordPages<IotLiveItem, { alarm: number; offline: number }>(
    async () => {
      const r = await loadCached('iot:live', () => client.iot.live());
      const own = r.data.items.filter((d) => !me?.enterpriseId || d.enterpriseId === me.enterpriseId);
      const items = sortDevices(own);
      const states = items.map(deviceState);
      return {
        items,
        offlineSince: r.offlineSince,
        extra: {
          alarm: states.filter((s) => s === 'critical' || s === 'alarm').length,
          offline: states.filter((s) => s === 'offline').length,
        },
      };
    },
    { enabled: !!me },
  );
  const { reload } = list;
  usePolling(() => reload(), { ms: IOT_POLL_MS, enabled: !!me });

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  return (
    <Screen className="iot-devices">
      <RecordList<IotLiveItem, { alarm: number; offline: number }>
        source={list}
        errorText="设备加载失败"
        emptyText="本企业还没有接入监测设备"
        emptyDesc="设备由园区安监办在管理后台登记接入"
        header={(s) =>
          s.items.length > 0 ? (
            <View className="iot-devices__summary" data-testid="iot-devices-summary">
              共 {s.items.length} 台{s.extra?.alarm ? <Text className="iot-devices__bad"> · 报警 {s.extra.alarm}</Text> : null}
              {s.extra?.offline ? <Text> · 离线 {s.extra.offline}</Text> : null}
            </View>
          ) : null
        }
        renderItem={(d) => {
          const state = deviceState(d);
          const values = latestValues(d);
          const alarmId = d.alarm && d.alarm.status !== 'closed' ? d.alarm.id : null;
          return (
            <View
              className={`iot-device iot-device--${state}`}
              data-testid="iot-device"
              data-code={d.code}
              onClick={() => {
                if (alarmId) void Taro.navigateTo({ url: `${IOT_PAGES.alarm}?id=${alarmId}` });
              }}
            >
              <View className="iot-device__head">
                <Text className="iot-device__name">{d.name}</Text>
                <Text className={`tag tag--${DEVICE_STATE_TONE[state]}`} data-testid="iot-device-state">
                  {DEVICE_STATE_TEXT[state]}
                </Text>
              </View>
              <View className="iot-device__meta">
                {IOT_DEVICE_TYPE_SPECS[d.type].label} · {d.code}
                {d.location ? ` · ${d.location}` : ''}
              </View>
              {values.length > 0 ? (
                <View className="iot-device__values">
                  {values.map((v) => (
                    <Text key={v.quantity} className="iot-device__value" data-quantity={v.quantity}>
                      {v.label} <Text className="iot-device__num">{v.text}</Text>
                    </Text>
                  ))}
                </View>
              ) : null}
              <View className="iot-device__foot">
                <Text>{d.latest ? `${formatTime(new Date(d.latest.ts).toISOString())} 上报` : '尚未上报数据'}</Text>
                {alarmId ? <Text className="iot-device__open">查看报警 ›</Text> : null}
              </View>
            </View>
          );
        }}
        after={<View className="wx-tips">页面显示时每 15 秒自动刷新。报警会推送消息通知。</View>}
      />
    </Screen>
  );
}
