import {
  ALARM_CAUSES,
  ALARM_CAUSE_LABELS,
  ALARM_EVENT_ACTION_LABELS,
  ALARM_STATUS_LABELS,
  IOT_DEVICE_TYPE_SPECS,
  IOT_QUANTITIES,
  IOT_QUANTITY_SPECS,
  alarmTypeLabel,
  can,
  isHazardCause,
  type AlarmCause,
  type AlarmSeverity,
  type AlarmStatus,
  type IotAlarm,
  type IotLiveItem,
  type IotQuantity,
  type Role,
} from '@yuanan/contracts';

/**
 * The mini-program's IoT pages (pkg-iot): words, tones and orderings of devices and alarms, and the outbox item of
 * a handling record. Pure (no Taro): unit-tested.
 */

/** How often a shown page reloads (the mini-program has no socket; the admin console gets `iot.alarm` live). */
export const IOT_POLL_MS = 15_000;

/** A tag colour (the global `.tag--…` classes). */
export type Tone = 'red' | 'orange' | 'yellow' | 'blue' | 'green' | 'grey';

export const SEVERITY_TEXT: Record<AlarmSeverity, string> = {
  critical: '二级报警',
  major: '一级报警',
  minor: '快速上升',
  warning: '离线',
};
export const SEVERITY_TONE: Record<AlarmSeverity, Tone> = {
  critical: 'red',
  major: 'orange',
  minor: 'yellow',
  warning: 'blue',
};
const SEVERITY_RANK: Record<AlarmSeverity, number> = { critical: 0, major: 1, minor: 2, warning: 3 };

export const STATUS_TEXT: Record<AlarmStatus, string> = Object.fromEntries(
  Object.entries(ALARM_STATUS_LABELS).map(([k, v]) => [k, v.zh]),
) as Record<AlarmStatus, string>;
export const STATUS_TONE: Record<AlarmStatus, Tone> = {
  active_unack: 'red',
  active_ack: 'orange',
  cleared_unack: 'yellow',
  cleared_ack: 'blue',
  closed: 'green',
};

/** The list's tabs: key → the api's status filter. */
export const ALARM_TABS = [
  { key: 'open', label: '未处置', status: 'open' },
  { key: 'active', label: '报警中', status: 'active' },
  { key: 'unack', label: '未确认', status: 'unack' },
  { key: 'cleared', label: '已恢复', status: 'cleared' },
  { key: 'closed', label: '已处置', status: 'closed' },
] as const;
export type AlarmTab = (typeof ALARM_TABS)[number]['key'];

/** Cause picker: ALARM_CAUSES with their labels, and whether the cause opens a hazard (隐患). */
export const CAUSE_OPTIONS: Array<{ cause: AlarmCause; label: string; opensHazard: boolean }> = ALARM_CAUSES.map((c) => ({
  cause: c,
  label: ALARM_CAUSE_LABELS[c].zh,
  opensHazard: isHazardCause(c),
}));

export function eventLabel(action: string): string {
  return (ALARM_EVENT_ACTION_LABELS as Record<string, { zh: string }>)[action]?.zh ?? action;
}

function isQuantity(q: string): q is IotQuantity {
  return (IOT_QUANTITIES as readonly string[]).includes(q);
}

/**
 * A value as people read it: "32.5 %LEL", "43 ppm", "26.3 ℃", flame 1 → 有火焰 / 0 → 无火焰, wind 225 → "225°";
 * decimals from IOT_QUANTITY_SPECS. Empty for null.
 */
export function formatValue(value: number | null | undefined, quantity: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (!quantity || !isQuantity(quantity)) return String(value);
  const spec = IOT_QUANTITY_SPECS[quantity];
  if (quantity === 'flame') return value >= 1 ? '有火焰' : '无火焰';
  const n = Number(value.toFixed(spec.decimals));
  return spec.unit === '°' ? `${n}°` : `${n} ${spec.unit}`;
}

/** The alarm in a few words: 可燃气体超限报警 · 二级 / 设备离线. */
export function alarmTitle(a: Pick<IotAlarm, 'type' | 'kind' | 'level'>): string {
  const base = alarmTypeLabel(a.type).zh;
  if (a.kind === 'threshold' && (a.level === 1 || a.level === 2)) return `${base} · ${a.level === 2 ? '二级' : '一级'}`;
  return base;
}

/** What the buttons of an alarm are, for this user: 确认 while unacknowledged, 处置 until closed. */
export interface AlarmActions {
  ack: boolean;
  handle: boolean;
  /** Why 处置 cannot be sent yet (the alarm is still active and the user may not force the clear), or null. */
  handleBlocked: string | null;
  /** The office may close an active alarm, clearing it at the same time (forceClear). */
  forceClear: boolean;
}
export function alarmActions(a: Pick<IotAlarm, 'status'>, role: Role): AlarmActions {
  const may = can(role, 'iot.alarms.handle');
  if (!may || a.status === 'closed') return { ack: false, handle: false, handleBlocked: null, forceClear: false };
  const active = a.status === 'active_unack' || a.status === 'active_ack';
  const office = can(role, 'iot.manage');
  return {
    ack: a.status === 'active_unack' || a.status === 'cleared_unack',
    handle: true,
    handleBlocked:
      active && !office ? '报警仍在持续：数值恢复正常、报警解除后才能提交处置记录。请先确认报警并到现场处置。' : null,
    forceClear: active && office,
  };
}

