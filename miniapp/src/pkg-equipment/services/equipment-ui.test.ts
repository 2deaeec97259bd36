import type { EquipmentLoan } from '@yuanan/contracts';
import {
  EMPTY_REQUEST,
  dayRange,
  dueText,
  freeCounts,
  loanState,
  rangeText,
  requestProblems,
  sendablePhone,
} from './equipment-ui';

test('whole local days as the api’s half-open range, and back', () => {
  const r = dayRange('2026-12-02', '2026-12-03');
  expect(r).toEqual({
    startsAt: new Date(2026, 11, 2).toISOString(),
    endsAt: new Date(2026, 11, 4).toISOString(),
  });
  expect(rangeText(r.startsAt, r.endsAt)).toBe('12月2日 – 12月3日（2 天）');
  const one = dayRange('2026-12-31', '2026-12-31');
  expect(one.endsAt).toBe(new Date(2027, 0, 1).toISOString());
  expect(rangeText(one.startsAt, one.endsAt)).toBe('12月31日（1 天）');
});

test('a model is free for the period as many times as on its fullest day', () => {
  const free = freeCounts({
    from: '2026-12-02',
    to: '2026-12-04',
    models: [
      {
        modelId: 'm1',
        name: '无人机',
        category: 'drone',
        total: 3,
        days: [
          { date: '2026-12-02', free: 3 },
          { date: '2026-12-03', free: 1 },
          { date: '2026-12-04', free: 2 },
        ],
      },
      { modelId: 'm2', name: '冲锋舟', category: 'boat', total: 0, days: [] },
    ],
    units: [],
  });
  expect(free.get('m1')).toBe(1);
  expect(free.get('m2')).toBe(0);
});

test('the request form’s own checks', () => {
  expect(Object.keys(requestProblems(EMPTY_REQUEST, '2026-12-01')).sort()).toEqual(['endsAt', 'items', 'purpose', 'startsAt']);
  const ok = {
    ...EMPTY_REQUEST,
    items: [{ modelId: 'm1', name: '无人机', quantity: 1 }],
    from: '2026-12-02',
    to: '2026-12-03',
    purpose: '演练',
  };
  expect(requestProblems(ok, '2026-12-01')).toEqual({});
  expect(requestProblems({ ...ok, to: '2026-12-01' }, '2026-12-01')).toEqual({ endsAt: '结束日期不能早于开始日期' });
  expect(requestProblems({ ...ok, from: '2026-11-30' }, '2026-12-01')).toEqual({ startsAt: '开始日期不能早于今天' });
});

test('a loan’s state: returned, recalled, declared, overdue, on loan — in that order', () => {
  const l = { returnedAt: null, recalledAt: null, returnDeclaredAt: null, overdue: false, overdueDays: 0 } as EquipmentLoan;
  expect(loanState(l).key).toBe('on_loan');
  expect(loanState({ ...l, overdue: true, overdueDays: 3 })).toEqual({ key: 'overdue', text: '逾期 3 天', tone: 'red' });
  expect(loanState({ ...l, overdue: true, returnDeclaredAt: 'x' }).key).toBe('declared');
  expect(loanState({ ...l, recalledAt: 'x', returnDeclaredAt: 'x' }).key).toBe('recalled');
  expect(loanState({ ...l, returnedAt: 'x', recalledAt: 'x' }).key).toBe('returned');
});

test('a masked phone is not sent back', () => {
  expect(sendablePhone('137****0001')).toBeUndefined();
  expect(sendablePhone(' 13700000001 ')).toBe('13700000001');
  expect(sendablePhone(null)).toBeUndefined();
});

test('a whole-day loan is due at 24:00 of its last day; other due times as they are', () => {
  expect(dueText(new Date(2026, 11, 4).toISOString())).toBe('2026-12-03 24:00');
  expect(dueText(new Date(2027, 0, 1).toISOString())).toBe('2026-12-31 24:00');
  expect(dueText(new Date(2026, 11, 4, 18, 0).toISOString())).toBe('2026-12-04 18:00');
});
