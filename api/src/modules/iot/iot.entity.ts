import { defineEntity, p } from '@mikro-orm/core';
import {
  ALARM_EVENT_ACTIONS,
  ALARM_KINDS,
  ALARM_SEVERITIES,
  IOT_DEVICE_STATUSES,
  IOT_DEVICE_TYPES,
  IOT_INGEST_SOURCES,
  IOT_RULE_SCOPES,
  type AlarmCause,
  type AlarmRuleSet,
} from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * IoT monitoring (物联网实时监测): the tables of the shared design (/work/briefs/iot-design.md §3). Instants are UTC
 * with milliseconds; calendar dates (installed, calibration due) are `YYYY-MM-DD` strings in the zone's time zone.
 * The raw readings table `iot_readings` is NOT an entity (partitioned, raw SQL only: telemetry-store.ts).
 */

/**
 * A device (设备台账). `code` is the MQTT topic segment (`yuanan/{zone}/{code}/up`), unique in the zone. The device's
 * secret is derived from (tenant, id, credentialVersion) and never stored (device-auth.ts); rotating bumps
 * `credentialVersion`. `lastSeenAt` / `online` are written by the ingest pipeline at most every 30 s per device.
 */
export const IotDeviceSchema = defineEntity({
  name: 'IotDevice',
  tableName: 'iot_devices',
  uniques: [{ properties: ['tenantId', 'code'] }],
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'status', 'lastSeenAt'] }],
  properties: {
    ...tenantProperties,
    code: p.string().length(40),
    name: p.string().length(100),
    type: p.enum([...IOT_DEVICE_TYPES]),
    /** null for zone devices (the weather tower, gateways, zone cameras). */
    enterpriseId: p.string().length(36).nullable(),
    /** One of the enterprise's key-place tags (液氨制冷, 粉尘涉爆, …), free text. */
    keyPlace: p.string().length(60).nullable(),
    location: p.string().length(200).nullable(),
    /** Site-plan point (same coordinates as the enterprises' site-plan points). */
    mapX: p.double().$type<number>().nullable(),
    mapY: p.double().$type<number>().nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    installedOn: p.string().length(10).nullable(),
    calibrationDueOn: p.string().length(10).nullable(),
    certificateNo: p.string().length(60).nullable(),
    intervalSeconds: p.integer(),
    status: p.enum([...IOT_DEVICE_STATUSES]).default('enabled'),
    gatewayId: p.string().length(36).nullable(),
    credentialVersion: p.integer().default(1),
    credentialIssuedAt: p.datetime(3).nullable(),
    lastSeenAt: p.datetime(3).nullable(),
    online: p.boolean().default(false),
    manufacturer: p.string().length(100).nullable(),
    model: p.string().length(100).nullable(),
    version: p.integer().version(),
  },
});
export class IotDevice extends IotDeviceSchema.class {}
IotDeviceSchema.setClass(IotDevice);

/**
 * A saved version of a rule set (报警规则), for a device type or one device. A save inserts version n+1 and sets the
 * previous one inactive (history kept). Effective rules of a device: its device-scope active set, else its type's
 * active set, else DEFAULT_ALARM_RULES[type].
 */
