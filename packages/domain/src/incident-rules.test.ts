import {
  accidentGrade,
  accidentGradeBasis,
  casualtyProblem,
  reportingClock,
  sosMerges,
  warningLevelOfSeverity,
  warningSeverity,
  type CasualtyFigures,
} from './incident-rules.ts';

const none: CasualtyFigures = { deaths: 0, seriousInjuries: 0, directLossWan: 0 };
const g = (f: Partial<CasualtyFigures>) => accidentGrade({ ...none, ...f });

describe('accident grade (条例 Art. 3, 以上 includes the number, 以下 excludes it)', () => {
  test('nothing yet → null; any casualty or loss → at least general', () => {
    expect(g({})).toBeNull();
    expect(g({ minorInjuries: 1 })).toBe('general');
    expect(g({ directLossWan: 0.01 })).toBe('general');
    expect(g({ seriousInjuries: 1 })).toBe('general');
  });

  test('deaths: 2 general, 3 larger, 9 larger, 10 major, 29 major, 30 especially major', () => {
    expect(g({ deaths: 1 })).toBe('general');
    expect(g({ deaths: 2 })).toBe('general');
    expect(g({ deaths: 3 })).toBe('larger');
    expect(g({ deaths: 9 })).toBe('larger');
    expect(g({ deaths: 10 })).toBe('major');
    expect(g({ deaths: 29 })).toBe('major');
    expect(g({ deaths: 30 })).toBe('especially_major');
  });

  test('serious injuries (incl. acute poisoning): 9 / 10, 49 / 50, 99 / 100', () => {
    expect(g({ seriousInjuries: 9 })).toBe('general');
    expect(g({ seriousInjuries: 10 })).toBe('larger');
    expect(g({ seriousInjuries: 49 })).toBe('larger');
    expect(g({ seriousInjuries: 50 })).toBe('major');
    expect(g({ seriousInjuries: 99 })).toBe('major');
    expect(g({ seriousInjuries: 100 })).toBe('especially_major');
  });

  test('direct loss in 万元: 999.99 / 1000, 4999.99 / 5000, 9999.99 / 10000 (1亿)', () => {
    expect(g({ directLossWan: 999.99 })).toBe('general');
    expect(g({ directLossWan: 1000 })).toBe('larger');
    expect(g({ directLossWan: 4999.99 })).toBe('larger');
    expect(g({ directLossWan: 5000 })).toBe('major');
    expect(g({ directLossWan: 9999.99 })).toBe('major');
    expect(g({ directLossWan: 10000 })).toBe('especially_major');
  });

  test('the worst of the three criteria decides; the basis names it', () => {
    expect(g({ deaths: 1, seriousInjuries: 12, directLossWan: 200 })).toBe('larger');
    expect(g({ deaths: 3, directLossWan: 5000 })).toBe('major');
    expect(accidentGradeBasis({ ...none, deaths: 3, seriousInjuries: 10 })).toEqual(['deaths', 'seriousInjuries']);
    expect(accidentGradeBasis({ ...none, deaths: 3, directLossWan: 5000 })).toEqual(['directLossWan']);
    expect(accidentGradeBasis({ ...none, deaths: 1 })).toEqual([]);
  });

  test('missing people are not counted as deaths (shown beside the grade)', () => {
    expect(g({ deaths: 2, missing: 5 })).toBe('general');
    expect(g({ missing: 40 })).toBe('general');
    expect(g({ deaths: 2, missing: 1 })).not.toBe('larger');
  });

  test('negative, fractional or absurd figures are refused', () => {
    expect(() => g({ deaths: -1 })).toThrow(RangeError);
    expect(() => g({ deaths: 1.5 })).toThrow(RangeError);
    expect(() => g({ seriousInjuries: 100_001 })).toThrow(RangeError);
    expect(() => g({ directLossWan: Number.NaN })).toThrow(RangeError);
    expect(() => g({ directLossWan: -0.01 })).toThrow(RangeError);
    expect(casualtyProblem({ missing: -2 })).toMatchObject({ field: 'missing' });
    expect(casualtyProblem({ directLossWan: 12.345 })).toMatchObject({ field: 'directLossWan' });
    expect(casualtyProblem({ directLossWan: 10_000_001 })).toMatchObject({ field: 'directLossWan' });
    expect(casualtyProblem({ deaths: 0, directLossWan: 12.34, minorInjuries: 9_999 })).toBeNull();
    // The tester's 100000 deaths (graded especially major) and anything above 9,999 people per field: refused.
    expect(casualtyProblem({ deaths: 100_000 })).toMatchObject({ field: 'deaths', zh: expect.stringContaining('9999') });
    for (const field of ['deaths', 'missing', 'seriousInjuries', 'minorInjuries'] as const)
      expect(casualtyProblem({ [field]: 10_000 })).toMatchObject({ field });
    expect(() => g({ deaths: 10_000 })).toThrow(RangeError);
    expect(casualtyProblem({ directLossWan: 10_000_000 })).toBeNull();
    expect(casualtyProblem({ deaths: '3' as unknown as number })).toMatchObject({ field: 'deaths' });
  });
});

test('warning severity: I (red) is the worst = 4 … IV (blue) = 1, and back', () => {
  expect(warningSeverity('I')).toBe(4);
  expect(warningSeverity('II')).toBe(3);
  expect(warningSeverity('III')).toBe(2);
  expect(warningSeverity('IV')).toBe(1);
  for (const l of ['I', 'II', 'III', 'IV'] as const) expect(warningLevelOfSeverity(warningSeverity(l))).toBe(l);
  expect(() => warningSeverity('V' as never)).toThrow(RangeError);
  expect(() => warningLevelOfSeverity(0)).toThrow(RangeError);
});

