/**
 * GB 18218-2018 危险化学品重大危险源辨识 — Table 1 (named chemicals and critical quantities Q, tonnes), Table 2
 * (hazard categories and Q), Tables 3–4 (correction factor β) and Table 5 (α by people within 500 m).
 *
 * REVIEW STATUS — DOMAIN.md: "The Q and β tables must be data files reviewed by hand (verify every row)".
 * Rows were typed from the standard's published text; `checked: true` marks rows also confirmed against a second
 * public source while writing (2026-11). Before relying on a grade in production, a qualified person must compare
 * every row with the official text and record it in REVIEW below. `category` is the Table 2/4 symbol used for β
 * when the chemical is not in Table 3.
 */
export const REVIEW = {
  source: 'GB 18218-2018 (发布 2018-11-19, 实施 2019-03-01)',
  transcribedAt: '2026-11-24',
  reviewedBy: null as string | null,
  reviewedAt: null as string | null,
  /**
   * Aliases (别名) are those printed in Table 1 as remembered while transcribing (re-checked 2026-11-30, issue 8);
   * rows with `aliasReview` hold an alias we are not sure the printed table carries in exactly that form.
   */
  aliases: 'Table 1 “别名” column; rows flagged aliasReview need a check against the printed table',
  /** Why rows carry `betaReview` (BETA_REVIEW_NOTE), and those rows (filled in below the tables). */
  beta: '' as string,
  betaRows: [] as Array<{ no: number; name: string; category: string; beta: number; note: string }>,
};

/**
 * Table 1 names no hazard class. For a Table 1 chemical outside Table 3, β comes from Table 4 by its hazard
 * category (GB 18218-2018 4.2.2): the category on such rows was assigned by the transcriber from the chemical's GHS
 * classification and is NOT printed in the standard. No second source was checked, hence a review flag on each.
 */
export const BETA_REVIEW_NOTE =
  '表1未给出危险性类别：β 按表4取值所依据的类别由录入者按该物质的 GHS 分类（危险化学品目录 2015 版）判定，标准未载明，须复核';
REVIEW.beta = BETA_REVIEW_NOTE;

export interface Table1Row {
  no: number;
  /** Name as printed (品名), qualifiers in brackets included. */
  name: string;
  /** Aliases printed in the 别名 column, one per entry. */
  aliases?: string[];
  /** Set when an alias is not certain to be printed in that form: needs a reviewer's check. */
  aliasReview?: boolean;
  /**
   * Plain forms people write that are not printed as aliases but can mean only this row (e.g. 液化石油气 for row 52);
   * never a bare name whose bracketed qualifier distinguishes rows (甲醛, 硝酸, 硝酸铵, 硝化纤维素).
   */
  alsoMatches?: string[];
  cas: string[];
  /** Critical quantity Q, tonnes. */
  q: number;
  /** Table 2/4 symbol used for β when the chemical is not in Table 3 (assigned by us, see betaReview). */
  category: string;
  /** β comes from a category the standard does not give for this row: see BETA_REVIEW_NOTE. */
  betaReview?: boolean;
  checked?: boolean;
}

