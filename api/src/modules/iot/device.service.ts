import {
  ALARM_SEVERITIES,
  alarmStatusOf,
  IOT_DEVICE_TYPE_SPECS,
  IOT_DEVICE_TYPES,
  IOT_QUANTITIES,
  IOT_QUANTITY_SPECS,
  IOT_READINGS_MAX_POINTS,
  iotTopic,
  isEnterpriseRole,
  type CreateIotDeviceRequest,
  type IotDevice as IotDeviceDto,
  type IotDeviceDetail,
  type IotDeviceStatus,
  type IotDevicesQuery,
  type IotDeviceTypesResponse,
  type IotLatest,
  type IotLiveResponse,
  type IotQuantity,
  type IotReadingsQuery,
  type IotReadingsResponse,
  type Page,
  type UpdateIotDeviceRequest,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { deviceSecret, iotDeviceKey } from './device-auth.ts';
import { IotAlarm, IotDevice } from './iot.entity.ts';
import { effectiveRules, typeEffectiveRules } from './rule.service.ts';
import { latestKey, sqlTime } from './telemetry-store.ts';

/**
 * The Redis pub/sub channel on which any change of a device or a rule set is announced (message: JSON
 * `{ tenantId, deviceId?: string }`, no deviceId = a type's rules changed); the ingest pipeline refreshes its device
 * cache and effective rules on it. The full channel name carries the deployment's prefix:
 * {@link iotDevicesChangedChannel} (`${REDIS_PREFIX}:iot.devices.changed`, the same as ingest-pipeline.ts).
 */
export const IOT_DEVICES_CHANGED = 'iot.devices.changed';
/** The full channel name for a deployment's Redis prefix. */
export function iotDevicesChangedChannel(prefix: string): string {
  return `${prefix}:${IOT_DEVICES_CHANGED}`;
}

// ---- refusals ----

export const deviceNotFound = () => new AppError(404, 'not_found', t('未找到该物联网设备', 'IoT device not found'));
const enterpriseNotFound = () => new AppError(404, 'not_found', t('未找到该企业', 'Enterprise not found'));
const gatewayNotFound = () => new AppError(404, 'not_found', t('未找到该网关设备', 'Gateway device not found'));
const stale = () =>
  new AppError(
    409,
    'conflict',
    t('设备信息已被他人修改，请刷新后重试', 'Someone else changed this device since you loaded it: reload and try again'),
  );
const invalid = (path: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), { errors: [{ path, code: 'invalid', message: t(zh, en) }] });

type Where = Record<string, unknown>;

/**
 * Who sees which devices: enterprise users their own enterprise's only (another's is 404), everyone else with
 * `iot.read` (office, grid workers, rescue leader, city supervisor) the whole zone.
 */
export function deviceScope(actor: Actor): Where {
  if (actor.actingAs || !isEnterpriseRole(actor.role)) return {};
  if (!actor.enterpriseId)
    throw new AppError(403, 'forbidden', t('账号未绑定企业', 'Your account is not bound to an enterprise'));
  return { enterpriseId: actor.enterpriseId };
}

const SEVERITY_RANK = new Map(ALARM_SEVERITIES.map((s, i) => [s, i]));

/**
 * The device registry (设备台账): CRUD scoped by enterprise, enable/disable, derived credentials (the secret is shown
 * once on create and rotate, never stored), latest values from Redis, readings downsampled from iot_readings, the
 * live state of every device. Every change is announced on {@link iotDevicesChangedChannel} for the ingest cache.
 */
export class DeviceService {
  readonly #c: Container;
  constructor(c: Container) {
    this.#c = c;
  }

