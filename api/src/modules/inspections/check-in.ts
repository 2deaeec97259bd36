import type { CheckInRequest, InspectionCheckIn, InspectionCheckInAttempt } from '@yuanan/contracts';
import { checkGeofence, resolveGeofence, type EnterpriseGeofence } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, forbidden, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { verifyGateQr } from './gate-qr.ts';
import { InspectionTask } from './inspection.entity.ts';
import { canPerformInspectionTask, inspectorCoverage, visibleInspectionTask } from './inspection-scope.ts';

/** Device clocks drift: a time up to this far ahead of the server's is taken as is. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** An offline check-in synced later than this after its device time is flagged. */
export const OFFLINE_SYNC_MS = 72 * 3_600_000;

/**
 * A task the actor may check in to and submit: visible in their scope (else 404, as if it did not exist) and
 * theirs to perform (else 403) — inspection-scope.ts decides both.
 */
export async function performableTask(em: Em, actor: Actor, tenant: TenantInfo, id: string): Promise<InspectionTask> {
  const task = await visibleInspectionTask(em, actor, tenant, id);
  const agencyIds = actor.role === 'inspector' ? (await inspectorCoverage(em, actor, tenant)).agencyIds : [];
  if (!canPerformInspectionTask(actor, task, agencyIds))
    throw forbidden(t('该检查任务不由你执行', 'This inspection task is not yours to perform'));
  return task;
}

/** 422 on the QR code: nothing is saved. */
const badQr = (zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), {
    errors: [{ path: 'code', code: 'invalid_qr', message: t(zh, en) }],
  });

/**
 * The check-in record (签到) for a request, from where the inspector is and the enterprise's geofence, by whom and
 * when the server received it. The device's time is flagged (never refused: an offline check-in syncs later) when
 * it is ahead of the server's beyond clock skew (then recorded as the server's), before the task's start, or more
 * than 72 h before receipt.
 */
export function checkInRecord(
  body: CheckInRequest,
  e: Pick<Enterprise, 'lat' | 'lng'> & { geofence?: EnterpriseGeofence | null },
  zoneRadiusM: number,
  now: Date,
  ctx?: { by?: { userId: string; name: string }; startAt?: Date },
): InspectionCheckInAttempt {
  const reasons: string[] = [];
  let at = new Date(body.at);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    reasons.push(`签到设备时间（${body.at}）晚于服务器时间，已按服务器时间记录`);
    at = now;
  } else if (ctx?.startAt && at.getTime() < ctx.startAt.getTime()) {
    reasons.push(`签到设备时间（${body.at}）早于任务开始时间`);
  } else if (at.getTime() < now.getTime() - OFFLINE_SYNC_MS) {
    reasons.push(`签到设备时间（${body.at}）早于服务器收到时间 72 小时以上`);
  }
  const lat = body.lat ?? null;
  const lng = body.lng ?? null;
  const fence = resolveGeofence(e.geofence ?? null, e, zoneRadiusM);
  let inside = body.method === 'qr';
  let distanceM: number | null = null;
  if (lat !== null && lng !== null && fence) {
    const r = checkGeofence({ lat, lng }, fence);
    distanceM = r.distanceM;
    if (!r.inside) {
      inside = false;
      reasons.push(
        body.method === 'qr'
          ? `扫码时定位在电子围栏外 ${r.outsideByM} 米`
          : `定位在电子围栏外 ${r.outsideByM} 米（距企业 ${r.distanceM} 米）`,
      );
    } else inside = true;
    const limit = fence.kind === 'radius' ? fence.radiusM : 200;
    if (body.accuracyM !== undefined && body.accuracyM > limit) reasons.push(`定位精度差（±${Math.round(body.accuracyM)} 米）`);
  } else if (body.method === 'gps') {
    inside = false;
    reasons.push('企业未标注位置或电子围栏，无法核验签到位置');
  }
  return {
    method: body.method,
    at: at.toISOString(),
    lat,
    lng,
    accuracyM: body.accuracyM ?? null,
    distanceM,
    inside,
    flagged: reasons.length > 0,
    reason: reasons.length ? reasons.join('；') : null,
    receivedAt: now.toISOString(),
    ...(ctx?.by ? { by: ctx.by } : {}),
  };
}

/**
 * The task's check-in after one more attempt: the first stays as recorded and later ones are appended, so a
 * flagged check-in is never erased; the task stays flagged (with the first flagged attempt's reason) if any was.
 */
export function withAttempt(prev: InspectionCheckIn | null, next: InspectionCheckInAttempt): InspectionCheckIn {
  if (!prev) return { ...next };
  const attempts = [...(prev.attempts ?? []), next];
  const flaggedOne = [prev, ...attempts].find((a) => a.flagged);
  return { ...prev, attempts, flagged: !!flaggedOne, reason: flaggedOne?.reason ?? prev.reason };
}

/** The latest check-in attempt of a task (the first when there was only one). */
export function lastCheckIn(ci: InspectionCheckIn): InspectionCheckInAttempt {
  const { attempts, ...first } = ci;
  return attempts?.at(-1) ?? first;
}

/**
 * 签到: by GPS position or by scanning the enterprise's gate QR code. Outside the geofence the check-in is recorded
 * with `inside: false, flagged: true` and never refused; a code that is forged, of another enterprise or of another
 * zone is a 422 and nothing is saved. The first check-in starts the task (open → in_progress); checking in again
 * while it runs appends an attempt (withAttempt) and never erases the first. Under the task's row lock (compare-and-set):
 * a task submitted meanwhile is refused.
 */
export async function checkIn(
  em: Em,
  secret: string,
  actor: Actor,
  tenant: TenantInfo,
  id: string,
  body: CheckInRequest,
): Promise<InspectionTask> {
  const seen = await performableTask(em, actor, tenant, id);
  if (body.method === 'qr') {
    const named = verifyGateQr(secret, body.code);
    if (!named)
      throw badQr('二维码无效：不是园安企业门口二维码，或已被篡改', 'This is not a valid gate QR code of an enterprise');
    if (named.tenantId !== tenant.id)
      throw badQr('该二维码属于其他园区的企业', 'This gate QR code belongs to an enterprise of another zone');
    if (named.enterpriseId !== seen.enterpriseId)
      throw badQr('该二维码不是本任务企业的门口二维码', 'This gate QR code is of another enterprise than the task’s');
  }
  const e = await em.findOneOrFail(Enterprise, { id: seen.enterpriseId });
  const now = new Date();
  const record = checkInRecord(body, e, tenant.settings.inspectionGeofenceRadiusM, now, {
    by: { userId: actor.userId, name: actor.name },
    startAt: seen.startAt,
  });
  return compareAndSet(em, {
    entity: InspectionTask,
    where: { id: seen.id },
    what: 'inspection_task',
    expect: (task) => {
      if (task.status === 'done') return alreadyDecided(t('该检查已提交，不能再签到', 'This inspection was already submitted'));
      if (task.status === 'scheduled')
        return new AppError(409, 'invalid_transition', t('该检查任务尚未开始', 'This inspection task has not started yet'));
      if (task.status === 'missed')
        return new AppError(409, 'invalid_transition', t('该检查任务已逾期未检', 'This inspection task was missed'));
      return null;
    },
    set: (task) => {
      task.checkIn = withAttempt(task.checkIn ?? null, record);
      if (task.status === 'open') {
        task.status = 'in_progress';
        task.startedAt = now;
      }
      return task;
    },
  });
}
