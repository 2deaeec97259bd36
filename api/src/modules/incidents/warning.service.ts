/**
 * 下风向预警 (downwind warning) of an incident: the sector downwind of it from the weather tower's latest wind (or a
 * wind entered by hand) under the zone's incidentPolicy.downwind (domain `downwindSector` / `inSector`: wind_dir is
 * where the wind comes FROM, the plume goes TO the opposite bearing), the enterprises and sensitive targets inside,
 * and the warnings sent to them — the enterprise's people in-app + subscribe message + SMS (a critical notice through
 * the notifications service), a target's contact by SMS (the notify providers, job `incident.warning.sms`), each to
 * acknowledge. A drill's warnings are recorded `simulated` and NOTHING is sent (issue 12 Build §7).
 */
import { IsolationLevel, LockMode } from '@mikro-orm/core';
import {
  ENTERPRISE_ROLES,
  INCIDENT_REALTIME_EVENTS,
  type DownwindResponse,
  type IncidentWarning as IncidentWarningDto,
  type MyWarnings,
  type SendWarningsResponse,
  type WindSource,
} from '@yuanan/contracts';
import { downwindSector, inSector, normalizeMobile, type DownwindSector } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { JobHandler } from '../../core/queue/job-registry.ts';
import { createProviders, type ChannelProvider } from '../../core/notify/providers.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { latestKey } from '../iot/telemetry-store.ts';
import { IotDevice } from '../iot/iot.entity.ts';
import type { Notification } from '../notifications/notification.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { defaultWarningMessage, drillMark, warningNotice } from './dispatch-notices.ts';
import { IncidentWarning, SensitiveTarget } from './dispatch.entity.ts';
import { incidentSummaries, incidentTypeZh, policyOf, summaryOf, warningDto } from './dispatch.service.ts';
import { Incident } from './incident.entity.ts';
import { announceIncident, recordEvent } from './incident-timeline.ts';

/** The job that texts one sensitive target's contact (catalogued on the 'notify' queue). */
export const WARNING_SMS_JOB = 'incident.warning.sms';
/** A tower reading older than this is not used (the desk enters the wind by hand). */
export const TOWER_MAX_AGE_MS = 60 * 60_000;

const incidentNotFound = () => new AppError(404, 'not_found', t('未找到该事件', 'Incident not found'));
const warningNotFound = () => new AppError(404, 'not_found', t('未找到该预警', 'Warning not found'));
const needWind = () =>
  new AppError(422, 'validation_failed', t('请填写风向风速', 'Enter the wind direction and speed'), {
    errors: [{ path: 'windFromDeg', code: 'required', message: t('请填写风向风速', 'Enter the wind direction and speed') }],
  });
const needPlace = () =>
  new AppError(
    422,
    'validation_failed',
    t('事件没有经纬度位置，请先在地图上标出事件位置', 'The incident has no position: place it on the map first'),
    { errors: [{ path: 'lat', code: 'required', message: t('事件没有经纬度位置', 'The incident has no position') }] },
  );

/** Within this many metres of the incident point a recipient is "at the incident" (never told "约 0 米"). */
export const AT_INCIDENT_M = 50;
/**
 * Whether a warning's recipient is at the incident itself: the incident's own enterprise, or any recipient (an
 * enterprise on the same site, an SOS pressed inside it, a target next door) within AT_INCIDENT_M of the point.
 */
export const isAtIncident = (
  i: { enterpriseId?: string | null },
  c: { kind: string; id: string; distanceM: number; placed?: boolean },
) => (c.kind === 'enterprise' && c.id === i.enterpriseId) || (c.placed !== false && c.distanceM < AT_INCIDENT_M);

/** The wind a sector is drawn for. */
export interface Wind {
  fromDeg: number;
  speed: number;
  source: WindSource;
  at: Date;
  deviceCode: string | null;
}

export class WarningService {
  readonly #c: Container;
  readonly #notifications: NotificationService;
  #sms: ChannelProvider | null = null;
  constructor(c: Container, notifications: NotificationService) {
    this.#c = c;
    this.#notifications = notifications;
  }

