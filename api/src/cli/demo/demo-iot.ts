/**
 * A demo zone's IoT monitoring (物联网实时监测), lived in: ~40 detectors in the key places of the enterprises that carry
 * those tags (涉氨制冷 → 氨气 + 温度; 可燃爆粉尘 → 烟雾 + 火点; 喷涂 → 可燃气体 + 烟雾; 危化品使用 → 可燃气体/硫化氢/氯气;
 * 有限空间 → 硫化氢 + 一氧化碳; 锂电池 → 温度 + 烟雾 + 火点) — `ent-admin`'s enterprise first — plus the zone's weather
 * tower TOWER-01, gateway GW-01 and two cameras; a 30-day alarm history (acknowledged, cleared, handled with varied
 * causes including nuisance ones, a few cleared and waiting for their handling record, two that opened hazards through
 * the ordinary HazardService path), one active unacknowledged alarm on ent-admin's combustible-gas detector, one
 * offline device, and the last 24 h of readings of about ten devices (multi-row INSERT IGNORE of ≤ 2000 rows) with
 * their latest values in Redis. Deterministic (codes, places, times relative to the seed's minute) and idempotent: a
 * zone that has devices is left alone.
 */
import {
  DEFAULT_ALARM_RULES,
  IOT_DEVICE_TYPE_SPECS,
  IOT_QUANTITY_SPECS,
  alarmType,
  type AlarmCause,
  type AlarmSeverity,
  type IotDeviceType,
  type IotQuantity,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Services } from '../../modules/index.ts';
import type { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Hazard } from '../../modules/hazards/hazard.entity.ts';
import type { User } from '../../modules/identity/identity.entity.ts';
import { openAlarmHazard } from '../../modules/iot/alarm-hazard.ts';
import { alarmPlan } from '../../modules/iot/alarm-escalation.ts';
import { IotAlarm, IotAlarmEvent, IotDevice, type IotAlarmHandling } from '../../modules/iot/iot.entity.ts';
import { insertReadings, latestKey, type ReadingRow } from '../../modules/iot/telemetry-store.ts';
import { Rng } from './demo-random.ts';

