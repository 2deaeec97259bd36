import { z } from 'zod';
import {
  defaultToxicLevels,
  TOXIC_GAS_OELS,
  type AlarmRuleCondition as DomainAlarmRuleCondition,
  type AlarmRuleSet as DomainAlarmRuleSet,
} from '@yuanan/domain';
import { cursorPage, cursorParam, importResult, importRow, isoDate, isoDateTime, page, pagingQuery, ref, zId } from './common.ts';
import { HAZARD_STATUSES } from './hazards.ts';
import { localIssue, type LocalText } from './messages.ts';

/**
 * IoT monitoring (物联网实时监测): devices, versioned alarm rules, alarms with a ThingsBoard-like life cycle, telemetry
 * ingest. The shared design is /work/briefs/iot-design.md (names, tables, routes, events); DOMAIN.md (IoT monitoring)
 * has the vocabulary. Every route is under /api/v1/iot.
 *
 * Routes (method path → request schema → response schema):
 * - GET /iot/device-types (→ iotDeviceTypesResponse)
 * - GET /iot/devices (iotDevicesQuery → iotDevicePage), POST /iot/devices (createIotDeviceRequest →
 *   createIotDeviceResponse: the secret is shown once), GET /iot/devices/:id (→ iotDeviceDetail),
 *   PATCH /iot/devices/:id (updateIotDeviceRequest → iotDevice), POST /iot/devices/:id/enable | /disable
 *   (iotDeviceVersionRequest → iotDevice), POST /iot/devices/:id/credentials (iotDeviceVersionRequest →
 *   rotateIotCredentialsResponse), GET /iot/devices/:id/readings (iotReadingsQuery → iotReadingsResponse),
 *   GET /iot/devices/template.xlsx, POST /iot/devices/import (multipart: file, commit 'true'|'false' → iotImportResult),
 *   GET /iot/devices/export.xlsx (iotDevicesQuery filters)
 * - GET /iot/live (→ iotLiveResponse)
 * - GET /iot/rules (iotRulesQuery → iotRulesResponse), PUT /iot/rules (saveIotRulesRequest → iotRulesResponse)
 * - GET /iot/alarms (iotAlarmsQuery → iotAlarmPage), GET /iot/alarms/stats (iotAlarmStatsQuery → iotAlarmStats),
 *   GET /iot/alarms/:id (→ iotAlarmDetail), POST /iot/alarms/:id/ack (ackIotAlarmRequest),
 *   /assign (assignIotAlarmRequest), /comment (commentIotAlarmRequest), /clear (clearIotAlarmRequest),
 *   /close (closeIotAlarmRequest) — each → iotAlarmDetail
 * - POST /iot/ingest (device HTTP Basic auth; iotIngestBody → iotIngestReport), GET /iot/ingest/stats
 *   (iotIngestStatsQuery → iotIngestStats)
 */

// ---- 1. vocabulary and catalogue (constant, not zone-editable) ----

export const IOT_QUANTITIES = [
  'gas_lel',
  'nh3',
  'h2s',
  'co',
  'cl2',
  'smoke',
  'flame',
  'temperature',
  'wind_dir',
  'wind_speed',
] as const;
export type IotQuantity = (typeof IOT_QUANTITIES)[number];

/** A measured quantity: unit, words, plausible range (outside = "absurd value", rejected at ingest), display decimals. */
export interface IotQuantitySpec {
  unit: string;
  label: string;
  labelEn: string;
  min: number;
  max: number;
  decimals: number;
}
/**
 * unit, label, plausible range, decimals. smoke is obscuration per metre; flame is a state (1 = flame seen); wind_dir
 * is the direction the wind comes FROM (meteorological convention), degrees clockwise from north.
 */
export const IOT_QUANTITY_SPECS: Record<IotQuantity, IotQuantitySpec> = {
  gas_lel: { unit: '%LEL', label: '可燃气体', labelEn: 'Combustible gas', min: 0, max: 100, decimals: 1 },
  nh3: { unit: 'ppm', label: '氨气', labelEn: 'Ammonia (NH₃)', min: 0, max: 1000, decimals: 1 },
  h2s: { unit: 'ppm', label: '硫化氢', labelEn: 'Hydrogen sulphide (H₂S)', min: 0, max: 500, decimals: 1 },
  co: { unit: 'ppm', label: '一氧化碳', labelEn: 'Carbon monoxide (CO)', min: 0, max: 2000, decimals: 0 },
  cl2: { unit: 'ppm', label: '氯气', labelEn: 'Chlorine (Cl₂)', min: 0, max: 100, decimals: 2 },
  smoke: { unit: '%obs/m', label: '烟雾浓度', labelEn: 'Smoke', min: 0, max: 100, decimals: 1 },
  flame: { unit: 'state', label: '火焰', labelEn: 'Flame', min: 0, max: 1, decimals: 0 },
  temperature: { unit: '℃', label: '温度', labelEn: 'Temperature', min: -50, max: 300, decimals: 1 },
  wind_dir: { unit: '°', label: '风向', labelEn: 'Wind direction', min: 0, max: 360, decimals: 0 },
  wind_speed: { unit: 'm/s', label: '风速', labelEn: 'Wind speed', min: 0, max: 75, decimals: 1 },
};
export const IOT_QUANTITY_LABELS: Record<IotQuantity, LocalText> = Object.fromEntries(
  IOT_QUANTITIES.map((q) => [q, { zh: IOT_QUANTITY_SPECS[q].label, en: IOT_QUANTITY_SPECS[q].labelEn }]),
) as Record<IotQuantity, LocalText>;

export const IOT_DEVICE_TYPES = [
  'gas_combustible',
  'gas_nh3',
  'gas_h2s',
  'gas_co',
  'gas_cl2',
  'smoke',
  'flame',
  'temperature',
  'weather_tower',
  'camera',
  'gateway',
] as const;
export type IotDeviceType = (typeof IOT_DEVICE_TYPES)[number];
/** A device type: words, the quantities it reports (others are rejected as unknown_quantity), default interval (s). */
export interface IotDeviceTypeSpec {
  label: string;
  labelEn: string;
  quantities: IotQuantity[];
  intervalSeconds: number;
}
export const IOT_DEVICE_TYPE_SPECS: Record<IotDeviceType, IotDeviceTypeSpec> = {
  gas_combustible: { label: '可燃气体探测器', labelEn: 'Combustible gas detector', quantities: ['gas_lel'], intervalSeconds: 10 },
  gas_nh3: { label: '氨气探测器', labelEn: 'Ammonia detector', quantities: ['nh3'], intervalSeconds: 10 },
  gas_h2s: { label: '硫化氢探测器', labelEn: 'H₂S detector', quantities: ['h2s'], intervalSeconds: 10 },
  gas_co: { label: '一氧化碳探测器', labelEn: 'CO detector', quantities: ['co'], intervalSeconds: 10 },
  gas_cl2: { label: '氯气探测器', labelEn: 'Chlorine detector', quantities: ['cl2'], intervalSeconds: 10 },
  smoke: { label: '可视烟雾报警器', labelEn: 'Visual smoke alarm', quantities: ['smoke'], intervalSeconds: 30 },
  flame: { label: '火点探测器', labelEn: 'Flame detector', quantities: ['flame'], intervalSeconds: 10 },
  temperature: { label: '温度传感器', labelEn: 'Temperature sensor', quantities: ['temperature'], intervalSeconds: 60 },
  weather_tower: {
    label: '高塔气象站(风向风速)',
    labelEn: 'Weather tower (wind)',
    quantities: ['wind_dir', 'wind_speed', 'temperature'],
    intervalSeconds: 10,
  },
  camera: { label: '防爆摄像机', labelEn: 'Explosion-proof camera', quantities: [], intervalSeconds: 60 },
  gateway: { label: '物联网网关', labelEn: 'IoT gateway', quantities: [], intervalSeconds: 60 },
};
export const IOT_DEVICE_TYPE_LABELS: Record<IotDeviceType, LocalText> = Object.fromEntries(
  IOT_DEVICE_TYPES.map((t) => [t, { zh: IOT_DEVICE_TYPE_SPECS[t].label, en: IOT_DEVICE_TYPE_SPECS[t].labelEn }]),
) as Record<IotDeviceType, LocalText>;

