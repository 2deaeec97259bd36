/**
 * The inspection notifications the status sweep stores in Chinese (generation.ts: `inspection.missed` to the
 * safety office, `inspection.dueSoon` to the assignee) render in English for a reader of English
 * (notifications/notification-text.ts); enterprise names stay as entered. generation.test.ts checks the same on
 * notifications the real sweep wrote.
 */
import { notificationText } from '../notifications/notification-text.ts';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff1a\uff0c\uff1b]/;

test('inspection.missed: one to three enterprises named, or three and how many in all', () => {
  expect(
    notificationText(
      { title: '检查任务逾期未检：1 项', body: 'ACME Ltd的检查任务已过完成期限仍未检查，请督促或重新安排。' },
      'en',
    ),
  ).toEqual({
    title: 'Inspections missed: 1',
    body: 'Not inspected by the complete-by date: ACME Ltd. Follow up or reschedule.',
  });
  const many = notificationText(
    {
      title: '检查任务逾期未检：12 项',
      body: 'A Ltd、B Ltd、C Ltd 等 12 家企业的检查任务已过完成期限仍未检查，请督促或重新安排。',
    },
    'en',
  );
  expect(many).toEqual({
    title: 'Inspections missed: 12',
    body: 'Not inspected by the complete-by date: A Ltd、B Ltd、C Ltd and others, 12 enterprises in all. Follow up or reschedule.',
  });
  // Chinese names stay Chinese; the sentence around them is English.
  const zh = notificationText(
    { title: '检查任务逾期未检：2 项', body: '义乌市某五金厂、某纸业公司的检查任务已过完成期限仍未检查，请督促或重新安排。' },
    'en',
  );
  expect(zh.body).toBe('Not inspected by the complete-by date: 义乌市某五金厂、某纸业公司. Follow up or reschedule.');
  // A reader of Chinese gets it as stored.
  expect(notificationText({ title: '检查任务逾期未检：1 项', body: 'x' }, 'zh-CN').title).toBe('检查任务逾期未检：1 项');
});

test('inspection.dueSoon: the enterprise and the complete-by date', () => {
  const en = notificationText({ title: '检查任务即将到期', body: 'ACME Ltd的检查任务请于 2026-12-03 前完成。' }, 'en');
  expect(en).toEqual({ title: 'An inspection is due soon', body: 'Complete the inspection of ACME Ltd by 2026-12-03.' });
  expect([en.title, en.body]).toEqual([expect.not.stringMatching(CJK), expect.not.stringMatching(CJK)]);
});
