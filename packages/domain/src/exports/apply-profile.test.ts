import {
  applyProfile,
  EXPORT_PROFILES,
  exportProfile,
  nationalMajorHazard,
  profileProblems,
  provincialEnterpriseFile,
  provincialHazardLedger,
  transformValue,
  valueAt,
  type ExportProfile,
} from './index.ts';
import { checklistClauseText } from '../data/major-hazard-checklist.ts';

const SH = { timeZone: 'Asia/Shanghai' };

const hazard = (over: Record<string, unknown> = {}) => ({
  id: '0190-h1',
  code: 'YH-20261124-0007',
  description: '配电箱门未关闭，线路裸露',
  place: '二号车间',
  grade: 'general',
  categoryName: '电气安全',
  source: 'grid_patrol',
  status: 'rectifying',
  // 2026-11-23T17:30Z is 2026-11-24 01:30 in Shanghai: the local date differs from the UTC date.
  reportedAt: new Date('2026-11-23T17:30:00Z'),
  // a deadline is the end of its local day: 2026-12-01 23:59:59.999 +08:00
  deadline: new Date('2026-12-01T15:59:59.999Z'),
  closedAt: null,
  measures: '更换箱门锁',
  responsibleName: '王工',
  cost: '1200.50',
  majorChecklistItems: [],
  updatedAt: new Date('2026-11-30T16:05:09Z'),
  enterprise: { name: '义乌市恒达五金有限公司', creditCode: '91330782MA2JXXXX1A' },
  ...over,
});

test('the shipped profiles are sound, each id@version once, and the newest version is found', () => {
  expect(EXPORT_PROFILES.map((p) => `${p.id}@${p.version}`)).toEqual([
    'provincial-enterprise-file@1',
    'provincial-hazard-ledger@1',
    'national-major-hazard@1',
  ]);
  for (const p of EXPORT_PROFILES) expect(profileProblems(p)).toEqual([]);
  expect(exportProfile('provincial-hazard-ledger')).toBe(provincialHazardLedger);
  expect(exportProfile('provincial-hazard-ledger', 2)).toBeNull();
  expect(exportProfile('nope')).toBeNull();
});

test('profileProblems sees a broken profile', () => {
  const bad: ExportProfile = {
    ...provincialHazardLedger,
    id: 'Bad Id',
    fields: [
      provincialHazardLedger.fields[0]!,
      provincialHazardLedger.fields[0]!,
      { key: 'X', label: { zh: '', en: 'x' }, source: '' },
    ],
  };
  expect(profileProblems(bad)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^id/), 'duplicate key YHBH', 'X: no source', 'X: label needs zh and en']),
  );
});

test('hazard ledger: dates are calendar days in the zone, enums mapped, numbers numeric, path into the enterprise', () => {
  const [row] = applyProfile(provincialHazardLedger, [hazard()], SH);
  expect(row!.missing).toEqual([]);
  expect(row!.values).toMatchObject({
    YHBH: 'YH-20261124-0007',
    QYMC: '义乌市恒达五金有限公司',
    TYSHXYDM: '91330782MA2JXXXX1A',
    YHDJ: '一般',
    YHLY: '网格巡查',
    FXRQ: '2026-11-24', // not the UTC date 2026-11-23
    ZGQX: '2026-12-01',
    ZGWCRQ: null,
    ZLZT: '整改中',
    ZGZJ: 1200.5,
    GXSJ: '2026-12-01 00:05:09',
  });
  // the same instant in another zone's time zone is another day
  expect(applyProfile(provincialHazardLedger, [hazard()], { timeZone: 'UTC' })[0]!.values.FXRQ).toBe('2026-11-23');
  // every field of the profile is a key of the record, in order
  expect(Object.keys(row!.values)).toEqual(provincialHazardLedger.fields.map((f) => f.key));
});