export const IOT_DEVICE_STATUSES = ['enabled', 'disabled'] as const;
export type IotDeviceStatus = (typeof IOT_DEVICE_STATUSES)[number];
export const IOT_DEVICE_STATUS_LABELS: Record<IotDeviceStatus, LocalText> = {
  enabled: { zh: '启用', en: 'Enabled' },
  disabled: { zh: '停用', en: 'Disabled' },
};

/** ThingsBoard's severities minus indeterminate. Level 2 → critical, level 1 → major, rate of rise → minor, offline → warning. */
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
export const ALARM_SEVERITY_LABELS: Record<AlarmSeverity, LocalText> = {
  critical: { zh: '二级报警(高报)', en: 'Critical (level 2)' },
  major: { zh: '一级报警(低报)', en: 'Major (level 1)' },
  minor: { zh: '快速上升', en: 'Minor (rapid rise)' },
  warning: { zh: '离线', en: 'Warning (offline)' },
};
/** The severity of a threshold alarm at `level` (1 or 2). */
export function severityOfLevel(level: 1 | 2): AlarmSeverity {
  return level === 2 ? 'critical' : 'major';
}

export const ALARM_KINDS = ['threshold', 'rate_of_rise', 'offline'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
export const ALARM_KIND_LABELS: Record<AlarmKind, LocalText> = {
  threshold: { zh: '超限报警', en: 'Threshold' },
  rate_of_rise: { zh: '快速上升', en: 'Rate of rise' },
  offline: { zh: '设备离线', en: 'Offline' },
};

/**
 * The alarm type, the "one active alarm per device and type" key: `${quantity}.${kind}` for threshold and rate of rise
 * (`gas_lel.threshold`, `nh3.rate_of_rise`), `offline` for offline.
 */
export function alarmType(kind: AlarmKind, quantity?: IotQuantity | null): string {
  if (kind === 'offline') return 'offline';
  if (!quantity) throw new Error(`alarm kind ${kind} needs a quantity`);
  return `${quantity}.${kind}`;
}
/** The quantity and kind of an alarm type (null for a string that is not one). */
export function parseAlarmType(type: string): { quantity: IotQuantity | null; kind: AlarmKind } | null {
  if (type === 'offline') return { quantity: null, kind: 'offline' };
  const [q, k] = type.split('.');
  if (!(IOT_QUANTITIES as readonly string[]).includes(q ?? '')) return null;
  if (k !== 'threshold' && k !== 'rate_of_rise') return null;
  return { quantity: q as IotQuantity, kind: k };
}
/** Words for an alarm type (可燃气体超限报警, 设备离线). */
export function alarmTypeLabel(type: string): LocalText {
  const p = parseAlarmType(type);
  if (!p) return { zh: type, en: type };
  if (!p.quantity) return ALARM_KIND_LABELS.offline;
  const q = IOT_QUANTITY_LABELS[p.quantity];
  const k = ALARM_KIND_LABELS[p.kind];
  return { zh: `${q.zh}${k.zh}`, en: `${q.en} ${k.en.toLowerCase()}` };
}

/**
 * Cause categories of the handling record (处置记录). equipment/management open a hazard; sensor_fault, test and
 * environment count as nuisance (误报) in the statistics.
 */
export const ALARM_CAUSES = ['equipment', 'management', 'process', 'sensor_fault', 'test', 'environment', 'other'] as const;
export type AlarmCause = (typeof ALARM_CAUSES)[number];
export const ALARM_CAUSE_LABELS: Record<AlarmCause, LocalText> = {
  equipment: { zh: '设备设施缺陷', en: 'Equipment defect' },
  management: { zh: '管理缺陷/违章作业', en: 'Management failure / unsafe act' },
  process: { zh: '工艺波动', en: 'Process fluctuation' },
  sensor_fault: { zh: '传感器故障/误报', en: 'Sensor fault / false alarm' },
  test: { zh: '测试/标定', en: 'Test / calibration' },
  environment: { zh: '环境干扰', en: 'Environmental interference' },
  other: { zh: '其他', en: 'Other' },
};
export const NUISANCE_CAUSES = ['sensor_fault', 'test', 'environment'] as const satisfies readonly AlarmCause[];
export const HAZARD_CAUSES = ['equipment', 'management'] as const satisfies readonly AlarmCause[];
export function isNuisanceCause(c: AlarmCause): boolean {
  return (NUISANCE_CAUSES as readonly AlarmCause[]).includes(c);
}
export function isHazardCause(c: AlarmCause): boolean {
  return (HAZARD_CAUSES as readonly AlarmCause[]).includes(c);
}

/** ThingsBoard's derived status (acknowledged and cleared are independent), plus `closed` (handled, 已处置). */
export const ALARM_STATUSES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack', 'closed'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export const ALARM_STATUS_LABELS: Record<AlarmStatus, LocalText> = {
  active_unack: { zh: '报警中·未确认', en: 'Active, unacknowledged' },
  active_ack: { zh: '报警中·已确认', en: 'Active, acknowledged' },
  cleared_unack: { zh: '已恢复·未确认', en: 'Cleared, unacknowledged' },
  cleared_ack: { zh: '已恢复·待处置', en: 'Cleared, acknowledged' },
  closed: { zh: '已处置', en: 'Closed' },
};
/** The status of an alarm from its columns. */
export function alarmStatusOf(a: {
  clearedAt?: Date | string | null;
  acknowledgedAt?: Date | string | null;
  closedAt?: Date | string | null;
}): AlarmStatus {
  if (a.closedAt) return 'closed';
  if (a.clearedAt) return a.acknowledgedAt ? 'cleared_ack' : 'cleared_unack';
  return a.acknowledgedAt ? 'active_ack' : 'active_unack';
}
/**
 * List filter of GET /iot/alarms: active (not cleared), unack (not acknowledged, not closed), cleared (cleared, not
 * closed), open (not closed), closed, all.
 */
