import { defineEntity, p } from '@mikro-orm/core';
import type {
  ChecklistSection,
  InspectionCheckIn,
  InspectionPlanTarget,
  InspectionRecordedAnswer,
  InspectionSummary,
} from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * Inspections (日常留痕监管): the tables of the shared design (/work/briefs/inspections-design.md). Dates without a
 * time (period keys, plan and contract dates) are `YYYY-MM-DD` strings in the zone's time zone; instants are UTC.
 */

/**
 * A checklist template version (检查表模板). `code` is stable across versions; a published version is never
 * changed except to retire it — a change is a new draft version (`revise`). `version` here is the template's
 * version number, not an optimistic lock.
 */
export const InspectionTemplateSchema = defineEntity({
  name: 'InspectionTemplate',
  tableName: 'inspection_templates',
  uniques: [{ properties: ['tenantId', 'code', 'version'] }],
  indexes: [{ properties: ['tenantId', 'status'] }],
  properties: {
    ...tenantProperties,
    code: p.string().length(40),
    version: p.integer(),
    status: p.enum(['draft', 'published', 'retired'] as const).default('draft'),
    name: p.string().length(100),
    description: p.string().length(500).nullable(),
    /** GB/T 4754 code prefixes; empty = every industry. */
    industries: p.json<string[]>().onCreate(() => []),
    /** Key-place tags; empty = every enterprise. */
    tags: p.json<string[]>().onCreate(() => []),
    sections: p.json<ChecklistSection[]>(),
    needsExpertReview: p.boolean().default(false),
    publishedAt: p.datetime(3).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class InspectionTemplate extends InspectionTemplateSchema.class {}
InspectionTemplateSchema.setClass(InspectionTemplate);

/** An inspection plan (检查计划): who inspects which enterprises, how often, with which templates. */
export const InspectionPlanSchema = defineEntity({
  name: 'InspectionPlan',
  tableName: 'inspection_plans',
  indexes: [{ properties: ['tenantId', 'enabled'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(100),
    kind: p.enum(['routine', 'campaign'] as const),
    assigneeKind: p.enum(['user', 'role', 'agency'] as const),
    assigneeUserId: p.string().length(36).nullable(),
    assigneeRole: p.string().length(32).nullable(),
    agencyId: p.string().length(36).nullable(),
    /** Empty arrays = no filter on that axis; all empty = every active enterprise. */
    target: p.json<InspectionPlanTarget>(),
    /** Published template ids; a task takes the first that applies to the enterprise. */
    templateIds: p.json<string[]>(),
    frequency: p.enum(['by_colour', 'weekly', 'fortnightly', 'monthly', 'quarterly', 'once'] as const),
    startDate: p.string().length(10),
    endDate: p.string().length(10).nullable(),
    /** Days a task stays open before it is due; null = the period length. */
    windowDays: p.integer().nullable(),
    enabled: p.boolean().default(true),
    version: p.integer().version(),
  },
});
export class InspectionPlan extends InspectionPlanSchema.class {}
InspectionPlanSchema.setClass(InspectionPlan);

/**
 * An inspection task (检查任务) and, once done, its record (检查记录). The unique (tenant, plan, enterprise, period)
 * makes generation idempotent; re-check and ad-hoc tasks have no plan.
 */
export const InspectionTaskSchema = defineEntity({
  name: 'InspectionTask',
  tableName: 'inspection_tasks',
  uniques: [{ properties: ['tenantId', 'planId', 'enterpriseId', 'periodKey'], name: 'inspection_tasks_period_unique' }],
  indexes: [
    { properties: ['tenantId', 'status', 'dueAt'] },
    { properties: ['tenantId', 'assigneeUserId', 'status', 'dueAt'], name: 'inspection_tasks_assignee_index' },
    { properties: ['tenantId', 'enterpriseId', 'status'] },
    { properties: ['tenantId', 'agencyId', 'status', 'dueAt'], name: 'inspection_tasks_agency_index' },
    // Covering index of the coverage aggregate (coverage.ts): the complete-by range, then every column it reads.
    {
      properties: ['tenantId', 'dueAt', 'status', 'late', 'hazardCount', 'assigneeRole', 'assigneeUserId', 'gridId', 'agencyId'],
      name: 'inspection_tasks_coverage_index',
    },
  ],
  properties: {
    ...tenantProperties,
    planId: p.string().length(36).nullable(),
    enterpriseId: p.string().length(36),
    /** Copied from the enterprise when the task is made. */
    gridId: p.string().length(36).nullable(),
    templateId: p.string().length(36),
    kind: p.enum(['routine', 'campaign', 'self_check', 'recheck'] as const),
    assigneeUserId: p.string().length(36).nullable(),
    assigneeRole: p.string().length(32).nullable(),
    agencyId: p.string().length(36).nullable(),
    /** The period's start date in the zone (YYYY-MM-DD). */
    periodKey: p.string().length(20),
    startAt: p.datetime(3),
    /** Complete-by. */
    dueAt: p.datetime(3),
    status: p.enum(['scheduled', 'open', 'in_progress', 'done', 'missed'] as const).default('scheduled'),
    /** Done after dueAt (超期完成). */
    late: p.boolean().default(false),
    startedAt: p.datetime(3).nullable(),
    completedAt: p.datetime(3).nullable(),
    checkIn: p.json<InspectionCheckIn>().nullable(),
    answers: p.json<InspectionRecordedAnswer[]>().nullable(),
    signature: p.json<{ fileId: string; signerName: string }>().nullable(),
    summary: p.json<InspectionSummary>().nullable(),
    hazardIds: p.json<string[]>().onCreate(() => []),
    /** hazardIds.length, kept with it (set at submit): coverage sums it from its index without reading the JSON. */
    hazardCount: p.integer().default(0),
    recheckOfHazardId: p.string().length(36).nullable(),
    reminderSentAt: p.datetime(3).nullable(),
    version: p.integer().version(),
  },
});
export class InspectionTask extends InspectionTaskSchema.class {}
InspectionTaskSchema.setClass(InspectionTask);

/** The fields of a task nobody has started: no check-in, answers, signature or result yet. */
export function notStartedTask() {
  return {
    late: false,
    startedAt: null,
    completedAt: null,
    checkIn: null,
    answers: null,
    signature: null,
    summary: null,
    hazardIds: [] as string[],
  };
}

/** A third-party service agency (第三方服务机构) and its inspectors. */
export const InspectionAgencySchema = defineEntity({
  name: 'InspectionAgency',
  tableName: 'inspection_agencies',
  indexes: [{ properties: ['tenantId', 'name'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(100),
    creditCode: p.string().length(18).nullable(),
    contactName: p.string().length(32),
    contactPhone: p.string().length(40),
    /** Users (inspectors) who work for the agency. */
    memberUserIds: p.json<string[]>().onCreate(() => []),
  },
});
export class InspectionAgency extends InspectionAgencySchema.class {}
InspectionAgencySchema.setClass(InspectionAgency);

/**
 * An agency's service contract (服务合同): the enterprises it inspects from startDate to endDate inclusive (zone
 * dates). Its inspectors see those enterprises' tasks only inside that window.
 */
export const InspectionContractSchema = defineEntity({
  name: 'InspectionContract',
  tableName: 'inspection_contracts',
  indexes: [{ properties: ['tenantId', 'agencyId'] }, { properties: ['tenantId', 'endDate'] }],
  properties: {
    ...tenantProperties,
    agencyId: p.string().length(36),
    name: p.string().length(100),
    enterpriseIds: p.json<string[]>(),
    templateIds: p.json<string[]>().onCreate(() => []),
    startDate: p.string().length(10),
    endDate: p.string().length(10),
  },
});
export class InspectionContract extends InspectionContractSchema.class {}
InspectionContractSchema.setClass(InspectionContract);
