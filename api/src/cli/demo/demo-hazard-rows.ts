/**
 * The build phase of a demo zone's hazard history (demo-hazards.ts): one story told as the rows the services would
 * have written step by step (hazard.service.ts, hazard.jobs.ts) — the hazard in its final state and version, its
 * timeline with who/when/photos, extension requests, photo files, the audit rows of each step, the escalation
 * stages that fired while it was open, and the steps whose notices the write phase sends.
 *
 * Deterministic: every random choice of a story comes from its own Rng (zone code and story index), drawn in the
 * order the steps are told.
 */
import { HAZARD_SOURCE_LABELS, type HazardStatus } from '@yuanan/contracts';
import { addDays, endOfLocalDay, escalationPlan, localDate, type PlannedStage } from '@yuanan/domain';
import { uuidv7 } from '../../core/db/ids.ts';
import { APPROVE_COMMENTS, DISMISS_REASONS, EXTENSION_REASONS, REJECT_COMMENTS } from './demo-hazard-texts.ts';
import {
  changes,
  deadlineOf,
  ESCALATING,
  MINUTE,
  OPERATION,
  stepAt,
  type DemoActor,
  type Row,
  type Step,
  type Story,
  type ZoneClock,
  type ZoneRows,
} from './demo-hazard-model.ts';
import { Rng } from './demo-random.ts';

type ReportStep = Extract<Step, { a: 'report' }>;
type Location = { lat: number; lng: number } | null;
/** What one step did besides changing the hazard row: its timeline comment and photos, and whether it saved the row. */
interface StepOutcome {
  comment: string | null;
  photos: string[];
  bump: boolean;
}
const outcome = (comment: string | null, photos: string[] = [], bump = true): StepOutcome => ({ comment, photos, bump });

/** The rows of story `si` of the zone, added to `rows`. */
export function buildStoryRows(z: ZoneClock, rows: ZoneRows, s: Story, si: number): void {
  new StoryRows(z, rows, s, si).build();
}

/** Times of the steps: a working hour of their day, each after the one before, the last one before now. */
function stepTimes(z: ZoneClock, steps: Step[], r: Rng): Date[] {
  const times = steps.map((st) => stepAt(z, st.day, r));
  for (let k = 1; k < times.length; k++) {
    const st = steps[k]!;
    const gap = st.a === 'submit' && st.sameFlush ? 0 : st.a === 'fix_on_spot' ? r.int(5, 25) * MINUTE : 7 * MINUTE;
    if (times[k]!.getTime() < times[k - 1]!.getTime() + gap) times[k] = new Date(times[k - 1]!.getTime() + gap);
  }
  for (let k = times.length - 1; k >= 0; k--) {
    const limit = k === times.length - 1 ? z.now.getTime() - 3 * MINUTE : times[k + 1]!.getTime() - 4 * MINUTE;
    if (times[k]!.getTime() > limit) times[k] = new Date(limit);
  }
  return times;
}

/** The hazard row as reported (status reported, version 1). */
function reportedHazard(
  z: ZoneClock,
  s: Story,
  id: string,
  report: ReportStep,
  t0: Date,
  photoIds: string[],
  loc: Location,
): Row {
  const checklist = report.major ? (s.text.major ?? []).filter((code) => z.checklistCodes.has(code)) : [];
  return {
    id,
    createdAt: t0,
    updatedAt: t0,
    tenantId: z.tenant.id,
    code: '',
    enterpriseId: s.e.id,
    gridId: s.e.gridId,
    source: report.source,
    categoryCode: s.category,
    grade: checklist.length ? 'major' : null,
    treatment: null,
    status: 'reported',
    description: s.text.d,
    place: s.text.place,
    lat: loc?.lat ?? null,
    lng: loc?.lng ?? null,
    photoIds,
    afterPhotoIds: [],
    responsibleName: null,
    responsibleUserId: null,
    deadline: null,
    measures: null,
    cost: null,
    legalBasis: s.text.basis ?? null,
    majorChecklistItems: checklist,
    reportedBy: report.by.id,
    reportedByName: report.by.name,
    reportedAt: t0,
    confirmedAt: null,
    closedAt: null,
    dismissReason: null,
    governancePlan: null,
    supervisionListedAt: null,
    supervisionListedBy: null,
    supervisionLedgerNo: null,
    supervisionCancelledAt: null,
    reportedToAuthorityAt: null,
    acceptanceRequestedAt: null,
    acceptedAt: null,
    version: 1,
  };
}

