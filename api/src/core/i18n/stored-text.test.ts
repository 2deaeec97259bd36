import { readFileSync } from 'node:fs';
import { TASK_DETAILS, TASK_TITLES, taskText } from '../../modules/tasks/task-text.ts';
import { timelineActor, timelineNote } from '../../modules/hazards/timeline-text.ts';
import { notificationText } from '../../modules/notifications/notification-text.ts';
import { StoredText, template } from './stored-text.ts';

const CJK = /[\u3400-\u9FFF]/;
const MODULES = new URL('../../modules/', import.meta.url).pathname;

test('a template renders its English with the stored parameters; other text stays as stored', () => {
  const s = new StoredText(
    [template('定为{grade|重大隐患=major|一般隐患=general}，责任人 {who}', 'Graded {grade}, responsible {who}')],
    {
      未注明: 'not given',
    },
  );
  expect(s.render('定为重大隐患，责任人 王芳', 'en')).toBe('Graded major, responsible 王芳');
  expect(s.render('定为一般隐患，责任人 未注明', 'en')).toBe('Graded general, responsible not given');
  expect(s.render('定为重大隐患，责任人 王芳', 'zh-CN')).toBe('定为重大隐患，责任人 王芳');
  expect(s.render('门口堆放杂物，已清理', 'en')).toBe('门口堆放杂物，已清理');
  expect(s.render(null, 'en')).toBeNull();
  expect(s.format(0, { grade: '一般隐患', who: '李强' })).toBe('定为一般隐患，责任人 李强');
});

test('task titles and details render in English, names as entered', () => {
  expect(taskText({ title: '应急物资不足：灭火器', detail: '现有 2个，最低库存 10个（仓库东侧）' }, 'en')).toEqual({
    title: 'Emergency supply below minimum stock: 灭火器',
    detail: 'In stock 2 个, minimum 10 个 (仓库东侧)',
  });
  expect(taskText({ title: '特种作业证已过期：张伟（电工作业）', detail: '证号 T3301, 有效期至 2026-01-01' }, 'en').title).toBe(
    'Special-work certificate expired: 张伟 (电工作业)',
  );
  expect(taskText({ title: '应急物资已过期：防毒面具', detail: '有效期至 2026-03-01（未注明地点）' }, 'en').detail).toBe(
    'Expires 2026-03-01 (location not given)',
  );
  expect(taskText({ title: '应急演练逾期：火灾专项预案', detail: '上次演练 无记录，应于 2026-05-01 前演练' }, 'en')).toEqual({
    title: 'Emergency drill overdue: 火灾专项预案',
    detail: 'Last drill none on record; due by 2026-05-01',
  });
  expect(
    taskText(
      { title: '物联网设备标定将到期：1号罐区可燃气体探测器（GAS-01）', detail: '标定有效期至 2026-12-20（罐区东侧）' },
      'en',
    ),
  ).toEqual({
    title: 'IoT device calibration due soon: 1号罐区可燃气体探测器 (GAS-01)',
    detail: 'Calibration valid until 2026-12-20 (罐区东侧)',
  });
  expect(taskText({ title: '应急物资不足：灭火器', detail: null }, 'zh-CN')).toEqual({
    title: '应急物资不足：灭火器',
    detail: null,
  });
});