  /** Announces a change of a device (or, without deviceId, of the zone's rules) to the ingest pipelines. */
  changed(tenantId: string, deviceId?: string): void {
    this.#c.redis
      .publish(iotDevicesChangedChannel(this.#c.config.REDIS_PREFIX), JSON.stringify({ tenantId, deviceId }))
      .catch((e: unknown) => this.#c.logger.debug({ err: e }, 'iot.devices.changed publish failed'));
  }

  /** A device's current secret (derived from IOT_DEVICE_KEY, the zone, the device and its credential version). */
  secretOf(tenantId: string, d: Pick<IotDevice, 'id' | 'credentialVersion'>): string {
    return deviceSecret(iotDeviceKey(this.#c.config), tenantId, d.id, d.credentialVersion);
  }

  /** A device the caller may see, or 404. */
  async find(em: Em, actor: Actor, id: string): Promise<IotDevice> {
    const d = await em.findOne(IotDevice, { id, ...deviceScope(actor) });
    if (!d) throw deviceNotFound();
    return d;
  }

  /** The filter of the list (and the export) for a caller. */
  where(actor: Actor, q: Partial<IotDevicesQuery>): Where {
    const where: Where = {};
    if (q.enterpriseId) where.enterpriseId = q.enterpriseId;
    if (q.type) where.type = q.type;
    if (q.status) where.status = q.status;
    if (q.online) where.online = q.online === 'true';
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.$or = [{ code: { $like: like } }, { name: { $like: like } }, { location: { $like: like } }];
    }
    return { ...where, ...deviceScope(actor) };
  }

  async list(em: Em, actor: Actor, q: IotDevicesQuery): Promise<Page<IotDeviceDto>> {
    const [rows, total] = await em.findAndCount(IotDevice, this.where(actor, q), {
      orderBy: { code: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.dtos(em, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** Devices as the api answers them (enterprise names looked up in one query). */
  async dtos(em: Em, rows: IotDevice[]): Promise<IotDeviceDto[]> {
    const names = await enterpriseNames(
      em,
      rows.map((d) => d.enterpriseId),
    );
    return rows.map((d) => deviceDto(d, names));
  }

  async dto(em: Em, d: IotDevice): Promise<IotDeviceDto> {
    return (await this.dtos(em, [d]))[0]!;
  }

  /** Referenced records must be the zone's (404 otherwise); a gateway must be a gateway and not the device itself. */
  async #checkRefs(em: Em, b: { enterpriseId?: string | null; gatewayId?: string | null }, self: string | null): Promise<void> {
    if (b.enterpriseId && !(await em.count(Enterprise, { id: b.enterpriseId }))) throw enterpriseNotFound();
    if (b.gatewayId) {
      const g = await em.findOne(IotDevice, { id: b.gatewayId }, { fields: ['id', 'type'] });
      if (!g) throw gatewayNotFound();
      if (g.id === self) throw invalid('gatewayId', '设备不能以自身为网关', 'A device cannot be its own gateway');
      if (g.type !== 'gateway') throw invalid('gatewayId', '所选设备不是物联网网关', 'The chosen device is not a gateway');
    }
  }

  /** POST /iot/devices: the device and its secret (shown once). A code already in the zone → 409. */
  async create(
    em: Em,
    tenantId: string,
    b: CreateIotDeviceRequest,
    announce = true,
  ): Promise<{ device: IotDevice; secret: string }> {
    await this.#checkRefs(em, b, null);
    if (await em.count(IotDevice, { code: b.code }))
      throw new AppError(409, 'duplicate', t(`设备编码 ${b.code} 已存在`, `Device code ${b.code} is already used`));
    const d = em.create(IotDevice, {
      code: b.code,
      name: b.name,
      type: b.type,
      enterpriseId: b.enterpriseId ?? null,
      keyPlace: b.keyPlace || null,
      location: b.location || null,
      mapX: b.mapX ?? null,
      mapY: b.mapY ?? null,
      lat: b.lat ?? null,
      lng: b.lng ?? null,
      installedOn: b.installedOn ?? null,
      calibrationDueOn: b.calibrationDueOn ?? null,
      certificateNo: b.certificateNo || null,
      intervalSeconds: b.intervalSeconds ?? IOT_DEVICE_TYPE_SPECS[b.type].intervalSeconds,
      status: 'enabled',
      gatewayId: b.gatewayId ?? null,
      credentialVersion: 1,
      credentialIssuedAt: new Date(),
      lastSeenAt: null,
      online: false,
      manufacturer: b.manufacturer || null,
      model: b.model || null,
    });
    await em.flush();
    if (announce) this.changed(tenantId, d.id);
    return { device: d, secret: this.secretOf(tenantId, d) };
  }

  /** PATCH /iot/devices/:id: ledger fields on the version the caller saw (stale → 409). */
  async update(em: Em, actor: Actor, tenantId: string, id: string, b: Partial<UpdateIotDeviceRequest>): Promise<IotDevice> {
    const found = await this.find(em, actor, id);
    await this.#checkRefs(em, b, found.id);
    const out = await compareAndSet(em, {
      entity: IotDevice,
      where: { id },
      what: '物联网设备',
      lost: stale,
      set: async (d) => {
        if (b.version !== undefined && b.version !== d.version) throw stale();
        assignDeviceFields(d, b);
        return d;
      },
    });
    this.changed(tenantId, id);
    return (await em.findOne(IotDevice, { id }, { refresh: true })) ?? out;
  }

  /** Enable or disable (a disabled device's readings are rejected as disabled_device). */
  async setStatus(
    em: Em,
    actor: Actor,
    tenantId: string,
    id: string,
    status: IotDeviceStatus,
    version?: number,
  ): Promise<IotDevice> {
    await this.find(em, actor, id);
    await compareAndSet(em, {
      entity: IotDevice,
      where: { id },
      what: '物联网设备',
      lost: stale,
      set: async (d) => {
        if (version !== undefined && version !== d.version) throw stale();
        if (d.status !== status) {
          d.status = status;
          if (status === 'disabled') d.online = false;
        }
      },
    });
    this.changed(tenantId, id);
    return (await em.findOne(IotDevice, { id }, { refresh: true }))!;
  }

  /** POST /iot/devices/:id/credentials: bumps the credential version; the old secret stops working at once. */
  async rotate(em: Em, actor: Actor, tenantId: string, id: string, version?: number) {
    await this.find(em, actor, id);
    await compareAndSet(em, {
      entity: IotDevice,
      where: { id },
      what: '物联网设备',
      lost: stale,
      set: async (d) => {
        if (version !== undefined && version !== d.version) throw stale();
        d.credentialVersion += 1;
        d.credentialIssuedAt = new Date();
      },
    });
    this.changed(tenantId, id);
    const d = (await em.findOne(IotDevice, { id }, { refresh: true }))!;
    return { device: d, secret: this.secretOf(tenantId, d), credentialVersion: d.credentialVersion };
  }

  /** Latest values of devices from Redis (`t:{tenantId}:iot:latest`); devices never heard from are absent. */
  async latest(tenantId: string, ids?: string[]): Promise<Map<string, IotLatest>> {
    const key = latestKey(tenantId);
    const out = new Map<string, IotLatest>();
    const entries: Array<[string, string | null]> = [];
    if (ids) {
      if (!ids.length) return out;
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        const vals = await this.#c.redis.hmget(key, ...part);
        part.forEach((id, j) => entries.push([id, vals[j] ?? null]));
      }
    } else entries.push(...Object.entries(await this.#c.redis.hgetall(key)));
    for (const [id, raw] of entries) {
      if (!raw) continue;
      try {
        const l = JSON.parse(raw) as IotLatest;
        if (typeof l.ts === 'number' && l.v && typeof l.v === 'object') out.set(id, { ts: Math.trunc(l.ts), v: l.v });
      } catch {
        // a malformed entry is as good as none
      }
    }
    return out;
  }

  /** GET /iot/devices/:id: with latest values, effective rules, topic, gateway and not-yet-cleared alarms. */
  async detail(em: Em, actor: Actor, tenant: { id: string; code: string }, id: string): Promise<IotDeviceDetail> {
    const d = await this.find(em, actor, id);
    const [dto, latest, eff, alarms, gateway] = await Promise.all([
      this.dto(em, d),
      this.latest(tenant.id, [d.id]),
      effectiveRules(em, d),
      em.find(IotAlarm, { deviceId: d.id, clearedAt: null }, { orderBy: { startedAt: 'desc' }, limit: 20 }),
      d.gatewayId ? em.findOne(IotDevice, { id: d.gatewayId }, { fields: ['id', 'name'] }) : Promise.resolve(null),
    ]);
    return {
      ...dto,
      latest: latest.get(d.id) ?? null,
      rules: eff.rules,
      ruleSource: eff.source,
      ruleVersion: eff.version,
      topic: iotTopic(tenant.code, d.code),
      gatewayName: gateway?.name ?? null,
      activeAlarms: alarms.map((a) => ({ id: a.id, type: a.type, severity: a.severity, status: alarmStatusOf(a) })),
    };
  }

  /** GET /iot/device-types: the catalogue with the zone's effective type-level rules. */
  async deviceTypes(em: Em): Promise<IotDeviceTypesResponse> {
    const types = await Promise.all(
      IOT_DEVICE_TYPES.map(async (type) => {
        const spec = IOT_DEVICE_TYPE_SPECS[type];
        const eff = await typeEffectiveRules(em, type);
        return {
          type,
          label: spec.label,
          labelEn: spec.labelEn,
          quantities: [...spec.quantities],
          intervalSeconds: spec.intervalSeconds,
          rules: eff.rules,
          ruleSource: eff.source === 'type' ? ('type' as const) : ('default' as const),
          ruleVersion: eff.version,
        };
      }),
    );
    return {
      types,
      quantities: IOT_QUANTITIES.map((quantity) => ({ quantity, ...IOT_QUANTITY_SPECS[quantity] })),
    };
  }

  /**
   * GET /iot/live: every device the caller sees with its latest values (Redis) and its most severe active (not
   * cleared) alarm — the monitoring page's first paint; `iot.reading` / `iot.alarm` pushes keep it current.
   */
  async live(em: Em, actor: Actor, tenantId: string): Promise<IotLiveResponse> {
    const scope = deviceScope(actor);
    const devices = await em.find(IotDevice, scope, { orderBy: { code: 'asc' }, limit: 5000 });
    const [names, latest, alarms] = await Promise.all([
      enterpriseNames(
        em,
        devices.map((d) => d.enterpriseId),
      ),
      this.latest(tenantId, Object.keys(scope).length ? devices.map((d) => d.id) : undefined),
      em.find(IotAlarm, { clearedAt: null, ...scope }, { orderBy: { startedAt: 'desc' }, limit: 5000 }),
    ]);
    const worst = new Map<string, IotAlarm>();
    for (const a of alarms) {
      const cur = worst.get(a.deviceId);
      if (!cur || SEVERITY_RANK.get(a.severity)! < SEVERITY_RANK.get(cur.severity)!) worst.set(a.deviceId, a);
    }
    return {
      at: new Date().toISOString(),
      items: devices.map((d) => {
        const a = worst.get(d.id);
        return {
          id: d.id,
          code: d.code,
          name: d.name,
          type: d.type,
          enterpriseId: d.enterpriseId ?? null,
          enterpriseName: d.enterpriseId ? (names.get(d.enterpriseId) ?? null) : null,
          location: d.location ?? null,
          mapX: d.mapX ?? null,
          mapY: d.mapY ?? null,
          lat: d.lat ?? null,
          lng: d.lng ?? null,
          online: d.online,
          status: d.status,
          latest: latest.get(d.id) ?? null,
          alarm: a ? { id: a.id, type: a.type, severity: a.severity, level: a.level ?? null, status: alarmStatusOf(a) } : null,
        };
      }),
    };
  }

  /**
   * GET /iot/devices/:id/readings: the readings of [from, to) (≤ 7 days, checked by the contract) per quantity,
   * downsampled in SQL to time buckets of `ceil(span / 599)` seconds counted from `from` (≤ 600 points per quantity;
   * a point's ts is its bucket's start) with avg, max and min. A quantity the device type does not measure → 422.
   */
  async readings(em: Em, actor: Actor, tenantId: string, id: string, q: IotReadingsQuery): Promise<IotReadingsResponse> {
    const d = await this.find(em, actor, id);
    const measured = IOT_DEVICE_TYPE_SPECS[d.type].quantities;
    if (q.quantity && !measured.includes(q.quantity))
      throw invalid(
        'quantity',
        `${IOT_DEVICE_TYPE_SPECS[d.type].label}不测量“${IOT_QUANTITY_SPECS[q.quantity].label}”`,
        `A ${IOT_DEVICE_TYPE_SPECS[d.type].labelEn} does not measure ${IOT_QUANTITY_SPECS[q.quantity].labelEn}`,
      );
    const quantities: IotQuantity[] = q.quantity ? [q.quantity] : [...measured];
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const bucket = Math.max(1, Math.ceil((to - from) / 1000 / (IOT_READINGS_MAX_POINTS - 1)));
    const byQuantity = new Map<string, IotReadingsResponse['series'][number]['points']>();
    if (quantities.length) {
      const rows = (await em.getConnection().execute(
        `SELECT quantity, FLOOR(TIMESTAMPDIFF(MICROSECOND, ?, ts) / ?) AS b,
                AVG(value) AS a, MAX(value) AS mx, MIN(value) AS mn
           FROM iot_readings
          WHERE tenant_id = ? AND device_id = ? AND quantity IN (${quantities.map(() => '?').join(', ')})
            AND ts >= ? AND ts < ?
          GROUP BY quantity, b
          ORDER BY quantity, b`,
        [sqlTime(from), bucket * 1_000_000, tenantId, d.id, ...quantities, sqlTime(from), sqlTime(to)],
        'all',
      )) as Array<{ quantity: string; b: number | string; a: number | string; mx: number | string; mn: number | string }>;
      for (const r of rows) {
        const list = byQuantity.get(r.quantity) ?? [];
        list.push({ ts: from + Number(r.b) * bucket * 1000, avg: Number(r.a), max: Number(r.mx), min: Number(r.mn) });
        byQuantity.set(r.quantity, list);
      }
    }
    return {
      deviceId: d.id,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucketSeconds: bucket,
      series: quantities.map((quantity) => ({
        quantity,
        unit: IOT_QUANTITY_SPECS[quantity].unit,
        points: byQuantity.get(quantity) ?? [],
      })),
    };
  }
}

/** Writes the ledger fields present in `b` (undefined: unchanged; '' or null: cleared). */
export function assignDeviceFields(d: IotDevice, b: Omit<Partial<UpdateIotDeviceRequest>, 'version'>): void {
  if (b.name !== undefined) d.name = b.name;
  for (const k of ['enterpriseId', 'gatewayId', 'installedOn', 'calibrationDueOn'] as const)
    if (b[k] !== undefined) d[k] = b[k] ?? null;
  for (const k of ['keyPlace', 'location', 'certificateNo', 'manufacturer', 'model'] as const)
    if (b[k] !== undefined) d[k] = b[k] || null;
  for (const k of ['mapX', 'mapY', 'lat', 'lng'] as const) if (b[k] !== undefined) d[k] = b[k] ?? null;
  if (b.intervalSeconds !== undefined) d.intervalSeconds = b.intervalSeconds;
}

/** Names of enterprises by id (one query). */
export async function enterpriseNames(em: Em, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const set = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!set.length) return new Map();
  return new Map((await em.find(Enterprise, { id: { $in: set } }, { fields: ['id', 'name'] })).map((e) => [e.id, e.name]));
}

/** A device as the api answers it. */
export function deviceDto(d: IotDevice, names: Map<string, string>): IotDeviceDto {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    type: d.type,
    enterpriseId: d.enterpriseId ?? null,
    enterpriseName: d.enterpriseId ? (names.get(d.enterpriseId) ?? null) : null,
    keyPlace: d.keyPlace ?? null,
    location: d.location ?? null,
    mapX: d.mapX ?? null,
    mapY: d.mapY ?? null,
    lat: d.lat ?? null,
    lng: d.lng ?? null,
    installedOn: d.installedOn ?? null,
    calibrationDueOn: d.calibrationDueOn ?? null,
    certificateNo: d.certificateNo ?? null,
    intervalSeconds: d.intervalSeconds,
    status: d.status,
    gatewayId: d.gatewayId ?? null,
    credentialVersion: d.credentialVersion,
    credentialIssuedAt: iso(d.credentialIssuedAt),
    lastSeenAt: iso(d.lastSeenAt),
    online: d.online,
    manufacturer: d.manufacturer ?? null,
    model: d.model ?? null,
    version: d.version,
    createdAt: isoReq(d.createdAt),
    updatedAt: isoReq(d.updatedAt),
  };
}