/**
 * Stages of an escalation plan that came due between `from` (the deadline was set) and `until` (the hazard left the
 * escalating states, or now): stages already past at `from` collapse into one firing at once (collapsePastStages),
 * the later ones fire at their time.
 */
function firingsBetween(
  plan: PlannedStage[],
  from: Date,
  until: Date,
): Array<{ t: Date; fire: PlannedStage; superseded: PlannedStage[] }> {
  const past = plan.filter((st) => st.fireAt.getTime() <= from.getTime());
  const later = plan.filter((st) => st.fireAt.getTime() > from.getTime() && st.fireAt.getTime() < until.getTime());
  const firings: Array<{ t: Date; fire: PlannedStage; superseded: PlannedStage[] }> = [];
  if (past.length) firings.push({ t: new Date(from.getTime() + 2_000), fire: past.at(-1)!, superseded: past.slice(0, -1) });
  for (const st of later) firings.push({ t: st.fireAt, fire: st, superseded: [] });
  return firings;
}

/** One story being told: the hazard row, changed step by step, and everything each step wrote. */
class StoryRows {
  private readonly r: Rng;
  private readonly id: string;
  private readonly times: Date[];
  private readonly location: Location;
  private h: Row = {};
  private pendingExtension: Row | null = null;
  /** The deadline being escalated and since when (null while the hazard is not in an escalating state). */
  private period: { from: Date; deadline: Date } | null = null;
  private readonly firedKeys = new Set<string>();

  private readonly z: ZoneClock;
  private readonly rows: ZoneRows;
  private readonly s: Story;
  private readonly si: number;

  constructor(z: ZoneClock, rows: ZoneRows, s: Story, si: number) {
    this.z = z;
    this.rows = rows;
    this.s = s;
    this.si = si;
    this.r = new Rng(`yuanan-demo:${z.tenant.code}:hazard:${si}`);
    this.times = stepTimes(z, s.steps, this.r);
    this.id = uuidv7();
    const e = s.e;
    this.location = e.lat != null ? { lat: this.near(e.lat, 0.0004)!, lng: this.near(e.lng, 0.0004)! } : null;
  }

  build(): void {
    this.report();
    for (let k = 1; k < this.s.steps.length; k++) this.step(this.s.steps[k]!, this.times[k]!);
    this.closePeriod(this.z.now);
    this.rows.hazards.push(this.h);
  }

  private near(v: number | null, spread: number): number | null {
    return v == null ? null : Number((v + this.r.float(-spread, spread, 6)).toFixed(6));
  }

  /** `n` photos taken by `by` just before `t` (files rows; the pictures are rendered when written). */
  private photos(n: number, t: Date, by: DemoActor, after: boolean): string[] {
    const { z, r, location } = this;
    return Array.from({ length: n }, (_, k) => {
      const fid = uuidv7();
      const key = `${z.tenant.id}/${t.getUTCFullYear()}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${fid}.jpg`;
      const upAt = new Date(t.getTime() - (n - k) * 20_000);
      const f: Row = {
        id: fid,
        createdAt: upAt,
        updatedAt: upAt,
        tenantId: z.tenant.id,
        purpose: after ? 'rectification_photo' : 'hazard_photo',
        mime: 'image/jpeg',
        size: 0,
        sha256: '',
        storageKey: key,
        originalName: `IMG_${localDate(t, z.tz).replace(/-/g, '')}_${String(r.int(1000, 9999))}.jpg`,
        width: 480,
        height: 360,
        takenAt: new Date(upAt.getTime() - r.int(1, 10) * MINUTE),
        lat: location ? this.near(location.lat, 0.0001) : null,
        lng: location ? this.near(location.lng, 0.0001) : null,
        enterpriseId: this.s.e.id,
        uploadedBy: by.id,
      };
      this.rows.files.push(f);
      this.rows.photos.push({ key, category: this.s.category, after, variant: this.si + k });
      return fid;
    });
  }