test('every task sentence a writer composes has its template (the check fails for a new one)', () => {
  const sample = (body: string) => body.replace(/\$\{[^}]*\}/g, '1');
  let n = 0;
  for (const f of ['enterprises/enterprise.jobs.ts', 'enterprises/record-specs.ts']) {
    const src = readFileSync(MODULES + f, 'utf8');
    for (const call of src.matchAll(/tasks\.raise\([\s\S]*?\}\)/g)) {
      for (const m of call[0].matchAll(/\b(title|detail):\s*`([^`]*)`/g)) {
        const text = sample(m[2]!);
        const store = m[1] === 'title' ? TASK_TITLES : TASK_DETAILS;
        expect({ f, text, en: store.render(text, 'en') }).toEqual({ f, text, en: expect.not.stringMatching(CJK) });
        n++;
      }
    }
  }
  expect(n).toBeGreaterThanOrEqual(8);
  expect(TASK_TITLES.render('一个新的待办：X1', 'en')).toMatch(CJK);
});

test('timeline notes render in English: gradings, extensions, supervision, escalations', () => {
  expect(timelineNote('定为重大隐患，限期整改，期限 2026-12-01，责任人 王芳。请尽快', 'en')).toBe(
    'Graded a major hazard, to be fixed by the deadline, deadline 2026-12-01, responsible: 王芳. 请尽快',
  );
  expect(timelineNote('定为一般隐患，立即整改，期限 2026-12-01，责任人 王芳', 'en')).toBe(
    'Graded a general hazard, to be fixed at once, deadline 2026-12-01, responsible: 王芳',
  );
  expect(timelineNote('来源：电话投诉。定为一般隐患，限期整改，期限 2026-12-01，责任人 王芳', 'en')).toBe(
    'Source: phone complaint. Graded a general hazard, to be fixed by the deadline, deadline 2026-12-01, responsible: 王芳',
  );
  expect(timelineNote('申请延期至 2026-12-20：备件未到', 'en')).toBe('Extension requested to 2026-12-20: 备件未到');
  expect(timelineNote('期限延至 2026-12-20', 'en')).toBe('Deadline extended to 2026-12-20');
  expect(timelineNote('挂牌督办（督办〔2026〕3号）', 'en')).toBe('Placed under supervision (督办〔2026〕3号)');
  expect(timelineNote('已报告负有安全生产监督管理职责的部门', 'en')).toBe('Reported to the supervising authority');
  expect(timelineNote('逾期升级（逾期 1 天）：已通知安监办（2 人）', 'en')).toBe(
    'Overdue escalation (1 day overdue): notified the safety office (2 people)',
  );
  expect(
    timelineNote(
      '到期提醒（期限前 3 天）：整改责任人无可通知人员，已通知网格员（1 人）；已过时、不再单独发送：期限前 7 天',
      'en',
    ),
  ).toBe(
    'Deadline reminder (3 days before the deadline): nobody to notify at the person responsible; notified the grid worker (1 person); superseded, not sent separately: 7 days before the deadline',
  );
  expect(timelineNote('逾期升级（到期）：无人可通知（各级均无有效账号）', 'en')).toBe(
    'Overdue escalation (at the deadline): nobody to notify (no active account at any level)',
  );
  expect(timelineNote('配电箱门未关，已整改', 'en')).toBe('配电箱门未关，已整改');
  expect(timelineNote('定为重大隐患，限期整改，期限 2026-12-01，责任人 王芳', 'zh-CN')).toBe(
    '定为重大隐患，限期整改，期限 2026-12-01，责任人 王芳',
  );
  expect(timelineActor('系统', 'en')).toBe('System');
  expect(timelineActor('系统', 'zh-CN')).toBe('系统');
});

test('notifications render in English: hazards, escalations, change requests, certificates, supplies', () => {
  expect(
    notificationText({ title: '新隐患待确认：YH-20261115-0001', body: '义乌市某公司：配电箱门未关（期限 2026-12-01）' }, 'en'),
  ).toEqual({
    title: 'New hazard to confirm: YH-20261115-0001',
    body: '义乌市某公司: 配电箱门未关 (deadline 2026-12-01)',
  });
  expect(
    notificationText({ title: '隐患逾期未整改：YH-1', body: '某公司：电缆破损（重大隐患，期限 2026-12-01，整改中）' }, 'en'),
  ).toEqual({ title: 'Hazard overdue: YH-1', body: '某公司: 电缆破损 (major hazard, deadline 2026-12-01, Rectifying)' });
  expect(
    notificationText(
      {
        title: '企业档案变更待审核：某公司',
        body: '某公司的张三申请修改企业名称、法定代表人，请在「企业变更审核」中核对后通过或驳回。',
      },
      'en',
    ),
  ).toEqual({
    title: 'Enterprise file change to approve: 某公司',
    body: '张三 of 某公司 asks to change 企业名称、法定代表人: check and approve or refuse it under “Change approvals”.',
  });
  expect(
    notificationText({ title: '档案变更未通过：某公司', body: '您申请修改的企业名称未通过审核。意见：材料不全' }, 'en').body,
  ).toBe('Your change of 企业名称 was refused. Comment: 材料不全');
  expect(notificationText({ title: '应急物资已过期', body: '灭火器（仓库）已于 2026-01-01 过期，请更换或补充。' }, 'en')).toEqual(
    {
      title: 'An emergency supply has expired',
      body: '灭火器 (仓库) expired on 2026-01-01: replace or restock it.',
    },
  );
  expect(
    notificationText(
      {
        title: '新待办：应急物资不足：灭火器',
        body: '某公司：现有 2个，最低库存 10个（仓库）。请及时处理，其他待办见首页「待办事项」。',
      },
      'en',
    ),
  ).toEqual({
    title: 'New to-do: Emergency supply below minimum stock: 灭火器',
    body: '某公司: In stock 2 个, minimum 10 个 (仓库). Please see to it; other to-dos are on the workbench.',
  });
  expect(notificationText({ title: '新隐患待确认：YH-1', body: 'x' }, 'zh-CN').title).toBe('新隐患待确认：YH-1');
});
