import { ALARM_SEVERITY_LABELS, ENTERPRISE_ROLES, IOT_QUANTITY_SPECS, alarmTypeLabel, type IotQuantity } from '@yuanan/contracts';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { dateAt, dueTag, enterpriseNames, localDay } from '../workbench/workbench.helpers.ts';
import { OFFICE_ROLES, severityWhenAny, type WorkbenchContext, type WorkbenchRegistry } from '../workbench/workbench.registry.ts';
import { CALIBRATION_NOTICE_DAYS } from './calibration.jobs.ts';
import { deviceScope } from './device.service.ts';
import { IotAlarm, IotDevice } from './iot.entity.ts';

type Where = Record<string, unknown>;

/** Alarms raised and not yet acknowledged (not closed), wherever their reading is now. */
const unacked = (c: WorkbenchContext): Where => ({ acknowledgedAt: null, closedAt: null, ...deviceScope(c.actor) });
/** Alarms whose reading is back to normal but nobody recorded the handling (待处置). */
const toHandle = (c: WorkbenchContext): Where => ({ clearedAt: { $ne: null }, closedAt: null, ...deviceScope(c.actor) });
/** Enabled devices not heard from within their interval × factor (the ingest's online flag). */
const offline = (c: WorkbenchContext): Where => ({ status: 'enabled', online: false, ...deviceScope(c.actor) });
/** Enabled devices whose calibration is due within 30 days or past. */
const calibrationDue = (c: WorkbenchContext): Where => ({
  status: 'enabled',
  calibrationDueOn: { $ne: null, $lte: localDay(c, CALIBRATION_NOTICE_DAYS) },
  ...deviceScope(c.actor),
});

async function deviceNames(
  c: WorkbenchContext,
  ids: string[],
): Promise<Map<string, { name: string; code: string; location?: string | null }>> {
  if (!ids.length) return new Map();
  return new Map(
    (await c.em.find(IotDevice, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'name', 'code', 'location'] })).map((d) => [
      d.id,
      d,
    ]),
  );
}

/** An alarm as a card item: device and enterprise, what and how much, severity. */
async function alarmItems(c: WorkbenchContext, rows: IotAlarm[]) {
  const [devices, names] = await Promise.all([
    deviceNames(
      c,
      rows.map((a) => a.deviceId),
    ),
    enterpriseNames(
      c.em,
      rows.map((a) => a.enterpriseId),
    ),
  ]);
  const en = c.lang === 'en';
  return rows.map((a) => {
    const d = devices.get(a.deviceId);
    const label = alarmTypeLabel(a.type);
    const unit = a.quantity ? (IOT_QUANTITY_SPECS[a.quantity as IotQuantity]?.unit ?? '') : '';
    const value = a.peakValue ?? a.lastValue;
    const where = [a.enterpriseId ? names.get(a.enterpriseId) : null, d?.location].filter(Boolean).join(' · ');
    return {
      id: a.id,
      title: `${d?.name ?? a.deviceId} ${en ? label.en : label.zh}${value !== null && value !== undefined ? ` ${value}${unit}` : ''}`,
      subtitle: where || null,
      at: a.startedAt.toISOString(),
      tag: en ? ALARM_SEVERITY_LABELS[a.severity].en : ALARM_SEVERITY_LABELS[a.severity].zh,
      severity: a.severity === 'critical' || a.severity === 'major' ? ('critical' as const) : ('warning' as const),
      link: `/iot/alarms/${a.id}`,
    };
  });
}

/**
 * IoT monitoring's workbench cards (design §7): 未确认报警 (raised, not acknowledged), 待处置报警 (cleared, handling
 * not recorded), 离线设备 and 标定将到期 — for the office, grid workers (the whole zone) and enterprise users (their own
 * enterprise's devices and alarms, as the IoT lists scope them).
 */
