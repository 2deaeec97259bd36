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
