import { contributionText, floorText } from './colour-text.ts';
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
  expect(major.floor).toEqual({ reason: '存在未销号重大隐患', code: 'openMajorHazard', colour: 'orange' });
  expect(scoreEnterprise({ ...none, worstRiskPoint: 'red' }).colour).toBe('orange'); // 40 = yellow by score
  const red = scoreEnterprise({ ...none, worstRiskPoint: 'red', majorHazardSourceGrade: 2, overdueHazards: 1 }); // 40+30+6
  expect(red).toMatchObject({ colour: 'red', floor: null });
});

test('issue 8 §7: the score meets a threshold exactly, whatever decimals the zone’s model uses', () => {
  const model = {
    ...DEFAULT_COLOUR_MODEL,
    keyPlaceTag: { per: 0.1, max: 18, weights: { a: 0.1, b: 0.2 } },
    openHazard: { per: 0.125, max: 10 },
    thresholds: { red: 70, orange: 45, yellow: 0.3 },
  };
  const tags = [
    { code: 'a', name: 'A' },
    { code: 'b', name: 'B' },
  ];
  // 0.1 + 0.2 = 0.3 meets the yellow threshold of 0.3.
  expect(scoreEnterprise({ ...none, keyPlaceTags: tags }, model)).toMatchObject({ score: 0.3, colour: 'yellow' });
  // 0.125 points stay 0.125 for the decision (the old code rounded each contribution to 0.13 first and reached 0.13).
  const m2 = { ...model, thresholds: { red: 70, orange: 45, yellow: 0.13 } };
  expect(scoreEnterprise({ ...none, openHazards: 1 }, m2).colour).toBe('blue');
  expect(scoreEnterprise({ ...none, openHazards: 1 }, { ...m2, thresholds: { ...m2.thresholds, yellow: 0.125 } }).colour).toBe(
    'yellow',
  );
});

test('the explanation renders in the reader’s language, from parameters or from an old row’s Chinese', () => {
  const r = scoreEnterprise({
    ...none,
    worstRiskPoint: 'orange',
    keyPlaceTags: [{ code: 'confined_space', name: '有限空间' }],
    majorHazardSourceGrade: 2,
    overdueHazards: 1,
    expiredCertificates: 3,
    isTenantOfLandlord: true,
    openMajorHazards: 1,
  });
  const en = r.contributions.map((c) => contributionText(c, 'en'));
  expect(en).toEqual([
    { label: 'Worst risk point', value: 'Orange' },
    { label: 'Key-place tags', value: '有限空间' }, // the zone's own tag name is the zone's data
    { label: 'Major hazard source', value: 'Grade 2' },
    { label: 'Expired special-work certificates', value: '3 certificates' },
    { label: 'Open hazards', value: '0 hazards' },
    { label: 'Overdue hazards', value: '1 hazard' },
    { label: 'Open major hazards', value: '1 hazard' },
    { label: 'Works inside another plant', value: 'Yes' },
  ]);
  expect(r.contributions.map((c) => contributionText(c, 'zh-CN'))).toEqual(
    r.contributions.map((c) => ({ label: c.label, value: c.value })),
  );
  // A row stored before parameters existed: read back from its Chinese words.
  const old = r.contributions.map(({ params: _p, ...c }) => c);
  expect(old.map((c) => contributionText(c, 'en'))).toEqual(en);
  expect(floorText({ reason: '存在未销号重大隐患' }, 'en')).toBe('An open major hazard');
  expect(floorText(scoreEnterprise({ ...none, openMajorHazards: 1 }).floor!, 'en')).toBe('An open major hazard');
  expect(floorText({ reason: '某个将来的原因' }, 'en')).toBe('某个将来的原因');
  expect(contributionText({ input: 'future', label: '将来', value: '1' }, 'en')).toEqual({ label: '将来', value: '1' });
});