export function registerIotCards(wb: WorkbenchRegistry): void {
  const WATCHERS = [...OFFICE_ROLES, 'grid_worker', ...ENTERPRISE_ROLES] as const;
  const enterpriseBound = (a: { role: string; enterpriseId: string | null }) =>
    !(ENTERPRISE_ROLES as readonly string[]).includes(a.role) || Boolean(a.enterpriseId);
  wb.register({
    key: 'iot.unacked',
    module: 'iot',
    order: 2,
    roles: WATCHERS,
    when: enterpriseBound,
    title: t('未确认报警', 'Unacknowledged alarms'),
    description: t(
      '物联网设备触发、尚未有人确认的报警，请尽快确认并到现场核实',
      'IoT alarms nobody has acknowledged yet: acknowledge and check on site',
    ),
    count: (c) => cappedCount(c.em, IotAlarm, unacked(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(IotAlarm, unacked(c), { orderBy: { startedAt: 'desc' }, limit });
      return alarmItems(c, rows);
    },
    link: '/iot/alarms?status=unack',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'iot.toHandle',
    module: 'iot',
    order: 3,
    roles: WATCHERS,
    when: enterpriseBound,
    title: t('待处置报警', 'Alarms to close'),
    description: t(
      '读数已恢复正常但尚未填写处置记录（原因、措施）的报警',
      'Alarms back to normal whose handling record (cause, measures) is not filled in',
    ),
    count: (c) => cappedCount(c.em, IotAlarm, toHandle(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(IotAlarm, toHandle(c), { orderBy: { clearedAt: 'asc' }, limit });
      return (await alarmItems(c, rows)).map((i) => ({ ...i, severity: 'warning' as const }));
    },
    link: '/iot/alarms?status=cleared',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'iot.offline',
    module: 'iot',
    order: 40,
    roles: WATCHERS,
    when: enterpriseBound,
    title: t('离线设备', 'Offline devices'),
    description: t('已启用但未按时上报数据的物联网设备', 'Enabled IoT devices that stopped reporting'),
    count: (c) => cappedCount(c.em, IotDevice, offline(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(IotDevice, offline(c), { orderBy: { lastSeenAt: 'asc' }, limit });
      const names = await enterpriseNames(
        c.em,
        rows.map((d) => d.enterpriseId),
      );
      const en = c.lang === 'en';
      return rows.map((d) => ({
        id: d.id,
        title: `${d.name}（${d.code}）`,
        subtitle: [d.enterpriseId ? names.get(d.enterpriseId) : null, d.location].filter(Boolean).join(' · ') || null,
        at: d.lastSeenAt ? d.lastSeenAt.toISOString() : null,
        tag: d.lastSeenAt ? (en ? 'offline' : '离线') : en ? 'never reported' : '从未上报',
        link: `/iot/devices?q=${encodeURIComponent(d.code)}`,
      }));
    },
    link: '/iot/devices?status=enabled&online=false',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'iot.calibration',
    module: 'iot',
    order: 41,
    roles: [...OFFICE_ROLES, ...ENTERPRISE_ROLES],
    when: enterpriseBound,
    title: t('设备标定将到期', 'Calibration due'),
    description: t(
      '30 天内到期或已过期的探测器标定（检定），请联系计量机构',
      'Detector calibrations due within 30 days or past: book the metrology service',
    ),
    count: (c) => cappedCount(c.em, IotDevice, calibrationDue(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(IotDevice, calibrationDue(c), { orderBy: { calibrationDueOn: 'asc' }, limit });
      return rows.map((d) => ({
        id: d.id,
        title: `${d.name}（${d.code}）`,
        subtitle: d.location ?? null,
        at: dateAt(c, d.calibrationDueOn!),
        tag: dueTag(c, d.calibrationDueOn!),
        severity: d.calibrationDueOn! < localDay(c) ? ('critical' as const) : ('warning' as const),
        link: `/iot/devices?q=${encodeURIComponent(d.code)}`,
      }));
    },
    link: '/iot/devices',
    severity: severityWhenAny('warning'),
  });
}
