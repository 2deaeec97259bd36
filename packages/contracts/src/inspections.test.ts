import {
  checkInRequest,
  checklistItem,
  checklistSections,
  createInspectionContractRequest,
  createInspectionPlanRequest,
  createInspectionTemplateRequest,
  inspectionTasksQuery,
  submitInspectionRequest,
} from './inspections.ts';
import { issueMessage } from './messages.ts';
import { can } from './permissions.ts';
import { defaultTenantSettings } from './tenants.ts';

const yes = (key: string) => ({ key, text: '是否办理审批手续？', kind: 'yes_no' as const, photoRequired: false });

function errors(r: { success: boolean; error?: { issues: { message: string; params?: Record<string, unknown> }[] } }) {
  return r.success ? [] : r.error!.issues.map((i) => issueMessage(i as never, 'en'));
}

test('item keys are unique across all sections of a template', () => {
  expect(checklistSections.safeParse([{ title: 'A', items: [yes('a'), yes('b')] }]).success).toBe(true);
  const dup = checklistSections.safeParse([
    { title: 'A', items: [yes('a')] },
    { title: 'B', items: [yes('b'), yes('a')] },
  ]);
  expect(errors(dup)).toEqual(['The item key "a" is used twice']);
  expect(dup.error!.issues[0]!.path).toEqual([1, 'items', 1, 'key']);
  expect(checklistSections.safeParse([{ title: 'A', items: [yes('Bad-Key')] }]).success).toBe(false);
  expect(checklistSections.safeParse([]).success).toBe(false);
});

test('a number item needs min <= max; a choice item needs options with distinct values', () => {
  const num = { key: 'o2', text: '氧含量（%）', kind: 'number', min: 19.5, max: 23.5 };
  expect(checklistItem.safeParse(num).success).toBe(true);
  expect(errors(checklistItem.safeParse({ ...num, min: 24 }))).toEqual(['The minimum cannot exceed the maximum']);
  const choice = { key: 'c', text: '通风方式', kind: 'choice' };
  expect(errors(checklistItem.safeParse(choice))).toEqual(['A choice item needs at least two options']);
  const opts = [
    { value: 'forced', label: '机械通风', fails: false },
    { value: 'none', label: '无通风', fails: true },
  ];
  expect(checklistItem.parse({ ...choice, options: opts }).photoRequired).toBe(false);
  expect(errors(checklistItem.safeParse({ ...choice, options: [opts[0], opts[0]] }))).toEqual(['An option value is used twice']);
  expect(checklistItem.safeParse({ ...yes('a'), options: opts }).success).toBe(false);
  expect(checklistItem.safeParse({ ...yes('a'), min: 1 }).success).toBe(false);
});

test('a template create defaults its filters and refuses bad industry codes', () => {
  const t = createInspectionTemplateRequest.parse({ name: '有限空间', sections: [{ title: 'A', items: [yes('a')] }] });
  expect(t).toMatchObject({ industries: [], tags: [], needsExpertReview: false });
  expect(
    createInspectionTemplateRequest.safeParse({
      name: '有限空间',
      industries: ['c26'],
      sections: [{ title: 'A', items: [yes('a')] }],
    }).success,
  ).toBe(false);
});

test('a plan names its assignee for its assignee kind, and a one-off plan has an end date', () => {
  const base = {
    name: '日常巡查',
    kind: 'routine',
    assigneeKind: 'role',
    assigneeRole: 'grid_worker',
    target: {},
    templateIds: ['01a20af3-8b8f-7678-bd46-168eeefdc51a'],
    frequency: 'by_colour',
    startDate: '2027-01-01',
  };
  const p = createInspectionPlanRequest.parse(base);
  expect(p.target).toEqual({ gridIds: [], tags: [], colours: [], enterpriseIds: [] });
  expect(p.enabled).toBe(true);
  expect(errors(createInspectionPlanRequest.safeParse({ ...base, assigneeKind: 'agency' }))).toEqual(['Choose the agency']);
  expect(errors(createInspectionPlanRequest.safeParse({ ...base, frequency: 'once' }))).toEqual([
    'A one-off plan needs an end date',
  ]);
  expect(errors(createInspectionPlanRequest.safeParse({ ...base, endDate: '2026-12-31' }))).toEqual([
    'The end date cannot be before the start date',
  ]);
});

test('check-in is gps with a position or qr with a code; submit answers each item once', () => {
  expect(checkInRequest.safeParse({ method: 'gps', lat: 29, lng: 119, at: '2027-01-05T09:00:00+08:00' }).success).toBe(true);
  expect(checkInRequest.safeParse({ method: 'gps', at: '2027-01-05T09:00:00+08:00' }).success).toBe(false);
  expect(checkInRequest.safeParse({ method: 'qr', code: 'YA1.a.b.c', at: '2027-01-05T09:00:00+08:00' }).success).toBe(true);
  expect(checkInRequest.safeParse({ method: 'nfc', at: '2027-01-05T09:00:00+08:00' }).success).toBe(false);
  const sub = {
    templateId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
    answers: [{ itemKey: 'a', value: true }],
    signature: { fileId: '01a20af3-8b8f-7678-bd46-168eeefdc51b', signerName: '王' },
    finishedAt: '2027-01-05T09:40:00+08:00',
  };
  expect(submitInspectionRequest.parse(sub).answers[0]!.photos).toEqual([]);
  expect(errors(submitInspectionRequest.safeParse({ ...sub, answers: [...sub.answers, ...sub.answers] }))).toEqual([
    'The item "a" is answered twice',
  ]);
});

test('task list statuses are checked; contract dates are ordered', () => {
  expect(inspectionTasksQuery.parse({ status: 'open,in_progress' }).status).toBe('open,in_progress');
  expect(inspectionTasksQuery.safeParse({ status: 'open,closed' }).success).toBe(false);
  const c = {
    agencyId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
    name: '年度服务合同',
    enterpriseIds: ['01a20af3-8b8f-7678-bd46-168eeefdc51b'],
    startDate: '2027-01-01',
    endDate: '2027-12-31',
  };
  expect(createInspectionContractRequest.safeParse(c).success).toBe(true);
  expect(createInspectionContractRequest.safeParse({ ...c, endDate: '2026-12-31' }).success).toBe(false);
  expect(createInspectionContractRequest.safeParse({ ...c, enterpriseIds: [] }).success).toBe(false);
});

test('inspection permissions and settings follow the design', () => {
  expect(can('enterprise_staff', 'inspections.perform')).toBe(true);
  expect(can('inspector', 'inspections.perform')).toBe(true);
  expect(can('inspector', 'inspections.plans.manage')).toBe(false);
  expect(can('city_supervisor', 'inspections.read')).toBe(true);
  expect(can('city_supervisor', 'inspections.perform')).toBe(false);
  expect(can('grid_worker', 'inspections.templates.manage')).toBe(false);
  expect(can('safety_officer', 'inspections.agencies.manage')).toBe(true);
  expect(can('rescue_member', 'inspections.read')).toBe(false);
  const s = defaultTenantSettings();
  expect([s.inspectionGeofenceRadiusM, s.inspectionRecheckRequired, s.inspectionReminderHours]).toEqual([300, false, 24]);
});
