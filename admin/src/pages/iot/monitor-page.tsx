import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Card, Descriptions, Drawer, Empty, Flex, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { IotAlarmPush, IotLiveResponse, IotReadingPush, REALTIME_EVENTS } from '@yuanan/contracts';
import { Link, useSearchParams } from 'react-router';
import { useScope } from '../../api/keys.ts';
import { useRiskMap } from '../../api/risk-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtTime, fromNow } from '../../components/time.ts';
import { useThrottled } from '../../components/use-throttled.ts';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useActiveAlarms, useDevice, useLive, useReadings, type IotLiveItem } from './iot-queries.ts';
import { alarmTypeText, AlarmStatusTag, formatValue, markerState, quantityLabel, SeverityTag, typeLabel } from './labels.tsx';
import { iotMessages, type IotMessageKey } from './messages.ts';
import { ReadingChart, type ReadingSeries } from './reading-chart.tsx';
import { SitePlanMap, STATE_COLOURS, type MarkerState, type PlanMarker } from './site-plan.tsx';
import './iot.css';

const ALARM_EVENT: (typeof REALTIME_EVENTS)['iotAlarm'] = 'iot.alarm';
const READING_EVENT: (typeof REALTIME_EVENTS)['iotReading'] = 'iot.reading';
const SEVERITY_RANK: Record<string, number> = { critical: 3, major: 2, minor: 1, warning: 0 };
const LEGEND: MarkerState[] = ['normal', 'l1', 'l2', 'minor', 'offline', 'disabled'];

/** A marker state's words (the legend, a device's tag). */
function stateLabels(t: FeatureT<IotMessageKey>): Record<MarkerState, string> {
  return {
    normal: t('stateNormal'),
    l1: t('stateL1'),
    l2: t('stateL2'),
    minor: t('stateMinor'),
    offline: t('stateOffline'),
    disabled: t('stateDisabled'),
  };
}

/**
 * 实时监测 (design §7): the zone's site plan with every device as a marker coloured by state (normal green, L1
 * orange, L2 red flashing, offline grey, disabled hollow), the active alarms beside it, and a drawer per device
 * with its latest values and the last 24 hours (set points as mark lines). Live: `iot.reading` moves the values
 * and the open chart, `iot.alarm` recolours markers at once and refreshes the lists.
 */
