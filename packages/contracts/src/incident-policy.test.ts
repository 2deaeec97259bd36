/**
 * The zone's incident policy as an admin sets it (tenants.ts `incidentPolicyInput`): a value out of its own range
 * gets its range error only, never also a comparison against the other value (a half-angle of 200 is "at most 90",
 * not also "narrower than the normal one"); the comparisons still hold between valid values.
 */
import { DEFAULT_INCIDENT_POLICY, incidentPolicyInput } from './tenants.ts';

const withDownwind = (d: Partial<typeof DEFAULT_INCIDENT_POLICY.downwind>) => ({
  ...DEFAULT_INCIDENT_POLICY,
  downwind: { ...DEFAULT_INCIDENT_POLICY.downwind, ...d },
});
const issuesOf = (v: unknown) => {
  const r = incidentPolicyInput.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

test('a half-angle out of range: one error on it, no “低风速半角不能小于正常半角”', () => {
  const is = issuesOf(withDownwind({ halfAngleDeg: 200 }));
  expect(is.map((i) => i.path)).toEqual(['downwind.halfAngleDeg']);
  expect(is.some((i) => i.message.includes('低风速'))).toBe(false);
  expect(issuesOf(withDownwind({ lowWindHalfAngleDeg: 1 })).map((i) => i.path)).toEqual(['downwind.lowWindHalfAngleDeg']);
});

test('the comparisons between valid values still hold', () => {
  expect(issuesOf(withDownwind({ halfAngleDeg: 40, lowWindHalfAngleDeg: 30 })).map((i) => i.message)).toEqual([
    '低风速时的扇区半角不能小于正常半角',
  ]);
  expect(issuesOf(withDownwind({ calmSpeed: 2, lowWindSpeed: 1 })).map((i) => i.path)).toEqual(['downwind.calmSpeed']);
  expect(issuesOf(withDownwind({ calmSpeed: 50 })).map((i) => i.path)).toEqual(['downwind.calmSpeed']);
  expect(issuesOf(withDownwind({ toxicDistanceM: 500, distanceM: 1000 })).map((i) => i.path)).toEqual([
    'downwind.toxicDistanceM',
  ]);
  expect(issuesOf(DEFAULT_INCIDENT_POLICY)).toEqual([]);
});
