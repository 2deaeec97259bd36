import {
  DISPATCH_ACTIVE_STATUSES,
  INCIDENT_OPEN_STATUSES,
  type CommandHall,
  type DispatchStatus,
  type ReportingClock,
} from '@yuanan/contracts';
import {
  AUTHORITY_REPORT_MINUTES,
  downwindSector,
  fitPlanTransform,
  localDate,
  reportingClock,
  zonedToUtc,
  type DownwindPolicy,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { DutyService } from '../duty/duty.service.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import { User } from '../identity/identity.entity.ts';
import { IotAlarm, IotDevice } from '../iot/iot.entity.ts';
import { Incident } from './incident.entity.ts';

/** Hazard statuses of the open loop (not closed, not dismissed). */
const OPEN_HAZARD = ['reported', 'confirmed', 'rectifying', 'pending_review'];
/** Active alarms listed with their details (`alarmsTotal` counts them all). */
const ALARM_ROWS = 20;
/** Open incidents on the screen at most (the page shows the first few and "+N"). */
const INCIDENT_ROWS = 200;
const SEVERITY_ORDER: Record<string, number> = { critical: 4, major: 3, minor: 2, warning: 1 };
const DAY_MS = 86_400_000;

type Geo = { lat: number; lng: number };
type Pt = { x: number; y: number };

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
/** A plan fraction to 4 decimals (≈ 0.2 px on a 2,000 px plan). */
const frac = (n: number) => round(n, 4);
const geoOf = (lat: number | null | undefined, lng: number | null | undefined): Geo | null =>
  lat != null && lng != null ? { lat, lng } : null;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The command hall's snapshot (指挥大厅, GET /command-hall, contract `commandHall`): everything the wall screen
 * shows, read for the em's zone in about a dozen small queries whatever the zone's size.
 * - Positions both ways: lat/lng, and planX/planY as fractions of the site plan — an item's own plan point, else its
 *   lat/lng through the affine transform fitted on the enterprises that have both (domain fitPlanTransform; none
 *   with fewer than 3 non-collinear ones, and a point far off the plan is left out rather than pinned to its edge).
 * - Open incidents (reported, responding, controlled) with the dispatch counts by status, the reporting clock
 *   (生产安全事故报告和调查处理条例 Art. 9: 1 hour from learning of it; drills `not_required`) and, with a known wind,
 *   the downwind sector (domain downwindSector with the zone's incidentPolicy.downwind; toxic reach for a leak).
 * - On duty now (DutyService.onDutyNow: overrides and leave applied), each person `committed` while an active
 *   dispatch of an open incident holds them, else `available`.
 * - Equipment units by status; deployable = available in the room now.
 * - Today on the zone's clock: hazards reported since local midnight, open and overdue now; inspection tasks due
 *   today and how many of them are done.
 */
export class CommandHallService {
  readonly #c: Container;
  readonly #duty: DutyService;
  readonly #files: FileService;
  constructor(c: Container, deps: { duty: DutyService; files: FileService }) {
    this.#c = c;
    this.#duty = deps.duty;
    this.#files = deps.files;
  }

  /** The snapshot of the em's zone (`tenant`) at `now`. */
  async snapshot(em: Em, tenant: TenantInfo, now: Date = new Date()): Promise<CommandHall> {
    const tid = emTenantId(em)!;
    const conn = em.getConnection();
    const rows = <R>(q: string, params: unknown[]) => conn.execute(q, params, 'all') as Promise<R[]>;
    const settings = tenant.settings;

    // The ground: the site plan and the enterprises, with the lat/lng → plan transform fitted on them.
    const [planFile, enterprises] = await Promise.all([
      settings.sitePlan ? em.findOne(StoredFile, { id: settings.sitePlan.fileId }) : Promise.resolve(null),
      em.find(
        Enterprise,
        { status: 'active' },
        { fields: ['id', 'name', 'riskColour', 'lat', 'lng', 'planX', 'planY'], orderBy: { name: 'asc', id: 'asc' } },
      ),
    ]);
    const sitePlan =
      settings.sitePlan && planFile
        ? { url: this.#files.signedUrl(planFile), width: settings.sitePlan.width, height: settings.sitePlan.height }
        : null;
    const toPlan = sitePlan
      ? fitPlanTransform(
          enterprises
            .filter((e) => e.lat != null && e.lng != null && e.planX != null && e.planY != null)
            .map((e) => ({ lat: e.lat!, lng: e.lng!, x: e.planX!, y: e.planY! })),
        )
      : null;
    const planOf = (x: number | null | undefined, y: number | null | undefined, geo: Geo | null): Pt | null => {
      if (x != null && y != null) return { x: frac(x), y: frac(y) };
      if (!toPlan || !geo) return null;
      const p = toPlan(geo.lat, geo.lng);
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || p.x < -0.25 || p.x > 1.25 || p.y < -0.25 || p.y > 1.25) return null;
      return { x: frac(p.x), y: frac(p.y) };
    };
    const entById = new Map(enterprises.map((e) => [e.id, e]));

    const [incidents, alarms, onDuty, equipment, today] = await Promise.all([
      this.#incidents(em, tid, rows, tenant, now, planOf, toPlan, entById),
      this.#alarms(em, tid, rows, planOf, entById),
      this.#onDuty(em, tid, rows, now),
      this.#equipment(tid, rows),
      this.#today(tid, rows, tenant, now),
    ]);
    return {
      at: isoReq(now),
      zone: {
        name: tenant.name,
        timeZone: tenant.timeZone,
        sitePlan,
        mapCenter: settings.mapCenter ?? null,
        tileUrl: settings.mapTileUrl ?? null,
        palette: settings.palette,
      },
      enterprises: enterprises.flatMap((e) => {
        const geo = geoOf(e.lat, e.lng);
        const plan = planOf(e.planX, e.planY, geo);
        if (!geo && !plan) return [];
        return [
          {
            id: e.id,
            name: e.name,
            riskColour: e.riskColour ?? null,
            lat: geo?.lat ?? null,
            lng: geo?.lng ?? null,
            planX: plan?.x ?? null,
            planY: plan?.y ?? null,
          },
        ];
      }),
      ...alarms,
      incidents,
      onDuty,
      equipment,
      today,
    };
  }

  async #incidents(
    em: Em,
    tid: string,
    rows: <R>(q: string, params: unknown[]) => Promise<R[]>,
    tenant: TenantInfo,
    now: Date,
    planOf: (x: number | null | undefined, y: number | null | undefined, geo: Geo | null) => Pt | null,
    toPlan: ((lat: number, lng: number) => Pt) | null,
    entById: Map<string, { name: string }>,
  ): Promise<CommandHall['incidents']> {
    const list = await em.find(
      Incident,
      { status: { $in: [...INCIDENT_OPEN_STATUSES] } },
      { orderBy: { severity: 'desc', learnedAt: 'desc', id: 'asc' }, limit: INCIDENT_ROWS },
    );
    if (!list.length) return [];
    const counts = new Map<string, Partial<Record<DispatchStatus, number>>>();
    for (const r of await rows<{ incident_id: string; status: DispatchStatus; n: number | string }>(
      `SELECT incident_id, status, COUNT(*) AS n FROM incident_dispatches
        WHERE tenant_id = ? AND incident_id IN (${marks(list.length)}) GROUP BY incident_id, status`,
      [tid, ...list.map((i) => i.id)],
    )) {
      const c = counts.get(r.incident_id) ?? {};
      c[r.status] = Number(r.n);
      counts.set(r.incident_id, c);
    }
    const policy = tenant.settings.incidentPolicy;
    return list.map((i) => {
      const geo = geoOf(i.lat, i.lng);
      const plan = planOf(i.planX, i.planY, geo);
      return {
        id: i.id,
        no: i.no,
        type: i.type,
        status: i.status,
        level: i.level,
        severity: i.severity,
        isDrill: i.isDrill,
        enterpriseName: i.enterpriseId ? (entById.get(i.enterpriseId)?.name ?? null) : null,
        address: i.address ?? null,
        description: i.description,
        lat: geo?.lat ?? null,
        lng: geo?.lng ?? null,
        learnedAt: isoReq(i.learnedAt),
        planX: plan?.x ?? null,
        planY: plan?.y ?? null,
        grade: i.grade ?? null,
        deaths: i.deaths,
        missing: i.missing,
        seriousInjuries: i.seriousInjuries,
        clock: clockOf(i, now, policy.authorityReportMinutes, tenant.timeZone),
        dispatchCounts: counts.get(i.id) ?? {},
        sector: geo ? this.#sector(i, geo, policy.downwind, toPlan) : null,
      } as CommandHall['incidents'][number];
    });
  }

  /** The downwind sector of an incident with a stored wind; null without one or with a policy the domain refuses. */
  #sector(
    i: Incident,
    origin: Geo,
    policy: DownwindPolicy,
    toPlan: ((lat: number, lng: number) => Pt) | null,
  ): CommandHall['incidents'][number]['sector'] {
    if (i.windFromDeg == null || i.windSpeed == null) return null;
    try {
      const s = downwindSector({
        origin,
        windFromDeg: i.windFromDeg,
        windSpeed: i.windSpeed,
        policy,
        toxic: i.type === 'leak_poisoning',
      });
      return {
        toDeg: s.toDeg,
        halfAngleDeg: s.halfAngleDeg,
        distanceM: s.distanceM,
        calm: s.calm,
        polygon: s.polygon.map((q) => ({ lat: round(q.lat, 6), lng: round(q.lng, 6) })),
        planPolygon: toPlan
          ? s.polygon.map((q) => {
              const p = toPlan(q.lat, q.lng);
              return { x: frac(p.x), y: frac(p.y) };
            })
          : null,
      };
    } catch (e) {
      // A zone policy the geometry refuses (e.g. calm above low wind): the screen goes on without the sector.
      this.#c.logger.warn({ err: (e as Error).message, incidentId: i.id }, 'command hall: no downwind sector');
      return null;
    }
  }

  async #alarms(
    em: Em,
    tid: string,
    rows: <R>(q: string, params: unknown[]) => Promise<R[]>,
    planOf: (x: number | null | undefined, y: number | null | undefined, geo: Geo | null) => Pt | null,
    entById: Map<
      string,
      { name: string; lat?: number | null; lng?: number | null; planX?: number | null; planY?: number | null }
    >,
  ): Promise<Pick<CommandHall, 'alarms' | 'alarmsTotal'>> {
    const [total] = await rows<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM iot_alarms WHERE tenant_id = ? AND active_key IS NOT NULL',
      [tid],
    );
    // Newest first, then the most severe first (a stable sort keeps the newest first within a severity).
    const active = (
      await em.find(IotAlarm, { activeKey: { $ne: null } }, { orderBy: { startedAt: 'desc', id: 'asc' }, limit: 500 })
    )
      .sort((a, b) => (SEVERITY_ORDER[b.severity] ?? 0) - (SEVERITY_ORDER[a.severity] ?? 0))
      .slice(0, ALARM_ROWS);
    const devices = new Map(
      (active.length ? await em.find(IotDevice, { id: { $in: [...new Set(active.map((a) => a.deviceId))] } }) : []).map((d) => [
        d.id,
        d,
      ]),
    );
    return {
      alarmsTotal: Number(total?.n ?? 0),
      alarms: active.map((a) => {
        const d = devices.get(a.deviceId);
        const ent = a.enterpriseId ? entById.get(a.enterpriseId) : undefined;
        // The device's own point, else its enterprise's.
        const geo = geoOf(d?.lat, d?.lng) ?? geoOf(ent?.lat, ent?.lng);
        const plan = d?.mapX != null && d?.mapY != null ? planOf(d.mapX, d.mapY, null) : planOf(ent?.planX, ent?.planY, geo);
        return {
          id: a.id,
          deviceId: a.deviceId,
          deviceName: d?.name ?? '',
          enterpriseId: a.enterpriseId ?? null,
          enterpriseName: ent?.name ?? null,
          type: a.type,
          severity: a.severity,
          level: a.level ?? null,
          value: a.lastValue ?? null,
          startedAt: isoReq(a.startedAt),
          acknowledged: !!a.acknowledgedAt,
          lat: geo?.lat ?? null,
          lng: geo?.lng ?? null,
          planX: plan?.x ?? null,
          planY: plan?.y ?? null,
        };
      }),
    };
  }

  async #onDuty(em: Em, tid: string, rows: <R>(q: string, params: unknown[]) => Promise<R[]>, now: Date) {
    const duty = (await this.#duty.onDutyNow(em, now)).filter((d) => d.slot || d.userIds.length);
    const ids = [...new Set(duty.flatMap((d) => d.userIds))];
    if (!ids.length) return duty.map((d) => ({ teamName: d.team.name, gap: d.gap, people: [] }));
    const open = [...INCIDENT_OPEN_STATUSES];
    const active = [...DISPATCH_ACTIVE_STATUSES];
    const [users, held] = await Promise.all([
      em.find(User, { id: { $in: ids } }, { fields: ['id', 'name'] }),
      rows<{ user_id: string }>(
        `SELECT DISTINCT d.user_id FROM incident_dispatches d JOIN incidents i ON i.id = d.incident_id AND i.tenant_id = d.tenant_id
          WHERE d.tenant_id = ? AND d.status IN (${marks(active.length)}) AND i.status IN (${marks(open.length)})
            AND d.user_id IN (${marks(ids.length)})`,
        [tid, ...active, ...open, ...ids],
      ),
    ]);
    const name = new Map(users.map((u) => [u.id, u.name]));
    const busy = new Set(held.map((r) => r.user_id));
    return duty.map((d) => ({
      teamName: d.team.name,
      gap: d.gap,
      people: d.userIds.map((id) => ({
        name: name.get(id) ?? '',
        status: busy.has(id) ? ('committed' as const) : ('available' as const),
      })),
    }));
  }

  async #equipment(tid: string, rows: <R>(q: string, params: unknown[]) => Promise<R[]>): Promise<CommandHall['equipment']> {
    const by = await rows<{ status: string; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM equipment_units WHERE tenant_id = ? GROUP BY status ORDER BY status',
      [tid],
    );
    const byStatus = by.map((r) => ({ status: r.status, count: Number(r.n) }));
    return {
      byStatus,
      deployable: byStatus.find((s) => s.status === 'available')?.count ?? 0,
      total: byStatus.filter((s) => s.status !== 'retired' && s.status !== 'lost').reduce((a, s) => a + s.count, 0),
    };
  }

  async #today(
    tid: string,
    rows: <R>(q: string, params: unknown[]) => Promise<R[]>,
    tenant: TenantInfo,
    now: Date,
  ): Promise<CommandHall['today']> {
    const [y, m, d] = localDate(now, tenant.timeZone).split('-').map(Number) as [number, number, number];
    const from = zonedToUtc(y, m, d, 0, 0, 0, tenant.timeZone);
    const to = new Date(from.getTime() + DAY_MS);
    const open = marks(OPEN_HAZARD.length);
    const [[hz], [it]] = await Promise.all([
      rows<{ reported: number | string | null; open: number | string | null; overdue: number | string | null }>(
        `SELECT SUM(reported_at >= ?) AS reported, SUM(status IN (${open})) AS open,
            SUM(status IN (${open}) AND deadline IS NOT NULL AND deadline < ?) AS overdue
          FROM hazards WHERE tenant_id = ?`,
        [from, ...OPEN_HAZARD, ...OPEN_HAZARD, now, tid],
      ),
      rows<{ planned: number | string | null; done: number | string | null }>(
        `SELECT COUNT(*) AS planned, SUM(status = 'done') AS done FROM inspection_tasks
          WHERE tenant_id = ? AND due_at >= ? AND due_at < ?`,
        [tid, from, to],
      ),
    ]);
    return {
      hazardsReported: Number(hz?.reported ?? 0),
      hazardsOpen: Number(hz?.open ?? 0),
      hazardsOverdue: Number(hz?.overdue ?? 0),
      inspectionsDone: Number(it?.done ?? 0),
      inspectionsPlanned: Number(it?.planned ?? 0),
    };
  }
}

