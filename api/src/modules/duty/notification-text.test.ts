/**
 * The duty notifications stored in Chinese (duty.service.ts: swaps and leave; duty.jobs.ts: reminders and gaps)
 * render in English for a reader of English (notifications/notification-text.ts); team names stay as entered.
 */
import { notificationText } from '../notifications/notification-text.ts';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff1a\uff0c\uff1b]/;
const en = (title: string, body: string) => notificationText({ title, body }, 'en');

test('swap, leave, reminder and gap notifications have English', () => {
  expect(en('换班申请待您确认', '李海波申请与您换班：Squad 12/05 08:00 起的班次，换您 12/07 08:00 起的班次。')).toEqual({
    title: 'A swap request for you to answer',
    body: '李海波 asks to swap with you: the shift from Squad 12/05 08:00, for yours from 12/07 08:00.',
  });
  expect(en('换班已批准', 'Squad 12/05 08:00 起的班次。意见：同意').body).toBe('The shift from Squad 12/05 08:00. Comment: 同意');
  expect(en('值班提醒', 'Squad：您的班次 12/05 08:00 至 12/06 08:00，请按时到岗签到。')).toEqual({
    title: 'Duty reminder',
    body: 'Squad: your shift from 12/05 08:00 to 12/06 08:00; check in on time.',
  });
  const gap = en('值班缺口：5 个班次', 'Squad：12/05 08:00、12/06 08:00、12/07 08:00 等 5 个班次在岗人数少于 2 人，请安排替班。');
  expect(gap.title).toBe('Duty gaps: 5 shifts');
  expect(gap.body).toBe(
    'Squad: 12/05 08:00、12/06 08:00、12/07 08:00 and others, 5 shifts in all, have fewer than 2 people on duty: arrange cover.',
  );
  for (const t of [
    '换班申请待审批',
    '对方已同意换班，待审批',
    '对方拒绝了换班申请',
    '换班未获批准',
    '换班申请已撤回',
    '请假申请待审批',
    '请假已批准',
    '请假未获批准',
  ])
    expect(en(t, '请在值班表中查看。').title).not.toMatch(CJK);
  expect(notificationText({ title: '值班提醒', body: 'x' }, 'zh-CN').title).toBe('值班提醒');
});
