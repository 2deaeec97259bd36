import type { Actor } from '../../core/context/request-scope.ts';
import { completionTime, hazardDescription, hazardSource } from './submission.ts';

const actor = (role: string): Actor =>
  ({ userId: 'u', name: 'n', role, enterpriseId: null, sessionId: null, actingAs: null }) as Actor;

test('the hazard source follows who inspected', () => {
  expect(hazardSource(actor('enterprise_admin'), { agencyId: null })).toBe('self_check');
  expect(hazardSource(actor('grid_worker'), { agencyId: null })).toBe('grid_patrol');
  expect(hazardSource(actor('inspector'), { agencyId: null })).toBe('third_party');
  expect(hazardSource(actor('safety_officer'), { agencyId: 'a' })).toBe('third_party');
  expect(hazardSource(actor('safety_officer'), { agencyId: null })).toBe('safety_inspection');
});

test('a hazard description says what was asked, what was found and the note', () => {
  const item = { key: 'o', text: '氧含量', kind: 'number' as const, unit: '%', min: 19.5, max: 23.5, photoRequired: false };
  expect(hazardDescription({ item, section: 's', outcome: 'fail', answer: { itemKey: 'o', value: 17, note: ' 入口处 ' } })).toBe(
    '检查发现不合格：氧含量（实测 17%，要求 19.5–23.5%）。入口处',
  );
  expect(
    hazardDescription({
      item: { key: 'p', text: '是否审批', kind: 'yes_no', photoRequired: false },
      section: 's',
      outcome: 'fail',
      answer: { itemKey: 'p', value: false },
    }),
  ).toBe('检查发现不合格：是否审批（否）');
  const long = hazardDescription({
    item: { key: 'p', text: '是否审批', kind: 'yes_no', photoRequired: false },
    section: 's',
    outcome: 'fail',
    answer: { itemKey: 'p', value: false, note: '字'.repeat(3000) },
  });
  expect(long.length).toBe(2000);
});

test('completion time: the device’s finish time, not before the check-in nor after now', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const task = { checkIn: { at: '2026-12-01T08:00:00.000Z' } as never, startedAt: new Date('2026-12-01T08:00:05Z') };
  expect(completionTime('2026-12-01T09:00:00Z', task, now).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  expect(completionTime('2026-11-30T09:00:00Z', task, now).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  expect(completionTime('2027-01-01T00:00:00Z', task, now).toISOString()).toBe('2026-12-01T10:00:00.000Z');
});
