import { defineEntity, p } from '@mikro-orm/core';
import {
  BORROWER_KINDS,
  EQUIPMENT_CATEGORIES,
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_REQUEST_STATUSES,
  EQUIPMENT_UNIT_STATUSES,
  MAINTENANCE_SOURCES,
  MAINTENANCE_STATUSES,
  RESERVATION_STATUSES,
  type MaintenanceRule,
} from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * The equipment room (器材室): the tables of the shared design (/work/briefs/duty-equipment-design.md). Dates without
 * a time (purchase, warranty, maintenance due) are `YYYY-MM-DD` strings in the zone's time zone; instants are UTC
 * with milliseconds. Ranges are half-open [starts_at, ends_at).
 */

/** A catalogue entry (器材目录): a kind of gear, its specifications, photos and maintenance rules. */
export const EquipmentModelSchema = defineEntity({
  name: 'EquipmentModel',
  tableName: 'equipment_models',
  indexes: [{ properties: ['tenantId', 'category'] }],
  properties: {
    ...tenantProperties,
    category: p.enum([...EQUIPMENT_CATEGORIES]),
    name: p.string().length(100),
    model: p.string().length(100).nullable(),
    manufacturer: p.string().length(100).nullable(),
    specs: p.json<Array<{ key: string; value: string }>>().onCreate(() => []),
    photoFileIds: p.json<string[]>().onCreate(() => []),
    maintenanceRules: p.json<MaintenanceRule[]>().onCreate(() => []),
    lendable: p.boolean().default(true),
    description: p.string().length(2000).nullable(),
  },
});
export class EquipmentModel extends EquipmentModelSchema.class {}
EquipmentModelSchema.setClass(EquipmentModel);

/**
 * A unit (器材台账): one physical item with an asset tag unique in the zone. `status` is what it is NOW (the state
 * machine of contracts/equipment.ts); every change goes through the row lock and `version` (optimistic lock: a
 * stale version the caller sends is 409, and the ORM's `version = version + 1 WHERE version = ?` refuses a lost race).
 */
export const EquipmentUnitSchema = defineEntity({
  name: 'EquipmentUnit',
  tableName: 'equipment_units',
  uniques: [{ properties: ['tenantId', 'assetTag'] }],
  indexes: [{ properties: ['tenantId', 'modelId', 'status'] }, { properties: ['tenantId', 'status'] }],
  properties: {
    ...tenantProperties,
    modelId: p.string().length(36),
    assetTag: p.string().length(40),
    serial: p.string().length(80).nullable(),
    location: p.string().length(100).nullable(),
    purchasedOn: p.string().length(10).nullable(),
    warrantyUntil: p.string().length(10).nullable(),
    condition: p.enum([...EQUIPMENT_CONDITIONS]).default('good'),
    status: p.enum([...EQUIPMENT_UNIT_STATUSES]).default('available'),
    /** Set by a failed maintenance: cannot be lent until a later pass. */
    lendableBlockedReason: p.string().length(500).nullable(),
    nextMaintenanceOn: p.string().length(10).nullable(),
    /** While deployed: the incident. */
    incidentRef: p.string().length(100).nullable(),
    version: p.integer().version(),
  },
});
export class EquipmentUnit extends EquipmentUnitSchema.class {}
EquipmentUnitSchema.setClass(EquipmentUnit);

/** Who borrows (enterprise, person, incident): the same columns on reservations and loans. */
const borrower = {
  borrowerKind: p.enum([...BORROWER_KINDS]),
  enterpriseId: p.string().length(36).nullable(),
  borrowerUserId: p.string().length(36).nullable(),
  borrowerName: p.string().length(60),
  borrowerPhone: p.string().length(40).nullable(),
  incidentRef: p.string().length(100).nullable(),
};

/** A reservation of a unit for [startsAt, endsAt); active ones never overlap on a unit (checked under its lock). */
export const EquipmentReservationSchema = defineEntity({
  name: 'EquipmentReservation',
  tableName: 'equipment_reservations',
  indexes: [
    { properties: ['tenantId', 'unitId', 'status', 'startsAt'], name: 'equipment_reservations_unit_index' },
    { properties: ['tenantId', 'status', 'startsAt'] },
    { properties: ['tenantId', 'requestId'] },
  ],
  properties: {
    ...tenantProperties,
    unitId: p.string().length(36),
    startsAt: p.datetime(3),
    endsAt: p.datetime(3),
    requestId: p.string().length(36).nullable(),
    ...borrower,
    status: p.enum([...RESERVATION_STATUSES]).default('active'),
    createdBy: p.string().length(36).nullable(),
  },
});
export class EquipmentReservation extends EquipmentReservationSchema.class {}
EquipmentReservationSchema.setClass(EquipmentReservation);

