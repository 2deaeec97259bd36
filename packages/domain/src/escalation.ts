/**
 * Escalation of a hazard's deadline: stages relative to the deadline (negative before it), each notifying a level
 * of the chain. Major hazards start one level higher (DOMAIN.md default), capped at the zone administrator.
 */
export const ESCALATION_LEVELS = ['responsible', 'grid_worker', 'safety_office', 'zone_admin'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export interface EscalationStageDef {
  key: string;
  offsetSeconds: number;
  target: EscalationLevel;
}

export interface PlannedStage {
  key: string;
  fireAt: Date;
  target: EscalationLevel;
}

export function escalationPlan(
  deadline: Date,
  stages: EscalationStageDef[],
  opts: { major: boolean; majorStartsHigher: boolean },
): PlannedStage[] {
  const shift = opts.major && opts.majorStartsHigher ? 1 : 0;
  return stages
    .map((s) => {
      const i = Math.min(ESCALATION_LEVELS.indexOf(s.target) + shift, ESCALATION_LEVELS.length - 1);
      return { key: s.key, fireAt: new Date(deadline.getTime() + s.offsetSeconds * 1000), target: ESCALATION_LEVELS[i]! };
    })
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/** Stages not fired yet, in order (the ones a scheduler or a reconciler must have a job for). */
export function pendingStages(plan: PlannedStage[], fired: Iterable<string>): PlannedStage[] {
  const done = new Set(fired);
  return plan.filter((s) => !done.has(s.key));
}

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  responsible: '整改责任人',
  grid_worker: '网格员',
  safety_office: '安监办',
  zone_admin: '园区管理员',
};

/**
 * What to fire now and what is superseded, when stages are already past as a hazard is (re)scheduled or an alarm
 * runs late: of the pending stages due at `now` or earlier only the latest fires; the earlier past ones are
 * superseded (recorded, never fired — a reminder 3 days before is pointless once the 1-day one is due). Stages still
 * in the future are untouched; `next` is the one a job must be queued for.
 * Source: DOMAIN.md escalation policy (each level is told once, at its own stage); issue 8 §6.
 */
export function collapsePastStages(
  pending: PlannedStage[],
  now: Date,
): { next: PlannedStage | undefined; superseded: PlannedStage[] } {
  const sorted = [...pending].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  const past = sorted.filter((s) => s.fireAt.getTime() <= now.getTime());
  if (past.length <= 1) return { next: sorted[0], superseded: [] };
  return { next: past.at(-1), superseded: past.slice(0, -1) };
}

/**
 * The levels to try, in order, for a stage aimed at `level`: that level, then each higher one. A stage that would
 * reach nobody (an enterprise without accounts) goes on to the next level instead of counting as done.
 */
export function escalationChainFrom(level: EscalationLevel): EscalationLevel[] {
  return ESCALATION_LEVELS.slice(ESCALATION_LEVELS.indexOf(level));
}

/** How a stage reads on the timeline: "期限前 3 天", "到期", "逾期 1 天" (offset in seconds from the deadline). */
export function stageLabel(offsetSeconds: number): string {
  if (offsetSeconds === 0) return '到期';
  const abs = Math.abs(offsetSeconds);
  const n = abs % 86400 === 0 ? `${abs / 86400} 天` : abs % 3600 === 0 ? `${abs / 3600} 小时` : `${Math.round(abs / 60)} 分钟`;
  return offsetSeconds < 0 ? `期限前 ${n}` : `逾期 ${n}`;
}
