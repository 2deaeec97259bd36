/**
 * What the phases of a demo zone's hazard history share (demo-hazards.ts): the people and enterprises of the
 * stories, the steps a story is told in, and the rows in the making (ZoneRows) that the build phase fills and the
 * write phase inserts.
 */
import type { HazardStatus } from '@yuanan/contracts';
import { addDays, endOfLocalDay, zonedToUtc, type PlannedStage } from '@yuanan/domain';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { HazardText } from './demo-hazard-texts.ts';
import type { Rng } from './demo-random.ts';

/** Someone who acts in the stories (a user of the zone). */
export interface DemoActor {
  id: string;
  name: string;
  role: string;
}

/** An enterprise as the stories need it. */
export interface DemoHazardEnterprise {
  id: string;
  name: string;
  gridId: string | null;
  gridCode: string | null;
  lat: number | null;
  lng: number | null;
  tags: string[];
  principal: string;
  safetyManager: string;
  /** Its accounts (enterprise_admin first). */
  users: DemoActor[];
}

export interface DemoHazardPeople {
  office: DemoActor[];
  admin: DemoActor;
  inspector: DemoActor;
  gridWorkers: Map<string, DemoActor>;
}

/** The audit action (route operationId) of each step. */
export const OPERATION: Record<string, string> = {
  report: 'hazards.report',
  extension_requested: 'hazards.requestExtension',
  extension_approved: 'hazards.decideExtension',
  extension_rejected: 'hazards.decideExtension',
  major_plan: 'hazards.governancePlan',
  major_list: 'hazards.supervise',
  major_reported: 'hazards.reportedToAuthority',
  major_acceptance: 'hazards.requestAcceptance',
};
export const ESCALATING: readonly HazardStatus[] = ['confirmed', 'rectifying'];
export const MINUTE = 60_000;

/** One step of a story: `day` is days from today (0 today, −3 three days ago). */
export type Step =
  | {
      a: 'report';
      day: number;
      by: DemoActor;
      source: string;
      photos: number;
      major?: boolean;
      /** Registered and graded by the safety office at once (POST /hazards with a grade: status confirmed). */
      register?: { deadline: number };
    }
  | { a: 'confirm'; day: number; by: DemoActor; grade: 'general' | 'major'; deadline: number; immediate?: boolean }
  | { a: 'start'; day: number; by: DemoActor }
  | { a: 'submit'; day: number; by: DemoActor; photos: number; sameFlush?: boolean }
  | { a: 'approve' | 'reject'; day: number; by: DemoActor }
  | { a: 'dismiss'; day: number; by: DemoActor }
  | { a: 'fix_on_spot'; day: number; by: DemoActor; photos: number }
  | { a: 'reopen'; day: number; by: DemoActor; deadline: number }
  | { a: 'extension_requested'; day: number; by: DemoActor; to: number }
  | { a: 'extension_approved' | 'extension_rejected'; day: number; by: DemoActor }
  | { a: 'major_plan' | 'major_list' | 'major_reported' | 'major_acceptance'; day: number; by: DemoActor };

export interface Story {
  e: DemoHazardEnterprise;
  category: string;
  text: HazardText;
  steps: Step[];
}

/** Plain rows in the making (camelCase, as the entity), turned into column rows and audit diffs at the end. */
export type Row = Record<string, unknown>;
export function plain(r: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}
export function changes(before: Row, after: Row): Row {
  const out: Row = {};
  for (const k of Object.keys(after)) {
    if (k === 'updatedAt' || k === 'version') continue;
    const [b, a] = [plain({ v: before[k] ?? null }).v, plain({ v: after[k] ?? null }).v];
    if (JSON.stringify(b) !== JSON.stringify(a)) out[k] = [b, a];
  }
  return out;
}

/** The zone and the moment the history is told from: `now`, `today` in the zone, and the checklist in force. */
export interface ZoneClock {
  tenant: TenantInfo;
  tz: string;
  now: Date;
  today: string;
  checklistCodes: Set<string>;
}

/** A working hour of the day `day` days from today (random minute and second from `r`). */
export function stepAt(z: ZoneClock, day: number, r: Rng): Date {
  const [y, m, d] = addDays(z.today, day).split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, r.int(8, 17), r.int(0, 59), r.int(0, 59), z.tz);
}

/** The end of the day `day` days from today (a deadline). */
export const deadlineOf = (z: ZoneClock, day: number): Date => endOfLocalDay(addDays(z.today, day), z.tz);

export interface AuditRow {
  at: Date;
  actor: DemoActor | null;
  action: string;
  type: string;
  id: string;
  scope: string | null;
  op: 'create' | 'update';
  diff: Row;
}

/** A step whose notices the write phase sends (the directory needs the written enterprises and people). */
export interface PendingNotice {
  t: Date;
  h: Row;
  action: string;
}

/** An escalation stage that fired before today (its notice and timeline row are composed in the write phase). */
export interface PastEscalation {
  t: Date;
  h: Row;
  deadline: Date;
  fire: PlannedStage;
  superseded: PlannedStage[];
  status: HazardStatus;
}

/** The rows of a zone's hazard history in the making, filled story by story, then inserted in one transaction. */
export class ZoneRows {
  readonly hazards: Row[] = [];
  readonly events: Row[] = [];
  readonly extensions: Row[] = [];
  readonly files: Row[] = [];
  /** The photo each file shows (rendered and stored when written). */
  readonly photos: Array<{ key: string; category: string; after: boolean; variant: number }> = [];
  readonly notifications: Row[] = [];
  readonly fired: Row[] = [];
  readonly audits: AuditRow[] = [];
  readonly toNotify: PendingNotice[] = [];
  readonly escalations: PastEscalation[] = [];
  /** 挂牌督办 ledger numbers of the zone, in the order the stories list them. */
  ledgerNo = 11;

  audit(
    t: Date,
    actor: DemoActor | null,
    action: string,
    type: string,
    id: string,
    scope: string | null,
    op: 'create' | 'update',
    diff: Row,
  ): void {
    this.audits.push({ at: t, actor, action, type, id, scope, op, diff: plain(diff) });
  }
}