export interface DemoIotReport {
  skipped: boolean;
  devices: number;
  alarms: number;
  hazards: number;
  /** The hazards the alarms opened, by status (the seed test counts every hazard of the zone). */
  hazardsByStatus: Record<string, number>;
  readings: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** What a key-place tag gets: its words on the device, the types installed there, where. */
const PLACES: Array<{ tag: string; keyPlace: string; types: IotDeviceType[]; where: string[] }> = [
  { tag: 'ammonia_refrigeration', keyPlace: '液氨制冷', types: ['gas_nh3', 'temperature'], where: ['液氨机房', '冷库穿堂'] },
  { tag: 'combustible_dust', keyPlace: '粉尘涉爆', types: ['smoke', 'flame'], where: ['抛光车间', '除尘器旁'] },
  { tag: 'spraying', keyPlace: '喷涂作业', types: ['gas_combustible', 'smoke'], where: ['喷漆房', '调漆间'] },
  {
    tag: 'hazchem_use',
    keyPlace: '危化品使用',
    types: ['gas_combustible', 'gas_h2s', 'gas_cl2'],
    where: ['危化品仓库', '储罐区'],
  },
  { tag: 'confined_space', keyPlace: '有限空间', types: ['gas_h2s', 'gas_co'], where: ['污水池', '化粪池井口'] },
  { tag: 'lithium_battery', keyPlace: '锂电池', types: ['temperature', 'smoke', 'flame'], where: ['化成车间', '电池仓库'] },
];

const PREFIX: Record<IotDeviceType, string> = {
  gas_combustible: 'GAS',
  gas_nh3: 'NH3',
  gas_h2s: 'H2S',
  gas_co: 'CO',
  gas_cl2: 'CL2',
  smoke: 'SMK',
  flame: 'FLM',
  temperature: 'TMP',
  weather_tower: 'TOWER',
  camera: 'CAM',
  gateway: 'GW',
};

const MAKERS: Partial<Record<IotDeviceType, Array<[string, string]>>> = {
  gas_combustible: [
    ['汉威科技', 'BS01'],
    ['霍尼韦尔', 'Sensepoint XCD'],
  ],
  gas_nh3: [['德尔格', 'Polytron 7000']],
  gas_h2s: [['汉威科技', 'BS03-H2S']],
  gas_co: [['汉威科技', 'BS03-CO']],
  gas_cl2: [['德尔格', 'Polytron 7000 Cl2']],
  smoke: [['海康威视', 'DS-2DF8C442']],
  flame: [['西门子', 'FDF241-9']],
  temperature: [['中控', 'TMT-420']],
  weather_tower: [['中环天仪', 'ZQZ-TF']],
  camera: [['海康威视', 'DS-2XE6226F']],
  gateway: [['利尔达', 'LSD4GW']],
};

/**
 * The demo's offline device(s) by code (the first confined-space CO detector of a zone): the simulator
 * (api/src/demo/iot-simulator.ts) leaves them silent, so they stay offline under `npm start`.
 */
export const DEMO_OFFLINE_DEVICE_CODES: readonly string[] = ['CO-001'];

/**
 * The k-th device's own point around its enterprise's point (site-plan fraction 0..1, or lat/lng degrees): a ring of
 * six slots `radius` away, the next six a little further out — so markers never sit on top of each other.
 */
export function aroundPoint(
  center: number | null | undefined,
  k: number,
  radius: number,
  axis: 'x' | 'y',
  decimals: number,
): number | null {
  if (center == null) return null;
  const angle = ((k % 6) / 6) * 2 * Math.PI + (Math.floor(k / 6) * Math.PI) / 6;
  const r = radius * (1 + 0.6 * Math.floor(k / 6));
  const v = center + r * (axis === 'x' ? Math.cos(angle) : Math.sin(angle));
  const clamped = decimals === 4 ? Math.min(0.99, Math.max(0.01, v)) : v;
  return Number(clamped.toFixed(decimals));
}

/** How many devices per zone, at most (enterprises with the tags, ent-admin's first). */
const ENTERPRISE_DEVICES = 36;

/** A plausible normal value of a quantity at `ms` (zone hour for temperature). */
function normal(q: IotQuantity, ms: number, hour: number, rng: Rng, walk: { dir: number }): number {
  switch (q) {
    case 'gas_lel':
      return rng.float(0, 3, 1);
    case 'nh3':
      return rng.float(2, 8, 1);
    case 'h2s':
      return rng.float(0, 1.2, 1);
    case 'co':
      return rng.float(0, 5, 0);
    case 'cl2':
      return rng.float(0, 0.05, 2);
    case 'smoke':
      return rng.float(0, 0.3, 1);
    case 'flame':
      return 0;
    case 'temperature':
      return Number((14 + 8 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + rng.float(-0.5, 0.5, 1)).toFixed(1));
    case 'wind_dir':
      walk.dir = (walk.dir + rng.float(-12, 12, 0) + 360) % 360;
      return Math.round(walk.dir);
    case 'wind_speed':
      return Number((3.5 + 2.5 * Math.sin(ms / (3 * HOUR)) + rng.float(-0.5, 0.5, 1)).toFixed(1));
  }
}

/**
 * Seeds the zone's IoT monitoring once (see the module comment). `enterprises` are the zone's demo enterprises in
 * seed order (the first is ent-admin's), `users` the demo users by username, `accounts` every enterprise's accounts.
 */
export async function seedDemoIot(
  c: Container,
  s: Services,
  em: Em,
  zone: TenantInfo,
  enterprises: Enterprise[],
  users: Map<string, User>,
  accounts: Map<string, User[]>,
): Promise<DemoIotReport> {
  if (await em.count(IotDevice, {}))
    return { skipped: true, devices: 0, alarms: 0, hazards: 0, hazardsByStatus: {}, readings: 0 };
  const rng = new Rng(`iot:${zone.code}`);
  const now = new Date(Math.floor(Date.now() / MIN) * MIN);
  const dayOffset = (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
  const seq = new Map<string, number>();
  const code = (type: IotDeviceType) => {
    const n = (seq.get(PREFIX[type]) ?? 0) + 1;
    seq.set(PREFIX[type], n);
    return `${PREFIX[type]}-${String(n).padStart(type === 'weather_tower' || type === 'gateway' || type === 'camera' ? 2 : 3, '0')}`;
  };
  const devices: IotDevice[] = [];
  const add = (type: IotDeviceType, f: Partial<IotDevice> & { name: string }) => {
    const maker = rng.pick(MAKERS[type] ?? [['汉威科技', 'BS01']]);
    const installed = dayOffset(-rng.int(120, 700));
    const d = em.create(IotDevice, {
      code: code(type),
      type,
      enterpriseId: null,
      keyPlace: null,
      location: null,
      mapX: null,
      mapY: null,
      lat: null,
      lng: null,
      installedOn: installed,
      calibrationDueOn: IOT_DEVICE_TYPE_SPECS[type].quantities.some((q) => q !== 'wind_dir') ? dayOffset(rng.int(45, 330)) : null,
      certificateNo: null,
      intervalSeconds: IOT_DEVICE_TYPE_SPECS[type].intervalSeconds,
      status: 'enabled',
      gatewayId: null,
      credentialVersion: 1,
      credentialIssuedAt: new Date(Date.parse(`${installed}T02:00:00Z`)),
      lastSeenAt: new Date(now.getTime() - rng.int(1, 9) * 1000),
      online: true,
      manufacturer: maker[0],
      model: maker[1],
      ...f,
    });
    if (d.calibrationDueOn) d.certificateNo = `JD-${installed.slice(0, 4)}-${String(devices.length + 1).padStart(4, '0')}`;
    devices.push(d);
    return d;
  };

  // The zone's own: the high tower's weather station (wind for the downwind warning), the gateway, two cameras.
  const gateway = add('gateway', {
    name: '园区物联网网关',
    location: '园区管委会机房',
    mapX: 0.52,
    mapY: 0.1,
    lat: null,
    lng: null,
  });
  const tower = add('weather_tower', {
    name: '园区高塔气象站',
    location: '园区管委会高塔（60 米）',
    mapX: 0.5,
    mapY: 0.08,
    calibrationDueOn: dayOffset(200),
  });
  add('camera', { name: '主干道路口防爆摄像机', location: '高新路与科创路交叉口', mapX: 0.27, mapY: 0.35 });
  add('camera', { name: '危化品停车场防爆摄像机', location: '园区危化品车辆停车场', mapX: 0.78, mapY: 0.72 });

  // Enterprise detectors: ent-admin's enterprise first, then the others with a key-place tag, until the budget is used.
  const tagged = enterprises.filter((e, i) => i === 0 || PLACES.some((p) => (e.keyPlaceTags ?? []).includes(p.tag)));
  const byEnterprise = new Map<string, IotDevice[]>();
  for (const e of tagged) {
    const used = devices.length - 4;
    if (used >= ENTERPRISE_DEVICES) break;
    const places = PLACES.filter((p) => (e.keyPlaceTags ?? []).includes(p.tag));
    for (const p of places.slice(0, 2)) {
      const where = rng.pick(p.where);
      for (const type of p.types) {
        if (devices.length - 4 >= ENTERPRISE_DEVICES) break;
        const k = byEnterprise.get(e.id)?.length ?? 0;
        const d = add(type, {
          name: `${where}${IOT_DEVICE_TYPE_SPECS[type].label}`,
          enterpriseId: e.id,
          keyPlace: p.keyPlace,
          location: `${where}${rng.pick(['东侧', '西侧', '北墙', '入口', '中部'])}`,
          mapX: aroundPoint(e.planX, k, 0.02, 'x', 4),
          mapY: aroundPoint(e.planY, k, 0.02, 'y', 4),
          lat: aroundPoint(e.lat, k, 0.0006, 'y', 6),
          lng: aroundPoint(e.lng, k, 0.0006, 'x', 6),
        });
        byEnterprise.set(e.id, [...(byEnterprise.get(e.id) ?? []), d]);
      }
    }
  }
  await em.flush();
  const enterpriseDevices = devices.filter((d) => d.enterpriseId);
  // A few report through the gateway; two calibrations are due within the month, one is past.
  for (const d of [tower, ...enterpriseDevices.slice(-5)]) d.gatewayId = gateway.id;
  const detectors = enterpriseDevices.filter((d) => d.calibrationDueOn);
  if (detectors.length > 6) {
    detectors[3]!.calibrationDueOn = dayOffset(12);
    detectors[5]!.calibrationDueOn = dayOffset(24);
    detectors[6]!.calibrationDueOn = dayOffset(-5);
  }
  // The offline device: a confined-space detector (DEMO_OFFLINE_DEVICE_CODES, or the last one) silent for two hours.
  const offline = enterpriseDevices.find((d) => DEMO_OFFLINE_DEVICE_CODES.includes(d.code)) ?? enterpriseDevices.at(-1)!;
  offline.online = false;
  offline.lastSeenAt = new Date(now.getTime() - 2 * HOUR - 17 * MIN);
  await em.flush();

  // ---- alarms
  const entAdminEnterprise = enterprises[0]!;
  const safety = users.get('safety') ?? users.get('admin')!;
  const grid = users.get('grid1') ?? safety;
  const handlerOf = (d: IotDevice, r: Rng): User => {
    const own = d.enterpriseId ? (accounts.get(d.enterpriseId) ?? []) : [];
    return own.length && r.chance(0.6) ? r.pick(own) : r.chance(0.5) ? safety : grid;
  };
  const alarms: IotAlarm[] = [];
  const events: Array<Partial<IotAlarmEvent> & { alarmId: string; action: IotAlarmEvent['action']; at: Date }> = [];
  const event = (a: IotAlarm, action: IotAlarmEvent['action'], at: Date, f: Partial<IotAlarmEvent> = {}) =>
    events.push({
      alarmId: a.id,
      action,
      at,
      actorId: null,
      actorName: '物联网平台',
      level: null,
      value: null,
      comment: null,
      data: null,
      ...f,
    });
  const CAUSES: Array<readonly [AlarmCause, number]> = [
    ['process', 4],
    ['sensor_fault', 3],
    ['test', 2],
    ['environment', 2],
    ['other', 1],
  ];
  const MEASURES: Record<AlarmCause, string[]> = {
    equipment: ['更换法兰垫片并复测正常', '紧固阀门填料压盖，复测无泄漏'],
    management: ['对违章动火人员进行教育并停工整改', '补办受限空间作业审批，重新检测后作业'],
    process: ['调整工艺参数，加强通风后读数恢复', '投料速度放缓，现场监护至读数正常'],
    sensor_fault: ['探头老化漂移，已联系厂家更换探头', '传感器受潮，烘干后重新标定'],
    test: ['计量机构现场标定，属测试报警', '年度联动测试'],
    environment: ['雷雨天气干扰，现场核实无泄漏', '附近车辆尾气影响，读数已恢复'],
    other: ['现场核实无异常'],
  };
  const history = enterpriseDevices.filter((d) => IOT_DEVICE_TYPE_SPECS[d.type].quantities.length && d !== offline);
  const plan: Array<{
    days: number;
    level: 1 | 2;
    kind: 'threshold' | 'rate_of_rise' | 'offline';
    hazard?: 'level2' | 'cause';
    open?: boolean;
  }> = [];
  for (let i = 0; i < 26; i++) {
    const kind = rng.weighted([
      ['threshold', 8],
      ['rate_of_rise', 1],
      ['offline', 1],
    ] as const);
    plan.push({ days: rng.float(2.2, 29.5, 3), level: rng.chance(0.2) ? 2 : 1, kind });
  }
  // Two recent ones opened hazards; three recent ones are cleared and wait for their handling record.
  plan.push({ days: 1.3, level: 2, kind: 'threshold', hazard: 'level2' });
  plan.push({ days: 2.1, level: 1, kind: 'threshold', hazard: 'cause' });
  for (const days of [0.4, 0.9, 1.6]) plan.push({ days, level: 1, kind: 'threshold', open: true });
  const hazardAlarms: Array<{ alarm: IotAlarm; device: IotDevice; how: 'level2' | 'cause' }> = [];
  for (const p of plan) {
    const r = new Rng(`iot:${zone.code}:${alarms.length}`);
    const d = p.hazard
      ? (byEnterprise.get(entAdminEnterprise.id)?.find((x) => x.type !== 'smoke') ?? r.pick(history))
      : r.pick(history);
    const q = IOT_DEVICE_TYPE_SPECS[d.type].quantities[0]!;
    // A flame detector has only the second level (flame seen).
    const lvl: 1 | 2 = DEFAULT_ALARM_RULES[d.type].conditions[0]?.level1 === null ? 2 : p.level;
    const spec = IOT_QUANTITY_SPECS[q];
    const startedAt = new Date(now.getTime() - p.days * DAY);
    const cleared = new Date(startedAt.getTime() + r.int(3, 40) * MIN);
    const ackAt = new Date(startedAt.getTime() + r.int(1, 12) * MIN);
    const severity: AlarmSeverity =
      p.kind === 'offline' ? 'warning' : p.kind === 'rate_of_rise' ? 'minor' : lvl === 2 ? 'critical' : 'major';
    // Values around the default set points of the type (DEFAULT_ALARM_RULES), inside the quantity's range.
    const cond = DEFAULT_ALARM_RULES[d.type].conditions[0];
    const l2 = cond?.level2 ?? spec.max;
    const l1 = cond?.level1 ?? l2;
    const clamp = (v: number) => Number(Math.min(spec.max, v).toFixed(spec.decimals));
    const peak = p.kind === 'offline' ? null : clamp(lvl === 2 ? l2 * r.float(1.02, 1.25) : l1 * r.float(1.02, 1.5));
    const first = peak === null ? null : clamp(l1 * r.float(1.0, 1.05));
    const by = handlerOf(d, r);
    const closed = !p.open && !(p.hazard === 'level2');
    const cause: AlarmCause = p.hazard === 'cause' ? 'equipment' : r.weighted(CAUSES);
    const closedAt = closed ? new Date(cleared.getTime() + r.int(10, 600) * MIN) : null;
    const a = em.create(IotAlarm, {
      deviceId: d.id,
      enterpriseId: d.enterpriseId ?? null,
      type: p.kind === 'offline' ? 'offline' : alarmType(p.kind, q),
      kind: p.kind,
      quantity: p.kind === 'offline' ? null : q,
      severity,
      level: p.kind === 'threshold' ? lvl : null,
      activeKey: null,
      startedAt,
      lastAt: cleared,
      clearedAt: cleared,
      firstValue: first,
      lastValue: peak === null ? null : Number((l1 * 0.6).toFixed(spec.decimals)),
      peakValue: peak,
      count: r.int(1, 3),
      acknowledgedAt: ackAt,
      acknowledgedBy: by.id,
      assigneeId: null,
      closedAt,
      closedBy: closed ? by.id : null,
      handling: closed ? ({ cause, measures: r.pick(MEASURES[cause]), photoIds: [] } satisfies IotAlarmHandling) : null,
      hazardId: null,
      ruleVersion: null,
      escalationStage: 'responsible',
      nextEscalationAt: null,
    });
    alarms.push(a);
    event(a, 'raise', startedAt, { level: a.level ?? null, value: first, data: { severity } });
    if (lvl === 2 && p.kind === 'threshold')
      event(a, 'level', new Date(startedAt.getTime() + r.int(20, 90) * 1000), {
        level: 2,
        value: peak,
        data: { severity: 'critical' },
      });
    event(a, 'ack', ackAt, { actorId: by.id, actorName: by.name });
    if (r.chance(0.3))
      event(a, 'comment', new Date(ackAt.getTime() + MIN), { actorId: by.id, actorName: by.name, comment: '已通知现场人员核实' });
    event(a, 'clear', cleared, { value: a.lastValue ?? null });
    if (closed) event(a, 'close', closedAt!, { actorId: by.id, actorName: by.name, data: { cause } });
    if (p.hazard) hazardAlarms.push({ alarm: a, device: d, how: p.hazard });
  }

  // The active, unacknowledged one: ent-admin's combustible-gas detector at 一级, 12 minutes ago, escalation running.
  const gasOfEntAdmin =
    byEnterprise.get(entAdminEnterprise.id)?.find((d) => d.type === 'gas_combustible') ??
    enterpriseDevices.find((d) => d.type === 'gas_combustible' && d !== offline)!;
  const activeStart = new Date(now.getTime() - 12 * MIN);
  const stages = alarmPlan(zone, { startedAt: activeStart, severity: 'major' });
  const fired = stages.filter((x) => x.fireAt.getTime() <= now.getTime()).at(-1);
  const next = stages.find((x) => x.fireAt.getTime() > now.getTime());
  const active = em.create(IotAlarm, {
    deviceId: gasOfEntAdmin.id,
    enterpriseId: gasOfEntAdmin.enterpriseId ?? null,
    type: alarmType('threshold', 'gas_lel'),
    kind: 'threshold',
    quantity: 'gas_lel',
    severity: 'major',
    level: 1,
    activeKey: `${gasOfEntAdmin.id}:${alarmType('threshold', 'gas_lel')}`,
    startedAt: activeStart,
    lastAt: new Date(now.getTime() - 20_000),
    clearedAt: null,
    firstValue: 25.4,
    lastValue: 27.5,
    peakValue: 28.6,
    count: 1,
    acknowledgedAt: null,
    acknowledgedBy: null,
    assigneeId: null,
    closedAt: null,
    closedBy: null,
    handling: null,
    hazardId: null,
    ruleVersion: null,
    escalationStage: fired ? fired.key : null,
    nextEscalationAt: next?.fireAt ?? null,
  });
  alarms.push(active);
  event(active, 'raise', activeStart, { level: 1, value: 25.4, data: { severity: 'major' } });
  for (const st of stages.filter((x) => x.fireAt.getTime() > activeStart.getTime() && x.fireAt.getTime() <= now.getTime()))
    event(active, 'escalate', st.fireAt, { data: { stage: st.key, target: st.target } });
  // The offline device's alarm: acknowledged by the grid worker, still active.
  const offlineAlarm = em.create(IotAlarm, {
    deviceId: offline.id,
    enterpriseId: offline.enterpriseId ?? null,
    type: 'offline',
    kind: 'offline',
    quantity: null,
    severity: 'warning',
    level: null,
    activeKey: `${offline.id}:offline`,
    startedAt: new Date(offline.lastSeenAt!.getTime() + 3 * offline.intervalSeconds * 1000 + 30_000),
    lastAt: new Date(now.getTime() - 5 * MIN),
    clearedAt: null,
    firstValue: null,
    lastValue: null,
    peakValue: null,
    count: 1,
    acknowledgedAt: new Date(now.getTime() - 95 * MIN),
    acknowledgedBy: grid.id,
    assigneeId: null,
    closedAt: null,
    closedBy: null,
    handling: null,
    hazardId: null,
    ruleVersion: null,
    escalationStage: null,
    nextEscalationAt: null,
  });
  alarms.push(offlineAlarm);
  event(offlineAlarm, 'raise', offlineAlarm.startedAt);
  event(offlineAlarm, 'ack', offlineAlarm.acknowledgedAt!, { actorId: grid.id, actorName: grid.name });
  event(offlineAlarm, 'comment', new Date(now.getTime() - 90 * MIN), {
    actorId: grid.id,
    actorName: grid.name,
    comment: '企业反映线路检修断电，已要求恢复供电后确认上线',
  });
  await em.flush();
  for (const e of events) em.create(IotAlarmEvent, e as never);
  await em.flush();

  // Two alarms opened hazards (the ordinary path: system actor 物联网平台, source iot_alarm).
  let hazards = 0;
  for (const { alarm, device, how } of hazardAlarms) {
    const id = await openAlarmHazard(
      em,
      s.hazards,
      zone,
      {
        id: device.id,
        name: device.name,
        type: device.type,
        enterpriseId: device.enterpriseId ?? null,
        location: device.location ?? null,
        keyPlace: device.keyPlace ?? null,
      },
      how === 'level2'
        ? { kind: 'level2', quantity: alarm.quantity ?? null, peak: alarm.peakValue ?? null }
        : { kind: 'cause', cause: 'equipment', measures: alarm.handling?.measures ?? '更换法兰垫片并复测正常' },
    );
    if (!id) continue;
    hazards++;
    alarm.hazardId = id;
    em.create(IotAlarmEvent, {
      alarmId: alarm.id,
      action: 'hazard',
      at: new Date(),
      actorId: null,
      actorName: '物联网平台',
      level: null,
      value: null,
      comment: null,
      data: { hazardId: id },
    } as never);
  }
  await em.flush();

  // ---- 24 h of readings of about ten devices, and every online device's latest values in Redis.
  const withReadings = [
    tower,
    gasOfEntAdmin,
    ...(byEnterprise.get(entAdminEnterprise.id) ?? []).filter((d) => d !== gasOfEntAdmin),
    ...enterpriseDevices.filter((d) => d.type === 'gas_nh3').slice(0, 2),
    ...enterpriseDevices.filter((d) => d.type === 'temperature').slice(0, 2),
    ...enterpriseDevices.filter((d) => d.type === 'gas_h2s').slice(0, 1),
    ...enterpriseDevices.filter((d) => d.type === 'smoke').slice(0, 1),
  ]
    .filter((d, i, all) => all.indexOf(d) === i && d !== offline)
    .slice(0, 10);
  const rows: ReadingRow[] = [];
  const latest = new Map<string, { ts: number; v: Record<string, number> }>();
  const STEP = MIN;
  const hourFmt = new Intl.DateTimeFormat('en', { timeZone: zone.timeZone, hour: 'numeric', hourCycle: 'h23' });
  const hourOf = (ms: number) => Number(hourFmt.format(ms));
  for (const d of withReadings) {
    const r = new Rng(`iot:${zone.code}:readings:${d.code}`);
    const walk = { dir: r.int(0, 359) };
    for (let ts = now.getTime() - DAY + STEP; ts <= now.getTime(); ts += STEP) {
      const hour = hourOf(ts);
      const v: Record<string, number> = {};
      for (const q of IOT_DEVICE_TYPE_SPECS[d.type].quantities) {
        let value = normal(q, ts, hour, r, walk);
        // The active alarm's detector: a leak building up over the last quarter of an hour.
        if (d === gasOfEntAdmin && q === 'gas_lel' && ts > activeStart.getTime() - 3 * MIN)
          value = Number(
            Math.min(28.6, 18 + ((ts - activeStart.getTime() + 3 * MIN) / (15 * MIN)) * 10 + r.float(-0.5, 0.5, 1)).toFixed(1),
          );
        v[q] = value;
        rows.push({ tenantId: zone.id, deviceId: d.id, quantity: q, ts, value });
      }
      latest.set(d.id, { ts, v });
    }
  }
  for (const d of devices) {
    if (latest.has(d.id) || !d.online || !IOT_DEVICE_TYPE_SPECS[d.type].quantities.length) continue;
    const r = new Rng(`iot:${zone.code}:latest:${d.code}`);
    const v: Record<string, number> = {};
    for (const q of IOT_DEVICE_TYPE_SPECS[d.type].quantities)
      v[q] = normal(q, now.getTime(), hourOf(now.getTime()), r, { dir: 90 });
    latest.set(d.id, { ts: d.lastSeenAt!.getTime(), v });
  }
  const readings = await insertReadings(em.getConnection(), rows);
  if (latest.size)
    await c.redis.hset(latestKey(zone.id), Object.fromEntries([...latest].map(([id, l]) => [id, JSON.stringify(l)])));
  const hazardsByStatus: Record<string, number> = {};
  const opened = alarms.map((a) => a.hazardId).filter((x): x is string => Boolean(x));
  if (opened.length)
    for (const h of await em.find(Hazard, { id: { $in: opened } }, { fields: ['status'] }))
      hazardsByStatus[h.status] = (hazardsByStatus[h.status] ?? 0) + 1;
  return { skipped: false, devices: devices.length, alarms: alarms.length, hazards, hazardsByStatus, readings };
}
