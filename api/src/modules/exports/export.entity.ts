import { defineEntity, p } from '@mikro-orm/core';
import { EXPORT_FORMATS, EXPORT_RUN_STATUSES, EXPORT_RUN_TRIGGERS, EXPORT_SCHEDULES } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * An export target (数据报送任务): what another system receives from this zone — a profile (`id@version`, data in
 * packages/domain/src/exports), a file format, a schedule (none | daily | weekly at an hour of the zone's day) and
 * whether runs are incremental. `last_watermark_*` is the (updated_at, id) the next run reads after: the last
 * successful run's upper bound with the max UUID (every row updated up to then was read; older rows kept the last row
 * sent); only a successful run moves it.
 */
export const ExportTargetSchema = defineEntity({
  name: 'ExportTarget',
  tableName: 'export_targets',
  uniques: [{ properties: ['tenantId', 'name'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(60),
    profileId: p.string().length(60),
    profileVersion: p.integer(),
    format: p.enum(EXPORT_FORMATS),
    schedule: p.enum(EXPORT_SCHEDULES).default('none'),
    /** 0–23, the zone's wall clock. */
    scheduleHour: p.integer().default(2),
    /** 1 = Monday … 7 = Sunday (weekly runs). */
    scheduleWeekday: p.integer().default(1),
    incremental: p.boolean().default(false),
    enabled: p.boolean().default(true),
    lastWatermarkAt: p.datetime(3).nullable(),
    lastWatermarkId: p.string().length(36).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class ExportTarget extends ExportTargetSchema.class {}
ExportTargetSchema.setClass(ExportTarget);

/**
 * One run of a target: the rows with (updated_at, id) after `since` and updated at or before its upper bound (`until_at`),
 * mapped by the profile into one file (kept in the file storage, `file_id`). The target's name and profile are
 * copied so the history reads the same after the target changes or goes.
 */
export const ExportRunSchema = defineEntity({
  name: 'ExportRun',
  tableName: 'export_runs',
  indexes: [{ properties: ['tenantId', 'targetId', 'startedAt'] }, { properties: ['tenantId', 'startedAt'] }],
  properties: {
    ...tenantProperties,
    targetId: p.string().length(36),
    targetName: p.string().length(60),
    trigger: p.enum(EXPORT_RUN_TRIGGERS),
    status: p.enum(EXPORT_RUN_STATUSES).default('running'),
    profileId: p.string().length(60),
    profileVersion: p.integer(),
    format: p.enum(EXPORT_FORMATS),
    incremental: p.boolean(),
    sinceAt: p.datetime(3).nullable(),
    sinceId: p.string().length(36).nullable(),
    /** The run's upper bound, its start minus EXPORT_SETTLE_MS: rows updated later wait for the next run. */
    untilAt: p.datetime(3),
    /** The last row sent (for the record; the target's next watermark is `until_at`); null when nothing was sent. */
    lastRowAt: p.datetime(3).nullable(),
    lastRowId: p.string().length(36).nullable(),
    rowCount: p.integer().default(0),
    flaggedCount: p.integer().default(0),
    fileId: p.string().length(36).nullable(),
    fileName: p.string().length(120).nullable(),
    sha256: p.string().length(64).nullable(),
    bytes: p.integer().nullable(),
    error: p.string().length(500).nullable(),
    startedAt: p.datetime(3),
    finishedAt: p.datetime(3).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class ExportRun extends ExportRunSchema.class {}
ExportRunSchema.setClass(ExportRun);