  /** A timeline row of the hazard (to the status it has now). */
  private event(
    t: Date,
    by: DemoActor | null,
    action: string,
    from: string | null,
    comment: string | null,
    photoIds: string[] = [],
    loc: Location = null,
  ): Row {
    const ev: Row = {
      id: uuidv7(),
      createdAt: t,
      updatedAt: t,
      tenantId: this.z.tenant.id,
      hazardId: this.id,
      action,
      fromStatus: from,
      toStatus: this.h.status,
      actorId: by?.id ?? null,
      actorName: by?.name ?? '系统',
      role: by?.role ?? null,
      comment: comment?.slice(0, 1000) ?? null,
      photoIds,
      lat: loc?.lat ?? null,
      lng: loc?.lng ?? null,
      at: t,
    };
    this.rows.events.push(ev);
    return ev;
  }

  /** The first step: reported (or registered and graded at once by the safety office). */
  private report(): void {
    const { z, s, rows } = this;
    const e = s.e;
    const report0 = s.steps[0] as ReportStep;
    const t0 = this.times[0]!;
    const reportPhotos = this.photos(report0.photos, t0, report0.by, false);
    const h = (this.h = reportedHazard(z, s, this.id, report0, t0, reportPhotos, this.location));
    let reportComment = s.text.d;
    if (report0.register) {
      const dlDate = addDays(z.today, report0.register.deadline);
      Object.assign(h, {
        grade: 'general',
        treatment: 'deadline',
        status: 'confirmed',
        responsibleName: e.principal,
        responsibleUserId: e.users[0]?.id ?? null,
        deadline: endOfLocalDay(dlDate, z.tz),
        confirmedAt: t0,
      });
      reportComment = `来源：${HAZARD_SOURCE_LABELS[report0.source as keyof typeof HAZARD_SOURCE_LABELS]}。定为一般隐患，限期整改，期限 ${dlDate}，责任人 ${e.principal}`;
    }
    rows.audit(new Date(t0.getTime()), report0.by, 'hazards.report', 'Hazard', this.id, e.id, 'create', h);
    const action = report0.register ? 'register' : 'report';
    const reportEvent = this.event(t0, report0.by, action, null, reportComment, reportPhotos, this.location);
    rows.audit(t0, report0.by, 'hazards.report', 'HazardEvent', String(reportEvent.id), null, 'create', reportEvent);
    rows.toNotify.push({ t: t0, h: { ...h }, action: report0.register ? 'confirm' : 'report' });
    this.openPeriod(t0);
  }

  /** A later step at `t`: the row changed, saved (version), audited, on the timeline, notified. */
  private step(st: Step, t: Date): void {
    const { h, rows } = this;
    const before = { ...h };
    const from = String(h.status);
    this.closePeriod(t);
    const done = this.apply(st, t);
    if (done.bump) h.version = Number(h.version) + 1;
    h.updatedAt = t;
    const diff = changes(before, h);
    const sideStep = st.a.startsWith('major_') || st.a.startsWith('extension_');
    const op = sideStep ? OPERATION[st.a]! : 'hazards.transition';
    const action = st.a === 'submit' && st.sameFlush ? 'hazards.report' : op;
    if (Object.keys(diff).length) rows.audit(t, st.by, action, 'Hazard', this.id, this.s.e.id, 'update', diff);
    const ev = this.event(t, st.by, st.a, sideStep ? String(h.status) : from, done.comment, done.photos);
    rows.audit(t, st.by, action, 'HazardEvent', String(ev.id), null, 'create', ev);
    rows.toNotify.push({ t, h: { ...h }, action: st.a });
    this.openPeriod(t);
  }

  private apply(st: Step, t: Date): StepOutcome {
    switch (st.a) {
      case 'report':
        return outcome(null); // a story reports once, at its start
      case 'confirm':
      case 'dismiss':
      case 'reopen':
        return this.decide(st, t);
      case 'start':
      case 'submit':
      case 'fix_on_spot':
      case 'approve':
      case 'reject':
        return this.rectify(st, t);
      case 'extension_requested':
      case 'extension_approved':
      case 'extension_rejected':
        return this.extension(st, t);
      default:
        return this.major(st, t);
    }
  }

