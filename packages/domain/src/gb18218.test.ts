import { alphaFor, betaFor, findTable1, gradeFor, identifyMajorHazard, TABLE1, TABLE2 } from './gb18218.ts';

test('DOMAIN.md worked example: SO₂ q=200 t, Q=20 t, β=2, α=1.5 (50–99 people) → R=30, grade 三级', () => {
  const r = identifyMajorHazard([{ label: '二氧化硫', tonnes: 200, cas: '7446-09-5' }], 60);
  expect(r.s).toBe(10);
  expect(r.isMajor).toBe(true);
  expect(r.alpha).toBe(1.5);
  expect(r.contributions[0]).toMatchObject({ criticalTonnes: 20, beta: 2, ratio: 10 });
  expect(r.r).toBe(30);
  expect(r.grade).toBe(3);
});

test('below the critical quantity in sum: not a major hazard source, no grade', () => {
  const r = identifyMajorHazard(
    [
      { label: '甲醇', tonnes: 100, cas: '67-56-1' },
      { label: '液氨', tonnes: 5, cas: '7664-41-7' },
    ],
    20,
  );
  expect(r.s).toBeCloseTo(0.7, 6); // 100/500 + 5/10
  expect(r.isMajor).toBe(false);
  expect(r.grade).toBeNull();
});

test('several chemicals add up (S = Σ q/Q) and β comes from Table 3 or the hazard category', () => {
  const r = identifyMajorHazard(
    [
      { label: '液氯', tonnes: 4, cas: '7782-50-5' }, // 4/5, β 4 (Table 3)
      { label: '乙醇', tonnes: 300, cas: '64-17-5' }, // 300/500, β 1 (W5.3)
      { label: '某易燃液体（类别2，未列名）', tonnes: 500, category: 'W5.3' }, // 500/1000, β 1
    ],
    150,
  );
  expect(r.s).toBeCloseTo(1.9, 6);
  expect(r.isMajor).toBe(true);
  expect(r.alpha).toBe(2);
  expect(r.r).toBeCloseTo(2 * (4 * 0.8 + 0.6 + 0.5), 6); // 8.6 → 四级
  expect(r.grade).toBe(4);
  expect(r.contributions.map((c) => c.basis)).toEqual([
    expect.stringContaining('表1第12项'),
    expect.stringContaining('表1第67项'),
    expect.stringContaining('表2 W5.3'),
  ]);
});

test('chemicals that match nothing are reported, not silently counted', () => {
  const r = identifyMajorHazard([{ label: '未知混合物', tonnes: 10 }], 10);
  expect(r.unmatched).toEqual(['未知混合物']);
  expect(r.s).toBe(0);
});

test('lookup by alias and by row number when a CAS is shared (nitrocellulose grades)', () => {
  expect(findTable1({ label: '液氨' })?.no).toBe(1);
  expect(findTable1({ label: '光气' })?.no).toBe(6);
  expect(findTable1({ label: '硝化棉', cas: '9004-70-0' })).toBeNull();
  expect(findTable1({ label: '硝化棉', cas: '9004-70-0', table1No: 41 })?.q).toBe(50);
});

test('α by people within 500 m, grade boundaries, β defaults', () => {
  expect([0, 1, 29, 30, 49, 50, 99, 100, 1000].map(alphaFor)).toEqual([0.5, 1, 1, 1.2, 1.2, 1.5, 1.5, 2, 2]);
  expect([100, 99.9, 50, 49.99, 10, 9.99].map(gradeFor)).toEqual([1, 2, 2, 3, 3, 4]);
  expect(betaFor(findTable1({ label: '硫化氢' }), null)).toBe(5);
  expect(betaFor(findTable1({ label: '氢' }), null)).toBe(1.5);
});

test('the data tables are well-formed: unique numbers, positive quantities, known categories, valid CAS numbers', async () => {
  const { isValidCas } = await import('./cas.ts');
  expect(new Set(TABLE1.map((r) => r.no)).size).toBe(85);
  const symbols = new Set(TABLE2.map((c) => c.symbol));
  for (const r of TABLE1) {
    expect(r.q).toBeGreaterThan(0);
    expect(symbols.has(r.category)).toBe(true);
    for (const cas of r.cas) expect([r.no, cas, isValidCas(cas)]).toEqual([r.no, cas, true]);
  }
});