  /**
   * The zone's latest tower wind: the enabled weather_tower device with the freshest reading in Redis
   * (`t:{tenantId}:iot:latest`) that has both wind_dir and wind_speed, not older than TOWER_MAX_AGE_MS; else null.
   */
  async towerWind(em: Em, tenantId: string, now = new Date()): Promise<Wind | null> {
    const towers = await em.find(IotDevice, { type: 'weather_tower', status: 'enabled' }, { fields: ['id', 'code'] });
    if (!towers.length) return null;
    const raw = await this.#c.redis.hmget(latestKey(tenantId), ...towers.map((d) => d.id));
    let best: Wind | null = null;
    towers.forEach((d, i) => {
      try {
        const l = raw[i] ? (JSON.parse(raw[i]!) as { ts?: number; v?: Record<string, unknown> }) : null;
        const dir = Number(l?.v?.wind_dir);
        const speed = Number(l?.v?.wind_speed);
        if (!l || typeof l.ts !== 'number' || !Number.isFinite(dir) || !Number.isFinite(speed) || speed < 0) return;
        if (now.getTime() - l.ts > TOWER_MAX_AGE_MS) return;
        if (!best || l.ts > best.at.getTime())
          best = { fromDeg: dir % 360, speed, source: 'tower', at: new Date(l.ts), deviceCode: d.code };
      } catch {
        // a malformed entry is as good as none
      }
    });
    return best;
  }