export const TABLE1: Table1Row[] = [
  { no: 1, name: '氨', aliases: ['液氨', '氨气'], cas: ['7664-41-7'], q: 10, category: 'J3', checked: true },
  { no: 2, name: '二氟化氧', aliases: ['一氧化二氟'], cas: ['7783-41-7'], q: 1, category: 'J1', betaReview: true },
  { no: 3, name: '二氧化氮', cas: ['10102-44-0'], q: 1, category: 'J1' },
  { no: 4, name: '二氧化硫', aliases: ['亚硫酸酐'], cas: ['7446-09-5'], q: 20, category: 'J3', checked: true },
  { no: 5, name: '氟', cas: ['7782-41-4'], q: 1, category: 'J1', betaReview: true },
  { no: 6, name: '碳酰氯', aliases: ['光气'], cas: ['75-44-5'], q: 0.3, category: 'J1' },
  { no: 7, name: '环氧乙烷', aliases: ['氧化乙烯'], cas: ['75-21-8'], q: 10, category: 'W2' },
  { no: 8, name: '甲醛（含量>90%）', aliases: ['蚁醛'], cas: ['50-00-0'], q: 5, category: 'J3', betaReview: true },
  { no: 9, name: '磷化氢', aliases: ['磷化三氢', '膦'], cas: ['7803-51-2'], q: 1, category: 'J1' },
  { no: 10, name: '硫化氢', cas: ['7783-06-4'], q: 5, category: 'J1' },
  { no: 11, name: '氯化氢（无水）', alsoMatches: ['无水氯化氢'], cas: ['7647-01-0'], q: 20, category: 'J3' },
  { no: 12, name: '氯', aliases: ['液氯', '氯气'], cas: ['7782-50-5'], q: 5, category: 'J1', checked: true },
  { no: 13, name: '煤气（CO，CO和H2、CH4的混合物等）', alsoMatches: ['煤气'], cas: ['630-08-0'], q: 20, category: 'W2' },
  { no: 14, name: '砷化氢', aliases: ['砷化三氢', '胂'], cas: ['7784-42-1'], q: 1, category: 'J1', betaReview: true },
  {
    no: 15,
    name: '锑化氢',
    aliases: ['三氢化锑', '锑化三氢', '䏲'],
    aliasReview: true,
    cas: ['7803-52-3'],
    q: 1,
    category: 'J1',
    betaReview: true,
  },
  { no: 16, name: '硒化氢', cas: ['7783-07-5'], q: 1, category: 'J1', betaReview: true },
  { no: 17, name: '溴甲烷', aliases: ['甲基溴'], cas: ['74-83-9'], q: 10, category: 'J3' },
  {
    no: 18,
    name: '丙酮氰醇',
    aliases: ['丙酮合氰化氢', '2-羟基异丁腈', '氰丙醇'],
    cas: ['75-86-5'],
    q: 20,
    category: 'J2',
    betaReview: true,
  },
  { no: 19, name: '丙烯醛', aliases: ['烯丙醛', '败脂醛'], cas: ['107-02-8'], q: 20, category: 'J2', betaReview: true },
  { no: 20, name: '氟化氢', cas: ['7664-39-3'], q: 1, category: 'J1' },
  {
    no: 21,
    name: '1-氯-2,3-环氧丙烷',
    aliases: ['环氧氯丙烷', '3-氯-1,2-环氧丙烷'],
    cas: ['106-89-8'],
    q: 20,
    category: 'J4',
    betaReview: true,
  },
  {
    no: 22,
    name: '3-溴-1,2-环氧丙烷',
    aliases: ['环氧溴丙烷', '溴甲基环氧乙烷', '表溴醇'],
    cas: ['3132-64-7'],
    q: 20,
    category: 'J4',
    betaReview: true,
  },
  {
    no: 23,
    name: '甲苯二异氰酸酯',
    aliases: ['二异氰酸甲苯酯', 'TDI'],
    cas: ['26471-62-5'],
    q: 100,
    category: 'J5',
    betaReview: true,
  },
  { no: 24, name: '一氯化硫', aliases: ['氯化硫'], cas: ['10025-67-9'], q: 1, category: 'J2', betaReview: true },
  { no: 25, name: '氰化氢', aliases: ['无水氢氰酸'], cas: ['74-90-8'], q: 1, category: 'J1' },
  { no: 26, name: '三氧化硫', aliases: ['硫酸酐'], cas: ['7446-11-9'], q: 75, category: 'J5', betaReview: true },
  { no: 27, name: '3-氨基丙烯', aliases: ['烯丙胺'], cas: ['107-11-9'], q: 20, category: 'J2', betaReview: true },
  { no: 28, name: '溴', aliases: ['溴素'], cas: ['7726-95-6'], q: 20, category: 'J4', betaReview: true },
  {
    no: 29,
    name: '乙撑亚胺',
    aliases: ['吖丙啶', '1-氮杂环丙烷', '氮丙啶'],
    cas: ['151-56-4'],
    q: 20,
    category: 'J2',
    betaReview: true,
  },
  { no: 30, name: '异氰酸甲酯', aliases: ['甲基异氰酸酯'], cas: ['624-83-9'], q: 0.75, category: 'J1' },
  { no: 31, name: '叠氮化钡', aliases: ['叠氮钡'], cas: ['18810-58-7'], q: 0.5, category: 'W1.1', betaReview: true },
  { no: 32, name: '叠氮化铅', cas: ['13424-46-9'], q: 0.5, category: 'W1.1', betaReview: true },
  {
    no: 33,
    name: '雷汞',
    aliases: ['二雷酸汞', '雷酸汞'],
    aliasReview: true,
    cas: ['628-86-4'],
    q: 0.5,
    category: 'W1.1',
    betaReview: true,
  },
  { no: 34, name: '三硝基苯甲醚', aliases: ['三硝基茴香醚'], cas: ['28653-16-9'], q: 5, category: 'W1.1', betaReview: true },
  { no: 35, name: '2,4,6-三硝基甲苯', aliases: ['梯恩梯', 'TNT'], cas: ['118-96-7'], q: 5, category: 'W1.1', betaReview: true },
  {
    no: 36,
    name: '硝化甘油',
    aliases: ['硝化丙三醇', '甘油三硝酸酯'],
    cas: ['55-63-0'],
    q: 1,
    category: 'W1.1',
    betaReview: true,
  },
  {
    no: 37,
    name: '硝化纤维素[干的或含水（或乙醇）<25%]',
    aliases: ['硝化棉'],
    aliasReview: true,
    cas: ['9004-70-0'],
    q: 1,
    category: 'W1.1',
    checked: true,
    betaReview: true,
  },
  {
    no: 38,
    name: '硝化纤维素（未改型的，或增塑的，含增塑剂<18%）',
    aliases: ['硝化棉'],
    aliasReview: true,
    cas: ['9004-70-0'],
    q: 1,
    category: 'W1.1',
    checked: true,
    betaReview: true,
  },
  {
    no: 39,
    name: '硝化纤维素（含乙醇≥25%）',
    aliases: ['硝化棉'],
    aliasReview: true,
    cas: ['9004-70-0'],
    q: 10,
    category: 'W1.1',
    checked: true,
    betaReview: true,
  },
  {
    no: 40,
    name: '硝化纤维素（含氮≤12.6%）',
    aliases: ['硝化棉'],
    aliasReview: true,
    cas: ['9004-70-0'],
    q: 50,
    category: 'W10',
    checked: true,
    betaReview: true,
  },
  {
    no: 41,
    name: '硝化纤维素（含水≥25%）',
    aliases: ['硝化棉'],
    aliasReview: true,
    cas: ['9004-70-0'],
    q: 50,
    category: 'W10',
    checked: true,
    betaReview: true,
  },
  {
    no: 42,
    name: '硝化纤维素溶液（含氮量≤12.6%，含硝化纤维素≤55%）',
    aliases: ['硝化棉溶液'],
    cas: ['9004-70-0'],
    q: 50,
    category: 'W5.3',
    checked: true,
    betaReview: true,
  },
  {
    no: 43,
    name: '硝酸铵（含可燃物>0.2%，包括以碳计算的任何有机物，但不包括任何其他添加剂）',
    cas: ['6484-52-2'],
    q: 5,
    category: 'W1.1',
    checked: true,
    betaReview: true,
  },
  { no: 44, name: '硝酸铵（含可燃物≤0.2%）', cas: ['6484-52-2'], q: 50, category: 'W9.2', checked: true, betaReview: true },
  { no: 45, name: '硝酸铵肥料（含可燃物≤0.4%）', cas: [], q: 200, category: 'W9.2', checked: true, betaReview: true },
  { no: 46, name: '硝酸钾', cas: ['7757-79-1'], q: 1000, category: 'W9.2', betaReview: true },
  { no: 47, name: '1,3-丁二烯', aliases: ['联乙烯'], cas: ['106-99-0'], q: 5, category: 'W2', betaReview: true },
  { no: 48, name: '二甲醚', aliases: ['甲醚'], cas: ['115-10-6'], q: 50, category: 'W2', betaReview: true },
  {
    no: 49,
    name: '甲烷，天然气',
    aliases: ['甲烷', '天然气'],
    cas: ['74-82-8', '8006-14-2'],
    q: 50,
    category: 'W2',
    betaReview: true,
  },
  { no: 50, name: '氯乙烯', aliases: ['乙烯基氯'], cas: ['75-01-4'], q: 50, category: 'W2', betaReview: true },
  { no: 51, name: '氢', aliases: ['氢气'], cas: ['1333-74-0'], q: 5, category: 'W2', betaReview: true },
  {
    no: 52,
    name: '液化石油气（含丙烷、丁烷及其混合物）',
    aliases: ['石油气（液化的）'],
    alsoMatches: ['液化石油气', 'LPG'],
    cas: ['68476-85-7', '74-98-6', '106-97-8'],
    q: 50,
    category: 'W2',
    betaReview: true,
  },
  { no: 53, name: '一甲胺', aliases: ['氨基甲烷', '甲胺'], cas: ['74-89-5'], q: 5, category: 'W2', betaReview: true },
  { no: 54, name: '乙炔', aliases: ['电石气'], cas: ['74-86-2'], q: 1, category: 'W2', betaReview: true },
  { no: 55, name: '乙烯', cas: ['74-85-1'], q: 50, category: 'W2', betaReview: true },
  {
    no: 56,
    name: '氧（压缩的或液化的）',
    aliases: ['液氧', '氧气'],
    cas: ['7782-44-7'],
    q: 200,
    category: 'W4',
    checked: true,
    betaReview: true,
  },
  { no: 57, name: '苯', aliases: ['纯苯'], cas: ['71-43-2'], q: 50, category: 'W5.3', betaReview: true },
  { no: 58, name: '苯乙烯', aliases: ['乙烯苯'], cas: ['100-42-5'], q: 500, category: 'W5.4', betaReview: true },
  { no: 59, name: '丙酮', aliases: ['二甲基酮'], cas: ['67-64-1'], q: 500, category: 'W5.3', betaReview: true },
  {
    no: 60,
    name: '2-丙烯腈',
    aliases: ['丙烯腈', '乙烯基氰', '氰基乙烯'],
    cas: ['107-13-1'],
    q: 50,
    category: 'W5.3',
    betaReview: true,
  },
  { no: 61, name: '二硫化碳', cas: ['75-15-0'], q: 50, category: 'W5.1', betaReview: true },
  { no: 62, name: '环己烷', aliases: ['六氢化苯'], cas: ['110-82-7'], q: 500, category: 'W5.3', betaReview: true },
  {
    no: 63,
    name: '1,2-环氧丙烷',
    aliases: ['氧化丙烯', '甲基环氧乙烷'],
    cas: ['75-56-9'],
    q: 10,
    category: 'W5.1',
    betaReview: true,
  },
  { no: 64, name: '甲苯', aliases: ['甲基苯', '苯基甲烷'], cas: ['108-88-3'], q: 500, category: 'W5.3', betaReview: true },
  { no: 65, name: '甲醇', aliases: ['木醇', '木精'], cas: ['67-56-1'], q: 500, category: 'W5.3', betaReview: true },
  {
    no: 66,
    name: '汽油（乙醇汽油、甲醇汽油）',
    alsoMatches: ['汽油', '乙醇汽油', '甲醇汽油'],
    cas: ['86290-81-5', '8006-61-9'],
    q: 200,
    category: 'W5.1',
    betaReview: true,
  },
  { no: 67, name: '乙醇', aliases: ['酒精'], cas: ['64-17-5'], q: 500, category: 'W5.3', betaReview: true },
  { no: 68, name: '乙醚', aliases: ['二乙基醚'], cas: ['60-29-7'], q: 10, category: 'W5.1', betaReview: true },
  { no: 69, name: '乙酸乙酯', aliases: ['醋酸乙酯'], cas: ['141-78-6'], q: 500, category: 'W5.3', betaReview: true },
  { no: 70, name: '正己烷', aliases: ['己烷'], cas: ['110-54-3'], q: 500, category: 'W5.3', betaReview: true },
  {
    no: 71,
    name: '过乙酸',
    aliases: ['过醋酸', '过氧乙酸', '乙酰过氧化氢'],
    cas: ['79-21-0'],
    q: 10,
    category: 'W7.2',
    betaReview: true,
  },
  {
    no: 72,
    name: '过氧化甲基乙基酮（10%<有效氧含量≤10.7%，含A型稀释剂≥48%）',
    cas: ['1338-23-4'],
    q: 10,
    category: 'W7.1',
    betaReview: true,
  },
  { no: 73, name: '白磷', aliases: ['黄磷'], cas: ['12185-10-3'], q: 50, category: 'W8', betaReview: true },
  { no: 74, name: '烷基铝', aliases: ['三烷基铝'], cas: [], q: 1, category: 'W8', betaReview: true },
  { no: 75, name: '戊硼烷', aliases: ['五硼烷'], cas: ['19624-22-7'], q: 1, category: 'W8', betaReview: true },
  { no: 76, name: '过氧化钾', cas: ['17014-71-0'], q: 20, category: 'W9.1', betaReview: true },
  {
    no: 77,
    name: '过氧化钠',
    aliases: ['双氧化钠', '二氧化钠'],
    aliasReview: true,
    cas: ['1313-60-6'],
    q: 20,
    category: 'W9.1',
    betaReview: true,
  },
  { no: 78, name: '氯酸钾', cas: ['3811-04-9'], q: 100, category: 'W9.1', betaReview: true },
  { no: 79, name: '氯酸钠', cas: ['7775-09-9'], q: 100, category: 'W9.1', betaReview: true },
  { no: 80, name: '发烟硝酸', cas: ['52583-42-3'], q: 20, category: 'W9.1', betaReview: true },
  { no: 81, name: '硝酸（发红烟的除外，含硝酸>70%）', cas: ['7697-37-2'], q: 100, category: 'W9.1', betaReview: true },
  {
    no: 82,
    name: '硝酸胍',
    aliases: ['硝酸亚氨脲'],
    cas: ['506-93-4'],
    q: 50,
    category: 'W9.2',
    checked: true,
    betaReview: true,
  },
  { no: 83, name: '碳化钙', aliases: ['电石'], cas: ['75-20-7'], q: 100, category: 'W11', betaReview: true },
  { no: 84, name: '钾', aliases: ['金属钾'], cas: ['7440-09-7'], q: 1, category: 'W11', betaReview: true },
  { no: 85, name: '钠', aliases: ['金属钠'], cas: ['7440-23-5'], q: 10, category: 'W11', betaReview: true },
];

