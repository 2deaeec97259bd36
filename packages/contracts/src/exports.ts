import { z } from 'zod';
import { EXPORT_FORMATS } from '@yuanan/domain';
import { isoDateTime, pagingQuery, page, ref, zId } from './common.ts';

/*
 * Exports for other systems (数据报送, issue 14 §5): export targets (a profile, a format, a schedule, incremental
 * or full) and their runs (one file each, kept through the file storage). Profiles are data in the domain package
 * (packages/domain/src/exports/profiles); these are the api's shapes.
 */

export { EXPORT_FORMATS };
export const EXPORT_SCHEDULES = ['none', 'daily', 'weekly'] as const;
export const EXPORT_RUN_TRIGGERS = ['manual', 'schedule'] as const;
export const EXPORT_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ExportSchedule = (typeof EXPORT_SCHEDULES)[number];
export type ExportRunStatus = (typeof EXPORT_RUN_STATUSES)[number];

/** Labels (zh-CN first) of schedules, triggers and statuses, for the admin and the docs. */
export const EXPORT_SCHEDULE_LABELS: Record<ExportSchedule, { zh: string; en: string }> = {
  none: { zh: '手动', en: 'On demand' },
  daily: { zh: '每天', en: 'Daily' },
  weekly: { zh: '每周', en: 'Weekly' },
};
export const EXPORT_RUN_STATUS_LABELS: Record<ExportRunStatus, { zh: string; en: string }> = {
  running: { zh: '进行中', en: 'Running' },
  succeeded: { zh: '成功', en: 'Succeeded' },
  failed: { zh: '失败', en: 'Failed' },
};
export const EXPORT_RUN_TRIGGER_LABELS: Record<(typeof EXPORT_RUN_TRIGGERS)[number], { zh: string; en: string }> = {
  manual: { zh: '手动', en: 'Manual' },
  schedule: { zh: '定时', en: 'Scheduled' },
};

const text = z.object({ zh: z.string(), en: z.string() });

/** A profile's transform as data: its kind, and for `map` the words. */
export const exportTransform = z.object({
  kind: z.enum(['none', 'date', 'datetime', 'join', 'yesno', 'number', 'map']),
  map: z.record(z.string(), z.string()).nullable(),
  default: z.string().nullable(),
});

/** A profile in the list: who it is for, what it exports. */
export const exportProfileSummary = z.object({
  id: z.string(),
  version: z.number().int(),
  name: text,
  target: text,
  description: text,
  entity: z.enum(['enterprise', 'hazard']),
  formats: z.array(z.enum(EXPORT_FORMATS)),
  filter: z.record(z.string(), z.array(z.string())).nullable(),
  fieldCount: z.number().int(),
});
export type ExportProfileSummary = z.infer<typeof exportProfileSummary>;

/** A profile with its field table (target key, label, our source, transform, required). */
export const exportProfileDetail = exportProfileSummary.extend({
  fields: z.array(
    z.object({
      key: z.string(),
      label: text,
      source: z.string(),
      transform: exportTransform,
      required: z.boolean(),
    }),
  ),
});
export type ExportProfileDetail = z.infer<typeof exportProfileDetail>;

/** `GET /exports/profiles/:id?version=`: a profile id is lower-case words with dashes. */
export const exportProfileParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9-]+$/)
    .meta({ examples: ['provincial-hazard-ledger'] }),
});
export const exportProfileQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(1000).optional() });

/** The (updated_at, id) of the last row a run sent; the next incremental run sends the rows after it. */
export const exportWatermark = z.object({ updatedAt: isoDateTime, id: zId });
export type ExportWatermark = z.infer<typeof exportWatermark>;