export const ALARM_STATUS_FILTERS = ['active', 'unack', 'cleared', 'open', 'closed', 'all'] as const;
export type AlarmStatusFilter = (typeof ALARM_STATUS_FILTERS)[number];
export const ALARM_STATUS_FILTER_LABELS: Record<AlarmStatusFilter, LocalText> = {
  active: { zh: '报警中', en: 'Active' },
  unack: { zh: '未确认', en: 'Unacknowledged' },
  cleared: { zh: '已恢复待处置', en: 'Cleared, not closed' },
  open: { zh: '未处置', en: 'Open' },
  closed: { zh: '已处置', en: 'Closed' },
  all: { zh: '全部', en: 'All' },
};

/** Timeline entries of an alarm (iot_alarm_events.action). */
export const ALARM_EVENT_ACTIONS = [
  'raise',
  'level',
  'ack',
  'assign',
  'comment',
  'clear',
  'escalate',
  'close',
  'hazard',
  'reopen',
] as const;
export type AlarmEventAction = (typeof ALARM_EVENT_ACTIONS)[number];
export const ALARM_EVENT_ACTION_LABELS: Record<AlarmEventAction, LocalText> = {
  raise: { zh: '触发报警', en: 'Raised' },
  level: { zh: '报警级别变化', en: 'Level changed' },
  ack: { zh: '确认报警', en: 'Acknowledged' },
  assign: { zh: '指派处置人', en: 'Assigned' },
  comment: { zh: '备注', en: 'Comment' },
  clear: { zh: '报警恢复', en: 'Cleared' },
  escalate: { zh: '逐级提醒', en: 'Escalated' },
  close: { zh: '处置完成', en: 'Closed' },
  hazard: { zh: '生成隐患', en: 'Hazard opened' },
  reopen: { zh: '重新报警', en: 'Reopened' },
};

/** Why a reading was rejected at ingest (counted per zone, day, source and reason). */
export const IOT_REJECT_REASONS = [
  'malformed',
  'bad_signature',
  'unknown_zone',
  'unknown_device',
  'disabled_device',
  'wrong_topic',
  'unknown_quantity',
  'absurd_value',
  'future',
  'too_old',
  'duplicate',
  'flood',
] as const;
export type IotRejectReason = (typeof IOT_REJECT_REASONS)[number];
export const IOT_REJECT_REASON_LABELS: Record<IotRejectReason, LocalText> = {
  malformed: { zh: '格式错误', en: 'Malformed' },
  bad_signature: { zh: '签名无效', en: 'Bad signature' },
  unknown_zone: { zh: '未知园区', en: 'Unknown zone' },
  unknown_device: { zh: '未知设备', en: 'Unknown device' },
  disabled_device: { zh: '设备已停用', en: 'Device disabled' },
  wrong_topic: { zh: '主题与凭证不符', en: 'Topic does not match credentials' },
  unknown_quantity: { zh: '设备类型不支持该测量项', en: 'Quantity not of the device type' },
  absurd_value: { zh: '数值超出合理范围', en: 'Value out of plausible range' },
  future: { zh: '时间超前(>5 分钟)', en: 'Timestamp in the future (> 5 min)' },
  too_old: { zh: '时间过旧(>24 小时)', en: 'Timestamp too old (> 24 h)' },
  duplicate: { zh: '重复数据', en: 'Duplicate' },
  flood: { zh: '上报过于频繁', en: 'Flooding (> 20 readings/s)' },
};
export const IOT_INGEST_SOURCES = ['mqtt', 'http'] as const;
export type IotIngestSource = (typeof IOT_INGEST_SOURCES)[number];
/** Ingest limits (design §4). */
export const IOT_INGEST_LIMITS = {
  /** Readings of one HTTP batch. */
  httpBatchMax: 5000,
  /** Entries of one buffered MQTT batch payload ({ r: [...] }). */
  mqttBatchMax: 500,
  /** A reading more than this ahead of the server clock is `future`. */
  futureMs: 5 * 60_000,
  /** A reading more than this behind is `too_old`. */
  tooOldMs: 24 * 3600_000,
  /**
   * Flood (`flood`): more than `floodPerSecond` readings of one device within one second of their own `ts` (a
   * gateway's buffered backlog spaced out in time passes); and a token bucket on MESSAGES per sending device (an MQTT
   * message or an HTTP batch): `floodPerSecond` sustained, `floodBurst` at once.
   */
  floodPerSecond: 20,
  floodBurst: 100,
} as const;
/** MQTT topic of a device's telemetry: `yuanan/{zoneCode}/{deviceCode}/up`. */
export function iotTopic(zoneCode: string, deviceCode: string): string {
  return `yuanan/${zoneCode}/${deviceCode}/up`;
}

// ---- 2. rules ----

export const ALARM_RULE_DIRECTIONS = ['above', 'below'] as const;
export type AlarmRuleDirection = (typeof ALARM_RULE_DIRECTIONS)[number];

/**
 * One quantity's alarm rule: the domain's {@link DomainAlarmRuleCondition} (thresholds in the quantity's unit, defaults
 * from GB/T 50493-2019 §5.5.2 and GBZ 2.1-2019 — see there), its quantity narrowed to {@link IotQuantity}.
 */
export type AlarmRuleCondition = Omit<DomainAlarmRuleCondition, 'quantity'> & { quantity: IotQuantity };
/** A device's rules: one condition per quantity, and the offline factor (offline after N × interval without data). */
export type AlarmRuleSet = Omit<DomainAlarmRuleSet, 'conditions'> & { conditions: AlarmRuleCondition[] };

const setPoint = z.number().finite().nullable();
const seconds = z.number().int().min(0).max(3600);
/** One condition, shape only; the set-point checks are in {@link alarmRuleSet} (they need the quantity's range). */
export const alarmRuleCondition = z.strictObject({
  quantity: z.enum(IOT_QUANTITIES),
  direction: z.enum(ALARM_RULE_DIRECTIONS).default('above'),
  level1: setPoint,
  level2: setPoint,
  durationSeconds: seconds.default(0),
  hysteresis: z.number().finite().min(0).default(0),
  clearDelaySeconds: seconds.default(30),
  rateOfRise: z
    .strictObject({ delta: z.number().finite().positive(), windowSeconds: z.number().int().min(1).max(3600) })
    .nullable()
    .default(null),
});

