/**
 * The dispatch and warning notices (incidents/dispatch-notices.ts), stored in Chinese, render in English for a reader
 * of English (notifications/notification-text.ts); names and incident numbers stay as entered.
 */
import { notificationText } from '../notifications/notification-text.ts';
import {
  defaultWarningMessage,
  escalatedMemberNotice,
  dispatchNotice,
  escalationNotice,
  rollCallMissedNotice,
  rollCallNotice,
  warningNotice,
} from './dispatch-notices.ts';

const CJK = /[\u3400-\u9fff]/;
const en = (x: { title: string; body: string }) => notificationText(x, 'en');
const real = { no: 'SJ20261201-001', isDrill: false };
const drill = { no: 'SJ20261201-002', isDrill: true };

test('dispatch, escalation and roll call read in English, drills marked', () => {
  expect(en(dispatchNotice({ ...real, typeLabel: '泄漏/中毒', where: '甲化工' }, 3))).toEqual({
    title: 'Dispatched: SJ20261201-001',
    body: 'You are dispatched to a leak / poisoning at 甲化工: acknowledge within 3 min.',
  });
  expect(en(dispatchNotice({ ...drill, typeLabel: '火灾', where: '园区' }, 5)).title).toBe('[Drill] Dispatched: SJ20261201-002');
  expect(en(escalationNotice(real, '张三', 3, '李四'))).toEqual({
    title: 'Dispatch not acknowledged: SJ20261201-001',
    body: '张三 did not acknowledge within 3 min; 李四 was dispatched instead.',
  });
  expect(en(escalationNotice(real, '张三', 3, null)).body).toBe(
    '张三 did not acknowledge within 3 min and nobody on duty is free to replace them: dispatch someone by hand.',
  );
  expect(en(escalatedMemberNotice(real, 3, '李四'))).toEqual({
    title: 'Your dispatch timed out: SJ20261201-001',
    body: 'You did not acknowledge within 3 min; 李四 took over, so you need not go.',
  });
  expect(en(escalatedMemberNotice(drill, 3, null)).body).toBe(
    'You did not acknowledge within 3 min and nobody has taken over: if you can go, acknowledge now and call the duty desk.',
  );
  expect(en(escalatedMemberNotice(drill, 3, null)).title).toBe('[Drill] Your dispatch timed out: SJ20261201-002');
  expect(en(rollCallNotice(drill, 2))).toEqual({
    title: '[Drill] Roll call: SJ20261201-002',
    body: 'Confirm within 2 min that you are safe on scene.',
  });
  expect(en(rollCallMissedNotice(real, ['张三', '李四'], 2))).toEqual({
    title: 'Roll call not answered: SJ20261201-001',
    body: '张三、李四 did not answer the roll call within 2 min: contact them now.',
  });
});

test('a downwind warning with the default message reads in English; a desk-written message stays as written', () => {
  const w = en(warningNotice(real, defaultWarningMessage('火灾', { distanceM: 800, bearingDeg: 135 })));
  expect(w.title).toBe('Downwind warning: SJ20261201-001');
  expect(w.body).toBe(
    'A fire in the zone: you are about 800 m south-east of it, downwind. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  );
  expect(w.body).not.toMatch(CJK);
  expect(en(warningNotice(drill, `【演练】${defaultWarningMessage('爆炸', { distanceM: 1200, bearingDeg: 0 })}`)).body).toMatch(
    /^\[Drill\] An explosion in the zone: you are about 1200 m north of it/,
  );
  // The incident's own enterprise: no distance, no direction.
  const own = en(warningNotice(real, defaultWarningMessage('泄漏/中毒', { distanceM: 0, bearingDeg: 0, own: true })));
  expect(own.body).toBe(
    'A leak / poisoning at your own site: start your emergency plan, get your people out of the downwind area, and acknowledge.',
  );
  // An enterprise with no position on file: in the downwind area, no direction or distance.
  const unplaced = en(warningNotice(real, defaultWarningMessage('火灾', { distanceM: 0, bearingDeg: 0, placed: false })));
  expect(unplaced.body).toBe(
    'A fire in the zone: you are in the downwind area. Close doors and windows, stop outdoor work, prepare to evacuate, and acknowledge.',
  );
  // Warnings stored before this wording still read in English.
  expect(
    en(
      warningNotice(
        real,
        '园区发生火灾，贵单位位于事故下风向约 800 米，请立即关闭门窗、停止室外作业、做好疏散准备，并确认收到。',
      ),
    ).body,
  ).not.toMatch(CJK);
  expect(en(warningNotice(real, '请关闭门窗')).body).toBe('请关闭门窗');
  // A reader of Chinese gets it as stored.
  expect(notificationText(warningNotice(real, '请关闭门窗'), 'zh-CN').title).toBe('下风向预警：SJ20261201-001');
});