export const IotRuleSchema = defineEntity({
  name: 'IotRule',
  tableName: 'iot_rules',
  indexes: [{ properties: ['tenantId', 'scope', 'deviceType', 'active'] }, { properties: ['tenantId', 'deviceId', 'active'] }],
  properties: {
    ...tenantProperties,
    scope: p.enum([...IOT_RULE_SCOPES]),
    deviceType: p.enum([...IOT_DEVICE_TYPES]).nullable(),
    deviceId: p.string().length(36).nullable(),
    version: p.integer(),
    rules: p.json<AlarmRuleSet>(),
    active: p.boolean().default(true),
    note: p.string().length(500).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class IotRule extends IotRuleSchema.class {}
IotRuleSchema.setClass(IotRule);

/** The handling record of a closed alarm (处置记录). */
export interface IotAlarmHandling {
  cause: AlarmCause;
  measures: string;
  note?: string;
  photoIds: string[];
}

/**
 * An alarm (ThingsBoard's model): one active alarm per device and type, enforced by the unique (tenant, active_key)
 * — `${deviceId}:${type}` while not cleared, NULL once cleared. Acknowledged and cleared are independent; closed is
 * handled (处置完成, needs `handling`). Every user change is compare-and-set on `version`.
 */
export const IotAlarmSchema = defineEntity({
  name: 'IotAlarm',
  tableName: 'iot_alarms',
  uniques: [{ properties: ['tenantId', 'activeKey'] }],
  indexes: [
    { properties: ['tenantId', 'clearedAt', 'startedAt'] },
    { properties: ['tenantId', 'enterpriseId', 'startedAt'] },
    { properties: ['tenantId', 'deviceId', 'startedAt'] },
    { properties: ['tenantId', 'nextEscalationAt'] },
    { properties: ['tenantId', 'closedAt', 'startedAt'] },
  ],
  properties: {
    ...tenantProperties,
    deviceId: p.string().length(36),
    enterpriseId: p.string().length(36).nullable(),
    /** `${quantity}.${kind}` (gas_lel.threshold, nh3.rate_of_rise) or `offline`. */
    type: p.string().length(60),
    kind: p.enum([...ALARM_KINDS]),
    quantity: p.string().length(20).nullable(),
    /** The current severity: a threshold alarm's follows its level (down as well as up). */
    severity: p.enum([...ALARM_SEVERITIES]),
    /**
     * The highest severity the alarm reached (a leak that hit level 2 stays `critical` here after falling to level 1):
     * what the statistics count. null on rows written without it (seeded history): read as `severity`.
     */
    peakSeverity: p.enum([...ALARM_SEVERITIES]).nullable(),
    level: p.tinyint().nullable(),
    activeKey: p.string().length(120).nullable(),
    startedAt: p.datetime(3),
    lastAt: p.datetime(3),
    clearedAt: p.datetime(3).nullable(),
    firstValue: p.double().$type<number>().nullable(),
    lastValue: p.double().$type<number>().nullable(),
    peakValue: p.double().$type<number>().nullable(),
    count: p.integer().default(1),
    acknowledgedAt: p.datetime(3).nullable(),
    acknowledgedBy: p.string().length(36).nullable(),
    assigneeId: p.string().length(36).nullable(),
    closedAt: p.datetime(3).nullable(),
    closedBy: p.string().length(36).nullable(),
    handling: p.json<IotAlarmHandling>().nullable(),
    hazardId: p.string().length(36).nullable(),
    ruleVersion: p.integer().nullable(),
    /** The last escalation stage fired (its key). */
    escalationStage: p.string().length(32).nullable(),
    /** When the next escalation stage fires (the truth; the BullMQ job is re-added from it by the reconciler). */
    nextEscalationAt: p.datetime(3).nullable(),
    version: p.integer().version(),
  },
});
export class IotAlarm extends IotAlarmSchema.class {}
IotAlarmSchema.setClass(IotAlarm);

/** The timeline of an alarm: raise, level changes, ack, assign, comments, clear, escalations, close, hazard. */
export const IotAlarmEventSchema = defineEntity({
  name: 'IotAlarmEvent',
  tableName: 'iot_alarm_events',
  indexes: [{ properties: ['tenantId', 'alarmId', 'at'] }],
  properties: {
    ...tenantProperties,
    alarmId: p.string().length(36),
    action: p.enum([...ALARM_EVENT_ACTIONS]),
    /** null: the system (物联网平台). */
    actorId: p.string().length(36).nullable(),
    actorName: p.string().length(60),
    at: p.datetime(3),
    level: p.tinyint().nullable(),
    value: p.double().$type<number>().nullable(),
    comment: p.string().length(1000).nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
  },
});
export class IotAlarmEvent extends IotAlarmEventSchema.class {}
IotAlarmEventSchema.setClass(IotAlarmEvent);

/**
 * Counters of rejected readings per zone × day × source × reason, upserted `count = count + VALUES(count)` every few
 * seconds from the pipeline's in-memory counters.
 */
export const IotIngestStatSchema = defineEntity({
  name: 'IotIngestStat',
  tableName: 'iot_ingest_stats',
  uniques: [{ properties: ['tenantId', 'day', 'source', 'reason'] }],
  properties: {
    ...tenantProperties,
    day: p.string().length(10),
    source: p.enum([...IOT_INGEST_SOURCES]),
    reason: p.string().length(30),
    count: p.integer().default(0),
  },
});
export class IotIngestStat extends IotIngestStatSchema.class {}
IotIngestStatSchema.setClass(IotIngestStat);
