import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../../core/db/base-entity.ts';

/** Sub-records of the enterprise file. Each belongs to one enterprise; indexes lead with the tenant. */
const owned = { ...tenantProperties, enterpriseId: p.string().length(36) };

export const EnterpriseContactSchema = defineEntity({
  name: 'EnterpriseContact',
  tableName: 'enterprise_contacts',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }],
  properties: {
    ...owned,
    name: p.string().length(32),
    title: p.string().length(40).nullable(),
    phoneSealed: p.string().length(200).nullable().hidden(),
    phoneMasked: p.string().length(20).nullable(),
    isEmergencyContact: p.boolean().default(false),
  },
});
export class EnterpriseContact extends EnterpriseContactSchema.class {}
EnterpriseContactSchema.setClass(EnterpriseContact);

/** 持证上岗: 特种作业操作证 (应急管理部) or 特种设备作业人员证 (市场监管). */
export const CertifiedWorkerSchema = defineEntity({
  name: 'CertifiedWorker',
  tableName: 'certified_workers',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'expiresOn'] }],
  uniques: [{ properties: ['tenantId', 'enterpriseId', 'certNumber'] }],
  properties: {
    ...owned,
    personName: p.string().length(32),
    certKind: p.enum(['special_operation', 'special_equipment'] as const),
    category: p.string().length(40),
    certNumber: p.string().length(40),
    post: p.string().length(40).nullable(),
    issuedOn: p.string().length(10),
    expiresOn: p.string().length(10),
    /** Special-operation certificates are reviewed every 3 years. */
    reviewDueOn: p.string().length(10).nullable(),
  },
});
export class CertifiedWorker extends CertifiedWorkerSchema.class {}
CertifiedWorkerSchema.setClass(CertifiedWorker);

export const HazardousChemicalSchema = defineEntity({
  name: 'HazardousChemical',
  tableName: 'hazardous_chemicals',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }],
  uniques: [{ properties: ['tenantId', 'enterpriseId', 'name', 'unitName'] }],
  properties: {
    ...owned,
    name: p.string().length(80),
    cas: p.string().length(20).nullable(),
    /** GB 18218 Table 1 row, when the CAS is shared by several rows. */
    table1No: p.integer().nullable(),
    /**
     * GB 18218 Table 2 symbols (one per hazard characteristic) for chemicals not named in Table 1; the lowest
     * critical quantity applies (GB 18218-2018 4.1.2 b). Migration20261130120000 turned the old single column into it.
     */
    categories: p.json<string[]>().onCreate(() => []),
    maxQuantity: p.decimal('number').precision(14).scale(3),
    unit: p.enum(['t', 'kg', 'm3', 'L'] as const).default('t'),
    /** The production or storage unit (生产单元/储存单元) it belongs to; identification is per unit. */
    unitName: p.string().length(60).default('全厂'),
    storagePlace: p.string().length(80).nullable(),
    keySupervised: p.boolean().default(false),
  },
});
export class HazardousChemical extends HazardousChemicalSchema.class {}
HazardousChemicalSchema.setClass(HazardousChemical);

export const EmergencySupplySchema = defineEntity({
  name: 'EmergencySupply',
  tableName: 'emergency_supplies',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'expiresOn'] }],
  uniques: [{ properties: ['tenantId', 'enterpriseId', 'name', 'location'] }],
  properties: {
    ...owned,
    /** GB/T 38565-2020 code (7 digits), optional. */
    code: p.string().length(7).nullable(),
    name: p.string().length(60),
    quantity: p.integer(),
    unit: p.string().length(10),
    location: p.string().length(60).default(''),
    expiresOn: p.string().length(10).nullable(),
    minimumStock: p.integer().nullable(),
  },
});
export class EmergencySupply extends EmergencySupplySchema.class {}
EmergencySupplySchema.setClass(EmergencySupply);

