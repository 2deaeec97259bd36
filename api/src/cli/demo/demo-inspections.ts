/**
 * A demo zone's inspections (日常留痕监管), lived in: a third-party agency (第三方服务机构) with the demo inspector as
 * member, its contract in force over the riskiest ~25 enterprises and an expired older one; a by-colour routine
 * plan per grid for its grid worker (the tag checklists, then fire safety), the agency's monthly plan, and a 元旦前
 * holiday campaign in the coming weeks; and 90 days of history told the way the generation rules make it (each
 * enterprise's by-colour chain restarts the day after its last inspection, or after a missed task's complete-by
 * day): done tasks (mostly on time, some late), missed ones, each done task with its GPS/QR check-in (a few
 * flagged outside the geofence), answers checked by the domain's own validation, photos, a drawn signature, and —
 * for about one task in ten — a failed item that raised a hazard as the submit route raises it (description
 * `hazardDescription`, place = section, source grid_patrol / third_party, the item's category and legal basis),
 * linked both ways (task.hazardIds, answer.hazardId). The hazard then lives on (confirmed, rectified, closed — by
 * age) through the hazard demo's story builder (demo-hazard-rows.ts). Today's open tasks for every chain, a few
 * done today with their next task scheduled from tomorrow: those few are checked in and submitted through the real
 * services (check-in.ts, submission.ts: HazardService raises their hazards, notices included).
 *
 * The history is written set-based in one transaction claimed by `demo:inspections` (runs once per zone; a second
 * seed changes nothing). The notices the history's hazard steps would have sent are not written.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type {
  CheckInRequest,
  InspectionCheckIn,
  InspectionRecordedAnswer,
  InspectionSummary,
  SubmitInspectionRequest,
} from '@yuanan/contracts';
import {
  addDays,
  CURRENT_CHECKLIST,
  daysBetween,
  localDate,
  periodInstants,
  validateInspectionSubmission,
  type EvaluatedInspectionAnswer,
  type FrequencyDays,
  type InspectionAnswer,
  type InspectionSection,
  type ScheduleColour,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { insertRows } from '../../core/db/bulk-write.ts';
import type { Em } from '../../core/db/orm.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { claimEffects } from '../../core/queue/claim-effects.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Hazard, HazardEvent } from '../../modules/hazards/hazard.entity.ts';
import type { User } from '../../modules/identity/identity.entity.ts';
import { checkIn, checkInRecord } from '../../modules/inspections/check-in.ts';
import { provisionDefaultTemplates } from '../../modules/inspections/default-templates.ts';
import { templateApplies } from '../../modules/inspections/generation.ts';
import {
  InspectionAgency,
  InspectionContract,
  InspectionPlan,
  InspectionTask,
  InspectionTemplate,
  notStartedTask,
} from '../../modules/inspections/inspection.entity.ts';
import { hazardDescription, submitInspection } from '../../modules/inspections/submission.ts';
import type { Services } from '../../modules/index.ts';
import { currentScope, runInScope, type Actor } from '../../core/context/request-scope.ts';
import { BulkRows, columnsOf } from './demo-bulk.ts';
import {
  MINUTE,
  ZoneRows,
  type DemoActor,
  type DemoHazardEnterprise,
  type Step,
  type Story,
  type ZoneClock,
} from './demo-hazard-model.ts';
import { buildStoryRows } from './demo-hazard-rows.ts';
import { assignCodes, hazardsByDay, insertAudits } from './demo-hazard-write.ts';
import { demoPhoto } from './demo-photos.ts';
import { Rng } from './demo-random.ts';

export interface DemoInspectionReport {
  skipped: boolean;
  plans: number;
  tasks: number;
  byStatus: Record<string, number>;
  late: number;
  flagged: number;
  hazards: number;
  /** The raised hazards by their status now. */
  hazardsByStatus: Record<string, number>;
  files: number;
}

const MARKER = 'demo:inspections';
const HISTORY_DAYS = 90;
const TAG_TEMPLATES = [
  'default_confined_space',
  'default_combustible_dust',
  'default_ammonia_refrigeration',
  'default_hazchem_use',
  'default_lithium_battery',
  'default_spraying',
];
const FIRE = 'default_fire_safety';
const COLOUR_WEIGHT: Record<string, number> = { red: 6, orange: 4, yellow: 2, blue: 0 };

/** What the inspectors write next to a failed item (the hazard's description ends with it). */
const NOTES = [
  '现场已拍照取证，已当场告知企业负责人',
  '企业安全管理员在场确认，已要求限期整改',
  '抽查发现，企业表示立即安排整改',
  '已口头责令整改，待复查',
  '',
];
const MEASURES = '已按检查意见落实整改，整改前后照片已上传，经复查符合要求';

