import type { Enterprise } from '@yuanan/contracts';
import {
  diffEnterprise,
  historyReason,
  majorHazardGradeLabel,
  num,
  supplyBadges,
  taskTarget,
  textOn,
  toFormValues,
} from './enterprise-ui';

const e = {
  id: 'e1',
  name: '义乌市恒达五金制品有限公司',
  legalRepresentative: '陈国强',
  principalName: '陈国强',
  principalPhone: '13905790100',
  safetyManagerName: '王立新',
  safetyManagerPhone: '13805790200',
  industryCode: 'C3389',
  industryName: '其他金属制日用品制造',
  address: '义乌市经济技术开发区高新路158号',
  employees: 186,
  annualRevenue: 8600,
  annualOutput: null,
  ownership: '民营',
  buildingStructure: '钢结构',
  hasSprinklers: true,
  standardisationLevel: '三级',
  peopleWithin500m: null,
} as unknown as Enterprise;

describe('editing the enterprise file', () => {
  test('an untouched form changes nothing (no change request for unchanged key fields)', () => {
    expect(diffEnterprise(e, toFormValues(e))).toEqual({ patch: {}, problems: {}, keyChanges: [] });
  });

  test('only what changed is sent, typed; key fields are named', () => {
    const form = {
      ...toFormValues(e),
      employees: '210',
      principalName: ' 陈建国 ',
      hasSprinklers: 'false',
      annualOutput: '9288.5',
    };
    expect(diffEnterprise(e, form)).toEqual({
      patch: { employees: 210, principalName: '陈建国', hasSprinklers: false, annualOutput: 9288.5 },
      problems: {},
      keyChanges: ['principalName'],
    });
  });

  test('emptied optional fields become null; required ones and bad values are problems', () => {
    const form = {
      ...toFormValues(e),
      legalRepresentative: '',
      principalName: '',
      employees: '12.5',
      safetyManagerPhone: '12345',
      industryCode: 'c2614',
    };
    const r = diffEnterprise(e, form);
    expect(r.patch).toEqual({ legalRepresentative: null, industryCode: 'C2614' });
    expect(r.problems).toEqual({
      principalName: '请填写主要负责人',
      employees: '从业人数应为整数',
      safetyManagerPhone: '安全管理员电话：110、12345、955xx 这类服务号码不能作为联系电话，请填手机号或固定电话',
    });
  });

  test('phones typed the ways people type them are sent in the stored form', () => {
    const r = diffEnterprise(e, {
      ...toFormValues(e),
      principalPhone: '+86 139 0579 0103',
      safetyManagerPhone: '0579-85201234转8001',
    });
    expect(r.problems).toEqual({});
    expect(r.patch).toMatchObject({ principalPhone: '13905790103', safetyManagerPhone: '0579-85201234-8001' });
    const same = diffEnterprise(e, { ...toFormValues(e), principalPhone: ` ${e.principalPhone ?? ''} ` });
    expect(same.patch).toEqual({});
  });
});

test('supply badges', () => {
  expect(supplyBadges({ expired: true, belowMinimum: true, expiresOn: '2026-10-25' }, '2026-11-24')).toEqual([
    { label: '已过期', tone: 'red' },
    { label: '低于最低库存', tone: 'orange' },
  ]);
  expect(supplyBadges({ expired: false, belowMinimum: false, expiresOn: '2026-12-10' }, '2026-11-24')).toEqual([
    { label: '即将过期', tone: 'yellow' },
  ]);
  expect(supplyBadges({ expired: false, belowMinimum: false, expiresOn: null }, '2026-11-24')).toEqual([]);
});

test('labels', () => {
  expect(majorHazardGradeLabel(null)).toBe('未构成重大危险源');
  expect(majorHazardGradeLabel(3)).toBe('三级重大危险源');
  expect(num(0.0114)).toBe('0.011');
  expect(num(30)).toBe('30');
  expect(historyReason('import')).toBe('档案导入');
  expect(historyReason('something_new')).toBe('重新计算');
  expect(taskTarget('supply_below_minimum')).toBe('supplies');
  expect(taskTarget('certificate_expired')).toBe('certificates');
  expect(taskTarget('drill_overdue')).toBeNull();
  expect(textOn('#fadb14')).toBe('rgba(0,0,0,0.85)');
  expect(textOn('#d9363e')).toBe('#fff');
});