/** Problems of one condition, as field errors relative to the condition (empty: fine). */
export function alarmConditionProblems(c: AlarmRuleCondition): Array<{ path: (string | number)[]; text: LocalText }> {
  const out: Array<{ path: (string | number)[]; text: LocalText }> = [];
  const spec = IOT_QUANTITY_SPECS[c.quantity];
  for (const k of ['level1', 'level2'] as const) {
    const v = c[k];
    if (v !== null && (v < spec.min || v > spec.max))
      out.push({
        path: [k],
        text: {
          zh: `设定值须在 ${spec.min}–${spec.max} ${spec.unit} 之间`,
          en: `A set point must be within ${spec.min}–${spec.max} ${spec.unit}`,
        },
      });
  }
  if (c.level1 === null && c.level2 === null && c.rateOfRise === null)
    out.push({
      path: ['level1'],
      text: { zh: '请至少设置一级、二级设定值或上升速率之一', en: 'Set a level-1 or level-2 set point, or a rate of rise' },
    });
  if (c.level1 !== null && c.level2 !== null) {
    const beyond = c.direction === 'above' ? c.level2 > c.level1 : c.level2 < c.level1;
    if (!beyond)
      out.push({
        path: ['level2'],
        text:
          c.direction === 'above'
            ? { zh: '二级(高报)设定值须高于一级(低报)设定值', en: 'The level-2 set point must be above level 1' }
            : { zh: '二级设定值须低于一级设定值', en: 'The level-2 set point must be below level 1' },
      });
  }
  // The clear condition must be reachable: level (lowest raised) − hysteresis still inside the range, and the
  // hysteresis smaller than the distance from the range's edge to the lowest set point.
  const low = c.level1 ?? c.level2;
  if (low !== null) {
    const distance = c.direction === 'above' ? low - spec.min : spec.max - low;
    if (c.hysteresis > 0 && c.hysteresis >= distance)
      out.push({
        path: ['hysteresis'],
        text: {
          zh: `回差须小于设定值与量程边界之差（${distance} ${spec.unit}），否则报警无法恢复`,
          en: `The hysteresis must be less than the set point's distance from the range's edge (${distance} ${spec.unit}), or the alarm could never clear`,
        },
      });
  }
  return out;
}

/** A rule set's shape only (types and ranges of each field); the set-point checks are {@link alarmRuleSetProblems}. */
export const alarmRuleSetShape = z.strictObject({
  conditions: z.array(alarmRuleCondition).max(IOT_QUANTITIES.length),
  offlineFactor: z.number().int().min(2).max(20).default(3),
});

/**
 * What is wrong with a rule set (empty: fine), as field errors relative to the set (`conditions.0.level2`): one
 * condition per quantity, each quantity one the device type reports (when `deviceType` is given), L2 beyond L1 in the
 * condition's direction, set points inside the quantity's plausible range, hysteresis ≥ 0 and less than the lowest
 * set point's distance from the range edge (else it could never clear). Durations 0..3600 s and the offline factor
 * 2..20 are the shape's.
 */
export function alarmRuleSetProblems(
  s: AlarmRuleSet,
  deviceType?: IotDeviceType,
): Array<{ path: (string | number)[]; text: LocalText }> {
  const out: Array<{ path: (string | number)[]; text: LocalText }> = [];
  const seen = new Set<IotQuantity>();
  const allowed = deviceType ? (IOT_DEVICE_TYPE_SPECS[deviceType].quantities as readonly IotQuantity[]) : null;
  s.conditions.forEach((c, i) => {
    if (seen.has(c.quantity))
      out.push({
        path: ['conditions', i, 'quantity'],
        text: { zh: '同一测量项只能有一条规则', en: 'One condition per quantity' },
      });
    seen.add(c.quantity);
    if (allowed && deviceType && !allowed.includes(c.quantity))
      out.push({
        path: ['conditions', i, 'quantity'],
        text: {
          zh: `${IOT_DEVICE_TYPE_SPECS[deviceType].label}不测量“${IOT_QUANTITY_SPECS[c.quantity].label}”`,
          en: `A ${IOT_DEVICE_TYPE_SPECS[deviceType].labelEn} does not measure ${IOT_QUANTITY_SPECS[c.quantity].labelEn}`,
        },
      });
    for (const p of alarmConditionProblems(c)) out.push({ path: ['conditions', i, ...p.path], text: p.text });
  });
  return out;
}

/** A rule set with every check of {@link alarmRuleSetProblems} (forms; the api answers the same problems with 422). */
export const alarmRuleSet = alarmRuleSetShape.superRefine((s, ctx) => {
  for (const p of alarmRuleSetProblems(s)) ctx.addIssue(localIssue(p.text, p.path));
});
export type AlarmRuleSetInput = z.input<typeof alarmRuleSet>;

const gas = (quantity: IotQuantity, level1: number, level2: number, hysteresis: number): AlarmRuleCondition => ({
  quantity,
  direction: 'above',
  level1,
  level2,
  durationSeconds: 0,
  hysteresis,
  clearDelaySeconds: 30,
  rateOfRise: null,
});
/** A toxic gas's two levels from its OEL (packages/domain `defaultToxicLevels`, GB/T 50493-2019 §5.5.2). */
const toxic = (q: keyof typeof TOXIC_GAS_OELS): AlarmRuleCondition => {
  const l = defaultToxicLevels(TOXIC_GAS_OELS[q]);
  return gas(q, l.level1, l.level2, l.hysteresis);
};
/**
 * Default rules per device type (used while a zone has saved none for the type or the device). Sources: GB/T
 * 50493-2019 §5.5.2 (combustible L1 25 %LEL, L2 50 %LEL; toxic L1 100 % OEL, L2 200 % OEL); OELs of GBZ 2.1-2019:
 * NH₃ PC-STEL 30 mg/m³ → 43 / 86 ppm, H₂S MAC 10 mg/m³ → 7 / 14, CO PC-STEL 30 mg/m³ → 26 / 52, Cl₂ MAC 1 mg/m³ →
 * 0.3 / 0.6 (domain `defaultToxicLevels`: ×24.45/molar mass, rounded DOWN, never above the limit) — flagged for expert review (专家复核). Smoke, flame and temperature are engineering
 * defaults, not from a standard.
 */
export const DEFAULT_ALARM_RULES: Record<IotDeviceType, AlarmRuleSet> = {
  gas_combustible: {
    conditions: [{ ...gas('gas_lel', 25, 50, 3), rateOfRise: { delta: 10, windowSeconds: 60 } }],
    offlineFactor: 3,
  },
  gas_nh3: { conditions: [toxic('nh3')], offlineFactor: 3 },
  gas_h2s: { conditions: [toxic('h2s')], offlineFactor: 3 },
  gas_co: { conditions: [toxic('co')], offlineFactor: 3 },
  gas_cl2: { conditions: [toxic('cl2')], offlineFactor: 3 },
  smoke: { conditions: [{ ...gas('smoke', 2, 5, 0.5), durationSeconds: 5 }], offlineFactor: 3 },
  flame: {
    conditions: [{ ...gas('flame', 0, 1, 0), level1: null, durationSeconds: 3 }],
    offlineFactor: 3,
  },
  temperature: { conditions: [{ ...gas('temperature', 60, 80, 2), durationSeconds: 30 }], offlineFactor: 3 },
  weather_tower: { conditions: [], offlineFactor: 3 },
  camera: { conditions: [], offlineFactor: 3 },
  gateway: { conditions: [], offlineFactor: 3 },
};

export const IOT_RULE_SCOPES = ['type', 'device'] as const;
export type IotRuleScope = (typeof IOT_RULE_SCOPES)[number];
export const IOT_RULE_SCOPE_LABELS: Record<IotRuleScope, LocalText> = {
  type: { zh: '按设备类型', en: 'Per device type' },
  device: { zh: '单台设备', en: 'Per device' },
};
/** Where a device's effective rules come from: its own set, its type's set, or DEFAULT_ALARM_RULES. */
export const IOT_RULE_SOURCES = ['device', 'type', 'default'] as const;
export type IotRuleSource = (typeof IOT_RULE_SOURCES)[number];

