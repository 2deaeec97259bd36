import {
  collapsePastStages,
  escalationChainFrom,
  escalationPlan,
  pendingStages,
  stageLabel,
  type EscalationStageDef,
} from './escalation.ts';

const DAY = 86400;
const stages: EscalationStageDef[] = [
  { key: 'overdue-3d', offsetSeconds: 3 * DAY, target: 'zone_admin' },
  { key: 'remind-3d', offsetSeconds: -3 * DAY, target: 'responsible' },
  { key: 'remind-1d', offsetSeconds: -DAY, target: 'responsible' },
  { key: 'due', offsetSeconds: 0, target: 'grid_worker' },
  { key: 'overdue-1d', offsetSeconds: DAY, target: 'safety_office' },
];
const deadline = new Date('2026-12-10T15:59:59.999Z');

test('the default policy: reminders 3 and 1 days before, grid worker at the deadline, then the safety office and the zone admin', () => {
  const plan = escalationPlan(deadline, stages, { major: false, majorStartsHigher: true });
  expect(plan.map((s) => [s.key, s.target, s.fireAt.toISOString()])).toEqual([
    ['remind-3d', 'responsible', '2026-12-07T15:59:59.999Z'],
    ['remind-1d', 'responsible', '2026-12-09T15:59:59.999Z'],
    ['due', 'grid_worker', '2026-12-10T15:59:59.999Z'],
    ['overdue-1d', 'safety_office', '2026-12-11T15:59:59.999Z'],
    ['overdue-3d', 'zone_admin', '2026-12-13T15:59:59.999Z'],
  ]);
});

test('major hazards start one level higher, never above the zone admin; the zone can turn that off', () => {
  const plan = escalationPlan(deadline, stages, { major: true, majorStartsHigher: true });
  expect(plan.map((s) => s.target)).toEqual(['grid_worker', 'grid_worker', 'safety_office', 'zone_admin', 'zone_admin']);
  expect(escalationPlan(deadline, stages, { major: true, majorStartsHigher: false }).map((s) => s.target)[0]).toBe('responsible');
});

test('pending stages skip what already fired', () => {
  const plan = escalationPlan(deadline, stages, { major: false, majorStartsHigher: true });
  expect(pendingStages(plan, ['remind-3d', 'remind-1d']).map((s) => s.key)).toEqual(['due', 'overdue-1d', 'overdue-3d']);
});

test('stages already past collapse: only the latest fires, the earlier ones are superseded', () => {
  const plan = escalationPlan(deadline, stages, { major: false, majorStartsHigher: true });
  // Confirmed on the deadline's day: the 3-day and 1-day reminders are both past; only the 1-day one fires.
  const confirmedToday = collapsePastStages(plan, new Date('2026-12-10T02:00:00Z'));
  expect(confirmedToday.next?.key).toBe('remind-1d');
  expect(confirmedToday.superseded.map((s) => s.key)).toEqual(['remind-3d']);
  // Two days overdue: the safety office is told; the reminders and the grid worker's stage are superseded.
  const late = collapsePastStages(plan, new Date('2026-12-12T08:00:00Z'));
  expect(late.next?.key).toBe('overdue-1d');
  expect(late.superseded.map((s) => s.key)).toEqual(['remind-3d', 'remind-1d', 'due']);
  // One past stage, or none: nothing is superseded; the next one is the earliest.
  expect(collapsePastStages(plan, new Date('2026-12-08T00:00:00Z'))).toEqual({ next: plan[0], superseded: [] });
  expect(collapsePastStages(plan, new Date('2026-12-01T00:00:00Z'))).toEqual({ next: plan[0], superseded: [] });
  // A stage due exactly now counts as past.
  expect(collapsePastStages(plan, plan[1]!.fireAt).next?.key).toBe('remind-1d');
  // What already fired is not considered again.
  expect(collapsePastStages(pendingStages(plan, ['remind-1d']), new Date('2026-12-10T02:00:00Z')).next?.key).toBe('remind-3d');
  expect(collapsePastStages([], new Date())).toEqual({ next: undefined, superseded: [] });
});

test('a stage that reaches nobody goes on up the chain', () => {
  expect(escalationChainFrom('responsible')).toEqual(['responsible', 'grid_worker', 'safety_office', 'zone_admin']);
  expect(escalationChainFrom('safety_office')).toEqual(['safety_office', 'zone_admin']);
  expect(escalationChainFrom('zone_admin')).toEqual(['zone_admin']);
});

test('stage labels for the timeline', () => {
  expect(stageLabel(-3 * DAY)).toBe('期限前 3 天');
  expect(stageLabel(0)).toBe('到期');
  expect(stageLabel(DAY)).toBe('逾期 1 天');
  expect(stageLabel(-7200)).toBe('期限前 2 小时');
  expect(stageLabel(90)).toBe('逾期 2 分钟');
});