  /** The wind to use: the one given (both values, manual), else the tower's; neither → 422 "请填写风向风速". */
  async #wind(em: Em, tenantId: string, q: { windFromDeg?: number | undefined; windSpeed?: number | undefined }): Promise<Wind> {
    if (q.windFromDeg !== undefined && q.windSpeed !== undefined)
      return { fromDeg: q.windFromDeg % 360, speed: q.windSpeed, source: 'manual', at: new Date(), deviceCode: null };
    const tower = await this.towerWind(em, tenantId);
    if (!tower) throw needWind();
    return tower;
  }

  /** The sector of an incident for a wind (leak/poisoning reaches toxicDistanceM). */
  #sector(tenant: TenantInfo, i: Incident, w: Wind): DownwindSector {
    if (i.lat == null || i.lng == null) throw needPlace();
    return downwindSector({
      origin: { lat: i.lat, lng: i.lng },
      windFromDeg: w.fromDeg,
      windSpeed: w.speed,
      policy: policyOf(tenant).downwind,
      toxic: i.type === 'leak_poisoning',
    });
  }

  /**
   * What lies downwind: the active enterprises (with a position, not the incident's own) and the active sensitive
   * targets inside the sector, nearest first, with distance and bearing from the incident.
   */
  async #inside(em: Em, i: Incident, s: DownwindSector) {
    const [ents, targets] = await Promise.all([
      em.find(
        Enterprise,
        { status: 'active', lat: { $ne: null }, lng: { $ne: null } },
        { fields: ['id', 'name', 'lat', 'lng', 'riskColour'] },
      ),
      em.find(SensitiveTarget, { active: true }),
    ]);
    const enterprises = ents
      .filter((e) => e.id !== i.enterpriseId)
      .map((e) => ({ e, hit: inSector(s, { lat: e.lat!, lng: e.lng! }) }))
      .filter((x) => x.hit.inside)
      .sort((a, b) => a.hit.distanceM - b.hit.distanceM)
      .map(({ e, hit }) => ({
        enterpriseId: e.id,
        name: e.name,
        distanceM: hit.distanceM,
        bearingDeg: hit.bearingDeg,
        riskColour: e.riskColour ?? null,
      }));
    const inside = targets
      .map((x) => ({ x, hit: inSector(s, { lat: x.lat, lng: x.lng }) }))
      .filter((y) => y.hit.inside)
      .sort((a, b) => a.hit.distanceM - b.hit.distanceM)
      .map(({ x, hit }) => ({
        targetId: x.id,
        kind: x.kind as DownwindResponse['targets'][number]['kind'],
        name: x.name,
        distanceM: hit.distanceM,
        bearingDeg: hit.bearingDeg,
      }));
    return { enterprises, targets: inside };
  }

  /**
   * GET /incidents/:id/downwind: the wind (given, else — on a closed or cancelled incident — the wind stored on it,
   * the one its warnings used, else the tower's; none → 422), the sector, and the enterprises and targets inside it.
   * An incident without a position → 422.
   */
  async downwind(
    em: Em,
    tenant: TenantInfo,
    incidentId: string,
    q: { windFromDeg?: number | undefined; windSpeed?: number | undefined },
  ): Promise<DownwindResponse> {
    const i = await em.findOne(Incident, { id: incidentId });
    if (!i) throw incidentNotFound();
    if (i.lat == null || i.lng == null) throw needPlace();
    const w = (q.windFromDeg === undefined && q.windSpeed === undefined && storedWind(i)) || (await this.#wind(em, tenant.id, q));
    const s = this.#sector(tenant, i, w);
    return {
      wind: { fromDeg: w.fromDeg, speed: w.speed, source: w.source, at: w.at.toISOString(), deviceCode: w.deviceCode },
      sector: { toDeg: s.toDeg, halfAngleDeg: s.halfAngleDeg, distanceM: s.distanceM, calm: s.calm, polygon: s.polygon },
      ...(await this.#inside(em, i, s)),
    };
  }

  /**
   * POST /incidents/:id/warnings: warns the enterprises and targets given (any of the zone's, inside the sector or
   * not: the desk may judge wider), or — ids omitted — every one inside the sector. One row per incident and
   * enterprise / target: warning again updates it (new message → its acknowledgement starts over). Stores the wind
   * on the incident. Real incident: each enterprise's people get a critical notice (in-app, subscribe message, SMS)
   * and `incident.warning` in their enterprise's room; each target's contact gets an SMS (job). Drill: `simulated`,
   * nothing is sent, the timeline says so. A closed or cancelled incident → 409.
   */
  async send(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    incidentId: string,
    b: {
      windFromDeg?: number | undefined;
      windSpeed?: number | undefined;
      message?: string | undefined;
      enterpriseIds?: string[] | undefined;
      targetIds?: string[] | undefined;
    },
  ): Promise<SendWarningsResponse> {
    const seen = await em.findOne(Incident, { id: incidentId });
    if (!seen) throw incidentNotFound();
    if (seen.status === 'closed' || seen.status === 'cancelled')
      throw new AppError(409, 'invalid_transition', t('该事件已结束，不能再发布预警', 'The incident is over: no more warnings'));
    if (seen.lat == null || seen.lng == null) throw needPlace();
    const w = await this.#wind(em, tenant.id, b);
    const s = this.#sector(tenant, seen, w);
    // The recipients: given ids (each must be the zone's: 404 otherwise), or everything inside.
    const chosen = await this.#chosen(em, seen, s, b);
    if (!chosen.length)
      throw new AppError(
        422,
        'validation_failed',
        t('下风向范围内没有企业或敏感目标，无需预警', 'Nothing lies inside the downwind sector: no one to warn'),
        { errors: [{ path: 'enterpriseIds', code: 'invalid', message: t('没有预警对象', 'No one to warn') }] },
      );
    const typeLabel = incidentTypeZh(seen.type);
    const now = new Date();
    const out = await em.fork().transactional(
      async (tx) => {
        const i = await tx.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!i) throw incidentNotFound();
        if (i.status === 'closed' || i.status === 'cancelled')
          throw new AppError(
            409,
            'invalid_transition',
            t('该事件已结束，不能再发布预警', 'The incident is over: no more warnings'),
          );
        i.windFromDeg = w.fromDeg;
        i.windSpeed = w.speed;
        i.windSource = w.source;
        i.windAt = w.at;
        const existing = await tx.find(IncidentWarning, { incidentId });
        let created = 0;
        let updated = 0;
        const rows: IncidentWarning[] = [];
        for (const c of chosen) {
          const message =
            `${drillMark(i.isDrill)}${b.message ?? defaultWarningMessage(typeLabel, { distanceM: c.distanceM, bearingDeg: c.bearingDeg, own: isAtIncident(i, c), placed: c.placed !== false })}`.slice(
              0,
              500,
            );
          const row = existing.find((x) => x.targetKey === c.key);
          if (row) {
            if (row.message !== message) {
              row.acknowledgedAt = null;
              row.acknowledgedBy = null;
              row.acknowledgedByName = null;
            }
            Object.assign(row, { name: c.name, distanceM: c.distanceM, bearingDeg: c.bearingDeg, message, sentAt: now });
            row.simulated = i.isDrill;
            row.smsSentAt = null;
            rows.push(row);
            updated++;
          } else {
            rows.push(
              tx.create(IncidentWarning, {
                incidentId,
                targetKind: c.kind,
                targetKey: c.key,
                enterpriseId: c.kind === 'enterprise' ? c.id : null,
                targetId: c.kind === 'sensitive_target' ? c.id : null,
                name: c.name,
                distanceM: c.distanceM,
                bearingDeg: c.bearingDeg,
                message,
                sentAt: now,
                simulated: i.isDrill,
                smsSentAt: null,
                acknowledgedAt: null,
                acknowledgedBy: null,
                acknowledgedByName: null,
              } as never) as IncidentWarning,
            );
            created++;
          }
        }
        const windText = `风向 ${Math.round(w.fromDeg)}°、风速 ${w.speed} m/s（${w.source === 'tower' ? `气象塔 ${w.deviceCode ?? ''}`.trim() : '人工录入'}）`;
        recordEvent(tx, {
          incidentId,
          kind: 'warning_sent',
          actor,
          text: `${i.isDrill ? '【演练】模拟发布' : '发布'}下风向预警 ${rows.length} 个对象：${rows
            .map((r) => r.name)
            .slice(0, 20)
            .join('、')}${rows.length > 20 ? ' 等' : ''}；${windText}`,
          data: {
            warningIds: rows.map((r) => r.id),
            simulated: i.isDrill,
            wind: { fromDeg: w.fromDeg, speed: w.speed, source: w.source, at: w.at.toISOString() },
            sector: { toDeg: s.toDeg, halfAngleDeg: s.halfAngleDeg, distanceM: s.distanceM, calm: s.calm },
          },
          at: now,
        });
        // Real incidents only: the enterprises' people (critical: in-app, subscribe message, SMS even in quiet hours).
        let notes: Notification[] = [];
        if (!i.isDrill) {
          const entIds = rows.filter((r) => r.enterpriseId).map((r) => r.enterpriseId!);
          const people = entIds.length
            ? await tx.find(
                User,
                { enterpriseId: { $in: entIds }, role: { $in: [...ENTERPRISE_ROLES] }, status: 'active' },
                { fields: ['id', 'enterpriseId'] },
              )
            : [];
          notes = await this.#notifications.stageMany(
            tx,
            rows
              .filter((r) => r.enterpriseId)
              .map((r) => ({
                userIds: people.filter((p) => p.enterpriseId === r.enterpriseId).map((p) => p.id),
                kind: 'incident.warning',
                ...warningNotice(i, r.message),
                link: `/pkg-incident/pages/warnings/index?id=${r.id}`,
                severity: 'critical' as const,
                dedupeKey: `inc-warn:${r.id}:${now.getTime()}`,
              })),
          );
        }
        await tx.flush();
        return { i, rows, created, updated, notes };
      },
      { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
    if (!out.i.isDrill) {
      await this.#notifications.published(em, out.notes);
      for (const r of out.rows) {
        if (r.enterpriseId)
          this.#c.realtime.toEnterprise(tenant.id, r.enterpriseId, INCIDENT_REALTIME_EVENTS.warning, {
            id: r.id,
            incidentId,
            message: r.message,
          });
        else if (r.targetId) await this.#queueSms(tenant.id, r.id);
      }
    }
    announceIncident(this.#c, tenant.id, summaryOf(out.i, 'warning_sent'));
    return { items: out.rows.map(warningDto), created: out.created, updated: out.updated };
  }

  /** The recipients of a send: the given ids (each the zone's, else 404), or everything inside the sector. */
  async #chosen(
    em: Em,
    i: Incident,
    s: DownwindSector,
    b: { enterpriseIds?: string[] | undefined; targetIds?: string[] | undefined },
  ): Promise<
    Array<{
      kind: 'enterprise' | 'sensitive_target';
      id: string;
      key: string;
      name: string;
      distanceM: number;
      bearingDeg: number;
      /** false: an enterprise with no position (chosen by id): distance and bearing are not known (stored 0). */
      placed?: boolean;
    }>
  > {
    if (b.enterpriseIds === undefined && b.targetIds === undefined) {
      const inside = await this.#inside(em, i, s);
      return [
        ...inside.enterprises.map((e) => ({
          kind: 'enterprise' as const,
          id: e.enterpriseId,
          key: `e:${e.enterpriseId}`,
          ...pick(e),
        })),
        ...inside.targets.map((x) => ({ kind: 'sensitive_target' as const, id: x.targetId, key: `t:${x.targetId}`, ...pick(x) })),
      ];
    }
    const entIds = [...new Set(b.enterpriseIds ?? [])];
    const targetIds = [...new Set(b.targetIds ?? [])];
    const [ents, targets] = await Promise.all([
      entIds.length ? em.find(Enterprise, { id: { $in: entIds } }, { fields: ['id', 'name', 'lat', 'lng'] }) : [],
      targetIds.length ? em.find(SensitiveTarget, { id: { $in: targetIds } }) : [],
    ]);
    if (ents.length !== entIds.length) throw new AppError(404, 'not_found', t('未找到该企业', 'Enterprise not found'));
    if (targets.length !== targetIds.length)
      throw new AppError(404, 'not_found', t('未找到该敏感目标', 'Sensitive target not found'));
    const at = (lat: number | null | undefined, lng: number | null | undefined) =>
      lat != null && lng != null ? inSector(s, { lat, lng }) : { distanceM: 0, bearingDeg: 0 };
    return [
      ...ents.map((e) => ({
        kind: 'enterprise' as const,
        id: e.id,
        key: `e:${e.id}`,
        name: e.name,
        ...round(at(e.lat, e.lng)),
        placed: e.lat != null && e.lng != null,
      })),
      ...targets.map((x) => ({
        kind: 'sensitive_target' as const,
        id: x.id,
        key: `t:${x.id}`,
        name: x.name,
        ...round(at(x.lat, x.lng)),
      })),
    ];
  }

  async #queueSms(tenantId: string, warningId: string): Promise<void> {
    await this.#c.queues
      .add(
        WARNING_SMS_JOB,
        { tenantId, warningId },
        { jobId: `inc-warn-sms.${warningId}.${Date.now()}`, attempts: 6, backoff: { type: 'exponential', delay: 3000 } },
      )
      .catch((e: unknown) => this.#c.logger.warn({ err: e, warningId }, 'warning SMS not queued'));
  }

  /**
   * The job: texts a sensitive target's contact (a mobile number only; a fixed line cannot receive it) through the
   * SMS provider, once per send (`smsSentAt`); a drill's warning is never texted.
   */
  async sendSms(em: Em, warningId: string): Promise<{ sent: boolean; reason?: string }> {
    const w = await em.findOne(IncidentWarning, { id: warningId });
    if (!w || !w.targetId) return { sent: false, reason: 'missing' };
    if (w.simulated) return { sent: false, reason: 'drill' };
    if (w.smsSentAt) return { sent: false, reason: 'sent' };
    const target = await em.findOne(SensitiveTarget, { id: w.targetId });
    const r = target?.contactPhone ? normalizeMobile(target.contactPhone) : null;
    const mobile = r?.ok ? r.value : null;
    if (!mobile) return { sent: false, reason: 'no mobile' };
    const i = await em.findOne(Incident, { id: w.incidentId }, { fields: ['no', 'isDrill'] });
    this.#sms ??= createProviders(this.#c.config, this.#c.logger).sms;
    await this.#sms.send({
      deliveryId: `inc-warn-${w.id}-${w.sentAt.getTime()}`,
      ...warningNotice({ no: i?.no ?? '', isDrill: false }, w.message),
      link: null,
      at: w.sentAt,
      phone: mobile,
    });
    w.smsSentAt = new Date();
    await em.flush();
    return { sent: true };
  }

  /** GET /incidents/warnings/mine: the caller's enterprise's warnings, newest first (the last 100), with incidents. */
  async mine(em: Em, actor: Actor): Promise<MyWarnings> {
    if (!actor.enterpriseId) return { items: [] };
    const rows = await em.find(
      IncidentWarning,
      { enterpriseId: actor.enterpriseId },
      { orderBy: { sentAt: 'desc' }, limit: 100 },
    );
    const summaries = await incidentSummaries(em, [...new Set(rows.map((r) => r.incidentId))]);
    return {
      items: rows
        .filter((r) => summaries.has(r.incidentId))
        .map((r) => ({ ...warningDto(r), incident: summaries.get(r.incidentId)! })),
    };
  }

  /**
   * POST /incidents/warnings/:id/ack: the enterprise acknowledges (确认收到). Another enterprise's warning or a
   * target's → 404. Acknowledging twice answers the same (no second timeline entry).
   */
  async ack(em: Em, actor: Actor, tenantId: string, id: string): Promise<IncidentWarningDto> {
    const seen = await em.findOne(IncidentWarning, { id });
    if (!seen || !actor.enterpriseId || seen.enterpriseId !== actor.enterpriseId) throw warningNotFound();
    const out = await em.fork().transactional(
      async (tx) => {
        const i = await tx.findOne(Incident, { id: seen.incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        const w = await tx.findOne(IncidentWarning, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!i || !w) throw warningNotFound();
        if (w.acknowledgedAt) return { i, w, fresh: false };
        const now = new Date();
        w.acknowledgedAt = now;
        w.acknowledgedBy = actor.userId;
        w.acknowledgedByName = actor.name.slice(0, 60);
        recordEvent(tx, {
          incidentId: i.id,
          kind: 'warning_acked',
          actor,
          text: `${w.name} 确认收到下风向预警（${actor.name}）`,
          data: { warningId: w.id, enterpriseId: w.enterpriseId },
          at: now,
        });
        await tx.flush();
        return { i, w, fresh: true };
      },
      { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
    if (out.fresh) announceIncident(this.#c, tenantId, summaryOf(out.i, 'warning_acked'));
    return warningDto(out.w);
  }
}

/**
 * The wind stored on an incident that is over (closed or cancelled): the one its warnings were sent with, at the time
 * it was read or entered (`windAt`), so a look back draws the sector the warnings used, not today's tower; else null.
 */
function storedWind(i: Incident): Wind | null {
  if (i.status !== 'closed' && i.status !== 'cancelled') return null;
  if (i.windFromDeg == null || i.windSpeed == null || !i.windSource || !i.windAt) return null;
  return { fromDeg: i.windFromDeg, speed: i.windSpeed, source: i.windSource, at: i.windAt, deviceCode: null };
}

const pick = (x: { name: string; distanceM: number; bearingDeg: number }) => ({
  name: x.name,
  distanceM: Math.round(x.distanceM),
  bearingDeg: Math.round(x.bearingDeg) % 360,
});
const round = (h: { distanceM: number; bearingDeg: number }) => ({
  distanceM: Math.round(h.distanceM),
  bearingDeg: Math.round(h.bearingDeg) % 360,
});

/** The handler of the target contacts' SMS job (wired in incidents.module.ts; catalogued on the 'notify' queue). */
export function warningJobs(c: Container, svc: WarningService): { handlers: JobHandler[] } {
  return {
    handlers: [
      {
        name: WARNING_SMS_JOB,
        handle: async (p) => svc.sendSms(tenantEm(c.orm, String(p.tenantId)), String(p.warningId)),
      },
    ],
  };
}
