/**
 * The work-safety vocabulary (安全生产领域词典) added to jieba's default dictionary, so the terms people of this
 * field type are kept whole by the segmenter (主要负责人 rather than 主要 | 负责人) and can be suggested as they
 * type. Each word is also split into its sub-words in the index (terms column), so a search for 隐患 still finds
 * 事故隐患. Sources: 安全生产法, 危险化学品安全管理条例, 特种设备安全法, 消防法, 职业病防治法, GB 30871-2022
 * (特殊作业: 动火, 受限空间, 盲板抽堵, 高处, 吊装, 临时用电, 动土, 断路) and 应急管理部令第10号.
 *
 * 特种作业 (licensed special trades, 特种作业人员 with a 操作证) and 特殊作业 (GB 30871 hazardous work permits) are
 * different things: both are whole words here and are never put in one synonym group.
 */
export const DOMAIN_WORDS: readonly string[] = [
  // 主体与责任 duty holders and responsibilities
  '主要负责人',
  '第一责任人',
  '生产经营单位',
  '从业人员',
  '安全生产管理人员',
  '安全生产管理机构',
  '安全生产责任制',
  '全员安全生产责任制',
  '安全生产规章制度',
  '操作规程',
  '安全生产标准化',
  '安全生产费用',
  '安全生产许可证',
  '安全生产条件',
  '安全生产教育和培训',
  '安全培训',
  '安全教育',
  '劳动防护用品',
  '工伤保险',
  '安全生产责任保险',
  '承包单位',
  '承租单位',
  '建设单位',
  '施工单位',
  '监理单位',
  '勘察单位',
  '设计单位',
  // 隐患与风险 hazards and risk
  '事故隐患',
  '重大事故隐患',
  '火灾隐患',
  '隐患排查治理',
  '安全风险分级管控',
  '双重预防机制',
  '重大危险源',
  '安全评价',
  '安全设施',
  '安全警示标志',
  '安全距离',
  '安全技术措施',
  '专项施工方案',
  // 作业 work types (特种作业 ≠ 特殊作业)
  '特种作业',
  '特种作业人员',
  '特种作业操作证',
  '特殊作业',
  '动火作业',
  '受限空间',
  '有限空间',
  '有限空间作业',
  '高处作业',
  '吊装作业',
  '临时用电',
  '盲板抽堵',
  '动土作业',
  '断路作业',
  '爆破作业',
  '危险作业',
  // 物 hazardous substances and equipment
  '危险化学品',
  '危化品',
  '剧毒化学品',
  '易制爆危险化学品',
  '危险废物',
  '可燃粉尘',
  '粉尘爆炸',
  '液氨',
  '涉氨制冷',
  '锂电池',
  '特种设备',
  '压力容器',
  '压力管道',
  '起重机械',
  '场内专用机动车辆',
  '大型游乐设施',
  '客运索道',
  '气瓶',
  '电梯',
  '锅炉',
  // 消防 fire
  '消防安全',
  '消防设施',
  '消防器材',
  '消防车通道',
  '疏散通道',
  '安全出口',
  '消防安全责任人',
  '消防安全管理人',
  '防火检查',
  '火灾事故',
  // 应急与事故 emergencies and accidents
  '生产安全事故',
  '应急预案',
  '应急救援预案',
  '应急救援',
  '应急演练',
  '应急响应',
  '应急管理部门',
  '突发事件',
  '事故报告',
  '事故调查',
  '迟报',
  '漏报',
  '谎报',
  '瞒报',
  '特别重大事故',
  '重大事故',
  '较大事故',
  '一般事故',
  // 职业健康 occupational health
  '职业病',
  '职业病危害',
  '职业病防护设施',
  '职业健康检查',
  '职业卫生',
  '女职工',
  '未成年工',
  '劳动合同',
];

/**
 * The lines of jieba's user dictionary (`word frequency`): a frequency high enough that the word wins over its
 * pieces in the segmenter's best path, and not so high that it swallows a neighbour's character.
 */
export function domainDictionaryText(words: readonly string[] = DOMAIN_WORDS): string {
  return words.map((w) => `${w} ${20000 + w.length * 2000}`).join('\n') + '\n';
}
