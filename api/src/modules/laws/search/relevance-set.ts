/**
 * The relevance query set of the law search (issue 13): what a safety officer types → the article that must come
 * back, written by reading the 14 texts of ../shared/regulations (document by a part of its title, article key,
 * and the rank it must reach). Used by law-search.test.ts (which prints the top-1/top-3 figures) and the bench.
 * `synonyms` are the groups the set assumes (the demo's platform groups include them).
 */
export interface RelevanceCase {
  q: string;
  /** A part of the expected document's title. */
  doc: string;
  /** Expected article key ('21', '5-1'). */
  article: string;
  /** The hit must be within the first `within` results. */
  within: 1 | 3 | 5;
}

export const RELEVANCE_SYNONYMS: string[][] = [
  ['隐患', '事故隐患'],
  ['危化品', '危险化学品'],
  ['主要负责人', '第一责任人'],
  ['应急预案', '应急救援预案'],
  ['动火', '动火作业', '明火作业'],
  ['上报', '报告'],
];

export const RELEVANCE_SET: RelevanceCase[] = [
  // 安全生产法 (2021)
  { q: '主要负责人 职责', doc: '安全生产法', article: '21', within: 3 },
  // A tester's queries typed without spaces (zone siqi, safety officer): cut into words like the spaced ones.
  { q: '主要负责人职责', doc: '安全生产法', article: '21', within: 3 },
  // No article has 持证: relaxed to the articles with two of the three words.
  { q: '特种作业人员持证上岗', doc: '安全生产法', article: '30', within: 3 },
  { q: '安全生产法 第五条', doc: '安全生产法', article: '5', within: 1 },
  { q: '安全生产法 第二十一条', doc: '安全生产法', article: '21', within: 1 },
  { q: '安全风险分级管控 隐患排查治理', doc: '安全生产法', article: '41', within: 3 },
  { q: '隐患排查治理 如实记录', doc: '安全生产法', article: '41', within: 3 },
  { q: '特种作业人员 专门的安全作业培训 上岗', doc: '安全生产法', article: '30', within: 3 },
  { q: '生产经营单位 应急预案 定期组织演练', doc: '安全生产法', article: '81', within: 5 },
  { q: '较大危险因素 安全警示标志', doc: '安全生产法', article: '35', within: 3 },
  { q: '事故现场 立即报告 本单位负责人 迅速采取有效措施', doc: '安全生产法', article: '83', within: 3 },
  // 生产安全事故报告和调查处理条例
  { q: '事故 报告 1小时', doc: '生产安全事故报告和调查处理条例', article: '9', within: 3 },
  { q: '"1小时内"', doc: '生产安全事故报告和调查处理条例', article: '9', within: 1 },
  { q: '《生产安全事故报告和调查处理条例》第九条', doc: '生产安全事故报告和调查处理条例', article: '9', within: 1 },
  { q: '特别重大事故 30人以上死亡', doc: '生产安全事故报告和调查处理条例', article: '3', within: 3 },
  // A question: 多久 dropped, 上报 ~ 报告 (synonym group), an article stating a time limit (1小时内) first.
  { q: '事故发生后多久上报', doc: '生产安全事故报告和调查处理条例', article: '9', within: 3 },
  { q: '较大事故 死亡人数', doc: '生产安全事故报告和调查处理条例', article: '3', within: 3 },
  { q: '迟报 漏报 谎报 瞒报', doc: '生产安全事故报告和调查处理条例', article: '4', within: 3 },
  // 消防法
  { q: '《消防法》 第十六条', doc: '消防法', article: '16', within: 1 },
  { q: '占用 堵塞 疏散通道 安全出口', doc: '消防法', article: '28', within: 3 },
  { q: '发现火灾 立即报警', doc: '消防法', article: '44', within: 3 },
  { q: '动火 审批手续', doc: '消防法', article: '21', within: 3 },
  // 职业病防治法
  { q: '职业健康检查 上岗前 离岗时', doc: '职业病防治法', article: '35', within: 3 },
  { q: '职业病危害 如实告知 劳动合同', doc: '职业病防治法', article: '33', within: 3 },
  { q: '"本法所称职业病"', doc: '职业病防治法', article: '2', within: 1 },
  // 劳动法
  { q: '每日工作时间 八小时', doc: '劳动法', article: '36', within: 3 },
  { q: '延长工作时间 工资报酬 百分之一百五十', doc: '劳动法', article: '44', within: 3 },
  { q: '未成年工 年满十六周岁', doc: '劳动法', article: '58', within: 3 },
  // 建设工程安全生产管理条例
  { q: '危险性较大的分部分项工程 专项施工方案', doc: '建设工程安全生产管理条例', article: '26', within: 3 },
  { q: '施工起重机械 使用前 验收', doc: '建设工程安全生产管理条例', article: '35', within: 5 },
  // 安全生产许可证条例
  { q: '安全生产许可证 有效期 延期', doc: '安全生产许可证条例', article: '9', within: 3 },
  { q: '安全生产许可制度 矿山 建筑施工 烟花爆竹', doc: '安全生产许可证条例', article: '2', within: 3 },
  // 危险化学品安全管理条例 (危化品 is the synonym of 危险化学品)
  { q: '危化品 专用仓库 专人负责管理', doc: '危险化学品安全管理条例', article: '24', within: 3 },
  { q: '危化品储存', doc: '危险化学品安全管理条例', article: '24', within: 3 },
  { q: '危化品 安全评价 每3年', doc: '危险化学品安全管理条例', article: '22', within: 3 },
  { q: '剧毒化学品购买许可证 申请', doc: '危险化学品安全管理条例', article: '39', within: 3 },
  // 特种设备安全法
  { q: '特种设备 使用登记 三十日内', doc: '特种设备安全法', article: '33', within: 3 },
  { q: '定期检验 有效期届满前一个月', doc: '特种设备安全法', article: '40', within: 3 },
  { q: '特种设备 作业人员 取得相应资格', doc: '特种设备安全法', article: '14', within: 5 },
  // 特种设备安全监察条例
  { q: '"本条例所称特种设备"', doc: '特种设备安全监察条例', article: '2', within: 1 },
  { q: '特种设备作业人员 考核合格 特种作业人员证书', doc: '特种设备安全监察条例', article: '38', within: 3 },
  // 特种设备安全监督检查办法
  { q: '监督检查 常规 专项 证后', doc: '特种设备安全监督检查办法', article: '5', within: 3 },
  // 生产安全事故应急条例
  { q: '应急救援预案演练 每半年', doc: '生产安全事故应急条例', article: '8', within: 3 },
  { q: '应急值班 24小时', doc: '生产安全事故应急条例', article: '14', within: 3 },
  { q: '发生生产安全事故后 立即启动 应急救援预案', doc: '生产安全事故应急条例', article: '17', within: 5 },
  // 国务院关于特大安全事故行政责任追究的规定
  { q: '防范特大安全事故 工作会议 每个季度', doc: '国务院关于特大安全事故行政责任追究的规定', article: '5', within: 3 },
  // 突发事件应对法 (2024)
  { q: '预警级别 红色 橙色 黄色 蓝色', doc: '突发事件应对法', article: '63', within: 3 },
];
