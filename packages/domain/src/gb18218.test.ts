import {
  alphaFor,
  betaFor,
  betaReviewRows,
  findTable1,
  GB18218_REVIEW,
  gradeFor,
  identifyMajorHazard,
  matchTable1,
  TABLE1,
  TABLE2,
  TABLE3_BETA,
} from './gb18218.ts';

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
      { label: '某易燃液体（类别2，未列名）', tonnes: 500, categories: ['W5.3'] }, // 500/1000, β 1
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

describe('issue 8 §7: thresholds decided exactly', () => {
  test('液氨 7 t + 硫化氢 1 t + 液氯 0.5 t is S = 0.7 + 0.2 + 0.1 = 1 exactly: a major hazard source', () => {
    // In floating point 0.7 + 0.2 + 0.1 = 0.9999999999999999 and the old code said "not major" while showing 1.
    const r = identifyMajorHazard(
      [
        { label: '液氨', tonnes: 7 },
        { label: '硫化氢', tonnes: 1 },
        { label: '液氯', tonnes: 0.5 },
      ],
      0,
    );
    expect(r.s).toBe(1);
    expect(r.isMajor).toBe(true);
    expect(r.grade).toBe(4);
  });

  test('just below 1 is not major, and the S shown never rounds up across the boundary', () => {
    const r = identifyMajorHazard([{ label: '甲苯', tonnes: '499.9999' }], 0);
    expect(r.isMajor).toBe(false);
    expect(r.s).toBeLessThan(1); // 0.999 (rounded down), not 1
  });

  test('Q with no finite decimal ratio (碳酰氯 Q = 0.3 t): 0.1 + 0.2 t of phosgene is S = 1', () => {
    const r = identifyMajorHazard(
      [
        { label: '光气', tonnes: 0.1 },
        { label: '碳酰氯', tonnes: 0.2, cas: '75-44-5' },
      ],
      0,
    );
    expect(r.isMajor).toBe(true);
    expect(r.s).toBe(1);
  });

  test('R bands 10/50/100 are met exactly', () => {
    // 氯 β = 4 (Table 3), Q = 5 t; α = 1 for 1–29 people. R = 4 × q/5.
    const r = (tonnes: string) => identifyMajorHazard([{ label: '液氯', tonnes }], 10);
    expect(r('12.5')).toMatchObject({ r: 10, grade: 3 });
    expect(r('62.5')).toMatchObject({ r: 50, grade: 2 });
    expect(r('125')).toMatchObject({ r: 100, grade: 1 });
    expect(r('12.499').grade).toBe(4);
    // Mixed units where floating point lands just below the band (9.999999999999998, 49.99999999999999,
    // 99.99999999999999 in the old code): 液氨 β 2 Q 10, 硫化氢 β 5 Q 5, 液氯 β 4 Q 5, α = 1.
    const mix = (ammonia: number, h2s: number, chlorine: number) =>
      identifyMajorHazard(
        [
          { label: '液氨', tonnes: ammonia },
          { label: '硫化氢', tonnes: h2s },
          { label: '液氯', tonnes: chlorine },
        ],
        10,
      );
    expect(mix(0.1, 0.1, 12.35)).toMatchObject({ r: 10, grade: 3 });
    expect(mix(0.3, 0.1, 62.3)).toMatchObject({ r: 50, grade: 2 });
    expect(mix(0.1, 0, 124.975)).toMatchObject({ r: 100, grade: 1 });
    expect(gradeFor('10')).toBe(3);
    expect(gradeFor(0.1 + 0.2 + 9.7)).toBe(3);
    expect(gradeFor('9.999')).toBe(4);
    expect(gradeFor('50')).toBe(2);
    expect(gradeFor('100')).toBe(1);
  });

  test('kilograms and tonnes add exactly (quantities given as decimal strings)', () => {
    const r = identifyMajorHazard(
      [
        { label: '氢', tonnes: '4.9' },
        { label: '氢气', tonnes: '0.1' },
      ],
      0,
    );
    expect(r.isMajor).toBe(true);
  });
});

