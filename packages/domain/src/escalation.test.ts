import { escalationPlan, pendingStages, type EscalationStageDef } from './escalation.ts';

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
