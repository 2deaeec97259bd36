import { DEFAULT_COLOUR_MODEL, scoreEnterprise, type ColourInputs } from './enterprise-colour.ts';

const none: ColourInputs = {
  worstRiskPoint: null,
  keyPlaceTags: [],
  majorHazardSourceGrade: null,
  expiredCertificates: 0,
  openHazards: 0,
  overdueHazards: 0,
  openMajorHazards: 0,
  isTenantOfLandlord: false,
};

test('an enterprise with nothing on file is blue with a zero score and every input explained', () => {
  const r = scoreEnterprise(none);
  expect(r).toMatchObject({ score: 0, colour: 'blue', floor: null });
  expect(r.contributions.map((c) => c.input)).toEqual([
    'worstRiskPoint',
    'keyPlaceTags',
    'majorHazardSource',
    'expiredCertificates',
    'openHazards',
    'overdueHazards',
    'openMajorHazards',
    'landlordTenant',
  ]);
});

test('contributions add up to the score, with caps', () => {
  const r = scoreEnterprise({
    ...none,
    worstRiskPoint: 'orange', // 25
    keyPlaceTags: [
      { code: 'combustible_dust', name: '可燃爆粉尘作业场所' }, // 10
      { code: 'spraying', name: '喷涂作业场所' }, // 6
      { code: 'hazchem_use', name: '危化品使用' }, // 6 → capped at 18
    ],
    expiredCertificates: 5, // 25 → 15
    openHazards: 2, // 4
  });
  expect(r.contributions.find((c) => c.input === 'keyPlaceTags')).toMatchObject({
    points: 18,
    value: '可燃爆粉尘作业场所、喷涂作业场所、危化品使用',
  });
  expect(r.contributions.find((c) => c.input === 'expiredCertificates')!.points).toBe(15);
  expect(r.score).toBe(25 + 18 + 15 + 4);
  expect(r.colour).toBe('orange'); // 62 ≥ 45
  expect(r.contributions.reduce((a, c) => a + c.points, 0)).toBe(r.score);
});

test('thresholds decide the colour; a zone can change them', () => {
  expect(scoreEnterprise({ ...none, worstRiskPoint: 'yellow', openHazards: 5 }).colour).toBe('yellow'); // 20
  expect(scoreEnterprise({ ...none, worstRiskPoint: 'yellow', openHazards: 4 }).colour).toBe('blue'); // 18
  const strict = { ...DEFAULT_COLOUR_MODEL, thresholds: { red: 40, orange: 20, yellow: 10 } };
  expect(scoreEnterprise({ ...none, worstRiskPoint: 'yellow', openHazards: 5 }, strict).colour).toBe('orange');
});

test('floors: an open major hazard, a grade-1 major hazard source or a red risk point make it at least orange', () => {
  const major = scoreEnterprise({ ...none, openMajorHazards: 1 }); // 30 points = yellow by score
  expect(major.colour).toBe('orange');
  expect(major.floor).toEqual({ reason: '存在未销号重大隐患', colour: 'orange' });
  expect(scoreEnterprise({ ...none, worstRiskPoint: 'red' }).colour).toBe('orange'); // 40 = yellow by score
  const red = scoreEnterprise({ ...none, worstRiskPoint: 'red', majorHazardSourceGrade: 2, overdueHazards: 1 }); // 40+30+6
  expect(red).toMatchObject({ colour: 'red', floor: null });
});
