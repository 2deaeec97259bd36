import {
  byColourAnchor,
  currentOrNextPeriod,
  initialTaskStatus,
  isLate,
  nextPeriodAfterCompletion,
  periodInstants,
  periodLengthDays,
  periodOf,
  reminderDue,
  sweptStatus,
  zoneDate,
} from './inspection-schedule.ts';
import { endOfLocalDay, localDate, zonedToUtc } from './time.ts';

const TZ = 'Asia/Shanghai';

test('period lengths: the zone table by colour (unrated = yellow), weekly, fortnightly; calendar ones have none', () => {
  const table = { red: 5, orange: 10, yellow: 20, blue: 60 };
  expect(periodLengthDays('by_colour', 'red', table)).toBe(5);
  expect(periodLengthDays('by_colour', null, table)).toBe(20);
  expect(periodLengthDays('by_colour', 'blue')).toBe(90);
  expect(periodLengthDays('weekly', 'red')).toBe(7);
  expect(periodLengthDays('fortnightly', null)).toBe(14);
  expect(periodLengthDays('monthly', 'red')).toBeNull();
  expect(periodLengthDays('quarterly', 'red')).toBeNull();
  expect(periodLengthDays('once', 'red')).toBeNull();
});

test('day-based periods are anchored at the plan start, never before it or after its end', () => {
  const weekly = { frequency: 'weekly' as const, startDate: '2026-12-02' };
  expect(periodOf(weekly, '2026-12-01')).toBeNull();
  expect(periodOf(weekly, '2026-12-02')).toEqual({
    periodKey: '2026-12-02',
    startDate: '2026-12-02',
    endDate: '2026-12-08',
    dueDate: '2026-12-08',
  });
  expect(periodOf(weekly, '2026-12-08')!.periodKey).toBe('2026-12-02');
  expect(periodOf(weekly, '2026-12-09')!.periodKey).toBe('2026-12-09');
  expect(periodOf(weekly, '2027-01-01')!.periodKey).toBe('2026-12-30'); // across the year
  // A window shorter than the period; an end date clips the last period.
  expect(periodOf({ ...weekly, windowDays: 3 }, '2026-12-10')!.dueDate).toBe('2026-12-11');
  const ending = { ...weekly, endDate: '2026-12-12' };
  expect(periodOf(ending, '2026-12-10')).toMatchObject({ startDate: '2026-12-09', endDate: '2026-12-12', dueDate: '2026-12-12' });
  expect(periodOf(ending, '2026-12-13')).toBeNull();
  const fortnightly = { frequency: 'fortnightly' as const, startDate: '2026-12-02' };
  expect(periodOf(fortnightly, '2026-12-16')!.periodKey).toBe('2026-12-16');
  expect(periodOf(fortnightly, '2026-12-15')!.periodKey).toBe('2026-12-02');
});

test('monthly and quarterly periods follow the calendar; the first is clipped to the plan start', () => {
  const monthly = { frequency: 'monthly' as const, startDate: '2026-11-15' };
  expect(periodOf(monthly, '2026-11-20')).toEqual({
    periodKey: '2026-11-15',
    startDate: '2026-11-15',
    endDate: '2026-11-30',
    dueDate: '2026-11-30',
  });
  expect(periodOf(monthly, '2027-02-10')).toMatchObject({ periodKey: '2027-02-01', endDate: '2027-02-28' });
  expect(periodOf(monthly, '2028-02-10')).toMatchObject({ endDate: '2028-02-29' }); // leap year
  expect(periodOf({ ...monthly, windowDays: 10 }, '2026-12-31')!.dueDate).toBe('2026-12-10');
  const quarterly = { frequency: 'quarterly' as const, startDate: '2026-01-01' };
  expect(periodOf(quarterly, '2026-05-20')).toMatchObject({ periodKey: '2026-04-01', endDate: '2026-06-30' });
  expect(periodOf(quarterly, '2026-12-31')).toMatchObject({ periodKey: '2026-10-01', endDate: '2026-12-31' });
  expect(periodOf(quarterly, '2027-01-01')).toMatchObject({ periodKey: '2027-01-01', endDate: '2027-03-31' });
});

