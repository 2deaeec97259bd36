import {
  checklistFor,
  CHECKLIST_CODE_MAPS,
  CHECKLISTS,
  CURRENT_CHECKLIST,
  migrateChecklistCodes,
} from './data/major-hazard-checklist.ts';

const ARTICLES = { dust: '第十一条', ammonia: '第十二条', confined_space: '第十三条' } as const;

test('the current version cites the articles as published: dust 第十一条, ammonia 第十二条, confined spaces 第十三条', () => {
  expect(CURRENT_CHECKLIST.id).toBe('yjb-10-2023-r2');
  for (const i of CURRENT_CHECKLIST.items) {
    if (i.section in ARTICLES) {
      const article = ARTICLES[i.section as keyof typeof ARTICLES];
      expect([i.code, i.article.startsWith(article)]).toEqual([i.code, true]);
      // The code follows the article number: 11-n, 12-n, 13-n.
      expect(i.code.split('-')[0]).toBe({ 第十一条: '11', 第十二条: '12', 第十三条: '13' }[article]);
    }
  }
  expect(CURRENT_CHECKLIST.items.filter((i) => i.section === 'dust')).toHaveLength(10);
  expect(new Set(CURRENT_CHECKLIST.items.map((i) => i.code)).size).toBe(CURRENT_CHECKLIST.items.length);
  // 第十五条 is the effective date, not a clause.
  expect(CURRENT_CHECKLIST.items.some((i) => i.article.startsWith('第十五条'))).toBe(false);
});

test('第十四条 (failed monitoring, alarm and protective devices) applies to every enterprise and awaits review', () => {
  const art14 = CURRENT_CHECKLIST.items.find((i) => i.code === '14')!;
  expect(art14).toMatchObject({ article: '第十四条', tags: [] });
  expect(art14.checked).toBeFalsy();
  expect(art14.text).toContain('失效或者无效');
  expect(checklistFor([]).map((i) => i.code)).toContain('14');
});

test('the first transcription stays as a superseded version; its codes map to r2 in one pass, keeping each clause', () => {
  const v1 = CHECKLISTS.find((c) => c.id === 'yjb-10-2023')!;
  expect(v1.supersededBy).toBe(CURRENT_CHECKLIST.id);
  const mapped = migrateChecklistCodes(
    v1.items.map((i) => i.code),
    v1.id,
    CURRENT_CHECKLIST.id,
  );
  expect(mapped.map((c) => CURRENT_CHECKLIST.items.find((i) => i.code === c)?.text)).toEqual(v1.items.map((i) => i.text));
  expect(migrateChecklistCodes(['12-1', '13-1', '14-1', '3-1'], v1.id, CURRENT_CHECKLIST.id)).toEqual([
    '11-1',
    '12-1',
    '13-1',
    '3-1',
  ]);
  expect(migrateChecklistCodes(['12-1'], CURRENT_CHECKLIST.id, CURRENT_CHECKLIST.id)).toEqual(['12-1']);
  expect(() => migrateChecklistCodes(['12-1'], 'nope', CURRENT_CHECKLIST.id)).toThrow();
  expect(Object.keys(CHECKLIST_CODE_MAPS[0]!.codes)).toHaveLength(14);
});
