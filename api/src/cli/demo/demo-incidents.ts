/**
 * A demo zone's emergency linkage (应急联动), lived in:
 * - the zone's structured response plans (应急预案响应程序), one per main incident type with timed steps (接警核实
 *   2 min, 通知救援队 3 min, 疏散警戒 10 min, 上报应急管理局 60 min …), and two enterprises' plans linked to the
 *   EmergencyPlan records of their files;
 * - 7 sensitive targets (敏感目标: schools, a kindergarten, a hospital, residential areas, a nursing home) 1–3 km
 *   around the zone, on the site plan through the affine fit of the enterprises' two positions (domain
 *   fitPlanAffine), two of them placed downwind of the open incident (first zone; elsewhere south-west);
 * - four past incidents: a mechanical injury with casualties and its 1-hour report to the authority (closed), a
 *   smoke-detector false alarm (cancelled), a confined-space drill that wrote its Drill record into the enterprise's
 *   file (closed), a rainstorm flooding without casualties (closed) — each with its timeline, dispatches, equipment
 *   and checklist;
 * - in the first zone (siqi) one OPEN incident: a hazardous-chemical leak at a chemical user 26 minutes ago, the
 *   enterprise's plan applied (7 of 9 steps ticked, one past due), four dispatches (one escalated after 3 minutes
 *   and replaced, two acknowledged — the leader one of them —, one en route; never `rescue1`, the demo's member
 *   login), a breathing apparatus pair and a gas detector deployed, the downwind warning sent to the enterprises and
 *   targets inside the toxic sector (`ent-admin`'s enterprise among them when it is within reach, left
 *   unacknowledged for the demo user; some others acknowledged), the reporting clock running.
 * Deterministic (names, places and times relative to the seed's minute; the wind from the geometry) and idempotent:
 * a zone that has response plans is left alone. Written through the ORM entities, like demo-iot.ts.
 */
import {
  DEFAULT_DOWNWIND_POLICY,
  accidentGrade,
  compassName,
  destinationPoint,
  distanceAndBearing,
  downwindSector,
  fitPlanAffine,
  inSector,
  localDate,
  reportingClock,
  warningSeverity,
  zonedToUtc,
  type DownwindPolicy,
  type LatLng,
} from '@yuanan/domain';
import type { IncidentEventKind, IncidentType, ResponsePlanStep, WarningLevel } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Services } from '../../modules/index.ts';
import { DutyTeam, DutyTeamMember } from '../../modules/duty/duty.entity.ts';
import type { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Drill, EmergencyPlan } from '../../modules/enterprises/enterprise-records.entity.ts';
import { EquipmentModel, EquipmentUnit } from '../../modules/equipment/equipment.entity.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { BLANK_INCIDENT } from '../../modules/incidents/incident-blank.ts';
import {
  Incident,
  IncidentChecklistItem,
  IncidentCounter,
  IncidentEvent,
  ResponsePlan,
} from '../../modules/incidents/incident.entity.ts';
import {
  IncidentDispatch,
  IncidentEquipment,
  IncidentWarning,
  SensitiveTarget,
} from '../../modules/incidents/dispatch.entity.ts';
import { Rng } from './demo-random.ts';

