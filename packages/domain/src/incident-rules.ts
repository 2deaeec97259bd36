/**
 * Incident rules (应急联动): the accident grade from casualties and loss, the warning level's semantic severity, the
 * legal reporting clock and the SOS merge window. Pure, without I/O; times are `Date`s (UTC instants).
 *
 * Sources: 生产安全事故报告和调查处理条例 (2007) Art. 3 (grades), Art. 9 (1-hour report), Art. 12 (report fields),
 * Art. 13 (casualty follow-up); 突发事件应对法 (2024) Art. 63 (warning levels); DOMAIN.md, Emergencies. The
 * vocabulary (labels, zod schemas) lives in the contracts; this package only knows the plain string values.
 */
import { addDays, endOfLocalDay, localDate } from './time.ts';

// ---- accident grade (条例 Art. 3) ----

/** Accident grades of 条例 Art. 3, worst first: 特别重大, 重大, 较大, 一般. */
export const ACCIDENT_GRADE_ORDER = ['especially_major', 'major', 'larger', 'general'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADE_ORDER)[number];

/** The figures Art. 3 grades by, and the ones shown beside it. Counts are whole people; loss in 万元. */
export interface CasualtyFigures {
  /** 死亡人数. */
  deaths: number;
  /** 重伤人数, including acute industrial poisoning (急性工业中毒, Art. 3 (一)). */
  seriousInjuries: number;
  /** 直接经济损失, 万元 (1亿元 = 10000 万元). */
  directLossWan: number;
  /** 失踪 (下落不明): NOT counted by Art. 3's grades; reported beside them (Art. 12 (四)). Optional. */
  missing?: number;
  /** 轻伤: not graded by Art. 3; makes the accident at least 一般 (something happened). Optional. */
  minorInjuries?: number;
}

/** Thresholds of Art. 3, per grade: deaths, serious injuries, direct loss (万元). "以上" includes the number. */
export const ACCIDENT_GRADE_THRESHOLDS: Record<
  Exclude<AccidentGrade, 'general'>,
  { deaths: number; seriousInjuries: number; directLossWan: number }
> = {
  especially_major: { deaths: 30, seriousInjuries: 100, directLossWan: 10_000 },
  major: { deaths: 10, seriousInjuries: 50, directLossWan: 5_000 },
  larger: { deaths: 3, seriousInjuries: 10, directLossWan: 1_000 },
};

/**
 * Upper bounds the platform accepts (the api refuses more with 422): people 0..9999 per field, loss 0..10,000,000
 * 万元. Why 9,999 people: the worst industrial accident ever recorded in China killed 1,549 (本溪湖煤矿, 1942), and
 * 条例 Art. 3's top grade starts at 30 deaths / 100 serious injuries — a figure of ten thousand or more for one park
 * incident is a slip of the keyboard (an extra zero), and accepting it would grade the incident 特别重大 and start
 * the reports that go with it. The loss bound (1,000 亿元) stays: the top grade starts at 1 亿元.
 */
export const CASUALTY_MAX = 9_999;
export const DIRECT_LOSS_MAX_WAN = 10_000_000;

/**
 * Why a casualty figure is not acceptable, or null when all are: counts must be whole numbers 0..CASUALTY_MAX, the
 * loss a finite number 0..DIRECT_LOSS_MAX_WAN with at most 2 decimals (万元 to the 元 hundred). The field name is
 * returned so the api can answer a 422 on it.
 */
export function casualtyProblem(f: Partial<CasualtyFigures>): { field: keyof CasualtyFigures; zh: string; en: string } | null {
  for (const field of ['deaths', 'missing', 'seriousInjuries', 'minorInjuries'] as const) {
    const v = f[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > CASUALTY_MAX)
      return {
        field,
        zh: `人数须为 0–${CASUALTY_MAX} 的整数`,
        en: `A count of people must be a whole number 0–${CASUALTY_MAX}`,
      };
  }
  const loss = f.directLossWan;
  if (loss !== undefined) {
    if (typeof loss !== 'number' || !Number.isFinite(loss) || loss < 0 || loss > DIRECT_LOSS_MAX_WAN)
      return {
        field: 'directLossWan',
        zh: `直接经济损失须为 0–${DIRECT_LOSS_MAX_WAN} 万元`,
        en: `The direct loss must be 0–${DIRECT_LOSS_MAX_WAN} (10 000 yuan)`,
      };
    if (Math.abs(Math.round(loss * 100) - loss * 100) > 1e-6)
      return { field: 'directLossWan', zh: '直接经济损失最多保留两位小数（万元）', en: 'At most 2 decimals (10 000 yuan)' };
  }
  return null;
}