/**
 * Alarms of a grid worker's grid first (enterprises whose grid they patrol), then the rest of the zone; each part
 * keeps the api's order (newest first).
 */
export function gridFirst<T extends { enterpriseId: string | null }>(
  items: T[],
  myEnterpriseIds: ReadonlySet<string> | null,
): { mine: T[]; others: T[] } {
  if (!myEnterpriseIds) return { mine: [], others: items };
  const mine: T[] = [];
  const others: T[] = [];
  for (const a of items) (a.enterpriseId && myEnterpriseIds.has(a.enterpriseId) ? mine : others).push(a);
  return { mine, others };
}

/** A device's state on the list. */
export type DeviceState = 'critical' | 'alarm' | 'offline' | 'disabled' | 'normal';
export const DEVICE_STATE_TEXT: Record<DeviceState, string> = {
  critical: '二级报警',
  alarm: '报警',
  offline: '离线',
  disabled: '已停用',
  normal: '正常',
};
export const DEVICE_STATE_TONE: Record<DeviceState, Tone> = {
  critical: 'red',
  alarm: 'orange',
  offline: 'grey',
  disabled: 'grey',
  normal: 'green',
};
/** A device's state now: its active (not yet cleared) alarm, else offline, else normal; disabled devices are just that. */
export function deviceState(d: Pick<IotLiveItem, 'status' | 'online' | 'alarm'>): DeviceState {
  if (d.status === 'disabled') return 'disabled';
  const active = d.alarm && (d.alarm.status === 'active_unack' || d.alarm.status === 'active_ack') ? d.alarm : null;
  if (active?.severity === 'critical') return 'critical';
  if (active && active.severity !== 'warning') return 'alarm';
  if (!d.online || active?.severity === 'warning') return 'offline';
  return 'normal';
}
const STATE_RANK: Record<DeviceState, number> = { critical: 0, alarm: 1, offline: 2, normal: 3, disabled: 4 };

/** Devices in the order that matters: alarms (critical first), offline, normal, disabled; then by name. */
export function sortDevices<T extends Pick<IotLiveItem, 'status' | 'online' | 'alarm' | 'name'>>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => STATE_RANK[deviceState(a)] - STATE_RANK[deviceState(b)] || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/** A device's latest values in its type's order: [{ label: 可燃气体, text: 2.5 %LEL }]. */
export function latestValues(
  d: Pick<IotLiveItem, 'type' | 'latest'>,
): Array<{ quantity: IotQuantity; label: string; text: string }> {
  if (!d.latest) return [];
  return IOT_DEVICE_TYPE_SPECS[d.type].quantities
    .filter((q) => typeof d.latest!.v[q] === 'number')
    .map((q) => ({ quantity: q, label: IOT_QUANTITY_SPECS[q].label, text: formatValue(d.latest!.v[q], q) }));
}

/** Alarms by severity, then newest first (a device's several alarms). */
export function bySeverity<T extends Pick<IotAlarm, 'severity' | 'startedAt'>>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(b.startedAt) - Date.parse(a.startedAt),
  );
}

/** The handling form (处置记录). */
export interface HandleForm {
  cause: AlarmCause | '';
  measures: string;
  note: string;
  photos: Array<{ path: string; uploadKey: string }>;
}
export const EMPTY_HANDLE: HandleForm = { cause: '', measures: '', note: '', photos: [] };

/** Problems of the form before it is sent (field → message; empty: fine). */
export function handleProblems(f: HandleForm): Record<string, string> {
  const p: Record<string, string> = {};
  if (!f.cause) p.cause = '请选择报警原因';
  if (f.measures.trim().length < 2) p.measures = '请填写处置措施（至少 2 个字）';
  if (f.measures.trim().length > 2000) p.measures = '处置措施最多 2000 字';
  if (f.note.trim().length > 1000) p.note = '备注最多 1000 字';
  if (f.photos.length > 12) p.photoIds = '最多 12 张照片';
  return p;
}

/**
 * The outbox item of a handling record: POST /iot/alarms/:id/close with the version the user saw (compare-and-set),
 * photos uploaded first (each with its own key) and referred to as `{ $files: 'handling' }`. A replay refused with
 * 409 after a lost answer is done when the alarm is closed.
 */
export function closeItem(
  a: Pick<IotAlarm, 'id' | 'version' | 'deviceName'>,
  f: HandleForm,
  opts: { key: string; forceClear: boolean; draftKey: string; editUrl: string },
) {
  const handling: Record<string, unknown> = {
    cause: f.cause,
    measures: f.measures.trim(),
    photoIds: { $files: 'handling' },
  };
  if (f.note.trim()) handling.note = f.note.trim();
  return {
    kind: 'iot.close',
    label: `报警处置：${a.deviceName}`,
    method: 'POST' as const,
    path: `/iot/alarms/${a.id}/close`,
    body: { version: a.version, handling, ...(opts.forceClear ? { forceClear: true } : {}) },
    idempotencyKey: opts.key,
    files: f.photos.map((p) => ({
      slot: 'handling',
      path: p.path,
      purpose: 'rectification_photo',
      uploadKey: p.uploadKey,
      fileId: null,
    })),
    doneIf: { path: `/iot/alarms/${a.id}`, field: 'status', equals: 'closed' },
    meta: { alarmId: a.id, draftKey: opts.draftKey, editUrl: opts.editUrl },
    source: f,
  };
}