export interface DemoIncidentReport {
  skipped: boolean;
  /** Response plans: the zone's and the enterprises'. */
  plans: number;
  enterprisePlans: number;
  targets: number;
  /** Incidents by status. */
  incidents: Record<string, number>;
  /** The open incident's number (first zone only), or null. */
  open: string | null;
  dispatches: number;
  warnings: number;
  events: number;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A plan step as written below: [key, who, role, action, withinMinutes]. */
type Step = [string, string, ResponsePlanStep['role'] | null, string, number];
const steps = (list: Step[]): ResponsePlanStep[] =>
  list.map(([key, who, role, action, withinMinutes], i) => ({
    key,
    order: (i + 1) * 10,
    who,
    ...(role ? { role } : {}),
    action,
    withinMinutes,
  }));

const VERIFY: Step = [
  'verify',
  '值班员',
  'safety_officer',
  '接警核实：问清地点、类型、被困/受伤人数、危化品名称，登记接报时间',
  2,
];
const CALL_SQUAD: Step = ['call_squad', '值班长', 'rescue_leader', '通知应急救援队集结出动，按预案携带器材', 3];
const TELL_ENTERPRISE: Step = [
  'tell_enterprise',
  '值班员',
  'safety_officer',
  '通知事发企业负责人启动企业预案，组织自救和人员清点',
  5,
];
const REPORT: Step = [
  'report',
  '安监办负责人',
  'zone_admin',
  '1 小时内向义乌市应急管理局报告（事故报告条例第九条），按第十二条内容填报',
  60,
];

/** The zone's plans: one per main type; levels I–IV unless said. */
const ZONE_PLANS: Array<{ title: string; types: IncidentType[]; levels: WarningLevel[]; steps: ResponsePlanStep[] }> = [
  {
    title: '园区危险化学品泄漏事故应急响应程序',
    types: ['leak_poisoning'],
    levels: ['I', 'II', 'III', 'IV'],
    steps: steps([
      VERIFY,
      CALL_SQUAD,
      ['downwind', '值班员', 'safety_officer', '查看塔站风向风速，向下风向企业和敏感目标发布预警', 5],
      TELL_ENTERPRISE,
      ['cordon', '救援队长', 'rescue_leader', '在上风向设立指挥点，划定警戒区，疏散下风向无关人员', 10],
      ['detect', '救援队员', 'rescue_member', '佩戴正压式空气呼吸器进入，用四合一气体检测仪侦检浓度并报告读数', 15],
      ['plug', '救援队长', 'rescue_leader', '关阀断料、堵漏、稀释或围堵收集，防止流入雨水管网', 30],
      REPORT,
      ['monitor', '值班员', 'safety_officer', '持续监测，浓度恢复正常后解除警戒，记录处置经过', 120],
    ]),
  },
  {
    title: '园区火灾事故应急响应程序',
    types: ['fire'],
    levels: ['I', 'II', 'III', 'IV'],
    steps: steps([
      VERIFY,
      ['call_119', '值班员', 'safety_officer', '确认 119 已接警，告知园区消防通道和最近消火栓位置', 2],
      CALL_SQUAD,
      TELL_ENTERPRISE,
      ['evacuate', '救援队长', 'rescue_leader', '疏散厂房和相邻企业人员，清点人数，设置警戒', 10],
      ['downwind', '值班员', 'safety_officer', '烟气扩散方向的企业和敏感目标发布预警', 10],
      ['handover', '救援队长', 'rescue_leader', '消防救援队到场后移交指挥，配合供水、照明和警戒', 30],
      REPORT,
    ]),
  },
  {
    title: '园区爆炸事故应急响应程序',
    types: ['explosion'],
    levels: ['I', 'II', 'III'],
    steps: steps([
      VERIFY,
      CALL_SQUAD,
      ['cordon', '救援队长', 'rescue_leader', '划定 300 米警戒区，防止二次爆炸，切断周边电源气源', 10],
      ['search', '救援队员', 'rescue_member', '生命探测仪搜救被困人员，伤员交 120', 20],
      ['downwind', '值班员', 'safety_officer', '向下风向企业和敏感目标发布预警', 10],
      REPORT,
    ]),
  },
  {
    title: '园区有限空间作业事故应急响应程序',
    types: ['confined_space'],
    levels: ['I', 'II', 'III', 'IV'],
    steps: steps([
      VERIFY,
      ['no_blind_rescue', '值班员', 'safety_officer', '电话告知现场：严禁未佩戴防护盲目施救，保持机械通风', 2],
      CALL_SQUAD,
      ['detect', '救援队员', 'rescue_member', '检测氧含量、硫化氢、一氧化碳和可燃气体', 12],
      ['rescue', '救援队员', 'rescue_member', '佩戴正压式空气呼吸器、系安全绳进入救援，外部专人监护', 20],
      REPORT,
    ]),
  },
  {
    title: '园区防汛防台应急响应程序',
    types: ['flood_typhoon'],
    levels: ['I', 'II', 'III', 'IV'],
    steps: steps([
      VERIFY,
      ['pumps', '救援队长', 'rescue_leader', '调派移动式排水泵和防汛沙袋到积水点', 15],
      ['power', '值班员', 'safety_officer', '通知企业切断地下室和低洼处配电，转移危化品', 15],
      ['patrol', '网格员', 'grid_worker', '巡查围墙、广告牌、临时建筑，劝离低洼处人员', 30],
    ]),
  },
  {
    title: '园区一般生产安全事故应急响应程序（机械伤害、触电等）',
    types: ['mechanical_injury', 'electric_shock', 'other'],
    levels: ['II', 'III', 'IV'],
    steps: steps([
      VERIFY,
      ['call_120', '值班员', 'safety_officer', '确认 120 已接警，指导现场止血、心肺复苏，触电先断电', 2],
      CALL_SQUAD,
      ['scene', '救援队长', 'rescue_leader', '保护事故现场，停用相关设备，收集监控录像', 20],
      REPORT,
    ]),
  },
];

/** Sensitive targets around a zone: names per zone (index as DEMO_ZONES), bearing and distance from the centre. */
const TARGETS: Array<{ kind: string; names: [string, string]; population: number; bearing: number; km: number }> = [
  { kind: 'school', names: ['后宅中心小学', '苏溪镇中心小学'], population: 1480, bearing: 20, km: 2.2 },
  { kind: 'kindergarten', names: ['后宅街道中心幼儿园', '苏溪镇第二幼儿园'], population: 320, bearing: 95, km: 1.9 },
  { kind: 'hospital', names: ['义乌市后宅社区卫生服务中心', '苏溪镇卫生院'], population: 260, bearing: 150, km: 2.6 },
  { kind: 'residential', names: ['遗安村', '蒋母塘村'], population: 2100, bearing: 290, km: 1.6 },
  { kind: 'nursing_home', names: ['后宅街道居家养老服务中心', '苏溪镇敬老院'], population: 90, bearing: 335, km: 2.8 },
];
/** The two placed downwind of the open incident (first zone). */
const DOWNWIND_TARGETS: Array<{ kind: string; names: [string, string]; population: number; offAxis: number; m: number }> = [
  { kind: 'residential', names: ['洪华小区', '新乐小区'], population: 3400, offAxis: -12, m: 1200 },
  { kind: 'school', names: ['后宅初级中学', '苏溪第二初级中学'], population: 1650, offAxis: 18, m: 1750 },
];

const TARGET_CONTACTS = ['王老师', '陈主任', '李院长', '张书记', '赵主任', '吴老师', '周主任'];

interface Ctx {
  em: Em;
  zone: TenantInfo;
  rng: Rng;
  now: Date;
  counters: Map<string, number>;
  events: number;
  dispatches: number;
}

/** SJ + the zone-local day + a 3-digit daily sequence, like the service numbers new ones. */
function nextNo(ctx: Ctx, at: Date): string {
  const day = localDate(at, ctx.zone.timeZone).replace(/-/g, '');
  const n = (ctx.counters.get(day) ?? 0) + 1;
  ctx.counters.set(day, n);
  return `SJ${day}-${String(n).padStart(3, '0')}`;
}

function event(
  ctx: Ctx,
  incident: Incident,
  at: Date,
  kind: IncidentEventKind,
  text: string,
  who: User | string | null,
  data: Record<string, unknown> | null = null,
): void {
  ctx.events++;
  ctx.em.create(IncidentEvent, {
    incidentId: incident.id,
    at,
    kind,
    actorId: who && typeof who !== 'string' ? who.id : null,
    actorName: (who === null ? '应急平台' : typeof who === 'string' ? who : who.name).slice(0, 60),
    text: (incident.isDrill && !text.startsWith('【演练】') ? `【演练】${text}` : text).slice(0, 2000),
    data,
  } as never);
}

function checklist(ctx: Ctx, incident: Incident, plan: ResponsePlan, doneUpTo: number, by: User | null): IncidentChecklistItem[] {
  return plan.steps.map((s, i) => {
    const dueAt = new Date(incident.learnedAt.getTime() + s.withinMinutes * MIN);
    const done = i < doneUpTo;
    const doneAt = done
      ? new Date(Math.min(dueAt.getTime() - MIN / 2, incident.learnedAt.getTime() + (i + 1) * 1.5 * MIN))
      : null;
    return ctx.em.create(IncidentChecklistItem, {
      incidentId: incident.id,
      stepKey: s.key,
      order: s.order,
      who: s.who,
      role: s.role ?? null,
      action: s.action,
      dueAt,
      doneAt,
      doneBy: done && by ? by.id : null,
      doneByName: done && by ? by.name : null,
      note: null,
    } as never);
  });
}

interface DispatchSpec {
  user: User;
  phone: string | null;
  teamId: string | null;
  isLeader: boolean;
  /** Minutes after learnedAt. */
  at: number;
  by: User | null;
  ack?: number;
  enRoute?: number;
  onScene?: number;
  done?: number;
  standDown?: number;
  escalated?: number;
  replaces?: IncidentDispatch;
}

function dispatch(ctx: Ctx, incident: Incident, d: DispatchSpec, ackMinutes: number): IncidentDispatch {
  const t = (m: number | undefined) => (m === undefined ? null : new Date(incident.learnedAt.getTime() + m * MIN));
  const status =
    d.escalated !== undefined
      ? 'escalated'
      : d.standDown !== undefined
        ? 'stood_down'
        : d.done !== undefined
          ? 'done'
          : d.onScene !== undefined
            ? 'on_scene'
            : d.enRoute !== undefined
              ? 'en_route'
              : d.ack !== undefined
                ? 'acknowledged'
                : 'pending_ack';
  ctx.dispatches++;
  const row = ctx.em.create(IncidentDispatch, {
    incidentId: incident.id,
    userId: d.user.id,
    userName: d.user.name,
    phone: d.phone,
    teamId: d.teamId,
    isLeader: d.isLeader,
    status,
    dispatchedAt: t(d.at)!,
    dispatchedBy: d.by?.id ?? null,
    ackDueAt: new Date(incident.learnedAt.getTime() + (d.at + ackMinutes) * MIN),
    acknowledgedAt: t(d.ack),
    lateAck: false,
    escalatedAt: t(d.escalated),
    replacesDispatchId: d.replaces?.id ?? null,
    enRouteAt: t(d.enRoute),
    onSceneAt: t(d.onScene),
    doneAt: t(d.done),
    standDownAt: t(d.standDown),
    rollCallDueAt: null,
    rollCallSentAt: null,
    lastAccountedAt: t(d.onScene),
    lat: null,
    lng: null,
  } as never);
  const who = d.by ?? null;
  event(ctx, incident, t(d.at)!, 'dispatched', `调派 ${d.user.name}${d.isLeader ? '（队长）' : ''}`, who, {
    dispatchId: row.id,
    userId: d.user.id,
    ...(d.replaces ? { replacesDispatchId: d.replaces.id } : {}),
  });
  if (d.escalated !== undefined)
    event(ctx, incident, t(d.escalated)!, 'escalated', `${d.user.name} ${ackMinutes} 分钟内未确认，已升级并改派下一位`, null, {
      dispatchId: row.id,
    });
  if (d.ack !== undefined)
    event(ctx, incident, t(d.ack)!, 'acknowledged', `${d.user.name} 已确认出警`, d.user, { dispatchId: row.id });
  if (d.enRoute !== undefined)
    event(ctx, incident, t(d.enRoute)!, 'en_route', `${d.user.name} 已出发`, d.user, { dispatchId: row.id });
  if (d.onScene !== undefined)
    event(ctx, incident, t(d.onScene)!, 'on_scene', `${d.user.name} 已到场`, d.user, { dispatchId: row.id });
  if (d.done !== undefined)
    event(ctx, incident, t(d.done)!, 'done', `${d.user.name} 处置完成归队`, d.user, { dispatchId: row.id });
  if (d.standDown !== undefined)
    event(ctx, incident, t(d.standDown)!, 'stood_down', `${d.user.name} 撤回`, d.by, { dispatchId: row.id });
  return row;
}

function takeUnit(
  ctx: Ctx,
  incident: Incident,
  unit: EquipmentUnit,
  modelName: string,
  at: number,
  releasedAt: number | null,
  by: User | null,
): void {
  const t = (m: number) => new Date(incident.learnedAt.getTime() + m * MIN);
  ctx.em.create(IncidentEquipment, {
    incidentId: incident.id,
    unitId: unit.id,
    assetTag: unit.assetTag,
    modelName,
    how: 'deployed',
    loanId: null,
    borrowerName: null,
    at: t(at),
    releasedAt: releasedAt === null ? null : t(releasedAt),
  } as never);
  event(ctx, incident, t(at), 'equipment_deployed', `出动器材 ${modelName}（${unit.assetTag}）`, by, { unitId: unit.id });
  if (releasedAt === null) {
    unit.status = 'deployed';
    unit.incidentRef = incident.no;
  } else event(ctx, incident, t(releasedAt), 'equipment_released', `器材 ${unit.assetTag} 归还器材室`, by, { unitId: unit.id });
}

/** The people the stories need: the desk, the squad (on duty now first), the leader. */
interface People {
  desk: User;
  admin: User;
  lead: User;
  leadPhone: string | null;
  squad: Array<{ user: User; teamId: string | null; phone: string | null; onDuty: boolean }>;
}

async function people(c: Container, s: Services | null, em: Em, users: Map<string, User>): Promise<People | null> {
  const desk = users.get('safety') ?? users.get('admin');
  const admin = users.get('admin') ?? desk;
  const lead = users.get('rescue-lead');
  if (!desk || !admin || !lead) return null;
  const phone = (u: User) => {
    try {
      return u.phoneSealed ? c.cipher.open(u.phoneSealed).slice(0, 20) : null;
    } catch {
      return null;
    }
  };
  const teams = await em.find(DutyTeam, { kind: 'rescue_squad', active: true }, { orderBy: { name: 'asc' } });
  const members = teams.length
    ? await em.find(DutyTeamMember, { teamId: { $in: teams.map((t) => t.id) }, active: true }, { orderBy: { id: 'asc' } })
    : [];
  const byId = new Map(
    (await em.find(User, { id: { $in: [...new Set(members.map((m) => m.userId))] }, status: 'active' })).map((u) => [u.id, u]),
  );
  const onDuty = new Set<string>();
  if (s && teams.length)
    for (const a of await s.duty.onDutyNow(em)) if (a.team.kind === 'rescue_squad') for (const id of a.userIds) onDuty.add(id);
  const squad = members
    .filter((m) => byId.has(m.userId) && m.userId !== lead.id)
    .map((m) => ({
      user: byId.get(m.userId)!,
      teamId: m.teamId as string | null,
      phone: phone(byId.get(m.userId)!),
      onDuty: onDuty.has(m.userId),
    }))
    .sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || (a.user.username ?? '').localeCompare(b.user.username ?? ''));
  // a zone without a duty roster still gets its stories with rescue1 (and the leader)
  const r1 = users.get('rescue1');
  if (!squad.length && r1) squad.push({ user: r1, teamId: null, phone: phone(r1), onDuty: true });
  if (!squad.length) return null;
  return { desk, admin, lead, leadPhone: phone(lead), squad };
}

