/**
 * The platform's starting synonym groups: terms people of this field type interchangeably, each a real usage
 * pair (《安全生产法》 says 事故隐患 where people say 隐患; GB 30871 says 受限空间 where 工贸 rules say 有限空间; 第一责任人
 * is how 主要负责人 is named in responsibility systems; 《生产安全事故报告和调查处理条例》 says 报告 where people say
 * 上报). 特种作业 (licensed trades, 安全生产法 Art. 30) and 特殊作业 (GB 30871 hazardous work) are NOT synonyms.
 * Seeded once, with the first import of the seed library (and by the demo); afterwards they are the operator's data.
 */
export const DEFAULT_SYNONYM_GROUPS: ReadonlyArray<{ terms: string[]; note: string }> = [
  { terms: ['隐患', '事故隐患', '安全隐患'], note: '《安全生产法》用“事故隐患”' },
  { terms: ['危化品', '危险化学品'], note: '《危险化学品安全管理条例》的简称' },
  { terms: ['主要负责人', '第一责任人'], note: '安全生产第一责任人即主要负责人' },
  { terms: ['应急预案', '预案', '应急救援预案'], note: '' },
  { terms: ['动火', '动火作业'], note: 'GB 30871 特殊作业之一' },
  { terms: ['有限空间', '受限空间'], note: '工贸行业称有限空间，GB 30871 称受限空间' },
  { terms: ['劳动防护用品', '劳保用品', '个体防护装备'], note: '' },
  { terms: ['职业病危害', '职业危害'], note: '' },
  { terms: ['安全培训', '安全生产教育和培训', '安全教育培训'], note: '' },
  { terms: ['应急演练', '预案演练'], note: '' },
  { terms: ['上报', '报告'], note: '《生产安全事故报告和调查处理条例》用“报告”' },
];
