/**
 * A demo zone's hazard history (隐患闭环): a few dozen hazards in every state of the state machine
 * (packages/contracts HAZARD_TRANSITIONS), told as stories of steps days ago — reported, graded, rectified,
 * reviewed, extended, dismissed, reopened, major hazards with plan, 挂牌督办, report to the authority and
 * acceptance. Deadlines are relative to today, so "overdue" and "due this week" mean something whenever the demo
 * is seeded.
 *
 * Written set-based (core/db/bulk-write.ts) in one transaction, the rows being what the services would have
 * written step by step (hazard.service.ts, hazard.jobs.ts): the hazard row in its final state and version, its
 * timeline (hazard_events) with who/when/photos, extension requests, the zone's day counters of hazard codes,
 * photos (files) with their bytes in storage, the escalation stages that fired before today (fired_effects,
 * 'escalated' timeline entries and their notifications), the notifications each step sent, and the audit rows
 * of all of it with the actor and time of each step. The stages still ahead are left to the escalation
 * reconciler (it schedules them from the database). Runs once per zone: the claim of `demo:hazards` in the
 * same transaction is the marker.
 *
 * The phases: plan the zone's stories (here: one function per state of the machine), build each story's rows
 * (demo-hazard-rows.ts), write them with the codes, photos, notices and fired escalations (demo-hazard-write.ts),
 * count what was written. What they share (the cast, the steps, the rows in the making) is in demo-hazard-model.ts.
 */
