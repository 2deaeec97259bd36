import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * Dispatch and warnings of an incident (应急联动: 调派、器材、下风向预警、敏感目标). Instants are UTC with
 * milliseconds. The vocabularies (dispatch statuses, sensitive-target kinds) are the contracts' (incidents.ts); they
 * are stored as short strings so a new word needs no table change.
 */

/** The statuses of one dispatch (contracts DISPATCH_STATUSES). */
export const DISPATCH_STATUS_VALUES = [
  'pending_ack',
  'acknowledged',
  'en_route',
  'on_scene',
  'done',
  'escalated',
  'stood_down',
] as const;
export type DispatchStatusValue = (typeof DISPATCH_STATUS_VALUES)[number];
/** A dispatch still binding its person (committed to this incident). */
export const ACTIVE_DISPATCH: DispatchStatusValue[] = ['pending_ack', 'acknowledged', 'en_route', 'on_scene'];

/**
 * One person sent to one incident (调派). `ackDueAt` = dispatchedAt + the zone's incidentPolicy.ackMinutes: not
 * acknowledged by then, the ack-timeout job (job id `inc-ack:{id}:ack`) marks it `escalated` and dispatches the next
 * person (`replacesDispatchId` on the new row). An acknowledgement after that is recorded (`acknowledgedAt`,
 * `lateAck`) but the status stays `escalated`. `rollCallDueAt`: the next personnel-accountability roll call of a
 * person on scene; `lastAccountedAt`: their last "I am safe".
 */
export const IncidentDispatchSchema = defineEntity({
  name: 'IncidentDispatch',
  tableName: 'incident_dispatches',
  indexes: [
    { properties: ['tenantId', 'status'] },
    { properties: ['tenantId', 'userId', 'status'] },
    { properties: ['tenantId', 'ackDueAt'] },
    { properties: ['tenantId', 'incidentId'] },
  ],
  properties: {
    ...tenantProperties,
    incidentId: p.string().length(36),
    userId: p.string().length(36),
    userName: p.string().length(60),
    phone: p.string().length(20).nullable(),
    teamId: p.string().length(36).nullable(),
    isLeader: p.boolean().default(false),
    status: p.enum([...DISPATCH_STATUS_VALUES]).default('pending_ack'),
    dispatchedAt: p.datetime(3),
    /** Who confirmed it (a user id), or null when the system dispatched (an escalation's replacement). */
    dispatchedBy: p.string().length(36).nullable(),
    ackDueAt: p.datetime(3),
    acknowledgedAt: p.datetime(3).nullable(),
    lateAck: p.boolean().default(false),
    escalatedAt: p.datetime(3).nullable(),
    replacesDispatchId: p.string().length(36).nullable(),
    enRouteAt: p.datetime(3).nullable(),
    onSceneAt: p.datetime(3).nullable(),
    doneAt: p.datetime(3).nullable(),
    standDownAt: p.datetime(3).nullable(),
    rollCallDueAt: p.datetime(3).nullable(),
    /** When the current roll call was sent (its answer is due 2 minutes later); null: none waiting. */
    rollCallSentAt: p.datetime(3).nullable(),
    lastAccountedAt: p.datetime(3).nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    version: p.integer().version(),
  },
});
export class IncidentDispatch extends IncidentDispatchSchema.class {}
IncidentDispatchSchema.setClass(IncidentDispatch);

/**
 * A unit of the equipment room taken for an incident: `deployed` from the room (EquipmentService.unitAction
 * 'deploy'), or `recalled` from a loan (EquipmentService.recall; `loanId`, `borrowerName`). `releasedAt`: stood down
 * back to the room.
 */
export const IncidentEquipmentSchema = defineEntity({
  name: 'IncidentEquipment',
  tableName: 'incident_equipment',
  indexes: [{ properties: ['tenantId', 'incidentId'] }, { properties: ['tenantId', 'unitId'] }],
  properties: {
    ...tenantProperties,
    incidentId: p.string().length(36),
    unitId: p.string().length(36),
    assetTag: p.string().length(60),
    modelName: p.string().length(100),
    how: p.enum(['deployed', 'recalled'] as const),
    loanId: p.string().length(36).nullable(),
    borrowerName: p.string().length(100).nullable(),
    at: p.datetime(3),
    releasedAt: p.datetime(3).nullable(),
  },
});
export class IncidentEquipment extends IncidentEquipmentSchema.class {}
IncidentEquipmentSchema.setClass(IncidentEquipment);

/** A sensitive target near the zone (敏感目标: school, kindergarten, hospital, residential area, nursing home). */
export const SensitiveTargetSchema = defineEntity({
  name: 'SensitiveTarget',
  tableName: 'sensitive_targets',
  indexes: [{ properties: ['tenantId', 'active'] }],
  properties: {
    ...tenantProperties,
    kind: p.string().length(20),
    name: p.string().length(100),
    lat: p.double().$type<number>(),
    lng: p.double().$type<number>(),
    planX: p.double().$type<number>().nullable(),
    planY: p.double().$type<number>().nullable(),
    population: p.integer().nullable(),
    contactName: p.string().length(60).nullable(),
    /** The contact's mobile number (the warning SMS goes there). */
    contactPhone: p.string().length(20).nullable(),
    note: p.string().length(500).nullable(),
    active: p.boolean().default(true),
    version: p.integer().version(),
  },
});
export class SensitiveTarget extends SensitiveTargetSchema.class {}
SensitiveTargetSchema.setClass(SensitiveTarget);

/**
 * A downwind warning (下风向预警) to one enterprise or one sensitive target. Unique per incident and enterprise /
 * target (`targetKey` = `e:{enterpriseId}` or `t:{targetId}`): warning again updates the row. `simulated`: a drill's
 * warning — nothing was sent. `smsSentAt`: when the target contact's SMS was handed to the provider.
 */
export const IncidentWarningSchema = defineEntity({
  name: 'IncidentWarning',
  tableName: 'incident_warnings',
  uniques: [{ properties: ['tenantId', 'incidentId', 'targetKey'] }],
  indexes: [{ properties: ['tenantId', 'enterpriseId', 'sentAt'] }],
  properties: {
    ...tenantProperties,
    incidentId: p.string().length(36),
    targetKind: p.enum(['enterprise', 'sensitive_target'] as const),
    targetKey: p.string().length(40),
    enterpriseId: p.string().length(36).nullable(),
    targetId: p.string().length(36).nullable(),
    name: p.string().length(100),
    distanceM: p.integer(),
    bearingDeg: p.integer(),
    message: p.string().length(500),
    sentAt: p.datetime(3),
    simulated: p.boolean().default(false),
    smsSentAt: p.datetime(3).nullable(),
    acknowledgedAt: p.datetime(3).nullable(),
    acknowledgedBy: p.string().length(36).nullable(),
    acknowledgedByName: p.string().length(60).nullable(),
  },
});
export class IncidentWarning extends IncidentWarningSchema.class {}
IncidentWarningSchema.setClass(IncidentWarning);