  /** The safety office grades, dismisses or reopens the hazard. */
  private decide(st: Extract<Step, { a: 'confirm' | 'dismiss' | 'reopen' }>, t: Date): StepOutcome {
    const { h, r, s, z } = this;
    const e = s.e;
    switch (st.a) {
      case 'confirm': {
        const confDay = localDate(t, z.tz);
        const dlDate = addDays(z.today, st.deadline) < confDay ? confDay : addDays(z.today, st.deadline);
        Object.assign(h, {
          grade: st.grade,
          treatment: 'deadline',
          deadline: endOfLocalDay(dlDate, z.tz),
          responsibleName: r.chance(0.6) ? e.principal : e.safetyManager,
          responsibleUserId: e.users[0]?.id ?? null,
          majorChecklistItems:
            st.grade === 'major' ? (s.text.major ?? []).filter((code) => z.checklistCodes.has(code)) : h.majorChecklistItems,
          confirmedAt: t,
          status: 'confirmed',
        });
        return outcome(
          `定为${st.grade === 'major' ? '重大隐患' : '一般隐患'}，限期整改，期限 ${dlDate}，责任人 ${String(h.responsibleName)}`,
        );
      }
      case 'dismiss': {
        const comment = r.pick(DISMISS_REASONS);
        h.dismissReason = comment;
        h.status = 'dismissed';
        return outcome(comment);
      }
      case 'reopen':
        Object.assign(h, { closedAt: null, acceptedAt: null, supervisionCancelledAt: null, status: 'rectifying' });
        if (!h.deadline || (h.deadline as Date) < t) h.deadline = deadlineOf(z, st.deadline);
        return outcome('复查发现问题反弹，重新整改');
    }
  }

  /** The enterprise rectifies (or the grid worker fixes on the spot); the office reviews. */
  private rectify(st: Extract<Step, { a: 'start' | 'submit' | 'fix_on_spot' | 'approve' | 'reject' }>, t: Date): StepOutcome {
    const { h, r, s } = this;
    switch (st.a) {
      case 'start':
        h.status = 'rectifying';
        return outcome(r.chance(0.5) ? '已安排人员整改' : null);
      case 'submit': {
        const photos = this.photos(st.photos, t, st.by, true);
        h.afterPhotoIds = photos;
        h.measures = s.text.m;
        h.cost = r.chance(0.7) ? r.int(2, 400) * 50 : null;
        h.status = 'pending_review';
        if (st.sameFlush) {
          h.grade = 'general';
          h.treatment = 'immediate';
        }
        return outcome(s.text.m, photos, !st.sameFlush);
      }
      case 'fix_on_spot': {
        const photos = this.photos(st.photos, t, st.by, true);
        Object.assign(h, {
          afterPhotoIds: photos,
          measures: s.text.m,
          grade: 'general',
          treatment: 'immediate',
          closedAt: t,
          status: 'closed',
        });
        return outcome(s.text.m, photos);
      }
      case 'approve':
        if (h.grade === 'major') {
          h.acceptedAt = t;
          if (h.supervisionListedAt) h.supervisionCancelledAt = t;
        }
        h.closedAt = t;
        h.status = 'closed';
        return outcome(r.pick(APPROVE_COMMENTS));
      case 'reject':
        h.status = 'rectifying';
        return outcome(r.pick(REJECT_COMMENTS));
    }
  }