test('a one-off (holiday campaign) plan has one period from start to end', () => {
  const once = { frequency: 'once' as const, startDate: '2027-01-20', endDate: '2027-01-27' };
  expect(periodOf(once, '2027-01-19')).toBeNull();
  expect(periodOf(once, '2027-01-25')).toEqual({
    periodKey: '2027-01-20',
    startDate: '2027-01-20',
    endDate: '2027-01-27',
    dueDate: '2027-01-27',
  });
  expect(periodOf(once, '2027-01-28')).toBeNull();
  // Without an end date: the window, or a week.
  expect(periodOf({ frequency: 'once', startDate: '2027-01-20', windowDays: 3 }, '2027-01-22')!.dueDate).toBe('2027-01-22');
  expect(periodOf({ frequency: 'once', startDate: '2027-01-20', windowDays: 3 }, '2027-01-23')).toBeNull();
  expect(periodOf({ frequency: 'once', startDate: '2027-01-20' }, '2027-01-26')!.dueDate).toBe('2027-01-26');
});

test('start and complete-by are the start and the end of the local days, as UTC instants', () => {
  const p = periodOf({ frequency: 'weekly', startDate: '2026-12-02' }, '2026-12-05')!;
  const { startAt, dueAt } = periodInstants(p, TZ);
  expect(startAt.toISOString()).toBe('2026-12-01T16:00:00.000Z');
  expect(dueAt.toISOString()).toBe('2026-12-08T15:59:59.999Z');
  // A DST zone: the end of the local day moves with the offset.
  const berlin = periodInstants({ startDate: '2026-03-28', dueDate: '2026-03-29' }, 'Europe/Berlin');
  expect(berlin.startAt.toISOString()).toBe('2026-03-27T23:00:00.000Z');
  expect(berlin.dueAt.toISOString()).toBe('2026-03-29T21:59:59.999Z');
});

test('by colour: the chain restarts after the last inspection; a colour change moves the next due date', () => {
  const rule = { frequency: 'by_colour' as const, startDate: '2026-12-01' };
  // No history: anchored at the plan start, periods of the colour's length.
  expect(periodOf(rule, '2026-12-10', { colour: 'red' })!.periodKey).toBe('2026-12-08');
  expect(periodOf(rule, '2026-12-10', { colour: 'blue' })).toMatchObject({ periodKey: '2026-12-01', dueDate: '2027-02-28' });
  expect(periodOf(rule, '2026-12-10', { colour: null })).toMatchObject({ periodKey: '2026-12-01', dueDate: '2026-12-30' });
  // Inspected on the 3rd: a red enterprise is due again by the 10th, an orange one by the 17th.
  const anchor = byColourAnchor(rule.startDate, '2026-12-03', null);
  expect(anchor).toBe('2026-12-04');
  expect(periodOf(rule, '2026-12-05', { colour: 'red', anchor })).toMatchObject({
    periodKey: '2026-12-04',
    dueDate: '2026-12-10',
  });
  expect(periodOf(rule, '2026-12-05', { colour: 'orange', anchor })).toMatchObject({ dueDate: '2026-12-17' });
  expect(nextPeriodAfterCompletion(rule, '2026-12-03', 'red')!.dueDate).toBe('2026-12-10');
  expect(nextPeriodAfterCompletion(rule, '2026-12-03', 'orange')!.dueDate).toBe('2026-12-17');
  // A missed task restarts the chain the day after its complete-by day; the later of both wins.
  expect(byColourAnchor('2026-12-01', '2026-12-03', '2026-12-20')).toBe('2026-12-21');
  expect(byColourAnchor('2026-12-01', null, null)).toBe('2026-12-01');
  expect(byColourAnchor('2026-12-10', '2026-12-03', null)).toBe('2026-12-10'); // never before the plan
  // Completed today: nothing is current, the next period is the chain's first (opens tomorrow).
  const today = '2026-12-03';
  expect(periodOf(rule, today, { colour: 'red', anchor })).toBeNull();
  expect(currentOrNextPeriod(rule, today, { colour: 'red', anchor })).toMatchObject({ periodKey: '2026-12-04' });
  // Other frequencies ignore the chain.
  expect(periodOf({ frequency: 'weekly', startDate: '2026-12-01' }, '2026-12-05', { anchor })!.periodKey).toBe('2026-12-01');
  expect(currentOrNextPeriod({ frequency: 'weekly', startDate: '2026-12-10' }, today)).toBeNull();
});