/**
 * The reporting clock of an open incident (contract `reportingClock`): Art. 9's due instant from learnedAt (the zone's
 * authorityReportMinutes, never more than the regulation's 60), the time left (negative once overdue, null when
 * done); drills `not_required` (演练不上报). The Art. 13 follow-up end only once the authority report is made.
 */
export function clockOf(
  i: Pick<Incident, 'isDrill' | 'learnedAt' | 'occurredAt' | 'type' | 'authorityReportedAt'>,
  now: Date,
  policyMinutes: number,
  timeZone: string,
): ReportingClock {
  if (i.isDrill)
    return {
      state: 'not_required',
      learnedAt: isoReq(i.learnedAt),
      authorityDueAt: null,
      remainingMs: null,
      authorityReportedAt: null,
      casualtyFollowUpUntil: null,
    };
  const c = reportingClock({
    learnedAt: i.learnedAt,
    occurredAt: i.occurredAt,
    type: i.type,
    now,
    authorityReportedAt: i.authorityReportedAt ?? null,
    policyMinutes: Math.min(AUTHORITY_REPORT_MINUTES, Math.max(1, Math.round(policyMinutes))),
    timeZone,
  });
  return {
    state: c.state,
    learnedAt: isoReq(i.learnedAt),
    authorityDueAt: isoReq(c.authorityDueAt),
    remainingMs: c.state === 'done' ? null : Math.round(c.remainingMs),
    authorityReportedAt: iso(i.authorityReportedAt ?? null),
    casualtyFollowUpUntil: i.authorityReportedAt ? isoReq(c.casualtyFollowUpUntil) : null,
  };
}
