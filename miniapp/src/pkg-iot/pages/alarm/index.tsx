import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  ALARM_CAUSE_LABELS,
  HAZARD_STATUS_LABELS,
  IOT_DEVICE_TYPE_SPECS,
  isEnterpriseRole,
  type IotAlarmDetail,
} from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { DetailRow as Row, RecordNotices, RecordPending, Timeline } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { confirm, reportError, toast } from '../../../services/feedback';
import { formatDateTime, formatTime } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { onOutboxSent, outboxItems } from '../../../services/offline';
import { HAZARD_PAGES, IOT_PAGES } from '../../../services/routes';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import {
  IOT_POLL_MS,
  SEVERITY_TEXT,
  SEVERITY_TONE,
  STATUS_TEXT,
  STATUS_TONE,
  alarmActions,
  alarmTitle,
  eventLabel,
  formatValue,
  latestValues,
} from '../../services/iot-ui';
import { changedMeanwhile } from '../../services/conflict';
import { usePolling } from '../../../services/use-polling';
import './index.scss';

/**
 * One alarm: severity and status, the device, the values (first, current, peak, set points), who acknowledged and
 * closed it, the handling record, the hazard it opened, and the timeline. 确认 acknowledges it (with the version
 * seen: someone acting first → 409 → the page reloads and says so); 处置 opens the handling form. Reloaded every
 * 15 s while shown.
 */