test('status sweep: scheduled opens at its start; not started by complete-by is missed; in progress stays', () => {
  const startAt = new Date('2026-12-01T16:00:00Z');
  const dueAt = new Date('2026-12-08T15:59:59.999Z');
  const before = new Date('2026-12-01T15:00:00Z');
  const during = new Date('2026-12-05T00:00:00Z');
  const after = new Date('2026-12-08T16:00:00Z');
  expect(initialTaskStatus(startAt, before)).toBe('scheduled');
  expect(initialTaskStatus(startAt, during)).toBe('open');
  expect(sweptStatus({ status: 'scheduled', startAt, dueAt }, before)).toBeNull();
  expect(sweptStatus({ status: 'scheduled', startAt, dueAt }, during)).toBe('open');
  expect(sweptStatus({ status: 'open', startAt, dueAt }, during)).toBeNull();
  expect(sweptStatus({ status: 'open', startAt, dueAt }, dueAt)).toBeNull(); // the last millisecond still counts
  expect(sweptStatus({ status: 'open', startAt, dueAt }, after)).toBe('missed');
  expect(sweptStatus({ status: 'scheduled', startAt, dueAt }, after)).toBe('missed');
  expect(sweptStatus({ status: 'in_progress', startAt, dueAt, startedAt: during }, after)).toBeNull();
  expect(sweptStatus({ status: 'done', startAt, dueAt }, after)).toBeNull();
  expect(isLate(after, dueAt)).toBe(true);
  expect(isLate(dueAt, dueAt)).toBe(false);
  expect(isLate(during, dueAt)).toBe(false);
});

test('the reminder falls the configured hours before complete-by, once', () => {
  const task = {
    status: 'open' as const,
    startAt: new Date('2026-12-01T16:00:00Z'),
    dueAt: new Date('2026-12-08T15:59:59.999Z'),
  };
  expect(reminderDue(task, new Date('2026-12-07T15:00:00Z'), 24)).toBe(false);
  expect(reminderDue(task, new Date('2026-12-07T16:00:00Z'), 24)).toBe(true);
  expect(reminderDue({ ...task, reminderSentAt: new Date() }, new Date('2026-12-07T16:00:00Z'), 24)).toBe(false);
  expect(reminderDue(task, new Date('2026-12-08T16:00:00Z'), 24)).toBe(false); // too late: the task is missed
  expect(reminderDue({ ...task, status: 'done' }, new Date('2026-12-07T16:00:00Z'), 24)).toBe(false);
  // A window shorter than the reminder lead: reminded as soon as the task opens.
  expect(reminderDue(task, new Date('2026-12-01T16:00:00Z'), 24 * 30)).toBe(true);
});

test('zone dates and period instants agree with the time helpers across DST and midnight', () => {
  for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
    for (const iso of ['2026-03-29T00:30:00Z', '2026-03-28T23:30:00Z', '2026-10-25T01:30:00Z', '2026-12-31T16:00:00Z']) {
      expect(zoneDate(new Date(iso), tz)).toBe(localDate(new Date(iso), tz));
    }
    const p = periodInstants({ startDate: '2026-03-28', dueDate: '2026-03-29' }, tz);
    expect(p.startAt.toISOString()).toBe(zonedToUtc(2026, 3, 28, 0, 0, 0, tz).toISOString());
    expect(p.dueAt.toISOString()).toBe(endOfLocalDay('2026-03-29', tz).toISOString());
  }
});