export function MonitorPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const scope = useScope();
  const qc = useQueryClient();
  const { effective } = useSession();
  const live = useLive();
  const alarms = useActiveAlarms();
  const plan = useRiskMap({ view: 'plan' });
  const [sp, setSp] = useSearchParams();
  const selected = sp.get('device');
  const select = (id: string | null) => {
    const next = new URLSearchParams(sp);
    if (id) next.set('device', id);
    else next.delete('device');
    setSp(next, { replace: true });
  };

  const refetch = useThrottled(() => {
    void qc.invalidateQueries({ queryKey: [scope, 'iot'] });
  }, 1500);

  /** Changes one device of the live list in the query cache (a push applied at once, before the api is asked). */
  const patchDevice = (deviceId: string, patch: (d: IotLiveResponse['items'][number]) => IotLiveResponse['items'][number]) =>
    qc.setQueryData<IotLiveResponse>([scope, 'iot', 'live'], (old) =>
      old ? { ...old, items: old.items.map((d) => (d.id === deviceId ? patch(d) : d)) } : old,
    );

  // An alarm push recolours its device at once; the lists follow from the api.
  useRealtimeEvent<IotAlarmPush>(ALARM_EVENT, (p) => {
    patchDevice(p.deviceId, (d) => ({
      ...d,
      alarm: p.action === 'close' ? null : { id: p.id, type: p.type, severity: p.severity, level: p.level, status: p.status },
    }));
    refetch();
  });
  // Latest values move with the readings pushed (throttled per device by the api).
  const [pushed, setPushed] = useState<Array<[number, Record<string, number>]>>([]);
  useRealtimeEvent<IotReadingPush>(READING_EVENT, (p) => {
    patchDevice(p.deviceId, (d) => ({ ...d, online: true, latest: { ts: p.ts, v: { ...d.latest?.v, ...p.v } } }));
    if (p.deviceId === selected) setPushed((list) => [...list.slice(-599), [p.ts, p.v]]);
  });
  useEffect(() => setPushed([]), [selected]);

  const items = useMemo(() => live.data?.items ?? [], [live.data]);
  const sitePlan = plan.data?.sitePlan ?? null;
  const markers = useMemo<PlanMarker[]>(
    () =>
      items
        .filter((d) => d.mapX != null && d.mapY != null)
        .map((d) => {
          const q = Object.keys(d.latest?.v ?? {})[0];
          return {
            id: d.id,
            x: d.mapX!,
            y: d.mapY!,
            state: markerState(d),
            label: d.name,
            sub: [d.enterpriseName, q ? `${quantityLabel(q, lang)} ${formatValue(q, d.latest!.v[q], lang)}` : null]
              .filter(Boolean)
              .join(' · '),
          };
        }),
    [items, lang],
  );
  const counts = useMemo(() => {
    const c: Record<MarkerState, number> = { normal: 0, l1: 0, l2: 0, minor: 0, offline: 0, disabled: 0 };
    for (const d of items) c[markerState(d)]++;
    return c;
  }, [items]);
  const unplaced = items.length - markers.length;
  const stateLabel = stateLabels(t);

  if (live.isError && !live.data) return <QueryError error={live.error} onRetry={() => void live.refetch()} />;

  return (
    <PageContainer
      title={t('monitorTitle')}
      description={t('monitorDesc')}
      extra={
        <Space size={12}>
          {(['l2', 'l1', 'offline'] as const).map((s) => (
            <Tag key={s} color={s === 'l2' ? 'red' : s === 'l1' ? 'orange' : 'default'} data-testid={`iot-count-${s}`}>
              {stateLabel[s]} {counts[s]}
            </Tag>
          ))}
          <Typography.Text type="secondary">{t('devicesShown', { n: items.length })}</Typography.Text>
        </Space>
      }
    >
      <Flex gap={16} align="stretch" className="map-layout">
        <Card className="map-card" styles={{ body: { padding: 0, height: '100%' } }}>
          {!live.data || plan.isLoading ? (
            <Skeleton active style={{ padding: 24 }} />
          ) : !sitePlan ? (
            <Result
              icon={<PictureOutlined />}
              title={t('noPlan')}
              subTitle={t('noPlanDesc')}
              extra={hasPermission(effective, 'tenant.settings.read') && <Link to="/settings?tab=map">{t('openSettings')}</Link>}
            />
          ) : (
            <div className="map-wrap">
              <SitePlanMap plan={sitePlan} markers={markers} selectedId={selected} onSelect={select} />
              <div className="map-legend" data-testid="iot-legend">
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {t('legend')}
                </Typography.Text>
                {LEGEND.map((s) => (
                  <span key={s} className="legend-item" style={{ cursor: 'default' }}>
                    <span className={`iot-legend-dot iot-marker-${s}`} style={{ ['--dot' as string]: STATE_COLOURS[s] }} />
                    <span>{stateLabel[s]}</span>
                    <span className="legend-count">{counts[s]}</span>
                  </span>
                ))}
              </div>
              {unplaced > 0 && (
                <Typography.Text type="secondary" className="iot-unplaced">
                  {t('unplacedDevices', { n: unplaced })}
                </Typography.Text>
              )}
            </div>
          )}
        </Card>
        <Card
          className="map-side iot-side"
          size="small"
          title={
            <Space size={6}>
              {t('activeAlarms')}
              <Badge count={alarms.data?.items.length ?? 0} showZero color={alarms.data?.items.length ? '#f5222d' : '#bfbfbf'} />
            </Space>
          }
          data-testid="iot-active-alarms"
        >
          <List
            size="small"
            className="map-list"
            loading={alarms.isLoading}
            dataSource={[...(alarms.data?.items ?? [])].sort(
              (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.startedAt.localeCompare(a.startedAt),
            )}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noActiveAlarms')} /> }}
            renderItem={(a) => (
              <List.Item
                className={`iot-alarm-item${a.deviceId === selected ? ' map-list-focus' : ''}`}
                onClick={() => select(a.deviceId)}
                style={{ cursor: 'pointer' }}
                data-testid="iot-active-alarm"
                data-id={a.id}
                data-device={a.deviceId}
              >
                <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                  <Flex justify="space-between" gap={6}>
                    <Typography.Text strong ellipsis data-user-text>
                      {a.deviceName}
                    </Typography.Text>
                    <SeverityTag severity={a.severity} lang={lang} />
                  </Flex>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }} data-user-text>
                    {a.enterpriseName ?? t('zoneDevice')}
                    {a.location ? ` · ${a.location}` : ''}
                  </Typography.Text>
                  <Flex justify="space-between" gap={6} style={{ fontSize: 12 }}>
                    <span>
                      {alarmTypeText(a.type, lang)}{' '}
                      {a.kind !== 'offline' && formatValue(a.quantity, a.peakValue ?? a.lastValue, lang)}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fromNow(a.startedAt)}
                    </Typography.Text>
                  </Flex>
                  <Flex justify="space-between" align="center">
                    <AlarmStatusTag status={a.status} lang={lang} />
                    <Link to={`/iot/alarms/${a.id}`} onClick={(e) => e.stopPropagation()} data-testid="iot-alarm-open">
                      {t('openAlarm')}
                    </Link>
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      </Flex>
      <DeviceDrawer
        id={selected}
        item={items.find((d) => d.id === selected) ?? null}
        pushed={pushed}
        onClose={() => select(null)}
      />
    </PageContainer>
  );
}

