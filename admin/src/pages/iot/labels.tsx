import { Tag } from 'antd';
import {
  ALARM_CAUSE_LABELS,
  ALARM_EVENT_ACTION_LABELS,
  ALARM_SEVERITY_LABELS,
  ALARM_STATUS_LABELS,
  IOT_DEVICE_TYPE_LABELS,
  IOT_DEVICE_TYPES,
  IOT_QUANTITY_SPECS,
  alarmTypeLabel,
  type AlarmCause,
  type AlarmEventAction,
  type AlarmSeverity,
  type AlarmStatus,
  type IotDeviceType,
  type IotQuantity,
} from '@yuanan/contracts';
import type { ListColumn } from '../../components/list-page/index.ts';
import type { FeatureT } from '../../i18n/feature.ts';
import type { Lang } from '../../i18n/i18n.tsx';
import type { MarkerState } from './site-plan.tsx';

type Local = { zh: string; en: string };
const pick = (l: Local | undefined, lang: Lang, fallback: string) => (l ? (lang === 'en' ? l.en : l.zh) : fallback);

export const typeLabel = (t: string, lang: Lang) => pick(IOT_DEVICE_TYPE_LABELS[t as IotDeviceType], lang, t);
export const typeOptions = (lang: Lang) => IOT_DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(t, lang) }));
export const causeLabel = (c: string, lang: Lang) => pick(ALARM_CAUSE_LABELS[c as AlarmCause], lang, c);
export const eventLabel = (a: string, lang: Lang) => pick(ALARM_EVENT_ACTION_LABELS[a as AlarmEventAction], lang, a);
export const alarmTypeText = (type: string, lang: Lang) => pick(alarmTypeLabel(type), lang, type);

export function quantityLabel(q: string, lang: Lang): string {
  const s = IOT_QUANTITY_SPECS[q as IotQuantity];
  return s ? (lang === 'en' ? s.labelEn : s.label) : q;
}

/** A value in its quantity's unit and decimals (`12.5 %LEL`; a flame is 有火 / 无火). */
export function formatValue(q: string | null | undefined, v: number | null | undefined, lang: Lang): string {
  if (v == null) return '—';
  const s = q ? IOT_QUANTITY_SPECS[q as IotQuantity] : undefined;
  if (!s) return String(Math.round(v * 100) / 100);
  if (q === 'flame') return v >= 1 ? (lang === 'en' ? 'flame' : '有火') : lang === 'en' ? 'none' : '无火';
  return `${v.toFixed(s.decimals)} ${s.unit}`;
}

const SEVERITY_COLOURS: Record<AlarmSeverity, string> = { critical: 'red', major: 'orange', minor: 'gold', warning: 'default' };
const STATUS_COLOURS: Record<AlarmStatus, string> = {
  active_unack: 'red',
  active_ack: 'volcano',
  cleared_unack: 'orange',
  cleared_ack: 'blue',
  closed: 'green',
};

export function SeverityTag({ severity, lang }: { severity: string; lang: Lang }) {
  return (
    <Tag color={SEVERITY_COLOURS[severity as AlarmSeverity] ?? 'default'} data-testid="iot-severity" data-severity={severity}>
      {pick(ALARM_SEVERITY_LABELS[severity as AlarmSeverity], lang, severity)}
    </Tag>
  );
}

export function AlarmStatusTag({ status, lang }: { status: string; lang: Lang }) {
  return (
    <Tag color={STATUS_COLOURS[status as AlarmStatus] ?? 'default'} data-testid="iot-alarm-status" data-status={status}>
      {pick(ALARM_STATUS_LABELS[status as AlarmStatus], lang, status)}
    </Tag>
  );
}

/** The marker state of a device: disabled, offline, then its most severe open active alarm, else normal. */
export function markerState(d: {
  status: string;
  online: boolean;
  alarm: { severity: string; status: string } | null;
}): MarkerState {
  if (d.status === 'disabled') return 'disabled';
  const a = d.alarm && (d.alarm.status === 'active_unack' || d.alarm.status === 'active_ack') ? d.alarm : null;
  if (a?.severity === 'critical') return 'l2';
  if (a?.severity === 'major') return 'l1';
  if (!d.online || a?.severity === 'warning') return 'offline';
  if (a?.severity === 'minor') return 'minor';
  return 'normal';
}

/** The 企业 column of the IoT lists: a device of no enterprise is the zone's own (园区设备). */
export function enterpriseColumn<R extends { enterpriseName: string | null }>(
  t: FeatureT<'enterprise' | 'zoneDevice'>,
): ListColumn<R> {
  return {
    key: 'enterprise',
    title: t('enterprise'),
    width: 180,
    ellipsis: true,
    priority: 2,
    render: (_: unknown, r: R) => <span data-user-text>{r.enterpriseName ?? t('zoneDevice')}</span>,
  };
}