import type { HazardStatus } from '@yuanan/contracts';
import { CURRENT_CHECKLIST, localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { auditContext } from '../../core/audit/audit-recorder.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { HAZARD_TEXTS, type HazardText } from './demo-hazard-texts.ts';
import {
  ESCALATING,
  ZoneRows,
  type DemoActor,
  type DemoHazardEnterprise,
  type DemoHazardPeople,
  type Step,
  type Story,
  type ZoneClock,
} from './demo-hazard-model.ts';
import { buildStoryRows } from './demo-hazard-rows.ts';
import { writeZoneRows } from './demo-hazard-write.ts';
import { Rng } from './demo-random.ts';

export type { DemoActor, DemoHazardEnterprise, DemoHazardPeople } from './demo-hazard-model.ts';

export interface DemoHazardReport {
  hazards: number;
  byStatus: Record<string, number>;
  overdue: number;
  majorListed: number;
  photos: number;
  events: number;
  notifications: number;
  skipped: boolean;
}

/** The zone's category for a hazard at an enterprise with these tags. */
function categoryFor(rng: Rng, tags: string[]): string {
  const byTag: Array<[string, string]> = [
    ['combustible_dust', 'dust'],
    ['ammonia_refrigeration', 'ammonia'],
    ['confined_space', 'confined_space'],
    ['spraying', 'spraying'],
    ['lithium_battery', 'lithium'],
    ['hazchem_use', 'hazchem'],
    ['flammable_explosive', 'fire'],
  ];
  const own = byTag.filter(([t]) => tags.includes(t)).map(([, c]) => c);
  if (own.length && rng.chance(0.45)) return rng.pick(own);
  return rng.weighted([
    ['fire', 9],
    ['electrical', 9],
    ['special_equipment', 3],
    ['management', 3],
    ['occupational_health', 2],
    ['other', 1],
  ] as const);
}

/** What the story phases tell with: the zone's Rng and cast, and helpers that draw from the Rng in a fixed order. */
interface Planner {
  rng: Rng;
  ents: DemoHazardEnterprise[];
  people: DemoHazardPeople;
  /** `k` scaled to the zone (at least one). */
  n: (k: number) => number;
  /** Someone of the safety office. */
  office: () => DemoActor;
  /** The enterprise's own account (its principal's). */
  ofEnt: (e: DemoHazardEnterprise) => DemoActor;
  /** Enterprises with this tag (and an account): where major hazards are found. */
  withMajor: (tag: string) => DemoHazardEnterprise[];
  /** An enterprise, risky plants more often. */
  pickEnt: () => DemoHazardEnterprise;
  /** An enterprise (picked unless given) and a category that suits it. */
  general: (e?: DemoHazardEnterprise) => { e: DemoHazardEnterprise; c: string };
  /** Adds a story at `e`: its text (the category's next unless given), its steps built from who reported it. */
  story: (
    e: DemoHazardEnterprise,
    category: string,
    build: (r: { by: DemoActor; source: string }) => Step[],
    text?: HazardText,
  ) => void;
}

/**
 * The stories of one zone (deterministic for a zone code): counts per kind scaled by `scale`; every state of the
 * machine is present, some open hazards are overdue and some due within the week, major hazards are listed.
 */
function stories(rng: Rng, ents: DemoHazardEnterprise[], people: DemoHazardPeople, scale: number): Story[] {
  const out: Story[] = [];
  const p = planner(rng, ents, people, scale, out);
  reportedStories(p);
  confirmedStories(p);
  rectifyingStories(p);
  pendingReviewStories(p);
  closedStories(p);
  dismissedStories(p);
  registeredStories(p);
  reopenedStories(p);
  majorStories(p);
  return out;
}

/** The helpers of the story phases, adding to `out` (the order of their draws from `rng` is the zone's history). */
function planner(rng: Rng, ents: DemoHazardEnterprise[], people: DemoHazardPeople, scale: number, out: Story[]): Planner {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const office = () => rng.pick(people.office);
  const ofEnt = (e: DemoHazardEnterprise) => e.users[0]!;
  const withMajor = (tag: string) => ents.filter((e) => e.tags.includes(tag) && e.users.length);
  const reporter = (e: DemoHazardEnterprise): { by: DemoActor; source: string } => {
    const r = rng.next();
    if (r < 0.45 && e.gridCode && people.gridWorkers.has(e.gridCode))
      return { by: people.gridWorkers.get(e.gridCode)!, source: 'grid_patrol' };
    if (r < 0.62) return { by: office(), source: rng.pick(['safety_inspection', 'holiday', 'report']) };
    if (r < 0.8) return { by: people.inspector, source: 'third_party' };
    return { by: ofEnt(e), source: 'self_check' };
  };
  // Risky plants get more hazards; the demo's own enterprise users (enterprise 0) some of their own.
  const weighted = ents.filter((e) => e.users.length).map((e) => [e, 1 + e.tags.length] as const);
  const pickEnt = () => rng.weighted(weighted);
  // Each category's texts in a shuffled round: a text comes back only after the others were used.
  const rounds = new Map<string, HazardText[]>();
  const nextText = (category: string) => {
    let q = rounds.get(category);
    if (!q?.length) {
      const texts = HAZARD_TEXTS[category] ?? HAZARD_TEXTS.other!;
      const general = texts.filter((t) => !t.major);
      q = rng.sample(general.length ? general : texts, 99);
      rounds.set(category, q);
    }
    return q.pop()!;
  };
  const story = (
    e: DemoHazardEnterprise,
    category: string,
    build: (r: { by: DemoActor; source: string }) => Step[],
    text?: HazardText,
  ) => {
    out.push({ e, category, text: text ?? nextText(category), steps: build(reporter(e)) });
  };
  const general = (e = pickEnt()) => ({ e, c: categoryFor(rng, e.tags) });
  return { rng, ents, people, n, office, ofEnt, withMajor, pickEnt, general, story };
}

/** 待确认: reported in the last days, not graded yet (one with clauses ticked: a suspected major hazard). */
function reportedStories(p: Planner): void {
  const { rng, ents, n, withMajor, general, story } = p;
  for (let k = 0; k < n(6); k++) {
    const { e, c } = general();
    const d = -rng.int(0, 3);
    story(e, c, (r) => [{ a: 'report', day: d, ...r, photos: rng.int(1, 2) }]);
  }
  {
    const e = rng.pick(withMajor('combustible_dust').length ? withMajor('combustible_dust') : ents.filter((x) => x.users.length));
    const t = HAZARD_TEXTS.dust!.find((x) => x.major)!;
    story(e, 'dust', (r) => [{ a: 'report', day: -1, ...r, photos: 2, major: true }], t);
  }
}

/** 已确认: graded, work not started; deadlines ahead (one due in two days), one already overdue. */
function confirmedStories(p: Planner): void {
  const { rng, n, office, general, story } = p;
  for (const dl of [2, 5, 9, 12, -3].slice(0, Math.max(3, n(5)))) {
    const { e, c } = general();
    const conf = Math.min(0, dl - rng.int(5, 8));
    story(e, c, (r) => [
      { a: 'report', day: conf - rng.int(0, 1), ...r, photos: 1 },
      { a: 'confirm', day: conf, by: office(), grade: 'general', deadline: dl },
    ]);
  }
}

/** 整改中: overdue, due this week, later; one with an extension pending, one extended, one sent back by review. */
function rectifyingStories(p: Planner): void {
  const { rng, n, office, ofEnt, general, story } = p;
  const rectifying = [-1, -4, -9, 1, 3, 5, 6, 10, 16, 24];
  for (const dl of rectifying.slice(0, n(rectifying.length))) {
    const { e, c } = general();
    const conf = Math.min(-1, dl - rng.int(6, 9));
    story(e, c, (r) => [
      { a: 'report', day: conf - rng.int(0, 2), ...r, photos: rng.int(1, 2) },
      { a: 'confirm', day: conf, by: office(), grade: 'general', deadline: dl },
      { a: 'start', day: Math.min(0, conf + rng.int(0, 2)), by: ofEnt(e) },
    ]);
  }
  {
    const { e, c } = general();
    story(e, c, (r) => [
      { a: 'report', day: -9, ...r, photos: 1 },
      { a: 'confirm', day: -8, by: office(), grade: 'general', deadline: 2 },
      { a: 'start', day: -7, by: ofEnt(e) },
      { a: 'extension_requested', day: 0, by: ofEnt(e), to: 12 },
    ]);
  }
  {
    const { e, c } = general();
    story(e, c, (r) => [
      { a: 'report', day: -16, ...r, photos: 1 },
      { a: 'confirm', day: -15, by: office(), grade: 'general', deadline: -8 },
      { a: 'start', day: -14, by: ofEnt(e) },
      { a: 'extension_requested', day: -10, by: ofEnt(e), to: 4 },
      { a: 'extension_approved', day: -9, by: office() },
    ]);
  }
  {
    const { e, c } = general();
    story(e, c, (r) => [
      { a: 'report', day: -12, ...r, photos: 1 },
      { a: 'confirm', day: -11, by: office(), grade: 'general', deadline: 3 },
      { a: 'start', day: -10, by: ofEnt(e) },
      { a: 'submit', day: -4, by: ofEnt(e), photos: 1 },
      { a: 'reject', day: -3, by: office() },
    ]);
  }
}

/** 待复核: rectified and submitted with after-photos (one self-check fixed by the enterprise itself). */
function pendingReviewStories(p: Planner): void {
  const { rng, n, office, ofEnt, general, story } = p;
  for (let k = 0; k < n(5); k++) {
    const { e, c } = general();
    const sub = -rng.int(0, 3);
    const conf = sub - rng.int(3, 8);
    story(e, c, (r) => [
      { a: 'report', day: conf - rng.int(0, 1), ...r, photos: rng.int(1, 2) },
      { a: 'confirm', day: conf, by: office(), grade: 'general', deadline: conf + 7 },
      { a: 'start', day: conf + 1, by: ofEnt(e) },
      { a: 'submit', day: sub, by: ofEnt(e), photos: rng.int(1, 2) },
    ]);
  }
  {
    const { e, c } = general();
    const d = -rng.int(0, 2);
    story(e, c, () => [
      { a: 'report', day: d, by: ofEnt(e), source: 'self_check', photos: 1 },
      { a: 'submit', day: d, by: ofEnt(e), photos: 1, sameFlush: true },
    ]);
  }
}

/** 已闭环: over the last three months, mostly on time, a couple late; some fixed on the spot. */
function closedStories(p: Planner): void {
  const { rng, people, n, office, ofEnt, pickEnt, general, story } = p;
  for (let k = 0; k < n(10); k++) {
    const { e, c } = general();
    const conf = -rng.int(8, 90);
    const late = k % 5 === 4;
    const deadline = conf + 7;
    const sub = late ? deadline + rng.int(1, 4) : conf + rng.int(2, 6);
    story(e, c, (r) => [
      { a: 'report', day: conf - rng.int(0, 1), ...r, photos: rng.int(1, 2) },
      { a: 'confirm', day: conf, by: office(), grade: 'general', deadline },
      { a: 'start', day: conf + 1, by: ofEnt(e) },
      { a: 'submit', day: Math.min(-1, sub), by: ofEnt(e), photos: rng.int(1, 2) },
      { a: 'approve', day: Math.min(0, sub + rng.int(0, 2)), by: office() },
    ]);
  }
  for (let k = 0; k < n(4); k++) {
    const e = pickEnt();
    const gw = e.gridCode ? people.gridWorkers.get(e.gridCode) : undefined;
    if (!gw) continue;
    const d = -rng.int(1, 60);
    const c = rng.pick(['fire', 'electrical', 'other']);
    story(e, c, () => [
      { a: 'report', day: d, by: gw, source: 'grid_patrol', photos: 1 },
      { a: 'fix_on_spot', day: d, by: gw, photos: 1 },
    ]);
  }
}

/** 已驳回 (不予认定). */
function dismissedStories(p: Planner): void {
  const { rng, n, office, general, story } = p;
  for (let k = 0; k < n(3); k++) {
    const { e, c } = general();
    const d = -rng.int(2, 40);
    story(e, c, (r) => [
      { a: 'report', day: d, ...r, photos: 1 },
      { a: 'dismiss', day: Math.min(0, d + rng.int(0, 1)), by: office() },
    ]);
  }
}

/** Registered by the safety office from a phone complaint or a task handed down by the city (confirmed at once). */
function registeredStories(p: Planner): void {
  const { rng, office, ofEnt, general, story } = p;
  for (const [source, dl, started] of [
    ['phone_complaint', 4, false],
    ['authority_assigned', 8, true],
  ] as const) {
    const { e, c } = general();
    const d = -rng.int(1, 4);
    story(e, c, () => [
      { a: 'report', day: d, by: office(), source, photos: 1, register: { deadline: dl } },
      ...(started ? [{ a: 'start' as const, day: Math.min(0, d + 1), by: ofEnt(e) }] : []),
    ]);
  }
}

/** Reopened: closed, then found again at a re-check. */
function reopenedStories(p: Planner): void {
  const { office, ofEnt, general, story } = p;
  {
    const { e, c } = general();
    story(e, c, (r) => [
      { a: 'report', day: -30, ...r, photos: 1 },
      { a: 'confirm', day: -29, by: office(), grade: 'general', deadline: -22 },
      { a: 'start', day: -28, by: ofEnt(e) },
      { a: 'submit', day: -24, by: ofEnt(e), photos: 1 },
      { a: 'approve', day: -23, by: office() },
      { a: 'reopen', day: -2, by: office(), deadline: 5 },
    ]);
  }
}

/** Major hazards: under 挂牌督办 (one overdue), awaiting acceptance, closed with acceptance, and one just graded. */
function majorStories(p: Planner): void {
  const { rng, people, office, ofEnt, withMajor, story } = p;
  const majors = (
    [
      ['ammonia_refrigeration', 'ammonia'],
      ['combustible_dust', 'dust'],
      ['confined_space', 'confined_space'],
    ] as const
  ).flatMap(([tag, cat]) => withMajor(tag).map((e) => ({ e, cat })));
  const majorPick = rng.sample(majors, 4);
  const majorText = (cat: string) => rng.pick(HAZARD_TEXTS[cat]!.filter((t) => t.major));
  const plans: Array<(e: DemoHazardEnterprise, r: { by: DemoActor; source: string }) => Step[]> = [
    // Listed, overdue by two days: the worst a zone has.
    (e, r) => [
      { a: 'report', day: -34, ...r, photos: 2 },
      { a: 'confirm', day: -33, by: office(), grade: 'major', deadline: -2 },
      { a: 'major_plan', day: -31, by: ofEnt(e) },
      { a: 'major_list', day: -30, by: people.admin },
      { a: 'major_reported', day: -30, by: office() },
      { a: 'start', day: -29, by: ofEnt(e) },
    ],
    // Listed, due in ten days.
    (e, r) => [
      { a: 'report', day: -21, ...r, photos: 2 },
      { a: 'confirm', day: -20, by: office(), grade: 'major', deadline: 10 },
      { a: 'major_plan', day: -18, by: ofEnt(e) },
      { a: 'major_list', day: -17, by: people.admin },
      { a: 'major_reported', day: -17, by: office() },
      { a: 'start', day: -16, by: ofEnt(e) },
    ],
    // Rectified, acceptance requested.
    (e, r) => [
      { a: 'report', day: -40, ...r, photos: 1 },
      { a: 'confirm', day: -39, by: office(), grade: 'major', deadline: 0 },
      { a: 'major_plan', day: -37, by: ofEnt(e) },
      { a: 'major_list', day: -36, by: people.admin },
      { a: 'major_reported', day: -36, by: office() },
      { a: 'start', day: -35, by: ofEnt(e) },
      { a: 'submit', day: -3, by: ofEnt(e), photos: 2 },
      { a: 'major_acceptance', day: -3, by: ofEnt(e) },
    ],
    // Closed after acceptance; supervision cancelled (销号).
    (e, r) => [
      { a: 'report', day: -80, ...r, photos: 1 },
      { a: 'confirm', day: -79, by: office(), grade: 'major', deadline: -50 },
      { a: 'major_plan', day: -77, by: ofEnt(e) },
      { a: 'major_list', day: -76, by: people.admin },
      { a: 'major_reported', day: -76, by: office() },
      { a: 'start', day: -75, by: ofEnt(e) },
      { a: 'submit', day: -55, by: ofEnt(e), photos: 2 },
      { a: 'major_acceptance', day: -55, by: ofEnt(e) },
      { a: 'approve', day: -52, by: office() },
    ],
  ];
  for (const [k, build] of plans.entries()) {
    const m = majorPick[k % Math.max(1, majorPick.length)];
    if (!m) break;
    story(m.e, m.cat, (r) => build(m.e, r), majorText(m.cat));
  }
  // Just graded major, plan not yet in: waits for listing.
  if (majorPick[0]) {
    const m = majorPick.at(-1)!;
    story(
      m.e,
      'management',
      (r) => [
        { a: 'report', day: -3, ...r, photos: 1 },
        { a: 'confirm', day: -2, by: office(), grade: 'major', deadline: 28 },
      ],
      HAZARD_TEXTS.management!.find((t) => t.major)!,
    );
  }
}

/**
 * Seeds the hazard history of one zone once (see the module comment), in phases: plan the zone's stories, build
 * each story's rows, write them all (codes, photos, rows, notices and fired escalations, audit) in one claimed
 * transaction, and count what was written.
 */
export async function seedDemoHazards(
  c: Container,
  em: Em,
  tenant: TenantInfo,
  ents: DemoHazardEnterprise[],
  people: DemoHazardPeople,
  scale: number,
): Promise<DemoHazardReport> {
  const now = new Date();
  const z: ZoneClock = {
    tenant,
    tz: tenant.timeZone,
    now,
    today: localDate(now, tenant.timeZone),
    checklistCodes: new Set(CURRENT_CHECKLIST.items.map((i) => i.code)),
  };
  const rng = new Rng(`yuanan-demo:${tenant.code}:hazards`);
  const list = stories(rng, ents, people, scale);
  const userAgent = auditContext().userAgent;
  const rows = new ZoneRows();
  for (const [si, s] of list.entries()) buildStoryRows(z, rows, s, si);
  const written = await writeZoneRows(c, em, z, rows, { ents, people, rng, userAgent });
  if (!written) return { ...emptyReport(), skipped: true };
  c.audit.schedule(tenant.id);
  return reportOf(z, rows);
}

function emptyReport(): DemoHazardReport {
  return { hazards: 0, byStatus: {}, overdue: 0, majorListed: 0, photos: 0, events: 0, notifications: 0, skipped: false };
}

/** What was written: hazards by status, the overdue and the listed ones, photos, timeline rows, notifications. */
function reportOf(z: ZoneClock, rows: ZoneRows): DemoHazardReport {
  const { hazards } = rows;
  const report = emptyReport();
  report.hazards = hazards.length;
  for (const h of hazards) report.byStatus[String(h.status)] = (report.byStatus[String(h.status)] ?? 0) + 1;
  report.overdue = hazards.filter(
    (h) => h.deadline && (h.deadline as Date) < z.now && ESCALATING.includes(h.status as HazardStatus),
  ).length;
  report.majorListed = hazards.filter((h) => h.supervisionListedAt && !h.supervisionCancelledAt).length;
  report.photos = rows.files.length;
  report.events = rows.events.length;
  report.notifications = rows.notifications.length;
  return report;
}
