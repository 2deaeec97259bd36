import { ENTERPRISE_ROLES, isEnterpriseRole, type InspectionTasksQuery } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { dueTag, enterpriseNames, localDay } from '../workbench/workbench.helpers.ts';
import {
  OFFICE_ROLES,
  severityWhenAny,
  type WorkbenchContext,
  type WorkbenchItemInput,
  type WorkbenchRegistry,
} from '../workbench/workbench.registry.ts';
import { InspectionTask, InspectionTemplate } from './inspection.entity.ts';
import { taskListWhere } from './task-list.ts';

type Where = Record<string, unknown>;
type Query = Partial<InspectionTasksQuery>;
type Row = Pick<InspectionTask, 'id' | 'enterpriseId' | 'templateId' | 'kind' | 'dueAt' | 'status' | 'checkIn' | 'startedAt'>;

/** Days back the missed card looks, and the flagged card. */
const MISSED_DAYS = 30;
const FLAGGED_DAYS = 7;

/** Statuses of a task still to do (started or not). */
const TO_DO = 'open,in_progress';

/**
 * My tasks: an enterprise user's are their enterprise's 企业自查 (the scope already narrows to the enterprise; the
 * office's inspections of it are not theirs to do), anyone else's those assigned to them, their role or agency —
 * the task list's `mine=true`, exactly what the mini-program's 今日任务 lists.
 */
const mineQuery = (c: WorkbenchContext): Query =>
  isEnterpriseRole(c.actor.role) ? { kind: 'self_check', status: TO_DO } : { mine: 'true', status: TO_DO };
const mineLink = (c: WorkbenchContext) =>
  isEnterpriseRole(c.actor.role)
    ? `/inspections/tasks?kind=self_check&status=${TO_DO}`
    : `/inspections/tasks?mine=true&status=${TO_DO}`;

/** Missed in the last 30 days: missed, complete-by on or after the zone's date 30 days ago. */
const missedQuery = (c: WorkbenchContext): Query => ({ status: 'missed', from: localDay(c, -MISSED_DAYS) });

/**
 * The filter of a card: the task list's own (scope ∧ the query's filters, task-list.ts), so a card's count is the
 * total of the list its link opens. Null: nothing can match.
 */
async function listWhere(c: WorkbenchContext, q: Query): Promise<Where | null> {
  const where = await taskListWhere(c.em, c.actor, c.tenant, q);
  return where ? { $and: where } : null;
}

async function count(c: WorkbenchContext, q: Query) {
  const where = await listWhere(c, q);
  return where ? cappedCount(c.em, InspectionTask, where) : 0;
}

/** Tasks as items: enterprise · template (an enterprise user: the template and the kind), due tag, linked to the task. */
async function asItems(c: WorkbenchContext, rows: Row[], tag: (r: Row) => string | null, at: (r: Row) => Date | null) {
  const enterpriseUser = isEnterpriseRole(c.actor.role);
  const [names, templates] = await Promise.all([
    enterpriseUser
      ? Promise.resolve(new Map<string, string>())
      : enterpriseNames(
          c.em,
          rows.map((r) => r.enterpriseId),
        ),
    rows.length
      ? c.em.find(InspectionTemplate, { id: { $in: [...new Set(rows.map((r) => r.templateId))] } }, { fields: ['id', 'name'] })
      : Promise.resolve([]),
  ]);
  const templateName = new Map(templates.map((x) => [x.id, x.name]));
  return rows.map((r): WorkbenchItemInput => ({
    id: r.id,
    title: enterpriseUser ? (templateName.get(r.templateId) ?? '') : (names.get(r.enterpriseId) ?? r.enterpriseId),
    subtitle: enterpriseUser ? (c.lang === 'en' ? 'Self-inspection' : '企业自查') : (templateName.get(r.templateId) ?? null),
    at: at(r)?.toISOString() ?? null,
    tag: tag(r),
    link: `/inspections/tasks/${r.id}`,
  }));
}

const FIELDS = ['id', 'enterpriseId', 'templateId', 'kind', 'dueAt', 'status', 'checkIn', 'startedAt'] as const;

