/**
 * The equipment room's notifications, stored in Chinese (equipment.service.ts, equipment-sweep.ts), render in English
 * for a reader of English (notifications/notification-text.ts); names, asset tags and reasons stay as entered.
 */
import { notificationText } from '../notifications/notification-text.ts';

const CJK = /[\u3400-\u9fff]/;
const en = (title: string, body: string) => notificationText({ title, body }, 'en');

test('requests, recall and reminders read in English', () => {
  expect(en('器材借用申请已批准', '您 2026-12-01 09:30 提交的借用申请已批准，请于 2026-12-08 08:00 起到器材室领取。')).toEqual({
    title: 'Equipment request approved',
    body: 'Your request of 2026-12-01 09:30 is approved: collect the gear at the equipment room from 2026-12-08 08:00.',
  });
  expect(en('器材借用申请未获批准', '您 2026-12-01 09:30 提交的借用申请未获批准，原因：已全部借出').body).toBe(
    'Your request of 2026-12-01 09:30 was refused. Reason: 已全部借出',
  );
  const recall = en(
    '器材紧急召回：无人机（WRJ-001）',
    '因园区泄漏事故救援，器材室需立即收回您借用的无人机（WRJ-001），请尽快送回器材室。',
  );
  expect(recall.title).toBe('Equipment recalled: 无人机（WRJ-001）');
  expect(recall.body).toBe(
    'The equipment room needs 无人机（WRJ-001） back now (园区泄漏事故救援): bring it back as soon as you can.',
  );
  const overdue = en('借用器材逾期未还：2 件', '您借用的以下器材已逾期未还：A（X-1），B（X-2）。请尽快送回器材室。');
  expect(overdue).toEqual({
    title: 'Borrowed equipment overdue: 2 units',
    body: 'These borrowed units are overdue: A（X-1），B（X-2）. Bring them back to the equipment room.',
  });
  const esc = en('器材逾期超过 3 天：4 件', '以下借出器材逾期超过 3 天仍未归还：甲：A。请督促归还。');
  expect(esc.title).toBe('Equipment overdue more than 3 days: 4 units');
  expect(esc.body).toMatch(/^Lent equipment overdue more than 3 days: 甲：A\. Follow up\.$/);
  const nudge = en('器材逾期未还，请尽快归还', '您借用的无人机（WRJ-001）应于 2026-12-01 18:00 归还，已逾期，请按时送回器材室。');
  expect(nudge.title).not.toMatch(CJK);
  expect(nudge.body).toBe(
    '无人机（WRJ-001） was due back on 2026-12-01 18:00 and is overdue: bring it back to the equipment room.',
  );
  // A reader of Chinese gets it as stored.
  expect(notificationText({ title: '器材借用提醒', body: 'x' }, 'zh-CN').title).toBe('器材借用提醒');
});
