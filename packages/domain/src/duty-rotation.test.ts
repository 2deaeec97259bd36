import {
  dutyFairness,
  dutySlots,
  isNightSlot,
  isPublicHoliday,
  nightHours,
  onDutyAt,
  resolveRoster,
  teamRoster,
  type DutyRotationInput,
  type DutyTeamRosterInput,
} from './duty-rotation.ts';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const d = (s: string) => new Date(s);

const daily: DutyRotationInput = {
  id: 'r1',
  pattern: 'daily24',
  handoffTime: '08:00',
  perShift: 1,
  order: ['a', 'b', 'c'],
  weekdayPattern: null,
  startsOn: '2027-01-01',
  endsOn: null,
};

function team(over: Partial<DutyTeamRosterInput> = {}): DutyTeamRosterInput {
  return { teamId: 't', timeZone: SH, minOnDuty: 1, rotations: [daily], overrides: [], leaves: [], ...over };
}

describe('dutySlots', () => {
  test('daily24 slots start at the local handoff and rotate one person a day', () => {
    const s = dutySlots(daily, d('2027-01-01T00:00:00Z'), d('2027-01-04T00:00:00Z'), SH);
    expect(s.map((x) => [x.start.toISOString(), x.end.toISOString(), x.userIds.join()])).toEqual([
      ['2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z', 'a'],
      ['2027-01-02T00:00:00.000Z', '2027-01-03T00:00:00.000Z', 'b'],
      ['2027-01-03T00:00:00.000Z', '2027-01-04T00:00:00.000Z', 'c'],
    ]);
    // nothing before starts_on, nothing after ends_on
    expect(dutySlots(daily, d('2026-12-30T00:00:00Z'), d('2027-01-01T00:00:00Z'), SH)).toEqual([]);
    expect(dutySlots({ ...daily, endsOn: '2027-01-02' }, d('2027-01-01T00:00:00Z'), d('2027-01-10T00:00:00Z'), SH)).toHaveLength(
      2,
    );
    expect(dutySlots({ ...daily, active: false }, d('2027-01-01T00:00:00Z'), d('2027-01-10T00:00:00Z'), SH)).toEqual([]);
  });

  test('perShift takes consecutive people, wrapping the order', () => {
    const s = dutySlots({ ...daily, perShift: 2 }, d('2027-01-01T00:00:00Z'), d('2027-01-03T00:00:00Z'), SH);
    expect(s.map((x) => x.userIds)).toEqual([
      ['a', 'b'],
      ['c', 'a'],
    ]);
  });

  test('day_night: a 12 h day shift from the handoff, then the night shift to the next handoff', () => {
    const r: DutyRotationInput = { ...daily, id: 'dn', pattern: 'day_night', order: ['a', 'b', 'c', 'e'] };
    const s = dutySlots(r, d('2027-01-01T00:00:00Z'), d('2027-01-02T00:00:00Z'), SH);
    expect(s.map((x) => [x.kind, x.start.toISOString(), x.end.toISOString(), x.userIds.join()])).toEqual([
      ['day', '2027-01-01T00:00:00.000Z', '2027-01-01T12:00:00.000Z', 'a'],
      ['night', '2027-01-01T12:00:00.000Z', '2027-01-02T00:00:00.000Z', 'b'],
    ]);
  });

  test('weekly: one slot a week from starts_on; weekday pattern by the local start weekday', () => {
    const w: DutyRotationInput = { ...daily, id: 'w', pattern: 'weekly', order: ['a', 'b'] };
    const s = dutySlots(w, d('2027-01-09T00:00:00Z'), d('2027-01-16T00:00:00Z'), SH);
    expect(s.map((x) => [x.start.toISOString(), x.userIds.join()])).toEqual([
      ['2027-01-08T00:00:00.000Z', 'b'],
      ['2027-01-15T00:00:00.000Z', 'a'],
    ]);
    // 2027-01-04 is a Monday; a slot starting Monday 08:00 Shanghai takes pattern['1']
    const wp: DutyRotationInput = { ...daily, id: 'wp', order: null, weekdayPattern: { '1': ['mon'], '7': ['sun'] } };
    const s2 = dutySlots(wp, d('2027-01-02T23:00:00Z'), d('2027-01-05T00:00:00Z'), SH);
    expect(s2.map((x) => x.userIds)).toEqual([[], ['sun'], ['mon']]);
  });

  test('a midnight handoff belongs to the local date in Shanghai, not the UTC date', () => {
    const m: DutyRotationInput = { ...daily, id: 'm', handoffTime: '00:00', order: ['a', 'b'] };
    const s = dutySlots(m, d('2027-01-01T15:00:00Z'), d('2027-01-01T17:00:00Z'), SH);
    // local midnight of 2 Jan in Shanghai = 1 Jan 16:00 UTC; slot of 1 Jan (a) ends there, slot of 2 Jan (b) begins
    expect(s.map((x) => [x.start.toISOString(), x.userIds.join()])).toEqual([
      ['2026-12-31T16:00:00.000Z', 'a'],
      ['2027-01-01T16:00:00.000Z', 'b'],
    ]);
  });

  test('DST in New York: a 24-hour shift across the spring change lasts 23 hours, handoff stays at 08:00 local', () => {
    const ny: DutyRotationInput = { ...daily, startsOn: '2027-03-13', order: ['a', 'b'] };
    const s = dutySlots(ny, d('2027-03-13T12:00:00Z'), d('2027-03-15T12:00:00Z'), NY);
    expect(s.map((x) => [x.start.toISOString(), (x.end.getTime() - x.start.getTime()) / 3_600_000])).toEqual([
      ['2027-03-13T13:00:00.000Z', 23],
      ['2027-03-14T12:00:00.000Z', 24],
    ]);
  });
});