async function items(
  c: WorkbenchContext,
  q: Query,
  dir: 'asc' | 'desc',
  limit: number,
  tag: (r: Row) => string | null,
): Promise<WorkbenchItemInput[]> {
  if (limit <= 0) return [];
  const where = await listWhere(c, q);
  if (!where) return [];
  const rows: Row[] = await c.em.find(InspectionTask, where, {
    orderBy: { dueAt: dir, id: dir },
    limit,
    fields: [...FIELDS],
  });
  return asItems(c, rows, tag, (r) => r.dueAt);
}

/** Check-ins outside the geofence of the last 7 days (zone dates), the task list's `flagged` filter. */
const flaggedQuery = (c: WorkbenchContext): Query => ({ flagged: 'true', checkedInFrom: localDay(c, -FLAGGED_DAYS) });

/**
 * The inspection module's workbench cards: my tasks to do (grid workers, safety officers, inspectors; enterprise
 * users their 企业自查), missed in the last 30 days and check-ins outside the geofence in the last 7 days (the safety
 * office). Scoped like the task list (inspection-scope.ts); a card's link opens the list of exactly its tasks.
 */
export function registerInspectionCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'inspections.mine',
    module: 'inspections',
    order: 5,
    roles: ['grid_worker', 'inspector', 'safety_officer', ...ENTERPRISE_ROLES],
    when: (a) => !isEnterpriseRole(a.role) || Boolean(a.enterpriseId),
    title: (c) =>
      isEnterpriseRole(c.actor.role)
        ? t('企业自查', 'Self-inspections')
        : c.actor.role === 'grid_worker'
          ? t('我的巡查任务', 'My patrols')
          : t('我的检查任务', 'My inspections'),
    description: (c) =>
      isEnterpriseRole(c.actor.role)
        ? t(
            '本企业待完成的自查任务，按检查表逐项检查并签名提交',
            'Your self-inspections to do: go through the checklist, sign and submit',
          )
        : t(
            '指派给我的待检查任务，按完成期限排序；到场签到后逐项检查',
            'Inspections assigned to you, by complete-by date; check in on site, then go through the checklist',
          ),
    count: (c) => count(c, mineQuery(c)),
    items: (c, limit) => items(c, mineQuery(c), 'asc', limit, (r) => dueTag(c, r.dueAt)),
    link: mineLink,
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'inspections.missed',
    module: 'inspections',
    order: 30,
    roles: OFFICE_ROLES,
    title: t('逾期未检', 'Missed inspections'),
    description: t('近 30 天到期却未开始检查的任务', 'Inspections due in the last 30 days that were never started'),
    count: (c) => count(c, missedQuery(c)),
    items: (c, limit) =>
      items(c, missedQuery(c), 'desc', limit, (r) =>
        c.lang === 'en' ? `due ${localDate(r.dueAt, c.tenant.timeZone)}` : `${localDate(r.dueAt, c.tenant.timeZone)} 到期`,
      ),
    link: (c) => `/inspections/tasks?status=missed&from=${localDay(c, -MISSED_DAYS)}`,
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'inspections.flagged',
    module: 'inspections',
    order: 31,
    roles: OFFICE_ROLES,
    title: t('围栏外签到', 'Check-ins outside the geofence'),
    description: t(
      '近 7 天在企业电子围栏外签到的检查，请核实检查是否在现场进行',
      'Check-ins of the last 7 days outside the enterprise’s geofence: make sure the inspection was on site',
    ),
    count: (c) => count(c, flaggedQuery(c)),
    items: (c, limit) =>
      items(c, flaggedQuery(c), 'desc', limit, (r) => {
        const m = r.checkIn?.distanceM;
        if (typeof m !== 'number') return c.lang === 'en' ? 'outside' : '围栏外';
        return c.lang === 'en' ? `${Math.round(m)} m away` : `距企业 ${Math.round(m)} 米`;
      }),
    link: (c) => `/inspections/tasks?flagged=true&checkedInFrom=${localDay(c, -FLAGGED_DAYS)}`,
    severity: severityWhenAny('warning'),
  });
}