const conditionOut = z.object({
  quantity: z.enum(IOT_QUANTITIES),
  direction: z.enum(ALARM_RULE_DIRECTIONS),
  level1: z.number().nullable(),
  level2: z.number().nullable(),
  durationSeconds: z.number().int(),
  hysteresis: z.number(),
  clearDelaySeconds: z.number().int(),
  rateOfRise: z.object({ delta: z.number(), windowSeconds: z.number().int() }).nullable(),
});
/** A stored rule set as answered. */
export const alarmRuleSetOut = z.object({ conditions: z.array(conditionOut), offlineFactor: z.number().int() });

/** One saved version of a rule set (iot_rules row). */
export const iotRule = z.object({
  id: zId,
  scope: z.enum(IOT_RULE_SCOPES),
  deviceType: z.enum(IOT_DEVICE_TYPES).nullable(),
  deviceId: zId.nullable(),
  version: z.number().int(),
  rules: alarmRuleSetOut,
  active: z.boolean(),
  note: z.string().nullable(),
  createdBy: zId.nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
});
export type IotRule = z.infer<typeof iotRule>;

/** GET /iot/rules: `deviceType` or `deviceId` (exactly one). */
export const iotRulesQuery = z
  .strictObject({ deviceType: z.enum(IOT_DEVICE_TYPES).optional(), deviceId: ref('iotDevice').optional() })
  .superRefine((q, ctx) => {
    if ((q.deviceType === undefined) === (q.deviceId === undefined))
      ctx.addIssue(
        localIssue({ zh: '请指定设备类型或设备（二选一）', en: 'Give deviceType or deviceId (one of them)' }, ['deviceType']),
      );
  });
/**
 * The rules of a type or a device: the active saved version (null when none is saved), what applies (`effective`,
 * from `source`), and every saved version newest first (history).
 */
export const iotRulesResponse = z.object({
  scope: z.enum(IOT_RULE_SCOPES),
  deviceType: z.enum(IOT_DEVICE_TYPES),
  deviceId: zId.nullable(),
  active: iotRule.nullable(),
  effective: alarmRuleSetOut,
  source: z.enum(IOT_RULE_SOURCES),
  history: z.array(iotRule),
});
export type IotRulesResponse = z.infer<typeof iotRulesResponse>;

const saveRulesFields = {
  scope: z.enum(IOT_RULE_SCOPES),
  deviceType: z.enum(IOT_DEVICE_TYPES).optional(),
  deviceId: ref('iotDevice').optional(),
  note: z.string().trim().max(500).optional(),
};
/**
 * The target of a save: `scope: 'type'` names a deviceType and no deviceId; `scope: 'device'` names a deviceId and no
 * deviceType (the device's own type applies — a second, possibly unrelated type would be silently ignored).
 */
const scopeTarget = (b: { scope: IotRuleScope; deviceType?: IotDeviceType; deviceId?: string }, ctx: z.RefinementCtx) => {
  if (b.scope === 'type' && !b.deviceType)
    ctx.addIssue(localIssue({ zh: '请选择设备类型', en: 'Choose the device type' }, ['deviceType']));
  if (b.scope === 'type' && b.deviceId !== undefined)
    ctx.addIssue(
      localIssue(
        { zh: '按设备类型保存时不能指定设备', en: 'A rule set for a device type names no device (leave deviceId out)' },
        ['deviceId'],
      ),
    );
  if (b.scope === 'device' && !b.deviceId) ctx.addIssue(localIssue({ zh: '请选择设备', en: 'Choose the device' }, ['deviceId']));
  if (b.scope === 'device' && b.deviceType !== undefined)
    ctx.addIssue(
      localIssue(
        {
          zh: '按设备保存时不能指定设备类型（按设备本身的类型校验）',
          en: 'A rule set for one device names no device type (the device’s own type applies: leave deviceType out)',
        },
        ['deviceType'],
      ),
    );
};
const saveRulesMeta = {
  examples: [
    {
      scope: 'type',
      deviceType: 'gas_combustible',
      rules: {
        conditions: [
          {
            quantity: 'gas_lel',
            direction: 'above',
            level1: 20,
            level2: 40,
            durationSeconds: 0,
            hysteresis: 3,
            clearDelaySeconds: 30,
            rateOfRise: { delta: 10, windowSeconds: 60 },
          },
        ],
        offlineFactor: 3,
      },
      note: '按专家意见下调低报值',
    },
  ],
  'x-probe': { scope: 'device', deviceId: '{iotDevice}', rules: { conditions: [], offlineFactor: 3 } },
};
/**
 * PUT /iot/rules body as the api parses it (400 on a wrong shape): the set-point checks then answer 422 with field
 * errors `rules.conditions.0.level2` (alarmRuleSetProblems, with the device's type).
 */
export const saveIotRulesBody = z
  .strictObject({ ...saveRulesFields, rules: alarmRuleSetShape })
  .superRefine(scopeTarget)
  .meta(saveRulesMeta);
/**
 * PUT /iot/rules with every check (forms): saves a new version (n+1) of a type's or a device's rule set; the old one
 * is kept inactive. Each condition's quantity must be one the device type reports (checked here for `scope: 'type'`,
 * by the api for a device).
 */
export const saveIotRulesRequest = z
  .strictObject({ ...saveRulesFields, rules: alarmRuleSetShape })
  .superRefine((b, ctx) => {
    scopeTarget(b, ctx);
    for (const p of alarmRuleSetProblems(b.rules, b.scope === 'type' ? b.deviceType : undefined))
      ctx.addIssue(localIssue(p.text, ['rules', ...p.path]));
  })
  .meta(saveRulesMeta);
export type SaveIotRulesRequest = z.infer<typeof saveIotRulesRequest>;

// ---- devices (设备台账) ----

const text = (max: number) => z.string().trim().max(max);
const boolQuery = z.enum(['true', 'false']).optional();
/** A device code: the MQTT topic segment, unique in the zone. */
export const iotDeviceCode = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    if (!/^[A-Za-z0-9_-]{2,40}$/.test(v))
      ctx.addIssue(
        localIssue({
          zh: '设备编码为 2–40 位字母、数字、下划线或短横线',
          en: 'A device code is 2–40 letters, digits, _ or -',
        }),
      );
  });
/** A YYYY-MM-DD date of a device's record (installed, calibration due), 2000–2099. */
const deviceDate = isoDate.superRefine((d, ctx) => {
  if (d < '2000-01-01' || d > '2099-12-31')
    ctx.addIssue(
      localIssue({ zh: '日期应在 2000-01-01 至 2099-12-31 之间', en: 'A date must be between 2000-01-01 and 2099-12-31' }),
    );
});

/** Latest values of a device (Redis `t:{tenantId}:iot:latest`): when, and the value of each quantity. */
export const iotLatest = z.object({ ts: z.number().int(), v: z.record(z.string(), z.number()) });
export type IotLatest = z.infer<typeof iotLatest>;