describe('issue 8 §7: aliases printed in Table 1, and nothing left out silently', () => {
  test('an entry under an alias counts: 醋酸乙酯 is row 69 乙酸乙酯', () => {
    expect(findTable1({ label: '醋酸乙酯' })?.no).toBe(69);
    const r = identifyMajorHazard([{ label: '醋酸乙酯', tonnes: 500 }], 0);
    expect(r.unmatched).toEqual([]);
    expect(r.isMajor).toBe(true);
    expect(r.contributions[0]!.basis).toContain('表1第69项');
  });

  test('every printed name and alias finds its row; names are compared without width, space or bracket noise', () => {
    for (const row of TABLE1) {
      for (const name of [row.name, ...(row.aliases ?? []), ...(row.alsoMatches ?? [])]) {
        const m = matchTable1({ label: name });
        const sharing = TABLE1.filter((r) => [r.name, ...(r.aliases ?? []), ...(r.alsoMatches ?? [])].includes(name)).map(
          (r) => r.no,
        );
        if (sharing.length > 1) expect(m).toMatchObject({ row: null, reason: 'ambiguous', candidates: sharing });
        else expect([name, m.row?.no]).toEqual([name, row.no]);
      }
    }
    expect(findTable1({ label: '环氧氯丙烷' })?.no).toBe(21);
    expect(findTable1({ label: '天然气' })?.no).toBe(49);
    expect(findTable1({ label: '液化石油气' })?.no).toBe(52);
    expect(findTable1({ label: '1，3-丁二烯' })?.no).toBe(47); // full-width comma
    expect(findTable1({ label: ' 醋酸 乙酯 ' })?.no).toBe(69);
    // A bare name whose qualifier tells rows apart is not guessed: 甲醛 37% is not row 8.
    expect(findTable1({ label: '甲醛' })).toBeNull();
    expect(findTable1({ label: '硝酸' })).toBeNull();
  });

  test('unmatched names are returned with a reason and a message, never dropped', () => {
    const r = identifyMajorHazard(
      [
        { label: '未知混合物', tonnes: 10 },
        { label: '硝化棉', tonnes: 1 },
        { label: '某溶剂', tonnes: 1, categories: ['W99'] },
        { label: '甲苯', tonnes: 1 },
      ],
      0,
    );
    expect(r.unmatched).toEqual(['未知混合物', '硝化棉', '某溶剂']);
    expect(r.unmatchedDetails.map((u) => u.reason)).toEqual(['not_found', 'ambiguous', 'unknown_category']);
    expect(r.unmatchedDetails[0]!.message).toContain('未计入 S');
    expect(r.unmatchedDetails[1]!.message).toContain('表1第37、38、39、40、41项');
    expect(r.contributions.map((c) => c.label)).toEqual(['甲苯']);
  });
});

describe('issue 8 §7: several hazard characteristics take the lowest critical quantity (4.1.2 b)', () => {
  test('a chemical outside Table 1 with W5.3 (Q 1000) and J2 (Q 50) takes Q = 50 and the β of J2', () => {
    const r = identifyMajorHazard([{ label: '某有毒易燃液体', tonnes: 50, categories: ['W5.3', 'J2'] }], 0);
    expect(r.contributions[0]).toMatchObject({ criticalTonnes: 50, beta: 1, ratio: 1 });
    expect(r.contributions[0]!.basis).toContain('J2');
    expect(r.isMajor).toBe(true);
    // With only W5.3 it would be 50/1000.
    expect(identifyMajorHazard([{ label: 'x', tonnes: 50, categories: ['W5.3'] }], 0).isMajor).toBe(false);
  });

  test('the order of the categories does not matter; equal Q takes the larger β (J3 β 2 over J2 β 1)', () => {
    const a = identifyMajorHazard([{ label: 'x', tonnes: 10, categories: ['W2', 'J1', 'W5.1'] }], 0);
    const b = identifyMajorHazard([{ label: 'x', tonnes: 10, categories: ['W5.1', 'W2', 'J1'] }], 0);
    expect(a.contributions[0]).toMatchObject({ criticalTonnes: 5, beta: 4 });
    expect(b.contributions).toEqual(a.contributions);
    const tie = identifyMajorHazard([{ label: 'y', tonnes: 10, categories: ['J2', 'J3'] }], 0);
    expect(tie.contributions[0]).toMatchObject({ criticalTonnes: 50, beta: 2 });
  });

  test('a Table 1 chemical keeps its Table 1 Q whatever categories are given (4.1.2 a)', () => {
    const r = identifyMajorHazard([{ label: '甲醇', tonnes: 100, categories: ['J1'] }], 0);
    expect(r.contributions[0]).toMatchObject({ criticalTonnes: 500 });
  });
});

test('issue 8 §7: every row whose β rests on a category the standard does not print is flagged and exported', () => {
  for (const row of TABLE1) {
    const inTable3 = row.cas.some((c) => TABLE3_BETA[c]);
    expect([row.no, !!row.betaReview]).toEqual([row.no, !inTable3]);
  }
  expect(GB18218_REVIEW.betaRows).toEqual(betaReviewRows());
  expect(GB18218_REVIEW.betaRows.length).toBe(TABLE1.filter((r) => r.betaReview).length);
  expect(GB18218_REVIEW.betaRows[0]).toMatchObject({ note: expect.stringContaining('须复核') });
  const r = identifyMajorHazard(
    [
      { label: '甲苯', tonnes: 1 },
      { label: '液氨', tonnes: 1 },
    ],
    0,
  );
  expect(r.contributions.map((c) => c.betaReview)).toEqual([true, false]);
});