/** A device's drawer: state, latest values, active alarms and the last 24 hours with the set points. */
function DeviceDrawer({
  id,
  item,
  pushed,
  onClose,
}: {
  id: string | null;
  item: IotLiveItem | null;
  pushed: Array<[number, Record<string, number>]>;
  onClose: () => void;
}) {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const device = useDevice(id);
  // The 24 hours end when the drawer opened; pushed readings extend them.
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - 86400_000).toISOString(), to: to.toISOString() };
  }, [id]);
  const readings = useReadings(id, range.from, range.to);
  const d = device.data;
  const latest = item?.latest ?? d?.latest ?? null;
  const levelText = useCallback((level: 1 | 2, v: number) => t(level === 1 ? 'level1Line' : 'level2Line', { v }), [t]);
  const series = useMemo<ReadingSeries[]>(() => {
    const out: ReadingSeries[] = [];
    for (const s of readings.data?.series ?? []) {
      const cond = d?.rules.conditions.find((c) => c.quantity === s.quantity);
      const useMax = cond?.direction === 'above';
      const points: Array<[number, number]> = s.points.map((p) => [p.ts, useMax ? p.max : p.avg]);
      for (const [ts, v] of pushed)
        if (v[s.quantity] != null && ts > (points.at(-1)?.[0] ?? 0)) points.push([ts, v[s.quantity]!]);
      out.push({
        quantity: s.quantity,
        label: quantityLabel(s.quantity, lang),
        unit: s.unit,
        points,
        level1: cond?.level1 ?? null,
        level2: cond?.level2 ?? null,
      });
    }
    return out;
  }, [readings.data, d, pushed, lang]);
  // The axis is exactly the last 24 hours (a device without history shows an empty day, not a fitted guess),
  // sliding on with the pushed readings.
  const chartWindow = useMemo(() => {
    const to = Math.max(Date.parse(range.to), ...pushed.map(([ts]) => ts));
    return { from: to - 86400_000, to };
  }, [range.to, pushed]);
  const state = item ? markerState(item) : null;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={640}
      title={
        <Space size={8} wrap>
          <span data-user-text>{d?.name ?? item?.name}</span>
          {state && (
            <Tag color={state === 'l2' ? 'red' : state === 'l1' ? 'orange' : state === 'normal' ? 'green' : 'default'}>
              {stateLabels(t)[state]}
            </Tag>
          )}
        </Space>
      }
      extra={
        d && (
          <Space size={12}>
            <Link to={`/iot/alarms?status=all&deviceId=${d.id}`} data-testid="iot-device-alarms">
              {t('deviceAlarms')}
            </Link>
            <Link to={`/iot/devices?q=${encodeURIComponent(d.code)}`}>{t('openDevice')}</Link>
          </Space>
        )
      }
      data-testid="iot-device-drawer"
    >
      {!d ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('deviceCode')}>
              <span className="mono">{d.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('deviceType')}>{typeLabel(d.type, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprise')} span={2}>
              <span data-user-text>{d.enterpriseName ?? t('zoneDevice')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('location')} span={2}>
              <span data-user-text>{[d.keyPlace, d.location].filter(Boolean).join(' · ') || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('lastSeen')}>{fmtTime(d.lastSeenAt)}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              {d.status === 'disabled' ? t('disabled') : d.online ? t('online') : t('offline')}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('drawerLatest')}</Typography.Title>
            {latest ? (
              <Flex gap={12} wrap data-testid="iot-latest">
                {Object.entries(latest.v).map(([q, v]) => (
                  <Card key={q} size="small" className="iot-value-card" data-quantity={q}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {quantityLabel(q, lang)}
                    </Typography.Text>
                    <div className="iot-value">{formatValue(q, v, lang)}</div>
                  </Card>
                ))}
                <Typography.Text type="secondary" style={{ alignSelf: 'flex-end', fontSize: 12 }}>
                  {fmtTime(new Date(latest.ts).toISOString())}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('noReadings')}</Typography.Text>
            )}
          </div>
          {d.activeAlarms.length > 0 && (
            <Flex vertical gap={6}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('activeAlarms')}
              </Typography.Title>
              {d.activeAlarms.map((a) => (
                <Flex key={a.id} gap={8} align="center">
                  <SeverityTag severity={a.severity} lang={lang} />
                  <span>{alarmTypeText(a.type, lang)}</span>
                  <AlarmStatusTag status={a.status} lang={lang} />
                  <Link to={`/iot/alarms/${a.id}`}>{t('openAlarm')}</Link>
                </Flex>
              ))}
            </Flex>
          )}
          {series.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('drawerChart')}</Typography.Title>
              {readings.isLoading ? (
                <Skeleton active />
              ) : (
                <ReadingChart series={series} levelText={levelText} window={chartWindow} height={280} testId="iot-device-chart" />
              )}
            </div>
          )}
          {d.type !== 'camera' && d.type !== 'gateway' && !series.length && !readings.isLoading && (
            <Button type="link" onClick={() => void readings.refetch()} style={{ alignSelf: 'flex-start' }}>
              {t('refresh')}
            </Button>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