/** The zone's people as the inspections need them. */
export interface DemoInspectionPeople {
  users: Map<string, User>;
  /** Each enterprise's accounts (enterprise_admin first or any). */
  accounts: Map<string, User[]>;
}

interface Ent {
  e: Enterprise;
  tags: string[];
  colour: ScheduleColour;
  story: DemoHazardEnterprise;
}

interface Template {
  id: string;
  code: string;
  industries: string[];
  tags: string[];
  sections: InspectionSection[];
}

/** A task in the making: the row's fields plus what its record needs once the hazards are built. */
interface TaskDraft {
  row: Record<string, unknown>;
  ent: Ent;
  template: Template;
  by: DemoActor;
  /** done / late: the zone day it was completed. */
  doneDay: string | null;
  /** A failed item's story index in `stories`. */
  story: number | null;
  fail: { section: string; key: string; note: string } | null;
  /** Done today: checked in and submitted through the real services (check-in.ts, submission.ts) after the write. */
  live: { actor: Actor; checkIn: CheckInRequest; submit: SubmitInspectionRequest } | null;
}

const actorOf = (u: User): DemoActor => ({ id: u.id, name: u.name, role: u.role });

/** `m` metres from (lat, lng) in direction `bearing` (radians). */
function offset(lat: number, lng: number, m: number, bearing: number): { lat: number; lng: number } {
  const dLat = (m * Math.cos(bearing)) / 111_320;
  const dLng = (m * Math.sin(bearing)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return { lat: Number((lat + dLat).toFixed(6)), lng: Number((lng + dLng).toFixed(6)) };
}

/** A colour for scheduling when the zone has not computed one yet (the first seed): by the enterprise's risk tags. */
function guessColour(e: Enterprise): ScheduleColour {
  if (e.riskColour) return e.riskColour as ScheduleColour;
  const n = (e.keyPlaceTags ?? []).length;
  return n >= 3 ? 'red' : n === 2 ? 'orange' : n === 1 ? 'yellow' : 'blue';
}

/** A drawn signature (PNG): a few strokes of ink, different for each signer. */
async function signaturePng(seed: string): Promise<Buffer> {
  const r = new Rng(seed);
  const strokes = Array.from({ length: 3 }, (_, k) => {
    let x = 20 + k * 70;
    let y = 50 + r.int(-10, 10);
    let d = `M${x} ${y}`;
    for (let i = 0; i < 5; i++) {
      const cx = x + r.int(5, 20);
      const cy = y + r.int(-30, 30);
      x += r.int(8, 18);
      y = 50 + r.int(-18, 18);
      d += ` Q${cx} ${cy} ${x} ${y}`;
    }
    return `<path d="${d}" fill="none" stroke="#1a1a2e" stroke-width="3" stroke-linecap="round"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="260" height="100">${strokes}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Seeds the zone's inspections once (see the module comment); `skipped` when an earlier run did. */
export async function seedDemoInspections(
  c: Container,
  s: Services,
  em: Em,
  tenant: TenantInfo,
  enterprises: Enterprise[],
  people: DemoInspectionPeople,
): Promise<DemoInspectionReport> {
  const empty: DemoInspectionReport = {
    skipped: true,
    plans: 0,
    tasks: 0,
    byStatus: {},
    late: 0,
    flagged: 0,
    hazards: 0,
    hazardsByStatus: {},
    files: 0,
  };
  if (await em.count(FiredEffect, { key: MARKER })) return empty;
  await provisionDefaultTemplates(em);
  const published = await em.find(InspectionTemplate, { status: 'published', code: { $like: 'default\\_%' } });
  const templates = new Map<string, Template>(
    published.map((t) => [
      t.code,
      {
        id: t.id,
        code: t.code,
        industries: t.industries ?? [],
        tags: t.tags ?? [],
        sections: t.sections as InspectionSection[],
      },
    ]),
  );
  if (!templates.get(FIRE)) return empty;

  const now = new Date();
  const tz = tenant.timeZone;
  const today = localDate(now, tz);
  const z: ZoneClock = { tenant, tz, now, today, checklistCodes: new Set(CURRENT_CHECKLIST.items.map((i) => i.code)) };
  const rng = new Rng(`yuanan-demo:${tenant.code}:inspections`);
  const freq = tenant.settings.inspectionFrequencyDays as FrequencyDays;
  const radius = tenant.settings.inspectionGeofenceRadiusM;
  const u = (name: string) => people.users.get(name)!;
  const office = ['safety', 'safety2'].map((n) => actorOf(u(n)));
  const inspector = actorOf(u('inspector'));
  const gridWorker = new Map<string, DemoActor>();
  for (const n of ['grid1', 'grid2', 'grid3']) for (const g of u(n).gridIds ?? []) gridWorker.set(g, actorOf(u(n)));

  const ents: Ent[] = enterprises
    .filter((e) => e.status === 'active' && e.lat != null && e.lng != null)
    .map((e) => {
      const acc = people.accounts.get(e.id) ?? [];
      const users = [...acc.filter((x) => x.role === 'enterprise_admin'), ...acc.filter((x) => x.role !== 'enterprise_admin')];
      const tags = e.keyPlaceTags ?? [];
      return {
        e,
        tags,
        colour: guessColour(e),
        story: {
          id: e.id,
          name: e.name,
          gridId: e.gridId ?? null,
          gridCode: null,
          lat: e.lat ?? null,
          lng: e.lng ?? null,
          tags,
          principal: e.principalName ?? '',
          safetyManager: e.safetyManagerName ?? '',
          users: users.map(actorOf),
        },
      };
    });

  const bulk = new BulkRows(tenant.id);
  const at = (day: string, hour: number, min = 0) =>
    new Date(periodInstants({ startDate: day, dueDate: day }, tz).startAt.getTime() + (hour * 60 + min) * MINUTE);

  // The agency, its contract in force and an expired older one.
  const contractStart = addDays(today, -150).slice(0, 8) + '01';
  const contractEnd = addDays(`${String(Number(contractStart.slice(0, 4)) + 1)}${contractStart.slice(4)}`, -1);
  const oldStart = `${String(Number(contractStart.slice(0, 4)) - 1)}${contractStart.slice(4)}`;
  const agencyName = ['浙江安正安全技术服务有限公司', '金华安信安全技术咨询有限公司'][tenant.code === 'siqi' ? 0 : 1]!;
  const agency = bulk.add(InspectionAgency, {
    createdAt: at(oldStart, 10),
    updatedAt: at(contractStart, 10),
    name: agencyName,
    creditCode: null,
    contactName: '陈海明',
    contactPhone: '0579-85216688',
    memberUserIds: [inspector.id],
  });
  const ranked = ents
    .filter((x) => x.story.users.length)
    .map((x) => ({ x, score: x.tags.length * 3 + (COLOUR_WEIGHT[x.colour] ?? 0) + rng.next() }))
    .sort((a, b) => b.score - a.score)
    .map((r) => r.x);
  const covered = ranked.slice(0, 25);
  const tagCount = new Map<string, number>();
  for (const x of covered) for (const t of x.tags) tagCount.set(t, (tagCount.get(t) ?? 0) + 1);
  const agencyTemplates = [
    ...TAG_TEMPLATES.map((code) => templates.get(code))
      .filter((t): t is Template => !!t)
      .map((t) => ({ t, n: t.tags.reduce((s, tag) => s + (tagCount.get(tag) ?? 0), 0) }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 2)
      .map((r) => r.t),
    templates.get(FIRE)!,
  ];
  const year = Number(contractStart.slice(0, 4));
  bulk.add(InspectionContract, {
    createdAt: at(addDays(contractStart, -10), 15),
    updatedAt: at(addDays(contractStart, -10), 15),
    agencyId: agency.id,
    name: `${year}—${year + 1}年度安全生产技术服务合同`,
    enterpriseIds: covered.map((x) => x.e.id),
    templateIds: agencyTemplates.map((t) => t.id),
    startDate: contractStart,
    endDate: contractEnd,
  });
  bulk.add(InspectionContract, {
    createdAt: at(addDays(oldStart, -12), 11),
    updatedAt: at(addDays(oldStart, -12), 11),
    agencyId: agency.id,
    name: `${year - 1}—${year}年度安全生产技术服务合同`,
    enterpriseIds: ranked.slice(3, 21).map((x) => x.e.id),
    templateIds: [templates.get(FIRE)!.id],
    startDate: oldStart,
    endDate: addDays(contractStart, -1),
  });

  // Plans: by colour per grid, the agency's monthly plan, the holiday campaign.
  const planStart = addDays(today, -(HISTORY_DAYS + 10));
  const routineTemplates = [...TAG_TEMPLATES, FIRE].map((code) => templates.get(code)).filter((t): t is Template => !!t);
  const gridNames = new Map(
    (
      (await em
        .getConnection()
        .execute("SELECT id, name FROM catalog_items WHERE tenant_id = ? AND kind = 'grid'", [tenant.id], 'all')) as Array<{
        id: string;
        name: string;
      }>
    ).map((g) => [g.id, g.name]),
  );
  const plans: Array<Record<string, unknown>> = [];
  const addPlan = (fields: Record<string, unknown>) => {
    const p = bulk.add(InspectionPlan, {
      createdAt: at(String(fields.startDate), 9),
      updatedAt: at(String(fields.startDate), 9),
      enabled: true,
      version: 1,
      endDate: null,
      windowDays: null,
      assigneeUserId: null,
      assigneeRole: null,
      agencyId: null,
      ...fields,
    });
    plans.push(p);
    return p;
  };
  const gridPlans = new Map<string, Record<string, unknown> & { id: string }>();
  for (const [gridId, gw] of gridWorker) {
    gridPlans.set(
      gridId,
      addPlan({
        name: `${gridNames.get(gridId) ?? '网格'}日常巡查（按风险等级）`.slice(0, 100),
        kind: 'routine',
        assigneeKind: 'user',
        assigneeUserId: gw.id,
        target: { gridIds: [gridId], tags: [], colours: [], enterpriseIds: [] },
        templateIds: routineTemplates.map((t) => t.id),
        frequency: 'by_colour',
        startDate: planStart,
      }),
    );
  }
  const monthlyStart = addDays(today, -HISTORY_DAYS).slice(0, 8) + '01';
  const monthly = addPlan({
    name: `${agencyName.replace(/有限公司$/, '')}月度技术服务检查`.slice(0, 100),
    kind: 'routine',
    assigneeKind: 'agency',
    agencyId: agency.id,
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: covered.map((x) => x.e.id) },
    templateIds: agencyTemplates.map((t) => t.id),
    frequency: 'monthly',
    startDate: monthlyStart,
  });
  // 元旦前: the fortnight before New Year's Day (at least a week ahead of today).
  let newYear = `${today.slice(0, 4)}-01-01`;
  while (daysBetween(today, newYear) < 14) newYear = `${String(Number(newYear.slice(0, 4)) + 1)}-01-01`;
  const campaignEnd = addDays(newYear, -2);
  let campaignStart = addDays(newYear, -12);
  if (campaignStart <= today) campaignStart = addDays(today, 1);
  const campaignTags = ['flammable_explosive', 'hazchem_use', 'combustible_dust', 'lithium_battery'];
  const campaign = addPlan({
    name: `${newYear.slice(0, 4)}年元旦前安全生产检查`,
    kind: 'campaign',
    assigneeKind: 'role',
    assigneeRole: 'grid_worker',
    target: { gridIds: [], tags: campaignTags, colours: [], enterpriseIds: [] },
    templateIds: [templates.get(FIRE)!.id],
    frequency: 'once',
    startDate: campaignStart,
    endDate: campaignEnd,
    createdAt: at(addDays(today, -2), 16),
  });

  // Tasks. (`hazardCount`, the count coverage sums, is a column added while this demo was written: set when the
  // entity has it; every row has the same columns.)
  const drafts: TaskDraft[] = [];
  const stories: Story[] = [];
  const chooseTemplate = (list: Template[], x: Ent) =>
    list.find((t) => templateApplies(t, x.e.industryCode ?? null, x.tags)) ?? list[0]!;
  const addTask = (
    plan: Record<string, unknown> & { id: string },
    x: Ent,
    template: Template,
    by: DemoActor,
    period: { key: string; start: string; due: string },
    status: string,
    doneDay: string | null,
    late = false,
  ) => {
    const { startAt, dueAt } = periodInstants({ startDate: period.start, dueDate: period.due }, tz);
    const row: Record<string, unknown> = {
      createdAt: startAt.getTime() > now.getTime() ? now : new Date(Math.max(startAt.getTime() - 5 * MINUTE, 0)),
      updatedAt: startAt,
      planId: plan.id,
      enterpriseId: x.e.id,
      gridId: x.e.gridId ?? null,
      templateId: template.id,
      kind: plan.kind,
      assigneeUserId: plan.assigneeKind === 'user' ? plan.assigneeUserId : null,
      assigneeRole: plan.assigneeKind === 'role' ? plan.assigneeRole : null,
      agencyId: plan.assigneeKind === 'agency' ? plan.agencyId : null,
      periodKey: period.key,
      startAt,
      dueAt,
      status,
      ...notStartedTask(),
      late,
      hazardCount: 0,
      recheckOfHazardId: null,
      reminderSentAt: null,
      version: 1,
    };
    drafts.push({ row, ent: x, template, by, doneDay, story: null, fail: null, live: null });
    return row;
  };
  const outcomeDay = (start: string, due: string): { status: string; day: string | null; late: boolean } => {
    const r = rng.next();
    if (r < 0.09) return { status: 'missed', day: null, late: false };
    if (r < 0.17) {
      const day = addDays(due, rng.int(1, 4));
      return day < today ? { status: 'done', day, late: true } : { status: 'missed', day: null, late: false };
    }
    const len = daysBetween(start, due);
    return { status: 'done', day: addDays(start, rng.int(Math.floor(len * 0.25), len)), late: false };
  };

  // by colour: each enterprise's chain from the plan's start (staggered), one period after the other.
  const doneToday = new Set<string>();
  // Records done today only once the zone's day is under way (not in the first hours after midnight).
  const dayUnderWay = now.getTime() - at(today, 0).getTime() >= 90 * MINUTE;
  for (const x of ents) {
    const plan = x.e.gridId ? gridPlans.get(x.e.gridId) : undefined;
    const by = x.e.gridId ? gridWorker.get(x.e.gridId) : undefined;
    if (!plan || !by) continue;
    const template = chooseTemplate(routineTemplates, x);
    const len = freq[x.colour] ?? 30;
    let s = addDays(planStart, rng.int(0, Math.min(len - 1, 25)));
    for (;;) {
      const due = addDays(s, len - 1);
      if (due >= today) {
        // The current period; the first few of each grid worker's were done earlier today, the next one waits.
        if (s < today && dayUnderWay && doneToday.size < 9 && by.role === 'grid_worker' && rng.chance(0.12)) {
          doneToday.add(x.e.id);
          addTask(plan, x, template, by, { key: s, start: s, due }, 'done', today);
          const next = addDays(today, 1);
          addTask(plan, x, template, by, { key: next, start: next, due: addDays(next, len - 1) }, 'scheduled', null);
        } else addTask(plan, x, template, by, { key: s, start: s, due }, 'open', null);
        break;
      }
      const o = outcomeDay(s, due);
      addTask(plan, x, template, by, { key: s, start: s, due }, o.status, o.day, o.late);
      s = o.day && o.day > due ? addDays(o.day, 1) : addDays(o.day ?? due, 1);
    }
  }
  // The agency's months: the current one half done, some open for today.
  for (let m = monthlyStart; m <= today; m = addDays(m, 31).slice(0, 8) + '01') {
    const end = addDays(addDays(m, 31).slice(0, 8) + '01', -1);
    const current = end >= today;
    covered.forEach((x, k) => {
      const template = chooseTemplate(agencyTemplates, x);
      const period = { key: m, start: m, due: end };
      if (current) {
        const progress = daysBetween(m, today) / daysBetween(m, end);
        if (k >= 6 && rng.chance(progress * 0.55)) {
          const day = addDays(m, rng.int(0, Math.max(0, daysBetween(m, today) - 1)));
          addTask(monthly, x, template, inspector, period, 'done', day);
        } else addTask(monthly, x, template, inspector, period, 'open', null);
        return;
      }
      const o = outcomeDay(m, end);
      addTask(monthly, x, template, inspector, period, o.status, o.day, o.late);
    });
  }
  // The campaign's tasks, waiting for its start.
  for (const x of ents.filter((y) => y.tags.some((t) => campaignTags.includes(t)) && y.e.gridId && gridWorker.has(y.e.gridId)))
    addTask(
      campaign,
      x,
      templates.get(FIRE)!,
      gridWorker.get(x.e.gridId!)!,
      { key: campaignStart, start: campaignStart, due: campaignEnd },
      'scheduled',
      null,
    );

  // Failed items: about one done task in ten raises a hazard (as the submit route does), told on by its age.
  for (const d of drafts) {
    if (!d.doneDay || d.doneDay === today || !rng.chance(0.1)) continue;
    const candidates = d.template.sections.flatMap((s) =>
      s.items
        .filter((i) => (i.kind === 'yes_no' || i.kind === 'choice') && !i.majorClause && i.categoryCode)
        .map((i) => ({ section: s.title, item: i })),
    );
    if (!candidates.length || !d.ent.story.users.length) continue;
    const f = rng.pick(candidates);
    const note = rng.pick(NOTES);
    d.fail = { section: f.section, key: f.item.key, note };
    const failing = f.item.kind === 'choice' ? f.item.options!.find((o) => o.fails)!.value : false;
    const evaluated = validateInspectionSubmission(
      [{ title: f.section, items: [f.item] }],
      [{ itemKey: f.item.key, value: failing, note, photos: [{ fileId: 'x' }] }],
    );
    if (!evaluated.ok) throw new Error(`demo inspections: ${evaluated.problems[0]!.message}`);
    const description = hazardDescription(evaluated.answers[0] as EvaluatedInspectionAnswer);
    const day = -daysBetween(d.doneDay, today);
    const source = d.by.role === 'inspector' ? 'third_party' : 'grid_patrol';
    const ofEnt = d.ent.story.users[0]!;
    const o = () => rng.pick(office);
    const steps: Step[] = [{ a: 'report', day, by: d.by, source, photos: rng.int(1, 2) }];
    if (day <= -20) {
      const sub = Math.min(-1, day + rng.int(5, 10));
      steps.push(
        { a: 'confirm', day: day + 1, by: o(), grade: 'general', deadline: day + 15 },
        { a: 'start', day: day + 2, by: ofEnt },
        { a: 'submit', day: sub, by: ofEnt, photos: 1 },
        { a: 'approve', day: Math.min(0, sub + 1), by: o() },
      );
    } else if (day <= -6) {
      steps.push(
        { a: 'confirm', day: day + 1, by: o(), grade: 'general', deadline: Math.max(day + 15, 5) },
        { a: 'start', day: Math.min(0, day + 2), by: ofEnt },
      );
      if (day <= -10 && rng.chance(0.4)) steps.push({ a: 'submit', day: -1, by: ofEnt, photos: 1 });
    } else if (day <= -2 && rng.chance(0.5))
      steps.push({ a: 'confirm', day: day + 1, by: o(), grade: 'general', deadline: day + 12 });
    d.story = stories.length;
    stories.push({
      e: d.ent.story,
      category: f.item.categoryCode!,
      text: { d: description, place: f.section.slice(0, 100), m: MEASURES, basis: f.item.legalBasis },
      steps,
    });
  }
  const hz = new ZoneRows();
  for (const [si, s] of stories.entries()) buildStoryRows(z, hz, s, si + 500);

  // Blobs shared by the records' file rows: a few photos per category and each signer's signature.
  const blobs = new Map<string, { key: string; buf: Buffer; mime: string }>();
  const blob = async (name: string, make: () => Promise<Buffer>, mime: string, ext: string) => {
    let b = blobs.get(name);
    if (!b) {
      b = { key: `${tenant.id}/demo-inspections/${name}.${ext}`, buf: await make(), mime };
      blobs.set(name, b);
    }
    return b;
  };
  const fileRow = (
    b: { key: string; buf: Buffer; mime: string },
    purpose: string,
    t: Date,
    by: DemoActor,
    x: Ent,
    loc: { lat: number; lng: number } | null,
  ) =>
    bulk.add(StoredFile, {
      createdAt: t,
      updatedAt: t,
      purpose,
      mime: b.mime,
      size: b.buf.length,
      sha256: createHash('sha256').update(b.buf).digest('hex'),
      storageKey: b.key,
      originalName:
        purpose === 'other' ? 'signature.png' : `IMG_${localDate(t, tz).replace(/-/g, '')}_${String(rng.int(1000, 9999))}.jpg`,
      width: purpose === 'other' ? 260 : 480,
      height: purpose === 'other' ? 100 : 360,
      takenAt: purpose === 'other' ? null : new Date(t.getTime() - rng.int(1, 5) * MINUTE),
      lat: loc?.lat ?? null,
      lng: loc?.lng ?? null,
      enterpriseId: x.e.id,
      uploadedBy: by.id,
    });

  // Records of the done tasks: check-in, answers (validated as the submit route does), photos, signature, summary.
  let flagged = 0;
  for (const d of drafts) {
    if (!d.doneDay) continue;
    const x = d.ent;
    const h = d.story !== null ? hz.hazards[d.story]! : null;
    const live = d.doneDay === today;
    // A record done today fails an item now and then: the submit route raises its hazard.
    const liveFail = live
      ? (d.template.sections
          .flatMap((sec) => sec.items)
          .find((i) => i.kind === 'yes_no' && !i.majorClause && i.categoryCode && rng.chance(0.3)) ?? null)
      : null;
    let completedAt: Date;
    if (h) completedAt = new Date((h.reportedAt as Date).getTime() - rng.int(20, 90) * 1000);
    else if (d.doneDay === today) {
      // Working hours so far today, else (early in the day) the hours since midnight.
      const lo = at(today, 1).getTime();
      const hi = now.getTime() - 5 * MINUTE;
      const [a, b] =
        at(today, 8).getTime() < Math.min(hi, at(today, 17).getTime())
          ? [at(today, 8).getTime(), Math.min(hi, at(today, 17).getTime())]
          : [lo, hi];
      completedAt = new Date(a + Math.floor(rng.next() * (b - a)));
    } else completedAt = at(d.doneDay, rng.int(8, 16), rng.int(0, 59));
    const checkAt = new Date(completedAt.getTime() - rng.int(15, 55) * MINUTE);
    const outside = rng.chance(0.08);
    const qr = !live && !outside && rng.chance(0.2);
    const pos = offset(
      x.e.lat!,
      x.e.lng!,
      outside ? rng.int(radius + 60, radius + 700) : rng.int(8, Math.min(180, radius - 40)),
      rng.float(0, 2 * Math.PI, 4),
    );
    const body = qr
      ? { method: 'qr' as const, code: '', lat: pos.lat, lng: pos.lng, accuracyM: rng.int(5, 25), at: checkAt.toISOString() }
      : { method: 'gps' as const, lat: pos.lat, lng: pos.lng, accuracyM: rng.int(5, 35), at: checkAt.toISOString() };
    const checkIn: InspectionCheckIn = checkInRecord(body, x.e as never, radius, now);
    if (checkIn.flagged) flagged++;
    const answers: InspectionAnswer[] = [];
    const hazardOf = new Map<string, string>();
    for (const s of d.template.sections)
      for (const item of s.items) {
        const failed = (d.fail?.key === item.key && h) || liveFail?.key === item.key;
        let value: InspectionAnswer['value'] = null;
        let photos: NonNullable<InspectionAnswer['photos']> = [];
        let note: string | null = null;
        if (liveFail?.key === item.key) {
          value = false;
          note = rng.pick(NOTES) || null;
          const cat = item.categoryCode ?? 'fire';
          const b = await blob(`${cat}-before`, () => demoPhoto(cat, false, 1), 'image/jpeg', 'jpg');
          const loc = offset(x.e.lat!, x.e.lng!, rng.int(5, 80), rng.float(0, 6.28, 3));
          const f = fileRow(b, 'hazard_photo', new Date(completedAt.getTime() - rng.int(2, 12) * MINUTE), d.by, x, loc);
          photos = [{ fileId: f.id, takenAt: (f.takenAt as Date).toISOString(), lat: loc.lat, lng: loc.lng }];
        } else if (failed && h) {
          value = item.kind === 'choice' ? item.options!.find((o) => o.fails)!.value : false;
          photos = (h.photoIds as string[]).map((id) => {
            const f = hz.files.find((r) => r.id === id)!;
            return { fileId: id, takenAt: (f.takenAt as Date).toISOString(), lat: f.lat as number, lng: f.lng as number };
          });
          note = d.fail!.note || null;
          hazardOf.set(item.key, String(h.id));
        } else {
          if (item.kind === 'yes_no') value = true;
          else if (item.kind === 'choice') value = item.options!.find((o) => !o.fails)!.value;
          else if (item.kind === 'number')
            value =
              item.min !== undefined && item.max !== undefined
                ? Math.round((item.min + item.max) / 2)
                : (item.min ?? item.max ?? 0);
          if (item.photoRequired || item.kind === 'photo') {
            const cat = item.categoryCode ?? 'fire';
            const v = rng.int(0, 2);
            const b = await blob(`${cat}-${v}`, () => demoPhoto(cat, true, v), 'image/jpeg', 'jpg');
            const t = new Date(completedAt.getTime() - rng.int(2, 12) * MINUTE);
            const loc = offset(x.e.lat!, x.e.lng!, rng.int(5, 80), rng.float(0, 6.28, 3));
            const f = fileRow(b, 'hazard_photo', t, d.by, x, loc);
            photos = [{ fileId: f.id, takenAt: (f.takenAt as Date).toISOString(), lat: loc.lat, lng: loc.lng }];
          }
        }
        answers.push({ itemKey: item.key, value, photos, note });
      }
    const evaluation = validateInspectionSubmission(d.template.sections, answers);
    if (!evaluation.ok) throw new Error(`demo inspections: ${evaluation.problems[0]!.message}`);
    const recorded: InspectionRecordedAnswer[] = evaluation.answers.map((e) => ({
      itemKey: e.item.key,
      value: e.answer.value ?? null,
      outcome: e.outcome,
      photos: (e.answer.photos ?? []).map((p) => ({
        fileId: p.fileId,
        takenAt: p.takenAt ? new Date(p.takenAt).toISOString() : null,
        lat: p.lat ?? null,
        lng: p.lng ?? null,
      })),
      note: e.answer.note?.trim() || null,
      hazardId: hazardOf.get(e.item.key) ?? null,
    }));
    const sig = await blob(`signature-${d.by.id}`, () => signaturePng(`${tenant.code}:${d.by.id}`), 'image/png', 'png');
    const sigFile = fileRow(sig, 'other', new Date(completedAt.getTime() - 30_000), d.by, x, null);
    const signerName = x.e.safetyManagerName?.trim() || x.e.principalName?.trim() || d.by.name;
    if (live) {
      // Written open; the services check in and submit it once the rows are in (files included).
      d.row.status = 'open';
      d.live = {
        actor: {
          userId: d.by.id,
          name: d.by.name,
          role: d.by.role as Actor['role'],
          enterpriseId: null,
          sessionId: null,
          actingAs: null,
        },
        checkIn: body,
        submit: {
          templateId: d.template.id,
          answers: answers.map((a) => ({
            itemKey: a.itemKey,
            value: a.value,
            photos: (a.photos ?? []).map((p) => ({ fileId: p.fileId, takenAt: String(p.takenAt), lat: p.lat, lng: p.lng })),
            ...(a.note ? { note: a.note } : {}),
          })),
          signature: { fileId: sigFile.id, signerName },
          finishedAt: completedAt.toISOString(),
        } as SubmitInspectionRequest,
      };
      continue;
    }
    Object.assign(d.row, {
      updatedAt: completedAt,
      startedAt: checkAt,
      completedAt,
      checkIn,
      answers: recorded,
      signature: { fileId: sigFile.id, signerName },
      summary: evaluation.summary as InspectionSummary,
      hazardIds: h ? [String(h.id)] : [],
      hazardCount: h ? 1 : 0,
      late: completedAt.getTime() > (d.row.dueAt as Date).getTime(),
    });
  }
  const ids = new Map(drafts.map((d) => [d, bulk.add(InspectionTask, d.row).id]));

  const written = await em.transactional(async (tx) => {
    if (!(await claimEffects(tx, [MARKER])).has(MARKER)) return false;
    await assignCodes(tx, z, hazardsByDay(z, hz.hazards));
    for (const a of hz.audits)
      if (a.type === 'Hazard' && a.op === 'create') a.diff.code = hz.hazards.find((x) => x.id === a.id)!.code;
    await storeHazardPhotos(c, hz);
    for (const b of blobs.values()) await c.storage.put(b.key, b.buf, b.mime);
    await insertRows(
      tx,
      'files',
      hz.files.map((r) => columnsOf(tx, StoredFile, r)),
    );
    await insertRows(
      tx,
      'hazards',
      hz.hazards.map((r) => columnsOf(tx, Hazard, r)),
    );
    hz.events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    await insertRows(
      tx,
      'hazard_events',
      hz.events.map((r) => columnsOf(tx, HazardEvent, r)),
    );
    await insertAudits(tx, z, hz, 'demo-seed');
    await bulk.write(tx);
    return true;
  });
  if (!written) return empty;
  // Today's records through the services, as the phone submits them: check-in, then submit (hazards raised by
  // HazardService in the task's transaction, source grid_patrol, description from the failed item).
  const liveHazards: string[] = [];
  for (const d of drafts) {
    if (!d.live) continue;
    const { actor, checkIn: ci, submit } = d.live;
    const id = ids.get(d)!;
    const task = await runInScope({ ...currentScope()!, actor, action: 'inspections.submit' }, async () => {
      await checkIn(em, c.config.JWT_SECRET, actor, tenant, id, ci);
      return submitInspection(em, s, actor, tenant, id, submit, { keyed: true });
    });
    d.row.status = task.status;
    d.row.late = task.late;
    liveHazards.push(...task.hazardIds);
  }
  em.clear();
  c.audit.schedule(tenant.id);
  const byStatus: Record<string, number> = {};
  for (const d of drafts) byStatus[String(d.row.status)] = (byStatus[String(d.row.status)] ?? 0) + 1;
  const hazardsByStatus: Record<string, number> = {};
  for (const h of hz.hazards) hazardsByStatus[String(h.status)] = (hazardsByStatus[String(h.status)] ?? 0) + 1;
  if (liveHazards.length)
    for (const h of await em.find(Hazard, { id: { $in: liveHazards } }, { fields: ['status'] }))
      hazardsByStatus[h.status] = (hazardsByStatus[h.status] ?? 0) + 1;
  return {
    skipped: false,
    plans: plans.length,
    tasks: drafts.length,
    byStatus,
    late: drafts.filter((d) => d.row.late).length,
    flagged,
    hazards: hz.hazards.length + liveHazards.length,
    hazardsByStatus,
    files: hz.files.length + drafts.filter((d) => d.row.signature).length,
  };
}

/** The hazards' photos: rendered, stored, sized and hashed into their files rows. */
async function storeHazardPhotos(c: Container, hz: ZoneRows): Promise<void> {
  const rendered = new Map<string, Buffer>();
  await Promise.all(hz.photos.map(async (p) => rendered.set(p.key, await demoPhoto(p.category, p.after, p.variant))));
  for (const f of hz.files) {
    const buf = rendered.get(String(f.storageKey))!;
    f.size = buf.length;
    f.sha256 = createHash('sha256').update(buf).digest('hex');
    await c.storage.put(String(f.storageKey), buf, 'image/jpeg');
    hz.audit(
      f.createdAt as Date,
      null,
      'files.upload',
      'StoredFile',
      String(f.id),
      (f.enterpriseId as string) ?? null,
      'create',
      f,
    );
  }
}