describe('onDutyAt', () => {
  test('across the handoff: the outgoing shift until 07:59:59.999, the incoming at 08:00', () => {
    expect(onDutyAt(team(), d('2027-01-01T23:59:59.999Z')).userIds).toEqual(['a']);
    expect(onDutyAt(team(), d('2027-01-02T00:00:00.000Z')).userIds).toEqual(['b']);
    const ans = onDutyAt(team(), d('2027-01-02T10:00:00+08:00'));
    expect(ans.slot).toEqual({ start: d('2027-01-02T00:00:00Z'), end: d('2027-01-03T00:00:00Z'), kind: 'full' });
    expect(ans.gap).toBe(false);
  });

  test('at local midnight in Shanghai (16:00 UTC) the 08:00 shift is unchanged', () => {
    expect(onDutyAt(team(), d('2027-01-02T15:59:59Z')).userIds).toEqual(['b']);
    expect(onDutyAt(team(), d('2027-01-02T16:00:00Z')).userIds).toEqual(['b']);
    expect(onDutyAt(team(), d('2027-01-03T00:00:00+08:00')).userIds).toEqual(['b']);
  });

  test('at local midnight in New York (UTC−5), with handoff 00:00', () => {
    const r: DutyRotationInput = { ...daily, handoffTime: '00:00', order: ['a', 'b'] };
    const t = team({ timeZone: NY, rotations: [r] });
    expect(onDutyAt(t, d('2027-01-02T04:59:59Z')).userIds).toEqual(['a']); // 23:59:59 on 1 Jan NY
    expect(onDutyAt(t, d('2027-01-02T05:00:00Z')).userIds).toEqual(['b']); // 00:00 on 2 Jan NY
    // the same instant in Shanghai terms would already be 2 Jan 13:00 — a different answer under SH
    expect(onDutyAt({ ...t, timeZone: SH }, d('2027-01-02T04:59:59Z')).userIds).toEqual(['b']);
  });

  test('an override replaces one person for the slots it overlaps', () => {
    const o = {
      id: 'o1',
      startsAt: d('2027-01-02T00:00:00Z'),
      endsAt: d('2027-01-03T00:00:00Z'),
      userId: 'x',
      replacesUserId: 'b',
      source: 'manual' as const,
    };
    expect(onDutyAt(team({ overrides: [o] }), d('2027-01-02T05:00:00Z')).userIds).toEqual(['x']);
    expect(onDutyAt(team({ overrides: [o] }), d('2027-01-03T05:00:00Z')).userIds).toEqual(['c']);
    // an extra person adds up
    expect(onDutyAt(team({ overrides: [{ ...o, replacesUserId: null }] }), d('2027-01-02T05:00:00Z')).userIds).toEqual([
      'b',
      'x',
    ]);
  });

  test('a swap (two overrides) exchanges two slots', () => {
    const give = {
      id: 's1',
      startsAt: d('2027-01-02T00:00:00Z'),
      endsAt: d('2027-01-03T00:00:00Z'),
      userId: 'c',
      replacesUserId: 'b',
      source: 'swap' as const,
    };
    const back = {
      id: 's2',
      startsAt: d('2027-01-03T00:00:00Z'),
      endsAt: d('2027-01-04T00:00:00Z'),
      userId: 'b',
      replacesUserId: 'c',
      source: 'swap' as const,
    };
    const t = team({ overrides: [give, back] });
    expect(onDutyAt(t, d('2027-01-02T12:00:00Z')).userIds).toEqual(['c']);
    expect(onDutyAt(t, d('2027-01-03T12:00:00Z')).userIds).toEqual(['b']);
    const slots = teamRoster(t, d('2027-01-02T00:00:00Z'), d('2027-01-04T00:00:00Z'));
    expect(slots[0]!.assignees).toEqual([{ userId: 'c', source: 'swap', overrideId: 's1' }]);
    expect(slots[0]!.removed).toEqual([{ userId: 'b', reason: 'swap', refId: 's1' }]);
  });

  test('leave takes the person off: a gap when nobody covers', () => {
    const leave = { id: 'l1', userId: 'b', startsAt: d('2027-01-02T06:00:00Z'), endsAt: d('2027-01-02T09:00:00Z') };
    const ans = onDutyAt(team({ leaves: [leave] }), d('2027-01-02T01:00:00Z'));
    expect(ans).toMatchObject({ userIds: [], gap: true });
    // an override covering the gap fills it
    const cover = {
      id: 'o',
      startsAt: d('2027-01-02T00:00:00Z'),
      endsAt: d('2027-01-03T00:00:00Z'),
      userId: 'x',
      replacesUserId: 'b',
      source: 'manual' as const,
    };
    expect(onDutyAt(team({ leaves: [leave], overrides: [cover] }), d('2027-01-02T01:00:00Z'))).toMatchObject({
      userIds: ['x'],
      gap: false,
    });
  });

  test('minOnDuty: one person when two are required is a gap; two rotations add up', () => {
    expect(onDutyAt(team({ minOnDuty: 2 }), d('2027-01-02T01:00:00Z')).gap).toBe(true);
    const second: DutyRotationInput = { ...daily, id: 'r2', order: ['y', 'z'] };
    const ans = onDutyAt(team({ minOnDuty: 2, rotations: [daily, second] }), d('2027-01-02T01:00:00Z'));
    expect(ans).toMatchObject({ userIds: ['b', 'z'], gap: false });
  });

  test('no rotation covering T: null slot, a gap, and an override alone still puts someone on duty', () => {
    const before = onDutyAt(team(), d('2026-12-31T12:00:00Z'));
    expect(before).toEqual({ teamId: 't', slot: null, userIds: [], gap: true });
    const o = {
      id: 'o',
      startsAt: d('2026-12-31T00:00:00Z'),
      endsAt: d('2027-01-01T00:00:00Z'),
      userId: 'x',
      replacesUserId: null,
      source: 'manual' as const,
    };
    expect(onDutyAt(team({ overrides: [o] }), d('2026-12-31T12:00:00Z')).userIds).toEqual(['x']);
  });
});

