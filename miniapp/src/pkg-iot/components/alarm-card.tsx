import { Text, View } from '@tarojs/components';
import type { IotAlarm } from '@yuanan/contracts';
import { formatTime } from '../../services/format';
import { SEVERITY_TEXT, SEVERITY_TONE, STATUS_TEXT, STATUS_TONE, alarmTitle, formatValue } from '../services/iot-ui';
import './alarm-card.scss';

/**
 * One alarm in a list: severity and status, the device and where it is (and the enterprise for the zone's staff),
 * the value that raised it and its peak, when it started. Active alarms are marked on the left edge.
 */
export function AlarmCard({ a, showEnterprise, onOpen }: { a: IotAlarm; showEnterprise: boolean; onOpen: () => void }) {
  const active = a.status === 'active_unack' || a.status === 'active_ack';
  const peak = formatValue(a.peakValue, a.quantity);
  const last = formatValue(a.lastValue, a.quantity);
  return (
    <View
      className={`iot-alarm-card ${active ? `iot-alarm-card--active iot-alarm-card--${a.severity}` : ''}`}
      data-testid="iot-alarm"
      data-id={a.id}
      onClick={onOpen}
    >
      <View className="iot-alarm-card__head">
        <Text className={`tag tag--${SEVERITY_TONE[a.severity]}`}>{SEVERITY_TEXT[a.severity]}</Text>
        <View className="iot-alarm-card__spacer" />
        <Text className={`tag tag--${STATUS_TONE[a.status]}`} data-testid="iot-alarm-status">
          {STATUS_TEXT[a.status]}
        </Text>
      </View>
      <View className="iot-alarm-card__title">
        {a.deviceName} · {alarmTitle(a)}
      </View>
      <View className="iot-alarm-card__meta">
        {showEnterprise && a.enterpriseName ? `${a.enterpriseName} · ` : ''}
        {a.location ?? a.deviceCode}
      </View>
      <View className="iot-alarm-card__foot">
        <Text>{formatTime(a.startedAt)} 开始</Text>
        {a.kind !== 'offline' && (peak || last) ? (
          <Text className="iot-alarm-card__value">
            {peak ? `峰值 ${peak}` : `当前 ${last}`}
            {a.count > 1 ? ` · ${a.count} 次` : ''}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