export const EmergencyTeamMemberSchema = defineEntity({
  name: 'EmergencyTeamMember',
  tableName: 'emergency_team_members',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }],
  properties: {
    ...owned,
    name: p.string().length(32),
    role: p.string().length(20),
    phoneSealed: p.string().length(200).nullable().hidden(),
    phoneMasked: p.string().length(20).nullable(),
    skills: p.string().length(200).nullable(),
  },
});
export class EmergencyTeamMember extends EmergencyTeamMemberSchema.class {}
EmergencyTeamMemberSchema.setClass(EmergencyTeamMember);

/** 应急预案: 综合 / 专项 / 现场处置方案. */
export const EmergencyPlanSchema = defineEntity({
  name: 'EmergencyPlan',
  tableName: 'emergency_plans',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }],
  properties: {
    ...owned,
    kind: p.enum(['comprehensive', 'special', 'onsite'] as const),
    title: p.string().length(100),
    fileId: p.string().length(36).nullable(),
    issuedOn: p.string().length(10).nullable(),
  },
});
export class EmergencyPlan extends EmergencyPlanSchema.class {}
EmergencyPlanSchema.setClass(EmergencyPlan);

export const DrillSchema = defineEntity({
  name: 'Drill',
  tableName: 'drills',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }],
  properties: {
    ...owned,
    planId: p.string().length(36).nullable(),
    kind: p.enum(['comprehensive', 'special', 'onsite'] as const),
    heldOn: p.string().length(10),
    participants: p.integer().nullable(),
    summary: p.string().length(500).nullable(),
    fileIds: p.json<string[]>().onCreate(() => []),
  },
});
export class Drill extends DrillSchema.class {}
DrillSchema.setClass(Drill);

/** Key-field changes an enterprise submitted, waiting for the safety office. */
export const EnterpriseChangeRequestSchema = defineEntity({
  name: 'EnterpriseChangeRequest',
  tableName: 'enterprise_change_requests',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'status'] }],
  properties: {
    ...owned,
    requestedBy: p.string().length(36),
    requestedByName: p.string().length(32),
    changes: p.json<Record<string, [unknown, unknown]>>(),
    status: p.enum(['pending', 'approved', 'rejected', 'superseded'] as const).default('pending'),
    decidedBy: p.string().length(36).nullable(),
    decidedAt: p.datetime(3).nullable(),
    comment: p.string().length(300).nullable(),
  },
});
export class EnterpriseChangeRequest extends EnterpriseChangeRequestSchema.class {}
EnterpriseChangeRequestSchema.setClass(EnterpriseChangeRequest);

/** A long import (Excel) and its row-by-row report. */
export const ImportJobSchema = defineEntity({
  name: 'ImportJob',
  tableName: 'import_jobs',
  indexes: [{ properties: ['tenantId', 'createdAt'] }],
  properties: {
    ...tenantProperties,
    kind: p.string().length(30),
    dryRun: p.boolean(),
    fileId: p.string().length(36),
    userId: p.string().length(36),
    status: p.enum(['queued', 'running', 'done', 'failed'] as const).default('queued'),
    processed: p.integer().default(0),
    total: p.integer().default(0),
    summary: p.json<Record<string, number>>().nullable(),
    report: p.json<Array<{ sheet: string; row: number; field: string; reason: string }>>().nullable(),
    error: p.string().length(500).nullable(),
    finishedAt: p.datetime(3).nullable(),
  },
});
export class ImportJob extends ImportJobSchema.class {}
ImportJobSchema.setClass(ImportJob);

/** A named filter of a list page, per user. */
export const SavedViewSchema = defineEntity({
  name: 'SavedView',
  tableName: 'saved_views',
  indexes: [{ properties: ['tenantId', 'userId', 'page'] }],
  properties: {
    ...tenantProperties,
    userId: p.string().length(36),
    page: p.string().length(40),
    name: p.string().length(40),
    query: p.json<Record<string, string>>(),
  },
});
export class SavedView extends SavedViewSchema.class {}
SavedViewSchema.setClass(SavedView);
