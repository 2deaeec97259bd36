import { Flex, Typography } from 'antd';
import { ALARM_SEVERITIES, ALARM_SEVERITY_LABELS, ALARM_STATUS_FILTER_LABELS, ALARM_STATUS_FILTERS } from '@yuanan/contracts';
import { Link } from 'react-router';
import { useRealtimeEvent } from '../../api/socket.ts';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtTime } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useAlarms, type IotAlarm } from './iot-queries.ts';
import { alarmTypeText, AlarmStatusTag, formatValue, SeverityTag, enterpriseColumn } from './labels.tsx';
import { iotMessages } from './messages.ts';
import './iot.css';

/** The alarm list's columns: time (opens the alarm), device, enterprise, type, severity, peak, status, cleared. */
function useAlarmColumns(): ListColumn<IotAlarm>[] {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  return [
    {
      key: 'startedAt',
      title: t('startedAt'),
      dataIndex: 'startedAt',
      width: 170,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/iot/alarms/${r.id}`} data-testid="iot-alarm-link" data-id={r.id}>
          {fmtTime(v)}
        </Link>
      ),
    },
    {
      key: 'device',
      title: t('device'),
      width: 200,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <span data-user-text>{r.deviceName}</span>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {r.deviceCode}
          </Typography.Text>
        </Flex>
      ),
    },
    enterpriseColumn(t),
    { key: 'type', title: t('alarmType'), width: 150, render: (_: unknown, r) => alarmTypeText(r.type, lang) },
    {
      key: 'severity',
      title: t('severity'),
      width: 130,
      render: (_: unknown, r) => <SeverityTag severity={r.severity} lang={lang} />,
    },
    {
      key: 'peak',
      title: t('peak'),
      width: 110,
      priority: 2,
      render: (_: unknown, r) => (r.kind === 'offline' ? '—' : formatValue(r.quantity, r.peakValue ?? r.lastValue, lang)),
    },
    {
      key: 'status',
      title: t('status'),
      width: 150,
      render: (_: unknown, r) => <AlarmStatusTag status={r.status} lang={lang} />,
    },
    {
      key: 'clearedAt',
      title: t('clearedAt'),
      dataIndex: 'clearedAt',
      width: 170,
      priority: 3,
      render: (v: string | null) => fmtTime(v),
    },
    { key: 'count', title: t('count'), dataIndex: 'count', width: 70, priority: 3 },
  ];
}

/**
 * 报警列表: the zone's alarms (an enterprise user: its own) by status (报警中 / 未确认 / 已恢复待处置 / 未处置 /
 * 已处置 / 全部), severity, enterprise and time; a row opens the alarm. New alarms arrive live.
 */
export function AlarmsPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: 'open',
      testId: 'iot-alarm-status-filter',
      options: ALARM_STATUS_FILTERS.map((s) => ({ value: s, label: ALARM_STATUS_FILTER_LABELS[s][lang === 'en' ? 'en' : 'zh'] })),
    },
    {
      key: 'severity',
      kind: 'select',
      label: t('severity'),
      width: 150,
      options: ALARM_SEVERITIES.map((s) => ({ value: s, label: ALARM_SEVERITY_LABELS[s][lang === 'en' ? 'en' : 'zh'] })),
    },
    {
      key: 'enterpriseId',
      kind: 'custom',
      label: t('enterprise'),
      control: <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} testId="iot-enterprise-filter" />,
    },
    { key: 'range', kind: 'dateRange', keys: ['from', 'to'], label: t('dateRange'), width: 320, time: true },
    { key: 'deviceId', kind: 'hidden', label: t('device') },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const params = { ...lq.params, status: lq.params.status || 'open' };
  const list = useAlarms(params);
  const columns = useAlarmColumns();
  useRealtimeEvent('iot.alarm', () => void list.refetch());

  return (
    <ListPage<IotAlarm>
      title={t('alarmsTitle')}
      description={t('alarmsDesc')}
      lq={lq}
      list={list}
      testId="iot-alarms"
      views="iot-alarms"
      tableTitle={t('alarmsList')}
      emptyText={t('alarmsEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'iot-alarm-table',
        rowClassName: (a) => (a.status === 'active_unack' ? 'row-danger' : ''),
      }}
    />
  );
}
