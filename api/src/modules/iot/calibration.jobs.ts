import { addDays, localDate, localDayRange } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Task } from '../tasks/task.entity.ts';
import type { TaskService } from '../tasks/task.service.ts';
import { IotDevice } from './iot.entity.ts';

export const IOT_CALIBRATION_JOB = 'iot.calibration';
/** The task kind of a device whose calibration is due within {@link CALIBRATION_NOTICE_DAYS} days or past. */
export const IOT_CALIBRATION_TASK = 'iot_calibration_due';
/**
 * Days before the calibration due date when the to-do is raised. Gas detectors are calibrated at least yearly
 * (JJG 693-2011 可燃气体检测报警器检定规程 §6: 检定周期一般不超过 1 年); a month is time to book the metrology service.
 */
export const CALIBRATION_NOTICE_DAYS = 30;

export interface CalibrationResult {
  raised: number;
  closed: number;
}

/**
 * One zone's calibration check: for every enabled device whose calibration is due by today + 30 days (or past) a
 * to-do (待办) for its enterprise — or for the office, for a zone device — once per device and due date (a new date is
 * a new to-do); open to-dos whose device got a later date, was disabled or is gone are closed (the cause went away).
 */
export async function checkCalibration(em: Em, t: TenantInfo, tasks: TaskService): Promise<CalibrationResult> {
  const today = localDate(new Date(), t.timeZone);
  const limit = addDays(today, CALIBRATION_NOTICE_DAYS);
  const due = await em.find(IotDevice, { status: 'enabled', calibrationDueOn: { $ne: null, $lte: limit } });
  const started = new Date();
  let raised = 0;
  for (const d of due) {
    const date = d.calibrationDueOn!;
    const task = await tasks.raise(em, {
      kind: IOT_CALIBRATION_TASK,
      subjectType: 'IotDevice',
      subjectId: d.id,
      enterpriseId: d.enterpriseId ?? null,
      title: `${date < today ? '物联网设备标定已过期' : '物联网设备标定将到期'}：${d.name}（${d.code}）`,
      detail: `标定有效期至 ${date}（${d.location || '未注明地点'}）`,
      dueAt: localDayRange(date, t.timeZone).end,
      cause: date,
    });
    if (task && task.createdAt >= started) raised++;
  }
  // Close the open to-dos whose cause went away.
  const current = new Map(due.map((d) => [d.id, d.calibrationDueOn!]));
  let closed = 0;
  for (const task of await em.find(Task, { kind: IOT_CALIBRATION_TASK, status: 'open' })) {
    const cause = task.dedupeKey.slice(`${IOT_CALIBRATION_TASK}:${task.subjectId}:`.length);
    if (current.get(task.subjectId) === cause) continue;
    task.status = 'done';
    task.resolvedAt = new Date();
    closed++;
  }
  await em.flush();
  return { raised, closed };
}

/** The daily `iot.calibration` job (06:10 Asia/Shanghai), every active zone or the one named in the payload. */
export function calibrationJobs(c: Container, tasks: TaskService): { handlers: JobHandler[]; schedules: ScheduleDef[] } {
  const inZone = (t: TenantInfo) => {
    const em = tenantEm(c.orm, t.id);
    return runInScope(
      { requestId: IOT_CALIBRATION_JOB, tenantId: t.id, em, actor: null, ip: null, userAgent: null, action: IOT_CALIBRATION_JOB },
      () => checkCalibration(em, t, tasks),
    );
  };
  return {
    handlers: [
      {
        name: IOT_CALIBRATION_JOB,
        handle: async (p) => {
          const zone = p.tenantId ? await c.tenants.byId(p.tenantId) : null;
          if (p.tenantId && !zone) throw new Error(`unknown tenant ${String(p.tenantId)}`);
          const out: Record<string, CalibrationResult> = {};
          for (const t of zone ? [zone] : await c.tenants.active())
            if (t.status === 'active' && t.kind === 'zone') {
              out[t.code] = await inZone(t);
              if (out[t.code]!.raised || out[t.code]!.closed) c.audit.schedule(t.id);
            }
          return out;
        },
      },
    ],
    schedules: [{ id: 'iot-calibration', job: IOT_CALIBRATION_JOB, pattern: '10 6 * * *', tz: 'Asia/Shanghai' }],
  };
}
