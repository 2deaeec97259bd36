import { HAZARD_TRANSITIONS } from '@yuanan/contracts';
import { wgs84ToGcj02 } from './geo';
import {
  EMPTY_REPORT,
  deadlineText,
  eventLabel,
  orderActions,
  rectifyItem,
  reportItem,
  reportProblems,
  sourceOf,
  type ReportForm,
} from './hazard-ui';

const form: ReportForm = {
  ...EMPTY_REPORT,
  enterpriseId: 'e1',
  enterpriseName: '义乌市恒达五金制品有限公司',
  categoryCode: 'electrical',
  categoryName: '电气',
  description: '  二号车间配电箱无盖板，线路裸露  ',
  photos: [
    { path: 'idb:a', uploadKey: 'up-a' },
    { path: 'idb:b', uploadKey: 'up-b' },
  ],
};

describe('report', () => {
  test('source follows the role (enterprise users: 企业自查)', () => {
    expect(sourceOf('enterprise_staff')).toBe('self_check');
    expect(sourceOf('grid_worker')).toBe('grid_patrol');
    expect(sourceOf('safety_officer')).toBe('safety_inspection');
    expect(sourceOf('inspector')).toBe('third_party');
  });

  test('problems are found on the phone before anything waits in the outbox', () => {
    expect(reportProblems(form)).toEqual({});
    expect(Object.keys(reportProblems(EMPTY_REPORT)).sort()).toEqual(['categoryCode', 'description', 'enterpriseId', 'photos']);
    expect(reportProblems({ ...form, fixOnSpot: true })).toEqual({
      afterPhotos: '即查即改须上传整改后照片',
      measures: '请填写整改措施',
    });
    expect(
      reportProblems({ ...form, fixOnSpot: true, checklist: ['1.1'], afterPhotos: form.photos, measures: '已加盖' }).fixOnSpot,
    ).toMatch(/不能即查即改/);
  });

  test('the outbox item: photos in slots with their own keys, the body refers to them, the report key is the item id', () => {
    const item = reportItem(
      { ...form, place: ' 二号车间 ', location: { lat: 29.29, lng: 120.12 } },
      'self_check',
      'k-report',
      'hazard-report:u1',
    );
    expect(item.idempotencyKey).toBe('k-report');
    expect(item.body).toEqual({
      enterpriseId: 'e1',
      source: 'self_check',
      categoryCode: 'electrical',
      description: '二号车间配电箱无盖板，线路裸露',
      place: '二号车间',
      location: { lat: 29.29, lng: 120.12 },
      photoIds: { $files: 'photos' },
    });
    expect(item.files.map((f) => [f.slot, f.uploadKey, f.purpose])).toEqual([
      ['photos', 'up-a', 'hazard_photo'],
      ['photos', 'up-b', 'hazard_photo'],
    ]);
    expect(item.label).toBe('上报隐患：二号车间配电箱无盖板，线路裸露');
    // the same form gives the same item: a retry sends the same body
    expect(reportItem(form, 'self_check', 'k', 'd')).toEqual(reportItem(form, 'self_check', 'k', 'd'));
  });

  test('即查即改 adds the after-photos slot; after-photos of an untouched toggle are not sent', () => {
    const on = reportItem(
      { ...form, fixOnSpot: true, afterPhotos: [{ path: 'c', uploadKey: 'up-c' }], measures: '已加装盖板' },
      'grid_patrol',
      'k',
      'd',
    );
    expect(on.body.fixedOnSpot).toEqual({ photoIds: { $files: 'after' }, measures: '已加装盖板' });
    expect(on.files.map((f) => [f.slot, f.purpose])).toContainEqual(['after', 'rectification_photo']);
    const off = reportItem(
      { ...form, fixOnSpot: false, afterPhotos: [{ path: 'c', uploadKey: 'up-c' }] },
      'grid_patrol',
      'k',
      'd',
    );
    expect(off.body.fixedOnSpot).toBeUndefined();
    expect(off.files.every((f) => f.slot === 'photos')).toBe(true);
  });

  test('a rectification carries the version it was made on and checks the outcome after a lost answer', () => {
    const item = rectifyItem(
      { id: 'h1', code: 'YH-2026-0001', version: 3 },
      'submit',
      { photos: [{ path: 'p', uploadKey: 'up-p' }], measures: ' 已更换盖板 ', cost: '120.5' },
      'k',
      'd',
      '/x',
    );
    expect(item.body).toEqual({
      action: 'submit',
      version: 3,
      photoIds: { $files: 'after' },
      measures: '已更换盖板',
      cost: 120.5,
    });
    expect(item.doneIf).toEqual({ path: '/hazards/h1', field: 'status', equals: 'pending_review' });
    expect(
      rectifyItem({ id: 'h1', code: 'c', version: 1 }, 'submit', { photos: [], measures: 'x', cost: '' }, 'k', 'd', '/x').body,
    ).not.toHaveProperty('cost');
  });
});

describe('reading a hazard', () => {
  const open = { status: 'rectifying' as const, overdue: false };
  test('deadline text', () => {
    expect(deadlineText({ ...open, deadlineDate: '2026-12-01' }, '2026-11-24')).toEqual({
      text: '剩 7 天（12月1日）',
      tone: 'normal',
    });
    expect(deadlineText({ ...open, deadlineDate: '2026-11-25' }, '2026-11-24')?.tone).toBe('warn');
    expect(deadlineText({ ...open, deadlineDate: '2026-11-24' }, '2026-11-24')).toEqual({ text: '今天到期', tone: 'warn' });
    expect(deadlineText({ ...open, deadlineDate: '2026-11-21' }, '2026-11-24')).toEqual({ text: '已逾期 3 天', tone: 'danger' });
    expect(deadlineText({ ...open, overdue: true, deadlineDate: '2026-11-24' }, '2026-11-24')?.text).toBe('已逾期 1 天');
    expect(deadlineText({ status: 'closed', overdue: false, deadlineDate: '2026-11-01' }, '2026-11-24')).toBeNull();
    expect(deadlineText({ ...open, deadlineDate: null }, '2026-11-24')).toBeNull();
  });

  test('every transition and event has a Chinese label', () => {
    for (const a of Object.keys(HAZARD_TRANSITIONS)) expect(eventLabel(a)).toMatch(/[\u4e00-\u9fa5]/);
    for (const a of ['report', 'extension_requested', 'escalated', 'major_plan', 'citations'])
      expect(eventLabel(a)).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('actions in working order', () => {
    expect(orderActions(['dismiss', 'confirm', 'fix_on_spot'])).toEqual(['confirm', 'fix_on_spot', 'dismiss']);
  });
});

test('WGS-84 → GCJ-02 (Yiwu: about 500 m south-east; abroad unchanged)', () => {
  const g = wgs84ToGcj02(29.2921, 120.1265);
  expect(g.lat - 29.2921).toBeGreaterThan(-0.01);
  expect(g.lat - 29.2921).toBeLessThan(0);
  expect(g.lng - 120.1265).toBeGreaterThan(0.003);
  expect(g.lng - 120.1265).toBeLessThan(0.01);
  // reference value of the published algorithm (Beijing Tiananmen)
  const b = wgs84ToGcj02(39.90734, 116.391305);
  expect(b.lat).toBeCloseTo(39.908745, 4);
  expect(b.lng).toBeCloseTo(116.397554, 4);
  expect(wgs84ToGcj02(48.8566, 2.3522)).toEqual({ lat: 48.8566, lng: 2.3522 });
});
