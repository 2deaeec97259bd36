import type { DutyMyShift, DutySwap } from '@yuanan/contracts';
import { setDisplayTimeZone } from '../../services/format';
import { dayLabel, hm, nextShift, shiftRange, swapHeadline, swapTabs, untilText } from './duty-ui';

const at = (d: number, h: number, m = 0) => new Date(2026, 11, d, h, m).toISOString(); // local time, December 2026

function shift(start: string, end: string): DutyMyShift {
  return {
    teamId: 't',
    teamName: '救援队',
    rotationId: 'r',
    start,
    end,
    kind: 'full',
    source: 'rotation',
    colleagues: [],
    swap: null,
  };
}

test('a shift reads as one line: next day, same day, or both dates', () => {
  expect(shiftRange(at(3, 8), at(4, 8))).toBe('12月3日 周四 08:00 – 次日 08:00');
  expect(shiftRange(at(3, 8), at(3, 20))).toBe('12月3日 周四 08:00 – 20:00');
  expect(shiftRange(at(3, 8), at(10, 8))).toBe('12月3日 周四 08:00 – 12月10日 周四 08:00');
});

test('the next shift is the one going on, else the earliest to come; none when all are over', () => {
  const now = new Date(2026, 11, 3, 12);
  const on = shift(at(3, 8), at(4, 8));
  const later = shift(at(5, 8), at(6, 8));
  const over = shift(at(1, 8), at(2, 8));
  expect(nextShift([later, over, on], now)).toBe(on);
  expect(nextShift([later, over], now)).toBe(later);
  expect(nextShift([over], now)).toBeNull();
  expect(untilText(on.start, on.end, now)).toBe('值班中');
  expect(untilText(later.start, later.end, now)).toBe('44 小时后开始');
  expect(untilText(at(8, 12), at(9, 12), now)).toBe('5 天后开始');
  expect(untilText(at(3, 15), at(4, 15), now)).toBe('3 小时后开始');
  expect(untilText(over.start, over.end, now)).toBe('已结束');
});

function swap(p: Partial<DutySwap>): DutySwap {
  return {
    id: 's',
    teamId: 't',
    teamName: '救援队',
    requesterId: 'a',
    requesterName: '张三',
    requesterSlotStart: at(5, 8),
    requesterSlotEnd: at(6, 8),
    counterpartId: 'b',
    counterpartName: '李四',
    counterpartSlotStart: null,
    counterpartSlotEnd: null,
    reason: null,
    status: 'requested',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    actions: [],
    createdAt: at(1, 8),
    updatedAt: at(1, 8),
    ...p,
  };
}

test('a swap is on the tabs of who must act: the colleague asked, the requester, the leader', () => {
  expect(swapTabs(swap({ actions: ['accept', 'decline'] }), 'b')).toEqual(['incoming']);
  expect(swapTabs(swap({ actions: ['cancel'] }), 'a')).toEqual(['outgoing']);
  expect(swapTabs(swap({ status: 'accepted', actions: ['approve', 'reject'] }), 'lead')).toEqual(['approve']);
  // a leader who asked the swap does not approve it: the api gives them no approve action
  expect(swapTabs(swap({ status: 'accepted', actions: ['cancel'], requesterId: 'lead' }), 'lead')).toEqual(['outgoing']);
  expect(swapTabs(swap({}), 'someone')).toEqual([]);
});

test('a swap says what it means from the reader’s side', () => {
  expect(swapHeadline(swap({}), 'b')).toBe('张三 请你代班');
  expect(swapHeadline(swap({ counterpartSlotStart: at(7, 8), counterpartSlotEnd: at(8, 8) }), 'b')).toBe('张三 想与你换班');
  expect(swapHeadline(swap({}), 'a')).toBe('请 李四 代班');
  expect(swapHeadline(swap({}), 'lead')).toBe('李四 代 张三 值班');
});

describe("shifts read on the zone's clock when the phone is on UTC", () => {
  const phoneTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
    setDisplayTimeZone('Asia/Shanghai');
  });
  afterAll(() => {
    setDisplayTimeZone(null);
    if (phoneTz === undefined) delete process.env.TZ;
    else process.env.TZ = phoneTz;
  });
  test('the 08:00 handoff in the zone is 08:00, not the phone’s 00:00 (tester finding 9)', () => {
    expect(shiftRange('2026-12-03T00:00:00Z', '2026-12-04T00:00:00Z')).toBe('12月3日 周四 08:00 – 次日 08:00');
    expect(hm('2026-12-03T12:00:00Z')).toBe('20:00');
    // 20:00–08:00 night shift: on UTC both ends are the same day, in the zone it ends 次日
    expect(shiftRange('2026-12-03T12:00:00Z', '2026-12-04T00:00:00Z')).toBe('12月3日 周四 20:00 – 次日 08:00');
    expect(dayLabel('2026-12-02T16:00:00Z')).toBe('12月3日 周四');
  });
});