/**
 * The accident grade of 条例 Art. 3 from deaths, serious injuries and direct loss: the WORST grade any one of the
 * three reaches ("或者"). "以上" includes the number, "以下" excludes it (Art. 3 last paragraph), so exactly 3 deaths
 * is 较大, exactly 10 is 重大, exactly 30 is 特别重大; 10 / 50 / 100 serious injuries and 1000 / 5000 / 10000 万元 the same.
 *
 * Missing people (失踪) are NOT counted as deaths: the 2007 regulation grades by 死亡 only; the report shows the
 * missing beside the grade (Art. 12 (四) "包括下落不明的人数"), and the grade is recomputed if they are later
 * confirmed dead. Any casualty or loss at all (incl. missing or minor injuries) is at least 一般 (general); null when
 * every figure is 0 (nothing to grade yet).
 *
 * @throws RangeError when a figure is negative, not finite or (people) not a whole number — see casualtyProblem.
 */
export function accidentGrade(f: CasualtyFigures): AccidentGrade | null {
  const problem = casualtyProblem(f);
  if (problem) throw new RangeError(`${problem.field}: ${problem.en}`);
  for (const grade of ['especially_major', 'major', 'larger'] as const) {
    const t = ACCIDENT_GRADE_THRESHOLDS[grade];
    if (f.deaths >= t.deaths || f.seriousInjuries >= t.seriousInjuries || f.directLossWan >= t.directLossWan) return grade;
  }
  const any = f.deaths + f.seriousInjuries + f.directLossWan + (f.missing ?? 0) + (f.minorInjuries ?? 0) > 0;
  return any ? 'general' : null;
}

/** Which of Art. 3's three figures put the accident in its grade (empty for 一般/null): for the report's wording. */
export function accidentGradeBasis(f: CasualtyFigures): Array<'deaths' | 'seriousInjuries' | 'directLossWan'> {
  const grade = accidentGrade(f);
  if (!grade || grade === 'general') return [];
  const t = ACCIDENT_GRADE_THRESHOLDS[grade];
  return (['deaths', 'seriousInjuries', 'directLossWan'] as const).filter((k) => f[k] >= t[k]);
}

// ---- warning levels (突发事件应对法 Art. 63) ----

/** Warning levels of 突发事件应对法 Art. 63: 一级 (red, highest) … 四级 (blue). */
export const WARNING_LEVEL_ORDER = ['I', 'II', 'III', 'IV'] as const;
export type WarningLevel = (typeof WARNING_LEVEL_ORDER)[number];

/** Colours of Art. 63 per level. */
export const WARNING_LEVEL_COLOURS: Record<WarningLevel, 'red' | 'orange' | 'yellow' | 'blue'> = {
  I: 'red',
  II: 'orange',
  III: 'yellow',
  IV: 'blue',
};

/**
 * The semantic severity stored beside the level (DOMAIN.md: "store a semantic severity beside each scheme's own
 * label"): higher is worse, I → 4 … IV → 1, so sorting and "at least" comparisons never depend on which way a
 * scheme numbers its levels. @throws RangeError on an unknown level.
 */
export function warningSeverity(level: WarningLevel): 1 | 2 | 3 | 4 {
  const i = WARNING_LEVEL_ORDER.indexOf(level);
  if (i < 0) throw new RangeError(`unknown warning level ${String(level)}`);
  return (4 - i) as 1 | 2 | 3 | 4;
}

/** The level of a semantic severity (4 → I … 1 → IV). @throws RangeError outside 1..4. */
export function warningLevelOfSeverity(severity: number): WarningLevel {
  if (!Number.isInteger(severity) || severity < 1 || severity > 4) throw new RangeError(`severity ${severity} not 1..4`);
  return WARNING_LEVEL_ORDER[4 - severity]!;
}

// ---- reporting clock (条例 Art. 9, 13) ----

/** Art. 9: the unit's head reports to the county-level authority within 1 hour of learning of the accident. */
export const AUTHORITY_REPORT_MINUTES = 60;
/** Art. 13: casualty changes are reported within 30 days of the accident; 7 days for road traffic and fire. */
export const CASUALTY_FOLLOW_UP_DAYS = 30;
export const CASUALTY_FOLLOW_UP_DAYS_FIRE = 7;

export interface ReportingClockInput {
  /** When the unit learned of it (接报): the 1-hour clock starts here (Art. 9 "接到报告后"). */
  learnedAt: Date;
  /** When it happened; Art. 13's follow-up counts "自事故发生之日起". Defaults to learnedAt. */
  occurredAt?: Date | null;
  /** The incident type (contracts INCIDENT_TYPES): only 'fire' gets Art. 13's 7 days. */
  type: string;
  now: Date;
  /** When the report to the authority was made, or null while it is not. */
  authorityReportedAt: Date | null;
  /** The zone's `incidentPolicy.authorityReportMinutes` (default 60 = Art. 9; a zone may only be stricter). */
  policyMinutes?: number;
  /** Time zone of the zone for Art. 13's calendar days (default Asia/Shanghai). */
  timeZone?: string;
}