/** A device as lists show it. */
export const iotDevice = z.object({
  id: zId,
  code: z.string(),
  name: z.string(),
  type: z.enum(IOT_DEVICE_TYPES),
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  keyPlace: z.string().nullable(),
  location: z.string().nullable(),
  mapX: z.number().nullable(),
  mapY: z.number().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  installedOn: isoDate.nullable(),
  calibrationDueOn: isoDate.nullable(),
  certificateNo: z.string().nullable(),
  intervalSeconds: z.number().int(),
  status: z.enum(IOT_DEVICE_STATUSES),
  gatewayId: zId.nullable(),
  credentialVersion: z.number().int(),
  credentialIssuedAt: isoDateTime.nullable(),
  lastSeenAt: isoDateTime.nullable(),
  online: z.boolean(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  /** Optimistic lock: send it back with PATCH / enable / disable / credentials; stale → 409. */
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type IotDevice = z.infer<typeof iotDevice>;

/** A device with its latest values, effective rules and where they come from, and its active alarms. */
export const iotDeviceDetail = iotDevice.extend({
  latest: iotLatest.nullable(),
  rules: alarmRuleSetOut,
  ruleSource: z.enum(IOT_RULE_SOURCES),
  ruleVersion: z.number().int().nullable(),
  /** The MQTT topic it publishes to. */
  topic: z.string(),
  gatewayName: z.string().nullable(),
  activeAlarms: z.array(
    z.object({ id: zId, type: z.string(), severity: z.enum(ALARM_SEVERITIES), status: z.enum(ALARM_STATUSES) }),
  ),
});
export type IotDeviceDetail = z.infer<typeof iotDeviceDetail>;

const deviceFields = {
  name: z.string().trim().min(1).max(100),
  enterpriseId: ref('enterprise').nullable().optional(),
  keyPlace: text(60).nullable().optional(),
  location: text(200).nullable().optional(),
  /** The point on the zone's site plan, as fractions 0..1 of its width and height (like enterprises' planX/planY). */
  mapX: z.number().min(0).max(1).nullable().optional(),
  mapY: z.number().min(0).max(1).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  installedOn: deviceDate.nullable().optional(),
  calibrationDueOn: deviceDate.nullable().optional(),
  certificateNo: text(60).nullable().optional(),
  /** Reporting interval in seconds (default: the type's). */
  intervalSeconds: z.number().int().min(1).max(86400).optional(),
  gatewayId: ref('iotDevice').nullable().optional(),
  manufacturer: text(100).nullable().optional(),
  model: text(100).nullable().optional(),
};
export const createIotDeviceRequest = z
  .strictObject({ code: iotDeviceCode, type: z.enum(IOT_DEVICE_TYPES), ...deviceFields })
  .meta({
    examples: [
      {
        code: 'GAS-0101',
        name: '1号罐区可燃气体探测器',
        type: 'gas_combustible',
        enterpriseId: '0190a5b0-0000-7000-8000-000000000001',
        keyPlace: '危化品使用',
        location: '1号罐区东侧',
        mapX: 0.42,
        mapY: 0.31,
        calibrationDueOn: '2027-06-30',
      },
    ],
    'x-probe': { code: 'PROBE-1', name: '探针设备', type: 'gas_combustible', enterpriseId: '{enterprise}' },
  });
export type CreateIotDeviceRequest = z.infer<typeof createIotDeviceRequest>;
/** Ledger fields and `version`; the code, type, status and credentials change through their own routes. */
export const updateIotDeviceRequest = z
  .strictObject({ version: z.number().int().min(1), ...deviceFields, name: deviceFields.name.optional() })
  .meta({
    examples: [{ version: 1, location: '1号罐区东侧(迁移后)', calibrationDueOn: '2027-12-31' }],
    'x-probe': { version: 1, enterpriseId: '{enterprise}', gatewayId: '{iotDevice}' },
  });
export type UpdateIotDeviceRequest = z.infer<typeof updateIotDeviceRequest>;
/** Body of enable / disable / credentials: the version the caller saw (optional; stale → 409). */
export const iotDeviceVersionRequest = z
  .strictObject({ version: z.number().int().min(1).optional() })
  .meta({ examples: [{ version: 1 }] });
export const createIotDeviceResponse = z.object({
  device: iotDevice,
  /** The device secret: shown once, never stored (derived); configure it in the device now. */
  secret: z.string(),
});
export const rotateIotCredentialsResponse = z.object({
  device: iotDevice,
  /** The new secret (shown once); the old one stops working at once. */
  secret: z.string(),
  credentialVersion: z.number().int(),
});
export const iotDevicesQuery = z.strictObject({
  enterpriseId: ref('enterprise').optional(),
  type: z.enum(IOT_DEVICE_TYPES).optional(),
  status: z.enum(IOT_DEVICE_STATUSES).optional(),
  online: boolQuery,
  /** Code, name or location. */
  q: z.string().trim().max(100).optional(),
  ...pagingQuery.shape,
});
export type IotDevicesQuery = z.infer<typeof iotDevicesQuery>;
export const iotDevicePage = page(iotDevice);

/** The catalogue with the zone's effective type-level rules (GET /iot/device-types). */
export const iotDeviceTypesResponse = z.object({
  types: z.array(
    z.object({
      type: z.enum(IOT_DEVICE_TYPES),
      label: z.string(),
      labelEn: z.string(),
      quantities: z.array(z.enum(IOT_QUANTITIES)),
      intervalSeconds: z.number().int(),
      rules: alarmRuleSetOut,
      ruleSource: z.enum(['type', 'default']),
      ruleVersion: z.number().int().nullable(),
    }),
  ),
  quantities: z.array(
    z.object({
      quantity: z.enum(IOT_QUANTITIES),
      unit: z.string(),
      label: z.string(),
      labelEn: z.string(),
      min: z.number(),
      max: z.number(),
      decimals: z.number().int(),
    }),
  ),
});
export type IotDeviceTypesResponse = z.infer<typeof iotDeviceTypesResponse>;

/** Longest span of one readings query, and points per quantity it is downsampled to. */
export const IOT_READINGS_MAX_DAYS = 7;
export const IOT_READINGS_MAX_POINTS = 600;
/** GET /iot/devices/:id/readings: a quantity (default: all of the type's) between from and to (≤ 7 days). */
export const iotReadingsQuery = z
  .strictObject({
    quantity: z.enum(IOT_QUANTITIES).optional(),
    from: isoDateTime.meta({ examples: ['2026-12-01T00:00:00+08:00'] }),
    to: isoDateTime.meta({ examples: ['2026-12-02T00:00:00+08:00'] }),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) ctx.addIssue(localIssue({ zh: '结束时间须晚于开始时间', en: 'The end must be after the start' }, ['to']));
    else if (to - from > IOT_READINGS_MAX_DAYS * 86400_000)
      ctx.addIssue(
        localIssue({ zh: `查询时段最长 ${IOT_READINGS_MAX_DAYS} 天`, en: `At most ${IOT_READINGS_MAX_DAYS} days per query` }, [
          'to',
        ]),
      );
  });
export type IotReadingsQuery = z.infer<typeof iotReadingsQuery>;
/** One point of a series: the bucket's start (epoch ms), average, maximum and minimum (a raw reading: all equal). */
export const iotReadingPoint = z.object({ ts: z.number().int(), avg: z.number(), max: z.number(), min: z.number() });
export const iotReadingsResponse = z.object({
  deviceId: zId,
  from: isoDateTime,
  to: isoDateTime,
  /** Bucket width in seconds (0: raw readings, not downsampled). */
  bucketSeconds: z.number().int(),
  series: z.array(z.object({ quantity: z.enum(IOT_QUANTITIES), unit: z.string(), points: z.array(iotReadingPoint) })),
});
export type IotReadingsResponse = z.infer<typeof iotReadingsResponse>;

/** Column headers of the device import sheet (also the export's first columns). */
export const IOT_IMPORT_COLUMNS = [
  '设备编码',
  '设备名称',
  '设备类型',
  '所属企业',
  '重点部位',
  '安装位置',
  '平面图X',
  '平面图Y',
  '纬度',
  '经度',
  '安装日期',
  '标定到期',
  '检定证书号',
  '上报间隔(秒)',
  '所属网关',
  '生产厂家',
  '型号',
] as const;
/** One row of an import report, keyed by the device code. */
export const iotImportRow = importRow('code');
/**
 * POST /iot/devices/import (multipart `file` .xlsx, `commit` 'true' to write; else a dry run). A row whose code is
 * already in the zone updates that device's ledger fields (its type must be the same). Created devices' secrets are
 * listed once in `secrets` (commit only).
 */
export const iotImportResult = importResult(iotImportRow).extend({
  secrets: z.array(z.object({ code: z.string(), secret: z.string() })),
});
export type IotImportResult = z.infer<typeof iotImportResult>;

// ---- live (实时监测) ----

/** A device on the live map: its place and state (as in {@link iotDevice}), latest values and worst open alarm. */
export const iotLiveItem = iotDevice
  .pick({
    id: true,
    code: true,
    name: true,
    type: true,
    enterpriseId: true,
    enterpriseName: true,
    location: true,
    mapX: true,
    mapY: true,
    lat: true,
    lng: true,
    online: true,
    status: true,
  })
  .extend({
    latest: iotLatest.nullable(),
    /** The most severe open (not closed) active alarm, or null. */
    alarm: z
      .object({
        id: zId,
        type: z.string(),
        severity: z.enum(ALARM_SEVERITIES),
        level: z.number().int().nullable(),
        status: z.enum(ALARM_STATUSES),
      })
      .nullable(),
  });
export type IotLiveItem = z.infer<typeof iotLiveItem>;
export const iotLiveResponse = z.object({ at: isoDateTime, items: z.array(iotLiveItem) });
export type IotLiveResponse = z.infer<typeof iotLiveResponse>;

// ---- alarms (报警) ----

/** The handling record (处置记录) of a closed alarm. */
export const alarmHandling = z.strictObject({
  cause: z.enum(ALARM_CAUSES),
  measures: z.string().trim().min(2).max(2000),
  note: z.string().trim().max(1000).optional(),
  photoIds: z.array(ref('file')).max(12).default([]),
});
export type AlarmHandling = z.infer<typeof alarmHandling>;
const handlingOut = z.object({
  cause: z.enum(ALARM_CAUSES),
  measures: z.string(),
  note: z.string().optional(),
  photoIds: z.array(zId),
});

export const iotAlarm = z.object({
  id: zId,
  deviceId: zId,
  deviceCode: z.string(),
  deviceName: z.string(),
  deviceType: z.enum(IOT_DEVICE_TYPES),
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  location: z.string().nullable(),
  type: z.string(),
  kind: z.enum(ALARM_KINDS),
  quantity: z.enum(IOT_QUANTITIES).nullable(),
  /** The quantity's unit ('' for offline). */
  unit: z.string(),
  /** The current severity (当前): a threshold alarm's follows its level down as well as up. */
  severity: z.enum(ALARM_SEVERITIES),
  /** The highest severity it reached (最高): what the statistics by severity count. */
  peakSeverity: z.enum(ALARM_SEVERITIES),
  level: z.number().int().nullable(),
  status: z.enum(ALARM_STATUSES),
  startedAt: isoDateTime,
  lastAt: isoDateTime,
  clearedAt: isoDateTime.nullable(),
  firstValue: z.number().nullable(),
  lastValue: z.number().nullable(),
  peakValue: z.number().nullable(),
  /** Raises and repeats merged into this alarm. */
  count: z.number().int(),
  acknowledgedAt: isoDateTime.nullable(),
  acknowledgedBy: zId.nullable(),
  acknowledgedByName: z.string().nullable(),
  assigneeId: zId.nullable(),
  assigneeName: z.string().nullable(),
  closedAt: isoDateTime.nullable(),
  closedBy: zId.nullable(),
  closedByName: z.string().nullable(),
  handling: handlingOut.nullable(),
  hazardId: zId.nullable(),
  ruleVersion: z.number().int().nullable(),
  escalationStage: z.string().nullable(),
  nextEscalationAt: isoDateTime.nullable(),
  /** Optimistic lock: send it with ack / assign / clear / close; stale → 409. */
  version: z.number().int(),
});
export type IotAlarm = z.infer<typeof iotAlarm>;
export const iotAlarmPage = cursorPage(iotAlarm);

export const iotAlarmEvent = z.object({
  id: zId,
  action: z.enum(ALARM_EVENT_ACTIONS),
  /** null: the system (物联网平台). */
  actorId: zId.nullable(),
  actorName: z.string(),
  at: isoDateTime,
  level: z.number().int().nullable(),
  value: z.number().nullable(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type IotAlarmEvent = z.infer<typeof iotAlarmEvent>;

export const iotAlarmDetail = iotAlarm.extend({
  timeline: z.array(iotAlarmEvent),
  device: z.object({
    id: zId,
    code: z.string(),
    name: z.string(),
    type: z.enum(IOT_DEVICE_TYPES),
    location: z.string().nullable(),
    keyPlace: z.string().nullable(),
    online: z.boolean(),
    status: z.enum(IOT_DEVICE_STATUSES),
    latest: iotLatest.nullable(),
  }),
  hazard: z.object({ id: zId, code: z.string(), status: z.enum(HAZARD_STATUSES), description: z.string() }).nullable(),
  /** The condition that raised it (set points drawn on the chart), null for offline or unknown. */
  condition: conditionOut.nullable(),
});
export type IotAlarmDetail = z.infer<typeof iotAlarmDetail>;

export const iotAlarmsQuery = z.strictObject({
  status: z.enum(ALARM_STATUS_FILTERS).default('all'),
  severity: z.enum(ALARM_SEVERITIES).optional(),
  enterpriseId: ref('enterprise').optional(),
  deviceId: ref('iotDevice').optional(),
  type: z.string().max(60).optional(),
  /** started_at ≥ from, < to. */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  cursor: cursorParam,
  ...pagingQuery.shape,
});
export type IotAlarmsQuery = z.infer<typeof iotAlarmsQuery>;

const alarmVersion = z.number().int().min(1);
export const ackIotAlarmRequest = z.strictObject({ version: alarmVersion }).meta({ examples: [{ version: 1 }] });
export const assignIotAlarmRequest = z.strictObject({ version: alarmVersion, assigneeId: ref('user') }).meta({
  examples: [{ version: 2, assigneeId: '0190a5b0-0000-7000-8000-000000000002' }],
  'x-probe': { version: 1, assigneeId: '{user}' },
});
export const commentIotAlarmRequest = z
  .strictObject({ comment: z.string().trim().min(1).max(1000) })
  .meta({ examples: [{ comment: '已通知车间关闭阀门，现场通风' }] });
export const clearIotAlarmRequest = z
  .strictObject({ version: alarmVersion, comment: z.string().trim().max(1000).optional() })
  .meta({ examples: [{ version: 2, comment: '现场确认无泄漏' }] });
/**
 * Close (处置完成) with the handling record. Allowed once the alarm is cleared, or with `forceClear: true` by the
 * office (clears it at the same time). A cause in HAZARD_CAUSES opens a hazard when none is linked yet.
 */
export const closeIotAlarmRequest = z
  .strictObject({ version: alarmVersion, handling: alarmHandling, forceClear: z.boolean().optional() })
  .meta({
    examples: [
      {
        version: 3,
        handling: { cause: 'equipment', measures: '更换法兰垫片，复测正常', photoIds: [] },
      },
    ],
    'x-probe': { version: 1, handling: { cause: 'test', measures: '探针测试', photoIds: ['{file}'] } },
  });
export type CloseIotAlarmRequest = z.infer<typeof closeIotAlarmRequest>;

export const iotAlarmStatsQuery = z
  .strictObject({
    from: isoDateTime.meta({ examples: ['2026-11-01T00:00:00+08:00'] }),
    to: isoDateTime.meta({ examples: ['2026-12-01T00:00:00+08:00'] }),
    enterpriseId: ref('enterprise').optional(),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) ctx.addIssue(localIssue({ zh: '结束时间须晚于开始时间', en: 'The end must be after the start' }, ['to']));
    else if (to - from > 366 * 86400_000) ctx.addIssue(localIssue({ zh: '统计时段最长 366 天', en: 'At most 366 days' }, ['to']));
  });
/** Alarm statistics of a period (alarms started in [from, to)); times in seconds; days in the zone's time zone. */
export const iotAlarmStats = z.object({
  from: isoDateTime,
  to: isoDateTime,
  total: z.number().int(),
  closed: z.number().int(),
  byEnterprise: z.array(
    z.object({ enterpriseId: zId.nullable(), enterpriseName: z.string().nullable(), count: z.number().int() }),
  ),
  byType: z.array(z.object({ type: z.string(), count: z.number().int() })),
  byCause: z.array(z.object({ cause: z.enum(ALARM_CAUSES), count: z.number().int() })),
  bySeverity: z.array(z.object({ severity: z.enum(ALARM_SEVERITIES), count: z.number().int() })),
  /** Closed alarms whose cause is in NUISANCE_CAUSES (误报), and their share of the closed ones (null: none closed). */
  nuisance: z.number().int(),
  nuisanceRatio: z.number().nullable(),
  /** Mean time to acknowledge / to clear, over the alarms that were (null: none). */
  mttaSeconds: z.number().nullable(),
  mttcSeconds: z.number().nullable(),
  perDay: z.array(
    z.object({
      day: isoDate,
      total: z.number().int(),
      critical: z.number().int(),
      major: z.number().int(),
      minor: z.number().int(),
      warning: z.number().int(),
    }),
  ),
});
export type IotAlarmStats = z.infer<typeof iotAlarmStats>;

// ---- ingest (数据接入) ----

/** One reading of an HTTP batch (validated one by one: a bad reading is rejected, the others are kept). */
export const iotIngestReading = z.strictObject({
  device: iotDeviceCode,
  /** Epoch ms, or an ISO date-time string. */
  ts: z.union([z.number().int().nonnegative(), isoDateTime]),
  v: z.record(z.string(), z.number()),
});
export type IotIngestReading = z.infer<typeof iotIngestReading>;
/**
 * POST /iot/ingest body: `{ readings: [{ device, ts, v }] }`, 1..5000 readings. The array's items are checked one by
 * one against {@link iotIngestReading} by the pipeline (a malformed one is reported, not the whole batch).
 */
export const iotIngestBody = z
  .strictObject({ readings: z.array(z.unknown()).min(1).max(IOT_INGEST_LIMITS.httpBatchMax) })
  .meta({ examples: [{ readings: [{ device: 'GAS-0101', ts: 1764547200000, v: { gas_lel: 2.5 } }] }] });
/** Per-reading report: counts, and the rejected readings only (index in the batch, reason). */
export const iotIngestReport = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['accepted', 'rejected']),
      reason: z.enum(IOT_REJECT_REASONS).optional(),
    }),
  ),
});
export type IotIngestReport = z.infer<typeof iotIngestReport>;
export const iotIngestStatsQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(7) });
/** Rejected readings of the last `days` days by reason (zone's counters), per day and source. */
export const iotIngestStats = z.object({
  days: z.number().int(),
  total: z.number().int(),
  byReason: z.array(z.object({ reason: z.enum(IOT_REJECT_REASONS), count: z.number().int() })),
  perDay: z.array(
    z.object({ day: isoDate, source: z.enum(IOT_INGEST_SOURCES), reason: z.enum(IOT_REJECT_REASONS), count: z.number().int() }),
  ),
  /** Accepted readings in this process since it started (in-memory counters; null when not counted). */
  accepted: z.number().int().nullable(),
});
export type IotIngestStats = z.infer<typeof iotIngestStats>;

