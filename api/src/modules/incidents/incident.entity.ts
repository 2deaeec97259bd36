import { defineEntity, p } from '@mikro-orm/core';
import {
  ACCIDENT_GRADES,
  INCIDENT_EVENT_KINDS,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  WARNING_LEVELS,
  WIND_SOURCES,
  type AuthorityReport,
  type IncidentStatus,
  type IncidentType,
  type ResponsePlanStep,
  type Role,
  type WarningLevel,
} from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * Incidents and emergency linkage (应急联动, issue 12): the core tables — incidents, their append-only timeline, the
 * structured response plans and an incident's checklist built from one. Dispatch, equipment, warnings and sensitive
 * targets are in dispatch.entity.ts. Instants are UTC with milliseconds.
 */

/**
 * An incident (事件). `no` is SJ + the zone-local day + a 3-digit daily sequence (incident_counters). `learnedAt`
 * starts the reporting clock (生产安全事故报告和调查处理条例 Art. 9). `level` is the warning level (突发事件应对法
 * Art. 63) and `severity` its semantic rank (I → 4 … IV → 1). `grade` (Art. 3) is recomputed from deaths, serious
 * injuries and direct loss; the missing (失踪) are shown beside it, not counted in it. `sosClientKey` makes an SOS
 * replay answer the same incident (unique per zone). Every change is compare-and-set on `version`.
 */
export const IncidentSchema = defineEntity({
  name: 'Incident',
  tableName: 'incidents',
  uniques: [{ properties: ['tenantId', 'no'] }, { properties: ['tenantId', 'sosClientKey'] }],
  indexes: [
    { properties: ['tenantId', 'status'] },
    { properties: ['tenantId', 'createdAt'] },
    { properties: ['tenantId', 'reporterUserId', 'createdAt'] },
    { properties: ['tenantId', 'learnedAt'] },
    { properties: ['tenantId', 'enterpriseId', 'createdAt'] },
  ],
  properties: {
    ...tenantProperties,
    no: p.string().length(20),
    type: p.enum([...INCIDENT_TYPES]).$type<IncidentType>(),
    source: p.enum([...INCIDENT_SOURCES]),
    status: p
      .enum([...INCIDENT_STATUSES])
      .$type<IncidentStatus>()
      .default('reported'),
    level: p.enum([...WARNING_LEVELS]).$type<WarningLevel>(),
    severity: p.tinyint(),
    isDrill: p.boolean().default(false),
    enterpriseId: p.string().length(36).nullable(),
    alarmId: p.string().length(36).nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    planX: p.double().$type<number>().nullable(),
    planY: p.double().$type<number>().nullable(),
    address: p.string().length(200).nullable(),
    description: p.string().length(2000),
    reporterUserId: p.string().length(36).nullable(),
    reporterName: p.string().length(60),
    reporterPhone: p.string().length(60).nullable(),
    occurredAt: p.datetime(3),
    learnedAt: p.datetime(3),
    sosClientKey: p.string().length(36).nullable(),
    /** The SOS's phone accuracy (metres), when it gave a position. */
    accuracyM: p.double().$type<number>().nullable(),
    /** Photo / voice files attached by SOS, notes and members (ids). */
    fileIds: p.json<string[]>().onCreate(() => []),
    responsePlanId: p.string().length(36).nullable(),
    deaths: p.integer().default(0),
    missing: p.integer().default(0),
    seriousInjuries: p.integer().default(0),
    minorInjuries: p.integer().default(0),
    directLossWan: p.decimal('number').precision(14).scale(2).default(0),
    grade: p.enum([...ACCIDENT_GRADES]).nullable(),
    authorityReportedAt: p.datetime(3).nullable(),
    authorityReport: p.json<AuthorityReport>().nullable(),
    /** Art. 13: casualty changes are reported until then (30 days; 7 for fire). */
    followUpUntil: p.datetime(3).nullable(),
    windFromDeg: p.double().$type<number>().nullable(),
    windSpeed: p.double().$type<number>().nullable(),
    windSource: p.enum([...WIND_SOURCES]).nullable(),
    windAt: p.datetime(3).nullable(),
    controlledAt: p.datetime(3).nullable(),
    closedAt: p.datetime(3).nullable(),
    closedBy: p.string().length(36).nullable(),
    summary: p.text().nullable(),
    cancelReason: p.string().length(500).nullable(),
    /** The Drill record written into the enterprise's file when a drill closes. */
    drillRecordId: p.string().length(36).nullable(),
    /** The last authority-report reminder fired (incident.jobs.ts: 'warn' at 40 min, 'due' at the deadline). */
    clockStage: p.string().length(10).nullable(),
    version: p.integer().version(),
  },
});
export class Incident extends IncidentSchema.class {}
IncidentSchema.setClass(Incident);