export interface CategoryRow {
  symbol: string;
  group: string;
  description: string;
  q: number;
  /** β for chemicals not in Table 3 (Table 4). */
  beta: number;
  checked?: boolean;
}

export const TABLE2: CategoryRow[] = [
  { symbol: 'J1', group: '急性毒性', description: '类别1，所有暴露途径，气体', q: 5, beta: 4, checked: true },
  { symbol: 'J2', group: '急性毒性', description: '类别1，所有暴露途径，固体、液体', q: 50, beta: 1, checked: true },
  { symbol: 'J3', group: '急性毒性', description: '类别2、类别3，所有暴露途径，气体', q: 50, beta: 2, checked: true },
  { symbol: 'J4', group: '急性毒性', description: '类别2、类别3，吸入途径，液体（沸点≤35℃）', q: 50, beta: 2, checked: true },
  { symbol: 'J5', group: '急性毒性', description: '类别2，所有暴露途径，液体（除J4外）、固体', q: 500, beta: 1, checked: true },
  { symbol: 'W1.1', group: '爆炸物', description: '不稳定爆炸物；1.1项爆炸物', q: 1, beta: 2 },
  { symbol: 'W1.2', group: '爆炸物', description: '1.2、1.3、1.5、1.6项爆炸物', q: 10, beta: 2 },
  { symbol: 'W1.3', group: '爆炸物', description: '1.4项爆炸物', q: 50, beta: 2 },
  { symbol: 'W2', group: '易燃气体', description: '类别1和类别2', q: 10, beta: 1.5 },
  { symbol: 'W3', group: '气溶胶', description: '类别1和类别2（净重）', q: 150, beta: 1 },
  { symbol: 'W4', group: '氧化性气体', description: '类别1', q: 50, beta: 1 },
  { symbol: 'W5.1', group: '易燃液体', description: '类别1；类别2和3，工作温度高于沸点', q: 10, beta: 1.5 },
  {
    symbol: 'W5.2',
    group: '易燃液体',
    description: '类别2和3，具有引发重大事故的特殊工艺条件（危险化工工艺、爆炸极限范围或附近操作、操作压力大于1.6MPa等）',
    q: 50,
    beta: 1,
  },
  { symbol: 'W5.3', group: '易燃液体', description: '不属于W5.1或W5.2的其他类别2', q: 1000, beta: 1 },
  { symbol: 'W5.4', group: '易燃液体', description: '不属于W5.1或W5.2的其他类别3', q: 5000, beta: 1 },
  { symbol: 'W6.1', group: '自反应物质和混合物', description: 'A型和B型', q: 10, beta: 1.5, checked: true },
  { symbol: 'W6.2', group: '自反应物质和混合物', description: 'C型、D型、E型', q: 50, beta: 1, checked: true },
  { symbol: 'W7.1', group: '有机过氧化物', description: 'A型和B型', q: 10, beta: 1.5 },
  { symbol: 'W7.2', group: '有机过氧化物', description: 'C型、D型、E型、F型', q: 50, beta: 1 },
  { symbol: 'W8', group: '自燃液体和自燃固体', description: '类别1', q: 50, beta: 1 },
  { symbol: 'W9.1', group: '氧化性固体和液体', description: '类别1', q: 50, beta: 1 },
  { symbol: 'W9.2', group: '氧化性固体和液体', description: '类别2、类别3', q: 200, beta: 1 },
  { symbol: 'W10', group: '易燃固体', description: '类别1', q: 200, beta: 1 },
  { symbol: 'W11', group: '遇水放出易燃气体的物质和混合物', description: '类别1和类别2', q: 200, beta: 1 },
];