  /** An extension of the deadline asked for by the enterprise, decided by the office. */
  private extension(st: Extract<Step, { a: `extension_${string}` }>, t: Date): StepOutcome {
    const { h, r, z, rows } = this;
    if (st.a === 'extension_requested') {
      const requested = addDays(z.today, st.to);
      const reason = r.pick(EXTENSION_REASONS);
      const x: Row = {
        id: uuidv7(),
        createdAt: t,
        updatedAt: t,
        tenantId: z.tenant.id,
        hazardId: this.id,
        requestedBy: st.by.id,
        requestedByName: st.by.name,
        currentDeadline: h.deadline ?? null,
        requestedDeadline: requested,
        reason,
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        comment: null,
      };
      this.pendingExtension = x;
      rows.extensions.push(x);
      rows.audit(t, st.by, OPERATION[st.a]!, 'HazardExtension', String(x.id), null, 'create', x);
      return outcome(`申请延期至 ${requested}：${reason}`, [], false);
    }
    const x = this.pendingExtension!;
    const xBefore = { ...x };
    const approved = st.a === 'extension_approved';
    Object.assign(x, { status: approved ? 'approved' : 'rejected', decidedBy: st.by.id, decidedAt: t, updatedAt: t });
    rows.audit(t, st.by, OPERATION[st.a]!, 'HazardExtension', String(x.id), null, 'update', changes(xBefore, x));
    this.pendingExtension = null;
    if (!approved) return outcome(null, [], false);
    h.deadline = endOfLocalDay(String(x.requestedDeadline), z.tz);
    return outcome(`期限延至 ${String(x.requestedDeadline)}`);
  }

  /** A major hazard's own steps: governance plan, 挂牌督办, report to the authority, acceptance requested. */
  private major(st: Extract<Step, { a: `major_${string}` }>, t: Date): StepOutcome {
    const { h, r, s, z } = this;
    switch (st.a) {
      case 'major_plan':
        h.governancePlan = {
          targets: `消除“${s.text.d}”重大事故隐患`,
          methods: s.text.m,
          funding: `企业自筹 ${r.int(3, 40)} 万元`,
          organisation: `主要负责人${s.e.principal}牵头，安全管理员${s.e.safetyManager}具体落实`,
          timeline: `${localDate(h.deadline as Date, z.tz)} 前完成整改并申请验收`,
          safetyMeasures: '整改期间停止相关作业，设置警戒区，落实专人监护和应急处置措施',
        };
        return outcome('提交重大隐患治理方案');
      case 'major_list': {
        const no = `义安督〔${localDate(t, z.tz).slice(0, 4)}〕${String(++this.rows.ledgerNo).padStart(3, '0')}号`;
        Object.assign(h, { supervisionListedAt: t, supervisionListedBy: st.by.name, supervisionLedgerNo: no });
        return outcome(`挂牌督办（${no}）`);
      }
      case 'major_reported':
        h.reportedToAuthorityAt = t;
        return outcome('已报告负有安全生产监督管理职责的部门');
      default:
        h.acceptanceRequestedAt = t;
        return outcome('申请重大隐患治理验收');
    }
  }

  /** From `t` the current deadline is escalated (while the hazard is confirmed or being rectified). */
  private openPeriod(t: Date): void {
    const h = this.h;
    if (h.deadline && ESCALATING.includes(h.status as HazardStatus)) this.period = { from: t, deadline: h.deadline as Date };
  }

  /** Until `until` the deadline was escalated: the stages that fired meanwhile (fired_effects, escalations). */
  private closePeriod(until: Date): void {
    const { period, h, z, rows } = this;
    if (!period) return;
    const policy = z.tenant.settings.escalationPolicy;
    const plan = escalationPlan(period.deadline, policy.stages, {
      major: h.grade === 'major',
      majorStartsHigher: policy.majorStartsHigher,
    });
    const keyOf = (st: PlannedStage) => `hazard:${this.id}:${period.deadline.getTime()}:${st.key}`;
    const pending = plan.filter((st) => !this.firedKeys.has(keyOf(st))).sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
    for (const f of firingsBetween(pending, period.from, until)) {
      for (const st of [f.fire, ...f.superseded]) {
        this.firedKeys.add(keyOf(st));
        rows.fired.push({ id: uuidv7(), createdAt: f.t, updatedAt: f.t, tenantId: z.tenant.id, key: keyOf(st), firedAt: f.t });
      }
      rows.escalations.push({
        t: f.t,
        h,
        deadline: period.deadline,
        fire: f.fire,
        superseded: f.superseded,
        status: h.status as HazardStatus,
      });
    }
    this.period = null;
  }
}