// ---- realtime ----

export const IOT_ALARM_PUSH_ACTIONS = ['raise', 'update', 'clear', 'ack', 'close', 'assign', 'escalate'] as const;
export type IotAlarmPushAction = (typeof IOT_ALARM_PUSH_ACTIONS)[number];
/** Payload of the realtime event `iot.alarm` (to zone_admin, safety_officer, grid_worker and the enterprise). */
export const iotAlarmPush = z.object({
  id: zId,
  deviceId: zId,
  deviceName: z.string(),
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  type: z.string(),
  kind: z.enum(ALARM_KINDS),
  severity: z.enum(ALARM_SEVERITIES),
  level: z.number().int().nullable(),
  status: z.enum(ALARM_STATUSES),
  value: z.number().nullable(),
  peak: z.number().nullable(),
  at: isoDateTime,
  action: z.enum(IOT_ALARM_PUSH_ACTIONS),
});
export type IotAlarmPush = z.infer<typeof iotAlarmPush>;
/** Payload of the realtime event `iot.reading` (throttled: per device at most once per 2 s, to the office roles). */
export const iotReadingPush = z.object({ deviceId: zId, ts: z.number().int(), v: z.record(z.string(), z.number()) });
export type IotReadingPush = z.infer<typeof iotReadingPush>;
