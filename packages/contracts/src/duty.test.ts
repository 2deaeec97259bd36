import {
  createDutyRotationRequest,
  createDutyOverrideRequest,
  dutyCheckInRequest,
  dutyRosterQuery,
  dutyFairnessQuery,
  DUTY_SWAP_TRANSITIONS,
  DUTY_SWAP_STATUSES,
  DUTY_SWAP_STATUS_LABELS,
} from './duty.ts';
import { issueMessage } from './messages.ts';

const U1 = '01a20af3-8b8f-7678-bd46-168eeefdc51b';
const U2 = '01a20af3-8b8f-7678-bd46-168eeefdc51c';
const T = '01a20af3-8b8f-7678-bd46-168eeefdc51a';

function errors(r: { success: boolean; error?: { issues: { message: string; params?: Record<string, unknown> }[] } }) {
  return r.success ? [] : r.error!.issues.map((i) => issueMessage(i as never, 'en'));
}

const rot = { teamId: T, name: '24h', pattern: 'daily24', handoffTime: '08:00', startsOn: '2027-01-01' };

test('a rotation has an order or a weekday pattern, not both, and enough people per shift', () => {
  expect(createDutyRotationRequest.parse({ ...rot, order: [U1, U2] })).toMatchObject({ perShift: 1, active: true });
  expect(createDutyRotationRequest.safeParse({ ...rot, weekdayPattern: { '1': [U1], '7': [U2] } }).success).toBe(true);
  expect(errors(createDutyRotationRequest.safeParse(rot))).toEqual(['Give either an order of members or a pattern per weekday']);
  expect(errors(createDutyRotationRequest.safeParse({ ...rot, order: [U1], weekdayPattern: { '1': [U1] } }))).toEqual([
    'Give either an order of members or a pattern per weekday',
  ]);
  expect(errors(createDutyRotationRequest.safeParse({ ...rot, order: [U1, U1] }))).toEqual([
    'A member appears twice in the order',
  ]);
  expect(errors(createDutyRotationRequest.safeParse({ ...rot, perShift: 3, order: [U1, U2] }))).toEqual([
    'The order needs at least as many members as per shift',
  ]);
  expect(errors(createDutyRotationRequest.safeParse({ ...rot, order: [U1], handoffTime: '24:00' }))).toEqual([
    'A time is HH:mm (00:00–23:59)',
  ]);
  expect(
    createDutyRotationRequest.safeParse({ ...rot, order: [U1], weekdayPattern: undefined, endsOn: '2026-12-31' }).success,
  ).toBe(false);
  expect(createDutyRotationRequest.safeParse({ ...rot, weekdayPattern: { '8': [U1] } }).success).toBe(false);
});

test('an override ends after it starts; the roster spans at most 62 days', () => {
  const o = { teamId: T, userId: U1, startsAt: '2027-01-05T08:00:00+08:00', endsAt: '2027-01-06T08:00:00+08:00' };
  expect(createDutyOverrideRequest.safeParse(o).success).toBe(true);
  expect(errors(createDutyOverrideRequest.safeParse({ ...o, endsAt: o.startsAt }))).toEqual(['The end must be after the start']);
  expect(dutyRosterQuery.safeParse({ from: '2027-01-01', to: '2027-03-03' }).success).toBe(true);
  expect(errors(dutyRosterQuery.safeParse({ from: '2027-01-01', to: '2027-03-04' }))).toEqual(['At most 62 days per request']);
  expect(errors(dutyRosterQuery.safeParse({ from: '2027-01-02', to: '2027-01-01' }))).toEqual([
    'The end date cannot be before the start date',
  ]);
});

test('a QR check-in needs the code; fairness months are YYYY-MM', () => {
  expect(dutyCheckInRequest.safeParse({ teamId: T, method: 'button' }).success).toBe(true);
  expect(errors(dutyCheckInRequest.safeParse({ teamId: T, method: 'qr' }))).toEqual(['Scan the duty room QR code']);
  expect(dutyFairnessQuery.safeParse({ month: '2027-13' }).success).toBe(false);
  expect(dutyFairnessQuery.safeParse({ month: '2027-01' }).success).toBe(true);
});

test('every swap status is reachable and labelled', () => {
  const reachable = new Set(['requested', ...Object.values(DUTY_SWAP_TRANSITIONS).map((t) => t.to)]);
  expect([...reachable].sort()).toEqual([...DUTY_SWAP_STATUSES].sort());
  for (const s of DUTY_SWAP_STATUSES) expect(DUTY_SWAP_STATUS_LABELS[s].zh).toBeTruthy();
});