describe('reporting clock (条例 Art. 9: 1 hour; Art. 13: 30 days, 7 for fire)', () => {
  const learnedAt = new Date('2026-12-01T02:00:00Z'); // 10:00 in Asia/Shanghai
  const at = (ms: number) => new Date(learnedAt.getTime() + ms);

  test('pending at 59:59 with 1 s left; overdue at 60:00', () => {
    const c1 = reportingClock({ learnedAt, type: 'leak_poisoning', now: at(59 * 60_000 + 59_000), authorityReportedAt: null });
    expect(c1.state).toBe('pending');
    expect(c1.remainingMs).toBe(1000);
    expect(c1.authorityDueAt.toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(c1.onTime).toBeNull();
    const c2 = reportingClock({ learnedAt, type: 'leak_poisoning', now: at(60 * 60_000), authorityReportedAt: null });
    expect(c2.state).toBe('overdue');
    expect(c2.remainingMs).toBe(0);
    const c3 = reportingClock({ learnedAt, type: 'leak_poisoning', now: at(75 * 60_000), authorityReportedAt: null });
    expect(c3.state).toBe('overdue');
    expect(c3.remainingMs).toBe(-15 * 60_000);
  });

  test('done: on time at 60:00 exactly, late at 60:01; the state stays done whatever now is', () => {
    const onTime = reportingClock({ learnedAt, type: 'fire', now: at(5 * 3600_000), authorityReportedAt: at(3600_000) });
    expect(onTime).toMatchObject({ state: 'done', onTime: true, remainingMs: 0 });
    const late = reportingClock({ learnedAt, type: 'fire', now: at(5 * 3600_000), authorityReportedAt: at(3601_000) });
    expect(late).toMatchObject({ state: 'done', onTime: false, remainingMs: -1000 });
  });

  test("a zone's stricter policy shortens the clock; longer than Art. 9's hour is refused", () => {
    const c = reportingClock({ learnedAt, type: 'fire', now: learnedAt, authorityReportedAt: null, policyMinutes: 30 });
    expect(c.authorityDueAt.getTime() - learnedAt.getTime()).toBe(30 * 60_000);
    expect(() =>
      reportingClock({ learnedAt, type: 'fire', now: learnedAt, authorityReportedAt: null, policyMinutes: 61 }),
    ).toThrow(RangeError);
    expect(() =>
      reportingClock({ learnedAt, type: 'fire', now: learnedAt, authorityReportedAt: null, policyMinutes: 0 }),
    ).toThrow(RangeError);
  });

  test('casualty follow-up: 30 days from the day of the accident, 7 for fire only (not explosion)', () => {
    const occurredAt = new Date('2026-11-30T23:30:00Z'); // 07:30 on 1 Dec in Shanghai
    const base = { learnedAt, occurredAt, now: learnedAt, authorityReportedAt: null };
    const leak = reportingClock({ ...base, type: 'leak_poisoning' });
    expect(leak.followUpDays).toBe(30);
    // 1 Dec + 30 days = 31 Dec, ends 23:59:59.999 Shanghai = 15:59:59.999Z
    expect(leak.casualtyFollowUpUntil.toISOString()).toBe('2026-12-31T15:59:59.999Z');
    const fire = reportingClock({ ...base, type: 'fire' });
    expect(fire.followUpDays).toBe(7);
    expect(fire.casualtyFollowUpUntil.toISOString()).toBe('2026-12-08T15:59:59.999Z');
    expect(reportingClock({ ...base, type: 'explosion' }).followUpDays).toBe(30);
    // without occurredAt the day of learning counts
    expect(
      reportingClock({ learnedAt, type: 'fire', now: learnedAt, authorityReportedAt: null }).casualtyFollowUpUntil.toISOString(),
    ).toBe('2026-12-08T15:59:59.999Z');
  });
});

describe('SOS merge window', () => {
  const t0 = new Date('2026-12-01T02:00:00Z');
  const prev = { reporterUserId: 'u1', at: t0, status: 'reported', isDrill: false };
  const next = (s: number, over: Partial<{ reporterUserId: string; isDrill: boolean }> = {}) => ({
    reporterUserId: 'u1',
    at: new Date(t0.getTime() + s * 1000),
    isDrill: false,
    ...over,
  });

  test('same person within the window (inclusive) merges; after it does not', () => {
    expect(sosMerges(prev, next(0), 60)).toBe(true);
    expect(sosMerges(prev, next(59.999), 60)).toBe(true);
    expect(sosMerges(prev, next(60), 60)).toBe(true);
    expect(sosMerges(prev, next(60.001), 60)).toBe(false);
  });

  test('another person, a closed or cancelled first incident, drill vs real, or an earlier time: no merge', () => {
    expect(sosMerges(prev, next(10, { reporterUserId: 'u2' }), 60)).toBe(false);
    expect(sosMerges({ ...prev, status: 'closed' }, next(10), 60)).toBe(false);
    expect(sosMerges({ ...prev, status: 'cancelled' }, next(10), 60)).toBe(false);
    expect(sosMerges({ ...prev, status: 'responding' }, next(10), 60)).toBe(true);
    expect(sosMerges(prev, next(10, { isDrill: true }), 60)).toBe(false);
    expect(sosMerges(prev, next(-1), 60)).toBe(false);
  });
});