test('a required field left empty flags the row (it is kept); an unmapped enum value shows as it is', () => {
  const rows = applyProfile(
    provincialHazardLedger,
    [hazard({ grade: null, enterprise: { name: '', creditCode: null } }), hazard({ status: 'closed', source: 'drone' })],
    SH,
  );
  expect(rows).toHaveLength(2);
  expect(rows[0]!.missing).toEqual(['QYMC', 'TYSHXYDM', 'YHDJ']);
  expect(rows[1]!.missing).toEqual([]);
  expect(rows[1]!.values.ZLZT).toBe('已整改');
  expect(rows[1]!.values.YHLY).toBe('drone');
  // a missing object on the path is empty too
  expect(applyProfile(provincialHazardLedger, [hazard({ enterprise: undefined })], SH)[0]!.missing).toEqual(['QYMC', 'TYSHXYDM']);
});

test('filters: the ledger leaves out unconfirmed and dismissed hazards; the national list takes major ones only', () => {
  const all = [
    hazard({ id: 'a', status: 'reported', grade: null }),
    hazard({ id: 'b', status: 'dismissed' }),
    hazard({
      id: 'c',
      status: 'confirmed',
      grade: 'major',
      majorChecklistItems: ['3-1', '99-9'],
      majorChecklistTexts: ['3-1', '99-9'].map((c) => checklistClauseText(c)),
    }),
    hazard({ id: 'd', status: 'closed', grade: 'general', closedAt: new Date('2026-11-28T02:00:00Z') }),
    // major but never confirmed, or dismissed: not on the national list
    hazard({ id: 'e', status: 'reported', grade: 'major' }),
    hazard({ id: 'f', status: 'dismissed', grade: 'major' }),
  ];
  const ledger = applyProfile(provincialHazardLedger, all, SH);
  expect(ledger.map((r) => r.values.ZLZT)).toEqual(['未整改', '已整改']);
  expect(ledger[1]!.values.ZGWCRQ).toBe('2026-11-28');
  const major = applyProfile(nationalMajorHazard, all, SH);
  expect(major).toHaveLength(1);
  // the clause's article and words, not our code; a code this edition lacks is kept as it is
  expect(major[0]!.values).toMatchObject({
    YHBH: 'YH-20261124-0007',
    PDYJ: '第三条第（一）项 未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的；99-9',
    ZLZT: '未整改',
  });
});

test('enterprise file: size and colour words, yes/no, joined tags, coordinates as numbers', () => {
  const [row] = applyProfile(
    provincialEnterpriseFile,
    [
      {
        creditCode: '91330782MA2JXXXX1A',
        name: '恒达五金',
        principalName: '李四',
        sizeBand: 'small',
        riskColour: 'orange',
        isIndustryTrade: false,
        keyPlaceTags: ['dust', 'confined_space'],
        keyPlaceNames: ['涉爆粉尘', '有限空间'],
        lat: 29.3,
        lng: '120.07',
        employees: 80,
        address: null,
        status: 'active',
        updatedAt: '2026-11-30T00:00:00.000Z',
      },
    ],
    SH,
  );
  expect(row!.values).toMatchObject({
    QYGM: '小型',
    FXDJ: '较大风险',
    SFGMT: '否',
    ZDCS: '涉爆粉尘、有限空间',
    WD: 29.3,
    JD: 120.07,
    CYRS: 80,
    QYZT: '在业',
    GXSJ: '2026-11-30 08:00:00',
  });
  expect(row!.missing).toEqual(['JYDZ']);
});

test('transformValue and valueAt edge cases', () => {
  expect(valueAt({ a: { b: 0 } }, 'a.b')).toBe(0);
  expect(valueAt({ a: 'x' }, 'a.b')).toBeUndefined();
  expect(transformValue('not a date', { transform: 'date' }, SH)).toBeNull();
  expect(transformValue('abc', { transform: 'number' }, SH)).toBeNull();
  expect(transformValue('', { transform: 'number' }, SH)).toBeNull();
  expect(transformValue([], { transform: 'join' }, SH)).toBeNull();
  expect(transformValue('x', { transform: { map: { y: 'Y' }, default: '其他' } }, SH)).toBe('其他');
  // "__proto__" and friends are not map entries
  expect(transformValue('toString', { transform: { map: { y: 'Y' } } }, SH)).toBe('toString');
  expect(transformValue(true, {}, SH)).toBe('是');
  expect(transformValue({ a: 1 }, {}, SH)).toBe('{"a":1}');
});