/** Table 3: β of named toxic gases (by CAS). */
export const TABLE3_BETA: Record<string, { name: string; beta: number }> = {
  '630-08-0': { name: '一氧化碳', beta: 2 },
  '7446-09-5': { name: '二氧化硫', beta: 2 },
  '7664-41-7': { name: '氨', beta: 2 },
  '75-21-8': { name: '环氧乙烷', beta: 2 },
  '7647-01-0': { name: '氯化氢', beta: 3 },
  '74-83-9': { name: '溴甲烷', beta: 3 },
  '7782-50-5': { name: '氯', beta: 4 },
  '7783-06-4': { name: '硫化氢', beta: 5 },
  '7664-39-3': { name: '氟化氢', beta: 5 },
  '10102-44-0': { name: '二氧化氮', beta: 10 },
  '74-90-8': { name: '氰化氢', beta: 10 },
  '75-44-5': { name: '碳酰氯', beta: 20 },
  '7803-51-2': { name: '磷化氢', beta: 20 },
  '624-83-9': { name: '异氰酸甲酯', beta: 20 },
};

/** The rows whose β rests on a category the standard does not print, with the note (for the REVIEW export). */
export function betaReviewRows(): Array<{ no: number; name: string; category: string; beta: number; note: string }> {
  return TABLE1.filter((r) => r.betaReview).map((r) => ({
    no: r.no,
    name: r.name,
    category: r.category,
    beta: TABLE2.find((c) => c.symbol === r.category)?.beta ?? 1,
    note: BETA_REVIEW_NOTE,
  }));
}

REVIEW.betaRows = betaReviewRows();

/** Table 5: α by the number of people that may be within 500 m of the unit. */
export function alphaFor(people: number): number {
  if (people >= 100) return 2.0;
  if (people >= 50) return 1.5;
  if (people >= 30) return 1.2;
  if (people >= 1) return 1.0;
  return 0.5;
}