/**
 * Seeds the zone's emergency linkage once (see the module comment). `enterprises` are the zone's demo enterprises
 * in seed order (the first is ent-admin's), `users` the demo users by username, `accounts` every enterprise's
 * accounts; `services` (optional) answers who is on duty now. The open incident is seeded only when `withOpen`.
 */
export async function seedDemoIncidents(
  c: Container,
  s: Services | null,
  em: Em,
  zone: TenantInfo,
  enterprises: Enterprise[],
  users: Map<string, User>,
  accounts: Map<string, User[]>,
  opts: { zoneIndex: number; withOpen: boolean },
): Promise<DemoIncidentReport> {
  const empty: DemoIncidentReport = {
    skipped: true,
    plans: 0,
    enterprisePlans: 0,
    targets: 0,
    incidents: {},
    open: null,
    dispatches: 0,
    warnings: 0,
    events: 0,
  };
  if (await em.count(ResponsePlan, {})) return empty;
  const who = await people(c, s, em, users);
  const placed = enterprises.filter((e) => e.lat != null && e.lng != null);
  if (!who || placed.length < 3) return empty;
  const now = new Date(Math.floor(Date.now() / MIN) * MIN);
  const ctx: Ctx = { em, zone, rng: new Rng(`incidents:${zone.code}`), now, counters: new Map(), events: 0, dispatches: 0 };
  const policy = zone.settings.incidentPolicy;
  const ackMinutes = policy?.ackMinutes ?? 3;
  const downwindPolicy: DownwindPolicy = policy?.downwind ?? DEFAULT_DOWNWIND_POLICY;
  const zi = Math.min(opts.zoneIndex, 1);
  const { desk, admin, lead, leadPhone, squad } = who;
  const member = (k: number) => squad[k % squad.length]!;

  // existing counters (incidents raised before the seed, e.g. by a test) are continued
  for (const row of await em.find(IncidentCounter, {})) ctx.counters.set(row.day, row.value);

  // ---- response plans: the zone's, then two enterprises' linked to their EmergencyPlan records
  const zonePlans = new Map<IncidentType, ResponsePlan>();
  for (const p of ZONE_PLANS) {
    const row = em.create(ResponsePlan, {
      enterpriseId: null,
      enterprisePlanId: null,
      title: p.title,
      incidentTypes: p.types,
      levels: p.levels,
      steps: p.steps,
      active: true,
    } as never);
    for (const t of p.types) zonePlans.set(t, row);
  }
  const chemical = placed.filter(
    (e) => e.keyPlaceTags.includes('hazchem_use') || e.keyPlaceTags.includes('ammonia_refrigeration'),
  );
  // the open incident's enterprise: the chemical user nearest to ent-admin's enterprise (so its people get a warning)
  const home = enterprises[0]!;
  const homeAt = home.lat != null && home.lng != null ? { lat: home.lat, lng: home.lng } : null;
  const leakCandidates = (chemical.length ? chemical : placed).filter((e) => e.id !== home.id);
  const near = (e: Enterprise) => (homeAt ? distanceAndBearing({ lat: e.lat!, lng: e.lng! }, homeAt).distanceM : 0);
  const sorted = [...leakCandidates].sort((a, b) => near(a) - near(b) || a.creditCode.localeCompare(b.creditCode));
  const leakAt = sorted.find((e) => near(e) >= 300 && near(e) <= 1800) ?? sorted[0]!;
  const otherChem = (chemical.length ? chemical : placed).find((e) => e.id !== leakAt.id && e.id !== home.id) ?? placed[1]!;
  const entPlans = new Map<string, ResponsePlan>();
  for (const e of [leakAt, otherChem]) {
    const filePlans = await em.find(EmergencyPlan, { enterpriseId: e.id }, { orderBy: { kind: 'asc', id: 'asc' } });
    let filePlan = filePlans.find((x) => x.kind === 'special') ?? filePlans.find((x) => x.kind === 'onsite') ?? filePlans[0];
    filePlan ??= em.create(EmergencyPlan, {
      enterpriseId: e.id,
      kind: 'special',
      title: '危险化学品泄漏专项应急预案',
      fileId: null,
      issuedOn: localDate(new Date(now.getTime() - 200 * DAY), zone.timeZone),
    } as never);
    entPlans.set(
      e.id,
      em.create(ResponsePlan, {
        enterpriseId: e.id,
        enterprisePlanId: filePlan.id,
        title: `${e.name}${filePlan.title.replace(/^.*?(危险化学品|液氨|有限空间|粉尘)/, '$1')}响应程序`.slice(0, 100),
        incidentTypes: ['leak_poisoning', 'fire'],
        levels: ['I', 'II', 'III', 'IV'],
        steps: steps([
          ['alarm', '车间班组长', null, '发现泄漏立即报警（园区值班室 + 企业负责人），启动现场处置方案', 1],
          VERIFY,
          ['shut', '企业当班操作工', null, '在上风向关闭储罐根部阀和出料泵，切断电源', 3],
          CALL_SQUAD,
          ['evacuate', '企业安全员', null, '撤离车间和仓库人员至上风向集合点，清点人数', 5],
          ['downwind', '值班员', 'safety_officer', '向下风向企业和敏感目标发布预警', 5],
          ['cordon', '救援队长', 'rescue_leader', '设立警戒区，检测浓度，堵漏和稀释，围堵收集泄漏物', 15],
          ['detect', '救援队员', 'rescue_member', '佩戴正压式空气呼吸器侦检，每 10 分钟报告读数', 20],
          REPORT,
        ]),
        active: true,
      } as never),
    );
  }

  // ---- sensitive targets around the zone, on the site plan through the enterprises' fit
  const fit = fitPlanAffine(
    placed.filter((e) => e.planX != null && e.planY != null).map((e) => ({ lat: e.lat!, lng: e.lng!, x: e.planX!, y: e.planY! })),
  );
  const centre = {
    lat: placed.reduce((a, e) => a + e.lat!, 0) / placed.length,
    lng: placed.reduce((a, e) => a + e.lng!, 0) / placed.length,
  };
  const targets: SensitiveTarget[] = [];
  const addTarget = (kind: string, name: string, population: number, at: LatLng) => {
    const plan = fit?.toPlan(at.lat, at.lng);
    const onPlan = plan && plan.x >= 0 && plan.x <= 1 && plan.y >= 0 && plan.y <= 1;
    const k = targets.length;
    targets.push(
      em.create(SensitiveTarget, {
        kind,
        name,
        lat: Number(at.lat.toFixed(6)),
        lng: Number(at.lng.toFixed(6)),
        planX: onPlan ? Number(plan.x.toFixed(4)) : null,
        planY: onPlan ? Number(plan.y.toFixed(4)) : null,
        population,
        contactName: TARGET_CONTACTS[k % TARGET_CONTACTS.length]!,
        contactPhone: `1390579${String(2101 + k * 7 + zi * 50).padStart(4, '0')}`,
        note: kind === 'school' || kind === 'kindergarten' ? '上课时段 7:30–17:00，预警后关窗并在室内集中' : null,
        active: true,
      } as never),
    );
  };
  for (const t of TARGETS) addTarget(t.kind, t.names[zi]!, t.population, destinationPoint(centre, t.km * 1000, t.bearing));
  // without an open incident the two "downwind" ones sit south-west of the zone
  if (!opts.withOpen)
    for (const t of DOWNWIND_TARGETS)
      addTarget(t.kind, t.names[zi]!, t.population, destinationPoint(centre, t.m + 800, 215 + t.offAxis));

  // ---- four past incidents (closed or cancelled)
  const byStatus: Record<string, number> = {};
  const count = (st: string) => (byStatus[st] = (byStatus[st] ?? 0) + 1);
  /** `days` ago at hour:minute on the zone's clock. */
  const ago = (days: number, hour: number, minute: number) => {
    const [y, m, d] = localDate(new Date(now.getTime() - days * DAY), zone.timeZone)
      .split('-')
      .map(Number) as [number, number, number];
    return zonedToUtc(y, m, d, hour, minute, 0, zone.timeZone);
  };
  const incident = (f: {
    type: IncidentType;
    source: Incident['source'];
    level: WarningLevel;
    isDrill?: boolean;
    enterprise: Enterprise | null;
    learnedAt: Date;
    occurredBeforeMin: number;
    description: string;
    reporter: { user?: User; name: string; phone?: string | null };
    plan: ResponsePlan | null;
  }): Incident => {
    const e = f.enterprise;
    const row = em.create(Incident, {
      ...BLANK_INCIDENT,
      no: nextNo(ctx, f.learnedAt),
      type: f.type,
      source: f.source,
      status: 'reported',
      level: f.level,
      severity: warningSeverity(f.level),
      isDrill: f.isDrill ?? false,
      enterpriseId: e?.id ?? null,
      lat: e?.lat ?? null,
      lng: e?.lng ?? null,
      planX: e?.planX ?? null,
      planY: e?.planY ?? null,
      address: e?.address ?? null,
      description: (f.isDrill ? `【演练】${f.description}` : f.description).slice(0, 2000),
      reporterUserId: f.reporter.user?.id ?? null,
      reporterName: f.reporter.name.slice(0, 60),
      reporterPhone: f.reporter.phone ?? null,
      occurredAt: new Date(f.learnedAt.getTime() - f.occurredBeforeMin * MIN),
      learnedAt: f.learnedAt,
      fileIds: [],
      responsePlanId: f.plan?.id ?? null,
      deaths: 0,
      missing: 0,
      seriousInjuries: 0,
      minorInjuries: 0,
      directLossWan: 0,
    } as never);
    const sourceWords = { sos: '一键求救', iot_alarm: '物联网报警', phone: '电话报警', desk: '值班台录入' }[f.source];
    event(
      ctx,
      row,
      f.learnedAt,
      'reported',
      `${sourceWords}：${row.description}`.slice(0, 300),
      f.reporter.user ?? f.reporter.name,
      {
        source: f.source,
      },
    );
    if (f.plan)
      event(ctx, row, new Date(f.learnedAt.getTime() + MIN), 'plan_applied', `启用预案：${f.plan.title}`, desk, {
        planId: f.plan.id,
      });
    return row;
  };
  const at = (i: Incident, m: number) => new Date(i.learnedAt.getTime() + m * MIN);
  const close = (i: Incident, m: number, summary: string, controlled: number) => {
    i.controlledAt = at(i, controlled);
    event(ctx, i, i.controlledAt, 'status', '现场已控制', lead, { status: 'controlled' });
    i.status = 'closed';
    i.closedAt = at(i, m);
    i.closedBy = desk.id;
    i.summary = i.isDrill ? `【演练】${summary}` : summary;
    event(ctx, i, i.closedAt, 'closed', `结案：${i.summary}`.slice(0, 500), desk);
    count('closed');
  };
  const units = await em.find(EquipmentUnit, { status: 'available' }, { orderBy: { assetTag: 'asc' } });
  const modelNames = new Map((await em.find(EquipmentModel, {})).map((m) => [m.id, { name: m.name, category: m.category }]));
  const used = new Set<string>();
  const unitOf = (category: string): [EquipmentUnit, string] | null => {
    const u = units.find((x) => !used.has(x.id) && modelNames.get(x.modelId)?.category === category);
    if (!u) return null;
    used.add(u.id);
    return [u, modelNames.get(u.modelId)!.name];
  };
  const mech = placed[(3 + zi * 5) % placed.length]!;
  const smoky = placed[(7 + zi * 3) % placed.length]!;
  const drillAt = placed.find((e) => e.keyPlaceTags.includes('confined_space')) ?? placed[(11 + zi) % placed.length]!;
  const flooded = placed[(15 + zi * 2) % placed.length]!;
  const accountOf = (e: Enterprise) => accounts.get(e.id)?.[0];

  // (a) mechanical injury: one serious, one minor injury, reported to the authority within the hour
  {
    const i = incident({
      type: 'mechanical_injury',
      source: 'phone',
      level: 'III',
      enterprise: mech,
      learnedAt: ago(78, 14, 12),
      occurredBeforeMin: 6,
      description: `${mech.name}冲压车间一名操作工右手被冲床压伤，另一名员工施救时划伤手臂，企业已拨打 120`,
      reporter: { name: mech.principalName, phone: '13905798861' },
      plan: zonePlans.get('mechanical_injury')!,
    });
    checklist(ctx, i, zonePlans.get('mechanical_injury')!, 99, desk);
    dispatch(
      ctx,
      i,
      {
        user: lead,
        phone: leadPhone,
        teamId: member(0).teamId,
        isLeader: true,
        at: 3,
        by: desk,
        ack: 4,
        enRoute: 5,
        onScene: 14,
        done: 95,
      },
      ackMinutes,
    );
    dispatch(ctx, i, { ...member(0), isLeader: false, at: 3, by: desk, ack: 4, enRoute: 6, onScene: 15, done: 95 }, ackMinutes);
    const kit = unitOf('medical');
    if (kit) takeUnit(ctx, i, kit[0], kit[1], 5, 100, lead);
    i.status = 'responding';
    event(ctx, i, at(i, 3), 'status', '处置中', desk, { status: 'responding' });
    Object.assign(i, { seriousInjuries: 1, minorInjuries: 1, directLossWan: 12.5 });
    i.grade = accidentGrade({ deaths: 0, seriousInjuries: 1, directLossWan: 12.5, minorInjuries: 1 });
    event(ctx, i, at(i, 30), 'casualties', '伤亡：重伤 1 人、轻伤 1 人，直接经济损失约 12.5 万元（一般事故）', desk, {
      after: { deaths: 0, missing: 0, seriousInjuries: 1, minorInjuries: 1, directLossWan: 12.5 },
    });
    i.authorityReportedAt = at(i, 42);
    i.authorityReport = {
      reportedAt: i.authorityReportedAt.toISOString(),
      authority: '义乌市应急管理局',
      channel: 'phone',
      reporterName: admin.name,
      note: '值班科长记录，要求 7 日内报送书面材料',
      recordedBy: desk.id,
      recordedByName: desk.name,
      fields: {
        unitName: mech.name,
        occurredAt: i.occurredAt.toISOString(),
        place: mech.address ?? mech.name,
        type: 'mechanical_injury',
        description: i.description,
        deaths: 0,
        missing: 0,
        seriousInjuries: 1,
        minorInjuries: 1,
        directLossWan: 12.5,
        grade: 'general',
        measures: '停用冲床并断电，伤员送义乌市中心医院，保护现场并调取监控',
      },
    };
    i.followUpUntil = reportingClock({
      learnedAt: i.learnedAt,
      occurredAt: i.occurredAt,
      type: i.type,
      now,
      authorityReportedAt: i.authorityReportedAt,
      timeZone: zone.timeZone,
    }).casualtyFollowUpUntil;
    event(ctx, i, i.authorityReportedAt, 'authority_reported', `已电话报告义乌市应急管理局（接报后 42 分钟）`, admin);
    event(ctx, i, at(i, 50), 'note', '伤员右手三指骨折，已手术，无生命危险', desk);
    close(i, 180, '冲床光电保护装置被短接导致压手，企业已恢复保护装置并开展全员培训，伤员已住院治疗', 40);
  }

  // (b) a smoke detector's false alarm, cancelled after the squad checked it
  {
    const i = incident({
      type: 'fire',
      source: 'iot_alarm',
      level: 'IV',
      enterprise: smoky,
      learnedAt: ago(41, 10, 37),
      occurredBeforeMin: 1,
      description: `${smoky.name}烟雾探测器报警（物联网），值班员视频查看未见明火`,
      reporter: { name: '物联网监测平台' },
      plan: zonePlans.get('fire')!,
    });
    checklist(ctx, i, zonePlans.get('fire')!, 3, desk);
    i.status = 'responding';
    event(ctx, i, at(i, 3), 'status', '处置中', desk, { status: 'responding' });
    dispatch(ctx, i, { ...member(1), isLeader: false, at: 3, by: desk, ack: 4, enRoute: 5, standDown: 12 }, ackMinutes);
    i.status = 'cancelled';
    i.cancelReason = '现场核实为食堂蒸汽触发烟感，误报';
    i.closedAt = at(i, 13);
    i.closedBy = desk.id;
    event(ctx, i, i.closedAt, 'cancelled', `误报取消：${i.cancelReason}`, desk);
    count('cancelled');
  }

  // (c) a confined-space drill at an enterprise, feeding its file's drill record
  {
    const plan = zonePlans.get('confined_space')!;
    const i = incident({
      type: 'confined_space',
      source: 'desk',
      level: 'III',
      isDrill: true,
      enterprise: drillAt,
      learnedAt: ago(23, 9, 30),
      occurredBeforeMin: 0,
      description: `${drillAt.name}污水池清淤作业人员中毒晕倒（演练脚本），模拟 1 人被困`,
      reporter: { user: desk, name: desk.name },
      plan,
    });
    checklist(ctx, i, plan, 99, desk);
    i.status = 'responding';
    event(ctx, i, at(i, 2), 'status', '处置中', desk, { status: 'responding' });
    dispatch(
      ctx,
      i,
      {
        user: lead,
        phone: leadPhone,
        teamId: member(0).teamId,
        isLeader: true,
        at: 2,
        by: desk,
        ack: 3,
        enRoute: 4,
        onScene: 11,
        done: 48,
      },
      ackMinutes,
    );
    dispatch(ctx, i, { ...member(2), isLeader: false, at: 2, by: desk, ack: 3, enRoute: 4, onScene: 11, done: 48 }, ackMinutes);
    dispatch(ctx, i, { ...member(3), isLeader: false, at: 2, by: desk, ack: 4, enRoute: 5, onScene: 12, done: 48 }, ackMinutes);
    for (const cat of ['breathing_apparatus', 'breathing_apparatus', 'gas_detector']) {
      const u = unitOf(cat);
      if (u) takeUnit(ctx, i, u[0], u[1], 4, 55, lead);
    }
    event(ctx, i, at(i, 16), 'reading', '污水池口检测：O₂ 17.2%，H₂S 28 ppm（演练设定值）', member(2).user, {
      o2: 17.2,
      h2s: 28,
    });
    event(ctx, i, at(i, 19), 'roll_call', '人员清点：到场 3 人，均平安', null);
    close(i, 60, '模拟被困人员 24 分钟救出，暴露问题：监护人员未持续记录气体读数，已要求企业补充培训', 30);
    const plans = await em.find(EmergencyPlan, { enterpriseId: drillAt.id }, { orderBy: { kind: 'asc', id: 'asc' } });
    const drill = em.create(Drill, {
      enterpriseId: drillAt.id,
      planId: (plans.find((p) => p.kind === 'special') ?? plans.find((p) => p.kind === 'onsite'))?.id ?? null,
      kind: plans.some((p) => p.kind === 'special') ? 'special' : 'onsite',
      heldOn: localDate(i.learnedAt, zone.timeZone),
      participants: 14,
      summary: `【演练】有限空间中毒窒息事故应急演练（园区联动，事件 ${i.no}）`,
      fileIds: [],
    } as never);
    i.drillRecordId = drill.id;
  }

  // (d) a rainstorm flooding a warehouse, no casualties
  {
    const plan = zonePlans.get('flood_typhoon')!;
    const i = incident({
      type: 'flood_typhoon',
      source: 'phone',
      level: 'III',
      enterprise: flooded,
      learnedAt: ago(9, 16, 48),
      occurredBeforeMin: 20,
      description: `暴雨导致${flooded.name}成品仓库地面积水约 30 厘米，配电房门口进水`,
      reporter: { name: flooded.principalName, phone: '13905797702' },
      plan,
    });
    checklist(ctx, i, plan, 99, desk);
    i.status = 'responding';
    event(ctx, i, at(i, 4), 'status', '处置中', desk, { status: 'responding' });
    dispatch(ctx, i, { ...member(4), isLeader: false, at: 4, by: desk, ack: 5, enRoute: 7, onScene: 19, done: 150 }, ackMinutes);
    dispatch(ctx, i, { ...member(5), isLeader: false, at: 4, by: desk, ack: 6, enRoute: 7, onScene: 19, done: 150 }, ackMinutes);
    for (const cat of ['flood', 'flood']) {
      const u = unitOf(cat);
      if (u) takeUnit(ctx, i, u[0], u[1], 6, 160, lead);
    }
    close(i, 170, '两台排水泵抽排 2 小时，配电房外垒沙袋，未造成人员伤亡和设备损坏', 120);
  }

  // ---- the open incident (first zone): a hazardous-chemical leak, 26 minutes ago
  let openNo: string | null = null;
  let warnings = 0;
  if (opts.withOpen) {
    const learnedAt = new Date(now.getTime() - 26 * MIN);
    const origin = { lat: leakAt.lat!, lng: leakAt.lng! };
    // the wind carries the plume towards ent-admin's enterprise when it is within reach, else from the north-east
    const toward = homeAt ? distanceAndBearing(origin, homeAt) : null;
    const windFromDeg = toward && toward.distanceM <= 1800 ? Math.round(toward.bearingDeg + 180) % 360 : 45;
    const windSpeed = 2.4;
    const sector = downwindSector({ origin, windFromDeg, windSpeed, policy: downwindPolicy, toxic: true });
    for (const t of DOWNWIND_TARGETS)
      addTarget(t.kind, t.names[zi]!, t.population, destinationPoint(origin, t.m, (sector.toDeg + t.offAxis + 360) % 360));
    const plan = entPlans.get(leakAt.id)!;
    const reporter = accountOf(leakAt);
    const i = incident({
      type: 'leak_poisoning',
      source: reporter ? 'sos' : 'phone',
      level: 'II',
      enterprise: leakAt,
      learnedAt,
      occurredBeforeMin: 2,
      description: `${leakAt.name}储罐区盐酸储罐出料阀法兰泄漏，地面有积液，下风向有刺激性气味，企业已关闭根部阀并撤离作业人员`,
      reporter: reporter ? { user: reporter, name: reporter.name } : { name: leakAt.principalName, phone: '13905796603' },
      plan,
    });
    // seven of nine steps ticked; the detection step is past due (the desk has not ticked it), the report is running
    for (const item of checklist(ctx, i, plan, 7, desk))
      if (item.doneAt)
        event(ctx, i, item.doneAt, 'checklist_done', `完成：${item.action}`.slice(0, 300), desk, { stepKey: item.stepKey });
    i.status = 'responding';
    event(ctx, i, at(i, 3), 'status', '处置中（首批调派已确认）', desk, { status: 'responding' });
    // four dispatches: m0 en route; the leader acknowledged; m1 escalated after ackMinutes, replaced by m2 (acknowledged)
    // not rescue1: the demo's member login stays free for a first dispatch by hand (and the browser tests')
    const free = squad.filter((x) => x.user.username !== 'rescue1');
    const pool = free.length >= 3 ? free : squad;
    const m0 = pool[0]!;
    const m1 = pool[1 % pool.length]!;
    const m2 = pool[2 % pool.length]!;
    dispatch(ctx, i, { ...m0, isLeader: false, at: 3, by: desk, ack: 4, enRoute: 7 }, ackMinutes);
    dispatch(ctx, i, { user: lead, phone: leadPhone, teamId: m0.teamId, isLeader: true, at: 3, by: desk, ack: 5 }, ackMinutes);
    if (m1.user.id !== m0.user.id) {
      const late = dispatch(ctx, i, { ...m1, isLeader: false, at: 3, by: desk, escalated: 3 + ackMinutes }, ackMinutes);
      if (m2.user.id !== m0.user.id && m2.user.id !== m1.user.id)
        dispatch(
          ctx,
          i,
          { ...m2, isLeader: false, at: 3 + ackMinutes, by: null, ack: 5 + ackMinutes, replaces: late },
          ackMinutes,
        );
    }
    for (const cat of ['breathing_apparatus', 'breathing_apparatus', 'gas_detector']) {
      const u = unitOf(cat);
      if (u) takeUnit(ctx, i, u[0], u[1], 7, null, lead);
    }
    // wind from the tower, the downwind warning to the enterprises and targets inside the toxic sector
    i.windFromDeg = windFromDeg;
    i.windSpeed = windSpeed;
    i.windSource = 'tower';
    i.windAt = at(i, 8);
    const sentAt = at(i, 9);
    const words = (d: number, b: number) => `位于事故点${compassName(b).zh}方向约 ${Math.round(d / 10) * 10} 米`;
    const entAccounts = (e: Enterprise) => accounts.get(e.id) ?? [];
    let ackable = 0;
    const acked: Array<[Date, string]> = [];
    for (const e of placed) {
      if (e.id === leakAt.id) continue;
      const hit = inSector(sector, { lat: e.lat!, lng: e.lng! });
      if (!hit.inside) continue;
      warnings++;
      // every other enterprise with an account acknowledges within minutes; ent-admin's stays open for the demo user
      const acker = e.id !== home.id && ackable++ % 2 === 0 ? entAccounts(e)[0] : undefined;
      const ackAt = acker ? at(i, 11 + (ackable % 7)) : null;
      em.create(IncidentWarning, {
        incidentId: i.id,
        targetKind: 'enterprise',
        targetKey: `e:${e.id}`,
        enterpriseId: e.id,
        targetId: null,
        name: e.name.slice(0, 100),
        distanceM: hit.distanceM,
        bearingDeg: Math.round(hit.bearingDeg) % 360,
        message: `【下风向预警】${leakAt.name}发生危化品泄漏，贵单位${words(hit.distanceM, hit.bearingDeg)}，处于下风向。请立即停止室外作业，关闭门窗和新风系统，做好人员疏散准备，并点击“确认收到”。`,
        sentAt,
        simulated: false,
        smsSentAt: sentAt,
        acknowledgedAt: ackAt,
        acknowledgedBy: acker?.id ?? null,
        acknowledgedByName: acker?.name ?? null,
      } as never);
      if (acker && ackAt) acked.push([ackAt, `${e.name}（${acker.name}）已确认收到下风向预警`]);
    }
    for (const t of targets) {
      const hit = inSector(sector, { lat: t.lat, lng: t.lng });
      if (!hit.inside) continue;
      warnings++;
      em.create(IncidentWarning, {
        incidentId: i.id,
        targetKind: 'sensitive_target',
        targetKey: `t:${t.id}`,
        enterpriseId: null,
        targetId: t.id,
        name: t.name,
        distanceM: hit.distanceM,
        bearingDeg: Math.round(hit.bearingDeg) % 360,
        message: `【下风向预警】${leakAt.name}发生危化品泄漏，${t.name}${words(hit.distanceM, hit.bearingDeg)}，处于下风向。请关闭门窗，室外人员转移至室内，听从园区通知。`,
        sentAt,
        simulated: false,
        smsSentAt: sentAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
      } as never);
    }
    event(
      ctx,
      i,
      sentAt,
      'warning_sent',
      `下风向预警：风向 ${compassName(windFromDeg).zh}风 ${windSpeed} m/s，扇区 ±${sector.halfAngleDeg}°、${sector.distanceM} 米，共预警 ${warnings} 处`,
      desk,
      { windFromDeg, windSpeed, count: warnings },
    );
    for (const [when, text] of acked.sort((a, b) => a[0].getTime() - b[0].getTime()))
      event(ctx, i, when, 'warning_acked', text, null);
    event(ctx, i, at(i, 16), 'reading', '下风向 200 米侦检：HCl 6.5 mg/m³（车间外），储罐区围堰内 48 mg/m³', m0.user, {
      hcl: [6.5, 48],
    });
    event(ctx, i, at(i, 21), 'note', '企业已用沙土围堵泄漏液，消防水幕稀释，泄漏量明显减小', lead);
    openNo = i.no;
    count('responding');
  }

  // counters continue where the seed stopped
  for (const [day, value] of ctx.counters) {
    const row = await em.findOne(IncidentCounter, { day });
    if (row) row.value = Math.max(row.value, value);
    else em.create(IncidentCounter, { day, value } as never);
  }
  await em.flush();
  return {
    skipped: false,
    plans: ZONE_PLANS.length + entPlans.size,
    enterprisePlans: entPlans.size,
    targets: targets.length,
    incidents: byStatus,
    open: openNo,
    dispatches: ctx.dispatches,
    warnings,
    events: ctx.events,
  };
}