export default function IotAlarmPage() {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const {
    data: a,
    error,
    offlineSince,
    load,
  } = useCachedRecord<IotAlarmDetail>(id ? `iot:alarm:${id}` : null, () => client.iot.alarms.get(id));
  const [busy, setBusy] = useState(false);
  const outbox = useObservable(outboxItems);

  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  usePolling(() => load(), { ms: IOT_POLL_MS, enabled: !!id });
  useEffect(() => onOutboxSent((item) => item.meta?.alarmId === id && void load()), [id, load]);

  if (!me || !a) return <RecordPending failed={me && error ? `报警加载失败：${error}` : null} onRetry={() => void load()} />;

  const waiting = outbox.find((i) => i.meta?.alarmId === a.id);
  const actions = waiting ? { ack: false, handle: false, handleBlocked: null, forceClear: false } : alarmActions(a, me.role);
  const unit = a.unit && a.unit !== 'state' ? ` ${a.unit}` : '';
  const c = a.condition;

  const ack = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await client.iot.alarms.ack(a.id, { version: a.version });
      toast('已确认报警');
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await changedMeanwhile(load);
      else void reportError(e, { what: '确认报警', retry: ack });
    } finally {
      setBusy(false);
    }
  };

  const handle = async () => {
    if (actions.handleBlocked) {
      await Taro.showModal({
        title: '暂不能提交处置',
        content: actions.handleBlocked,
        showCancel: false,
        confirmText: '知道了',
        confirmColor: '#07C160',
      });
      return;
    }
    if (actions.forceClear) {
      const ok = await confirm({
        title: '报警仍在持续',
        content: '提交处置记录将同时手动解除该报警。确认现场已处置完毕？',
      });
      if (!ok) return;
    }
    void Taro.navigateTo({ url: `${IOT_PAGES.handle}?id=${a.id}${actions.forceClear ? '&force=1' : ''}` });
  };

  const latest = latestValues({ type: a.device.type, latest: a.device.latest });
  const hasBar = actions.ack || actions.handle;

  return (
    <Screen className="iot-alarm">
      <RecordNotices offlineSince={offlineSince} waiting={waiting} />

      <View className={`wx-card iot-head iot-head--${a.severity}`}>
        <View className="iot-head__top">
          <Text className={`tag tag--${SEVERITY_TONE[a.severity]}`} data-testid="iot-severity">
            {SEVERITY_TEXT[a.severity]}
          </Text>
          <Text className={`tag tag--${STATUS_TONE[a.status]}`} data-testid="iot-status">
            {STATUS_TEXT[a.status]}
          </Text>
        </View>
        <View className="iot-head__title">{alarmTitle(a)}</View>
        <View className="iot-head__device">
          {a.deviceName}（{a.deviceCode}）
        </View>
        {a.kind !== 'offline' ? (
          <View className="iot-head__values">
            <View className="iot-head__value">
              <View className="iot-head__num" data-testid="iot-last">
                {formatValue(a.lastValue, a.quantity) || '—'}
              </View>
              <View className="iot-head__cap">最近值</View>
            </View>
            <View className="iot-head__value">
              <View className="iot-head__num iot-head__num--peak" data-testid="iot-peak">
                {formatValue(a.peakValue, a.quantity) || '—'}
              </View>
              <View className="iot-head__cap">峰值</View>
            </View>
            <View className="iot-head__value">
              <View className="iot-head__num">{a.count}</View>
              <View className="iot-head__cap">触发次数</View>
            </View>
          </View>
        ) : null}
      </View>

      <View className="wx-card">
        {!isEnterpriseRole(me.role) && a.enterpriseName ? <Row label="企业">{a.enterpriseName}</Row> : null}
        <Row label="设备类型">{IOT_DEVICE_TYPE_SPECS[a.deviceType].label}</Row>
        {a.device.keyPlace ? <Row label="重点部位">{a.device.keyPlace}</Row> : null}
        {a.location ? <Row label="位置">{a.location}</Row> : null}
        {c && (c.level1 !== null || c.level2 !== null) ? (
          <Row label="报警设定值">
            {c.level1 !== null ? `一级 ${c.level1}${unit}` : ''}
            {c.level1 !== null && c.level2 !== null ? ' / ' : ''}
            {c.level2 !== null ? `二级 ${c.level2}${unit}` : ''}
          </Row>
        ) : null}
        <Row label="开始时间">{formatDateTime(a.startedAt)}</Row>
        {a.clearedAt ? <Row label="恢复时间">{formatDateTime(a.clearedAt)}</Row> : null}
        {a.acknowledgedAt ? (
          <Row label="确认" testId="iot-acked">
            {a.acknowledgedByName ?? ''} · {formatDateTime(a.acknowledgedAt)}
          </Row>
        ) : null}
        {a.assigneeName ? <Row label="处置人">{a.assigneeName}</Row> : null}
        {a.closedAt ? (
          <Row label="处置完成">
            {a.closedByName ?? ''} · {formatDateTime(a.closedAt)}
          </Row>
        ) : null}
      </View>

      <View className="wx-card">
        <View className="wx-label">设备现状</View>
        <Row label="在线">{a.device.status === 'disabled' ? '已停用' : a.device.online ? '在线' : '离线'}</Row>
        {latest.map((v) => (
          <Row key={v.quantity} label={v.label}>
            {v.text}
            {a.device.latest ? (
              <Text className="detail-row__time">（{formatTime(new Date(a.device.latest.ts).toISOString())}）</Text>
            ) : null}
          </Row>
        ))}
      </View>

      {a.handling ? (
        <View className="wx-card" data-testid="iot-handling">
          <View className="wx-label">处置记录</View>
          <Row label="报警原因">{ALARM_CAUSE_LABELS[a.handling.cause].zh}</Row>
          <Row label="处置措施">{a.handling.measures}</Row>
          {a.handling.note ? <Row label="备注">{a.handling.note}</Row> : null}
          {a.handling.photoIds.length > 0 ? <Row label="现场照片">{a.handling.photoIds.length} 张</Row> : null}
        </View>
      ) : null}

      {a.hazard ? (
        <View
          className="wx-card iot-hazard"
          data-testid="iot-hazard"
          onClick={() => void Taro.navigateTo({ url: `${HAZARD_PAGES.detail}?id=${a.hazard!.id}` })}
        >
          <View className="wx-label">已生成隐患 {a.hazard.code}</View>
          <View className="iot-hazard__desc">{a.hazard.description}</View>
          <View className="iot-hazard__status">{HAZARD_STATUS_LABELS[a.hazard.status] ?? a.hazard.status} · 查看隐患整改 ›</View>
        </View>
      ) : null}

      <View className="wx-section-title">报警记录</View>
      <Timeline
        className="iot-timeline"
        eventClassName="iot-event"
        events={a.timeline.map((e) => ({
          id: e.id,
          action: e.action,
          label: eventLabel(e.action),
          note: e.value !== null ? formatValue(e.value, a.quantity) : null,
          who: e.actorName,
          at: e.at,
          comment: e.comment,
        }))}
      />

      {hasBar ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar iot-actions">
            {actions.ack ? (
              <View
                className={`wx-btn ${actions.handle ? 'wx-btn--plain' : 'wx-btn--primary'} iot-actions__ack ${busy ? 'wx-btn--disabled' : ''}`}
                onClick={() => void ack()}
              >
                确认报警
              </View>
            ) : null}
            {actions.handle ? (
              <View
                className={`wx-btn wx-btn--primary iot-actions__handle ${actions.handleBlocked ? 'wx-btn--disabled' : ''}`}
                onClick={() => void handle()}
              >
                处置
              </View>
            ) : null}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