export interface ReportingClock {
  /** learnedAt + policyMinutes. */
  authorityDueAt: Date;
  /** 'done' once reported (on time or not, see onTime); 'overdue' from the due instant on (the hour is used up at
   *  60:00 exactly: a report made at 60:00 is still on time); else 'pending'. */
  state: 'pending' | 'overdue' | 'done';
  /** authorityDueAt − (authorityReportedAt ?? now), ms: positive = time left (or to spare), ≤ 0 = late by that much. */
  remainingMs: number;
  /** Reported at or before the due instant; null while not reported. */
  onTime: boolean | null;
  /** 7 (fire) or 30 (everything else) calendar days. */
  followUpDays: number;
  /** End (23:59:59.999 local) of the last day casualty changes must still be reported (Art. 13): the day of the
   *  accident is not counted (民法典 Art. 201: 开始的当日不计入), so 30 days after 1 March ends on 31 March. */
  casualtyFollowUpUntil: Date;
}

/**
 * The legal reporting clock of an incident: the 1-hour report to the authority (条例 Art. 9, from learnedAt) and the
 * window for casualty follow-up reports (Art. 13: 30 days from the accident, 7 for fire — here only the type 'fire'
 * (火灾); explosions and the other types get 30: Art. 13 names road traffic and fire accidents only, and road
 * traffic is not an incident type of the zone).
 * @throws RangeError when policyMinutes is not a whole number 1..60 (Art. 9 is the ceiling).
 */
export function reportingClock(input: ReportingClockInput): ReportingClock {
  const minutes = input.policyMinutes ?? AUTHORITY_REPORT_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > AUTHORITY_REPORT_MINUTES)
    throw new RangeError(`policyMinutes ${minutes} not 1..${AUTHORITY_REPORT_MINUTES}`);
  const due = input.learnedAt.getTime() + minutes * 60_000;
  const reported = input.authorityReportedAt?.getTime() ?? null;
  const remainingMs = due - (reported ?? input.now.getTime());
  const state = reported !== null ? 'done' : remainingMs <= 0 ? 'overdue' : 'pending';
  const followUpDays = input.type === 'fire' ? CASUALTY_FOLLOW_UP_DAYS_FIRE : CASUALTY_FOLLOW_UP_DAYS;
  const tz = input.timeZone ?? 'Asia/Shanghai';
  const occurred = input.occurredAt ?? input.learnedAt;
  return {
    authorityDueAt: new Date(due),
    state,
    remainingMs,
    onTime: reported === null ? null : reported <= due,
    followUpDays,
    casualtyFollowUpUntil: endOfLocalDay(addDays(localDate(occurred, tz), followUpDays), tz),
  };
}

/** Art. 12's required fields of a report to the authority, in its order (keys for the 快报 and the form). */
export const AUTHORITY_REPORT_FIELDS = [
  'unit', // (一) 事故发生单位概况
  'timePlace', // (二) 发生的时间、地点以及事故现场情况
  'sequence', // (三) 事故的简要经过
  'casualties', // (四) 伤亡人数（包括下落不明的人数）和初步估计的直接经济损失
  'measures', // (五) 已经采取的措施
  'other', // (六) 其他应当报告的情况
] as const;
export type AuthorityReportField = (typeof AUTHORITY_REPORT_FIELDS)[number];

// ---- SOS merge window ----

/** The incident an earlier SOS of the same person opened, as far as merging is concerned. */
export interface SosPrevious {
  reporterUserId: string;
  /** When that SOS arrived (the incident's learnedAt for an SOS incident). */
  at: Date;
  /** The incident's status: a closed or cancelled incident never takes a merge. */
  status: string;
  isDrill: boolean;
}

export interface SosNext {
  reporterUserId: string;
  at: Date;
  isDrill: boolean;
}

/**
 * A second SOS from the same person merges into the first (issue 12, bad input: "within a minute"; the zone's
 * `incidentPolicy.sosMergeSeconds`) when: same reporter, the first incident is still open (not closed/cancelled),
 * both are drills or both real, and the second came 0..windowSeconds after the first (inclusive; measured from the
 * FIRST SOS so a person pressing every 50 s does not chain one incident forever). A second SOS with another type
 * still merges (it is the same emergency seen again; the desk changes the type). An SOS replayed with the same
 * clientKey is a replay, not a merge: the caller checks that before.
 */
export function sosMerges(prev: SosPrevious, next: SosNext, windowSeconds: number): boolean {
  if (prev.reporterUserId !== next.reporterUserId) return false;
  if (prev.status === 'closed' || prev.status === 'cancelled') return false;
  if (prev.isDrill !== next.isDrill) return false;
  const gap = next.at.getTime() - prev.at.getTime();
  return gap >= 0 && gap <= windowSeconds * 1000;
}