describe('resolveRoster', () => {
  test('an override replacing someone not on the slot only adds; gaps counted against minOnDuty', () => {
    const slots = dutySlots(daily, d('2027-01-01T00:00:00Z'), d('2027-01-02T00:00:00Z'), SH);
    const o = {
      id: 'o',
      startsAt: d('2027-01-01T00:00:00Z'),
      endsAt: d('2027-01-01T01:00:00Z'),
      userId: 'x',
      replacesUserId: 'zz',
      source: 'manual' as const,
    };
    const r = resolveRoster(slots, [o], [], 3);
    expect(r[0]!.userIds).toEqual(['a', 'x']);
    expect(r[0]!.scheduledUserIds).toEqual(['a']);
    expect(r[0]!.gap).toBe(true);
  });
});

describe('nights, holidays, fairness', () => {
  test('night hours are 22:00–06:00 local', () => {
    expect(nightHours(d('2027-01-01T08:00:00+08:00'), d('2027-01-02T08:00:00+08:00'), SH)).toBe(8);
    expect(nightHours(d('2027-01-01T08:00:00+08:00'), d('2027-01-01T20:00:00+08:00'), SH)).toBe(0);
    expect(isNightSlot(d('2027-01-01T20:00:00+08:00'), d('2027-01-02T08:00:00+08:00'), SH)).toBe(true);
    expect(nightHours(d('2027-01-01T08:00:00-05:00'), d('2027-01-02T08:00:00-05:00'), NY)).toBe(8);
  });

  test('public holidays from chinese-days (not plain weekends), plus zone extras', () => {
    expect(isPublicHoliday('2026-10-01')).toBe(true); // 国庆节
    expect(isPublicHoliday('2026-10-10')).toBe(false); // a make-up working Saturday (调休上班)
    expect(isPublicHoliday('2026-10-11')).toBe(false); // a plain Sunday
    expect(isPublicHoliday('2026-12-01')).toBe(false);
    // A year the bundled calendar has not published: the fixed-date statutory days, plus the zone's own list.
    expect(isPublicHoliday('2099-10-02')).toBe(true);
    expect(isPublicHoliday('2099-05-02')).toBe(true);
    expect(isPublicHoliday('2099-10-05')).toBe(false);
    expect(isPublicHoliday('2099-10-05', ['2099-10-05'])).toBe(true);
    expect(isPublicHoliday('2027-06-01', ['2027-06-01'])).toBe(true);
    expect(isPublicHoliday('not-a-date')).toBe(false);
  });

  test('fairness counts shifts, nights, holiday shifts, scheduled and checked-in hours per person', () => {
    const rot: DutyRotationInput = { ...daily, startsOn: '2026-09-30', order: ['a', 'b'] };
    const from = d('2026-10-01T00:00:00+08:00');
    const to = d('2026-10-03T00:00:00+08:00');
    const slots = teamRoster(team({ rotations: [rot] }), from, to);
    const rows = dutyFairness(
      slots,
      [
        { userId: 'b', checkedInAt: d('2026-10-01T08:00:00+08:00'), checkedOutAt: d('2026-10-02T08:00:00+08:00') },
        { userId: 'a', checkedInAt: d('2026-10-02T08:00:00+08:00'), checkedOutAt: null },
      ],
      from,
      to,
      SH,
      { now: d('2026-10-02T20:00:00+08:00'), userIds: ['a', 'b', 'idle'] },
    );
    // slot of 30 Sep (a) started before the period: its hours count (00–08 on 1 Oct) but not as a shift
    expect(rows).toEqual([
      { userId: 'a', scheduledHours: 8 + 16, actualHours: 12, extraHours: 0, shifts: 1, nights: 1, holidayShifts: 1 },
      { userId: 'b', scheduledHours: 24, actualHours: 24, extraHours: 0, shifts: 1, nights: 1, holidayShifts: 1 },
      { userId: 'idle', scheduledHours: 0, actualHours: 0, extraHours: 0, shifts: 0, nights: 0, holidayShifts: 0 },
    ]);
  });

  test('checked-in time outside the own slots is extra (额外在岗), not actual hours (tester finding 10)', () => {
    // a: 1 Oct 08:00 → 2 Oct 08:00; b: 2 Oct 08:00 → 3 Oct 08:00
    const rot: DutyRotationInput = { ...daily, startsOn: '2026-10-01', order: ['a', 'b'] };
    const from = d('2026-10-01T00:00:00+08:00');
    const to = d('2026-10-03T00:00:00+08:00');
    const slots = teamRoster(team({ rotations: [rot] }), from, to);
    const rows = dutyFairness(
      slots,
      [
        // b reinforces on a's day (no shift of their own then): all extra
        { userId: 'b', checkedInAt: d('2026-10-01T10:00:00+08:00'), checkedOutAt: d('2026-10-01T14:00:00+08:00') },
        // a comes 2 h early and stays 3 h past the handoff: 24 h actual, 5 h extra
        { userId: 'a', checkedInAt: d('2026-09-30T06:00:00+08:00'), checkedOutAt: d('2026-10-02T11:00:00+08:00') },
        // idle (in no slot) checks in and is still there: everything up to now is extra
        { userId: 'idle', checkedInAt: d('2026-10-02T18:00:00+08:00'), checkedOutAt: null },
      ],
      from,
      to,
      SH,
      { now: d('2026-10-02T20:00:00+08:00'), userIds: ['a', 'b', 'idle'] },
    );
    const by = new Map(rows.map((r) => [r.userId, r]));
    // a's early 2 h before the period (30 Sep 06:00–08:00 is outside [from, to) from 1 Oct 00:00) are clipped away:
    // in the period a is checked in 1 Oct 00:00 → 2 Oct 11:00 = 35 h, 24 h in the slot, 11 h outside it
    expect(by.get('a')).toMatchObject({ actualHours: 24, extraHours: 11 });
    expect(by.get('b')).toMatchObject({ actualHours: 0, extraHours: 4, scheduledHours: 16 });
    expect(by.get('idle')).toMatchObject({ actualHours: 0, extraHours: 2, scheduledHours: 0 });
  });
});