/** The timeline (事件时间线): append-only, one row per action, message, status and reading. */
export const IncidentEventSchema = defineEntity({
  name: 'IncidentEvent',
  tableName: 'incident_events',
  indexes: [{ properties: ['tenantId', 'incidentId', 'at'] }],
  properties: {
    ...tenantProperties,
    incidentId: p.string().length(36),
    at: p.datetime(3),
    kind: p.enum([...INCIDENT_EVENT_KINDS]),
    /** null: the system (应急平台). */
    actorId: p.string().length(36).nullable(),
    actorName: p.string().length(60),
    text: p.string().length(2000),
    data: p.json<Record<string, unknown>>().nullable(),
  },
});
export class IncidentEvent extends IncidentEventSchema.class {}
IncidentEventSchema.setClass(IncidentEvent);

/**
 * A structured response plan (应急预案的响应程序): the zone's (enterpriseId null) or an enterprise's, linked to the
 * enterprise file's EmergencyPlan record (the plan document). Steps: who, what, within how many minutes of learnedAt.
 */
export const ResponsePlanSchema = defineEntity({
  name: 'ResponsePlan',
  tableName: 'response_plans',
  indexes: [{ properties: ['tenantId', 'active', 'enterpriseId'] }],
  properties: {
    ...tenantProperties,
    enterpriseId: p.string().length(36).nullable(),
    enterprisePlanId: p.string().length(36).nullable(),
    title: p.string().length(100),
    incidentTypes: p.json<IncidentType[]>(),
    levels: p.json<WarningLevel[]>(),
    steps: p.json<ResponsePlanStep[]>(),
    active: p.boolean().default(true),
    version: p.integer().version(),
  },
});
export class ResponsePlan extends ResponsePlanSchema.class {}
ResponsePlanSchema.setClass(ResponsePlan);

/** An incident's checklist step (from the applied plan): due at learnedAt + withinMinutes. */
export const IncidentChecklistItemSchema = defineEntity({
  name: 'IncidentChecklistItem',
  tableName: 'incident_checklist_items',
  indexes: [{ properties: ['tenantId', 'incidentId', 'order'] }],
  properties: {
    ...tenantProperties,
    incidentId: p.string().length(36),
    stepKey: p.string().length(40),
    order: p.integer(),
    who: p.string().length(60),
    role: p.string().length(30).$type<Role>().nullable(),
    action: p.string().length(500),
    dueAt: p.datetime(3),
    doneAt: p.datetime(3).nullable(),
    doneBy: p.string().length(36).nullable(),
    doneByName: p.string().length(60).nullable(),
    note: p.string().length(500).nullable(),
  },
});
export class IncidentChecklistItem extends IncidentChecklistItemSchema.class {}
IncidentChecklistItemSchema.setClass(IncidentChecklistItem);

/** A per-zone, per-day counter for incident numbers (SJ20261205-001), like hazard_counters. */
export const IncidentCounterSchema = defineEntity({
  name: 'IncidentCounter',
  tableName: 'incident_counters',
  uniques: [{ properties: ['tenantId', 'day'] }],
  properties: {
    ...tenantProperties,
    day: p.string().length(8),
    value: p.integer(),
  },
});
export class IncidentCounter extends IncidentCounterSchema.class {}
IncidentCounterSchema.setClass(IncidentCounter);
