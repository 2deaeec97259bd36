import {
  addMonths,
  findConflict,
  freeCountByDay,
  freeRanges,
  localDayRange,
  maintenanceDueDates,
  rangesOverlap,
} from './equipment-reservation.ts';

const t = (s: string) => new Date(s);
const r = (a: string, b: string) => ({ start: t(a), end: t(b) });

describe('reservation ranges (half-open)', () => {
  it('adjacent ranges do not overlap; a shared instant does', () => {
    expect(rangesOverlap(r('2026-12-01T00:00Z', '2026-12-02T00:00Z'), r('2026-12-02T00:00Z', '2026-12-03T00:00Z'))).toBe(false);
    expect(rangesOverlap(r('2026-12-01T00:00Z', '2026-12-02T00:00:00.001Z'), r('2026-12-02T00:00Z', '2026-12-03T00:00Z'))).toBe(
      true,
    );
    expect(rangesOverlap(r('2026-12-01T00:00Z', '2026-12-05T00:00Z'), r('2026-12-02T00:00Z', '2026-12-03T00:00Z'))).toBe(true);
    // empty ranges overlap nothing
    expect(rangesOverlap(r('2026-12-02T00:00Z', '2026-12-02T00:00Z'), r('2026-12-01T00:00Z', '2026-12-03T00:00Z'))).toBe(false);
  });

  it('findConflict names the earliest overlapping range', () => {
    const busy = [r('2026-12-05T00:00Z', '2026-12-06T00:00Z'), r('2026-12-02T00:00Z', '2026-12-03T00:00Z')];
    expect(findConflict(busy, r('2026-12-01T00:00Z', '2026-12-10T00:00Z'))).toBe(busy[1]);
    expect(findConflict(busy, r('2026-12-03T00:00Z', '2026-12-05T00:00Z'))).toBeNull();
  });

  it('freeRanges: gaps between merged busy ranges within the window', () => {
    const busy = [
      r('2026-12-02T00:00Z', '2026-12-03T00:00Z'),
      r('2026-12-02T12:00Z', '2026-12-04T00:00Z'),
      r('2026-11-01T00:00Z', '2026-11-02T00:00Z'),
    ];
    expect(freeRanges(busy, t('2026-12-01T00:00Z'), t('2026-12-05T00:00Z'))).toEqual([
      r('2026-12-01T00:00Z', '2026-12-02T00:00Z'),
      r('2026-12-04T00:00Z', '2026-12-05T00:00Z'),
    ]);
    expect(freeRanges([r('2026-11-30T00:00Z', '2026-12-09T00:00Z')], t('2026-12-01T00:00Z'), t('2026-12-05T00:00Z'))).toEqual([]);
  });
});

describe('free count per local day', () => {
  it('counts units free for the whole local day (Asia/Shanghai midnight is 16:00 UTC)', () => {
    expect(localDayRange('2026-12-02', 'Asia/Shanghai')).toEqual(r('2026-12-01T16:00Z', '2026-12-02T16:00Z'));
    const units = [
      [r('2026-12-01T16:00Z', '2026-12-02T16:00Z')], // the whole of 12-02 local
      [r('2026-12-02T15:59Z', '2026-12-02T16:01Z')], // touches 12-02 and 12-03
      [],
    ];
    expect(freeCountByDay(units, '2026-12-01', '2026-12-04', 'Asia/Shanghai')).toEqual([
      { date: '2026-12-01', free: 3 },
      { date: '2026-12-02', free: 1 },
      { date: '2026-12-03', free: 2 },
      { date: '2026-12-04', free: 3 },
    ]);
  });
});

describe('maintenance due dates', () => {
  it('adds months with the day clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 36)).toBe('2029-11-15');
    expect(addMonths('2026-12-10', 1)).toBe('2027-01-10');
  });

  it('from the last one of each kind, else from the purchase date; earliest first', () => {
    const rules = [
      { kind: 'annual', label: '整机年检', intervalMonths: 12 },
      { kind: 'cylinder', label: '气瓶水压检测', intervalMonths: 36 },
      { kind: 'battery', label: '电池充电', intervalMonths: 1 },
    ];
    expect(maintenanceDueDates(rules, { annual: '2026-03-01', battery: '2026-11-20' }, '2025-06-01')).toEqual([
      { kind: 'battery', label: '电池充电', dueOn: '2026-12-20' },
      { kind: 'annual', label: '整机年检', dueOn: '2027-03-01' },
      { kind: 'cylinder', label: '气瓶水压检测', dueOn: '2028-06-01' },
    ]);
  });
});