/** A request to borrow (借用申请): what, how many, when, why; the keeper approves by assigning units. */
export const EquipmentRequestSchema = defineEntity({
  name: 'EquipmentRequest',
  tableName: 'equipment_requests',
  indexes: [
    { properties: ['tenantId', 'status', 'createdAt'] },
    { properties: ['tenantId', 'enterpriseId', 'status'] },
    { properties: ['tenantId', 'requestedBy'] },
  ],
  properties: {
    ...tenantProperties,
    enterpriseId: p.string().length(36).nullable(),
    requestedBy: p.string().length(36),
    contactName: p.string().length(60),
    contactPhone: p.string().length(40).nullable(),
    items: p.json<Array<{ modelId: string; quantity: number }>>(),
    startsAt: p.datetime(3),
    endsAt: p.datetime(3),
    purpose: p.string().length(500),
    status: p.enum([...EQUIPMENT_REQUEST_STATUSES]).default('submitted'),
    rejectReason: p.string().length(500).nullable(),
    decidedBy: p.string().length(36).nullable(),
    decidedAt: p.datetime(3).nullable(),
    version: p.integer().version(),
  },
});
export class EquipmentRequest extends EquipmentRequestSchema.class {}
EquipmentRequestSchema.setClass(EquipmentRequest);

/** A loan (借出): from check-out to return (or recall). Open while `returnedAt` is null. */
export const EquipmentLoanSchema = defineEntity({
  name: 'EquipmentLoan',
  tableName: 'equipment_loans',
  indexes: [
    { properties: ['tenantId', 'returnedAt', 'dueAt'] },
    { properties: ['tenantId', 'enterpriseId', 'returnedAt'] },
    { properties: ['tenantId', 'borrowerUserId', 'returnedAt'] },
    { properties: ['tenantId', 'unitId', 'checkedOutAt'] },
  ],
  properties: {
    ...tenantProperties,
    unitId: p.string().length(36),
    ...borrower,
    requestId: p.string().length(36).nullable(),
    reservationId: p.string().length(36).nullable(),
    checkedOutAt: p.datetime(3),
    checkedOutBy: p.string().length(36),
    dueAt: p.datetime(3),
    outCondition: p.enum([...EQUIPMENT_CONDITIONS]),
    outPhotoFileIds: p.json<string[]>().onCreate(() => []),
    signatureFileId: p.string().length(36).nullable(),
    returnDeclaredAt: p.datetime(3).nullable(),
    returnDeclaredNote: p.string().length(500).nullable(),
    returnedAt: p.datetime(3).nullable(),
    returnedBy: p.string().length(36).nullable(),
    returnCondition: p.enum([...EQUIPMENT_CONDITIONS]).nullable(),
    returnPhotoFileIds: p.json<string[]>().onCreate(() => []),
    damageNote: p.string().length(1000).nullable(),
    recalledAt: p.datetime(3).nullable(),
    recallReason: p.string().length(500).nullable(),
    version: p.integer().version(),
  },
});
export class EquipmentLoan extends EquipmentLoanSchema.class {}
EquipmentLoanSchema.setClass(EquipmentLoan);

/** A maintenance job (保养): due from a model's rule, a damaged return, or sent by hand; passed or failed. */
export const EquipmentMaintenanceSchema = defineEntity({
  name: 'EquipmentMaintenance',
  tableName: 'equipment_maintenance',
  indexes: [{ properties: ['tenantId', 'status', 'dueOn'] }, { properties: ['tenantId', 'unitId', 'kind'] }],
  properties: {
    ...tenantProperties,
    unitId: p.string().length(36),
    kind: p.string().length(40),
    label: p.string().length(60),
    dueOn: p.string().length(10),
    status: p.enum([...MAINTENANCE_STATUSES]).default('due'),
    source: p.enum([...MAINTENANCE_SOURCES]),
    resultNote: p.string().length(1000).nullable(),
    photoFileIds: p.json<string[]>().onCreate(() => []),
    performedBy: p.string().length(36).nullable(),
    performedAt: p.datetime(3).nullable(),
  },
});
export class EquipmentMaintenance extends EquipmentMaintenanceSchema.class {}
EquipmentMaintenanceSchema.setClass(EquipmentMaintenance);

/**
 * The once-only ledger of reminders (器材提醒台账): unique (tenant, kind, borrower, day). A reminder is sent only
 * when its row is inserted, in the same transaction as the notification, so it goes out once per borrower per day,
 * whatever the retries, and survives a Redis flush. `overdue`: the borrower's bundled daily reminder
 * (borrower_key `enterprise:<id>` / `user:<id>`); `escalation`: a loan told to the office (borrower_key `loan:<id>`,
 * day its due date: once per loan).
 */
export const EquipmentNoticeSchema = defineEntity({
  name: 'EquipmentNotice',
  tableName: 'equipment_notices',
  uniques: [{ properties: ['tenantId', 'kind', 'borrowerKey', 'day'], name: 'equipment_notices_once' }],
  properties: {
    ...tenantProperties,
    kind: p.enum(['overdue', 'escalation'] as const),
    borrowerKey: p.string().length(80),
    day: p.string().length(10),
    loanIds: p.json<string[]>().onCreate(() => []),
  },
});
export class EquipmentNotice extends EquipmentNoticeSchema.class {}
EquipmentNoticeSchema.setClass(EquipmentNotice);