export const exportTarget = z.object({
  id: zId,
  name: z.string(),
  profileId: z.string(),
  profileVersion: z.number().int(),
  profileName: text.nullable(),
  format: z.enum(EXPORT_FORMATS),
  schedule: z.enum(EXPORT_SCHEDULES),
  /** Hour of the day (0–23, zone time) a scheduled run starts. */
  scheduleHour: z.number().int(),
  /** Day of the week of a weekly run: 1 = Monday … 7 = Sunday. */
  scheduleWeekday: z.number().int(),
  incremental: z.boolean(),
  enabled: z.boolean(),
  lastWatermark: exportWatermark.nullable(),
  lastRun: z
    .object({ id: zId, status: z.enum(EXPORT_RUN_STATUSES), startedAt: isoDateTime, rowCount: z.number().int() })
    .nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ExportTarget = z.infer<typeof exportTarget>;

const targetName = z.string().trim().min(1, { message: '请填写名称' }).max(60);
const hour = z.number().int().min(0).max(23);
const weekday = z.number().int().min(1).max(7);

/** `POST /exports/targets`. The profile must exist (422 `export_profile_unknown`) and offer the format. */
export const createExportTargetRequest = z
  .strictObject({
    name: targetName,
    profileId: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[a-z0-9-]+$/),
    /** Defaults to the profile's newest version. */
    profileVersion: z.number().int().min(1).max(1000).optional(),
    format: z.enum(EXPORT_FORMATS),
    schedule: z.enum(EXPORT_SCHEDULES).default('none'),
    scheduleHour: hour.default(2),
    scheduleWeekday: weekday.default(1),
    incremental: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .meta({
    examples: [
      {
        name: '省平台隐患台账',
        profileId: 'provincial-hazard-ledger',
        format: 'xlsx',
        schedule: 'weekly',
        scheduleHour: 2,
        scheduleWeekday: 1,
        incremental: true,
      },
    ],
  });
export type CreateExportTargetRequest = z.input<typeof createExportTargetRequest>;

/** `PATCH /exports/targets/:id`: name, format, schedule, incremental, enabled; `resetWatermark` starts over. */
export const updateExportTargetRequest = z
  .strictObject({
    name: targetName.optional(),
    format: z.enum(EXPORT_FORMATS).optional(),
    schedule: z.enum(EXPORT_SCHEDULES).optional(),
    scheduleHour: hour.optional(),
    scheduleWeekday: weekday.optional(),
    incremental: z.boolean().optional(),
    enabled: z.boolean().optional(),
    /** The next incremental run sends every row again. */
    resetWatermark: z.literal(true).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' })
  .meta({ examples: [{ name: '省平台隐患台账（每日）', schedule: 'daily', scheduleHour: 3 }] });
export type UpdateExportTargetRequest = z.input<typeof updateExportTargetRequest>;

export const exportTargetParams = z.strictObject({ id: ref('exportTarget') });

export const exportRun = z.object({
  id: zId,
  targetId: zId,
  targetName: z.string().nullable(),
  trigger: z.enum(EXPORT_RUN_TRIGGERS),
  status: z.enum(EXPORT_RUN_STATUSES),
  profileId: z.string(),
  profileVersion: z.number().int(),
  format: z.enum(EXPORT_FORMATS),
  incremental: z.boolean(),
  sinceWatermark: exportWatermark.nullable(),
  untilWatermark: exportWatermark.nullable(),
  /** Records written. */
  rowCount: z.number().int(),
  /** Records written with a required field empty (see the file's flagged list / column). */
  flaggedCount: z.number().int(),
  fileId: zId.nullable(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  bytes: z.number().int().nullable(),
  error: z.string().nullable(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  createdBy: z.string().nullable(),
});
export type ExportRun = z.infer<typeof exportRun>;

export const exportRunsQuery = pagingQuery.extend({
  targetId: ref('exportTarget').optional(),
  status: z.enum(EXPORT_RUN_STATUSES).optional(),
});
export const exportRunParams = z.strictObject({ id: ref('exportRun') });

export const exportTargetList = z.object({ items: z.array(exportTarget) });
export const exportRunPage = page(exportRun);
export const exportProfileList = z.object({ items: z.array(exportProfileSummary) });
