/**
 * 工贸企业重大事故隐患判定标准 (应急管理部令第10号, in force 2023-05-15): any matching clause makes a hazard major.
 * Versioned data, not code: a new edition (or a corrected transcription) is a new entry, and a code map says how
 * the clause codes stored on hazards move from one to the next (CHECKLIST_CODE_MAPS, applied by a data migration). `checked` marks clauses confirmed against a second
 * public source while transcribing (2026-11); the others need a reviewer's check against the official text.
 * Scope of this transcription: the 3 management clauses and the 14 special-field clauses (dust explosion,
 * ammonia refrigeration, toxic confined spaces). The 47 industry clauses (冶金、有色、建材、机械、轻工、纺织、
 * 烟草) are to be added the same way.
 */
export interface ChecklistItem {
  code: string;
  article: string;
  section: 'management' | 'dust' | 'ammonia' | 'confined_space' | 'safety_devices';
  text: string;
  /** Key-place tags of enterprises it applies to; empty = every industry-and-trade enterprise. */
  tags: string[];
  checked?: boolean;
}

export interface MajorHazardChecklist {
  /** Version id; a hazard's clause codes always refer to CURRENT_CHECKLIST (older codes are migrated). */
  id: string;
  title: string;
  issuer: string;
  effectiveFrom: string;
  /** Why this version exists / what it corrects. */
  note?: string;
  /** Set on a version that a later one replaces. */
  supersededBy?: string;
  items: ChecklistItem[];
}

export const CHECKLISTS: MajorHazardChecklist[] = [
  {
    id: 'yjb-10-2023',
    title: '工贸企业重大事故隐患判定标准',
    issuer: '中华人民共和国应急管理部令第10号',
    effectiveFrom: '2023-05-15',
    note: '首次录入（2026-11-24）；粉尘、液氨制冷、有限空间条款的条号错写为第十二、十三、十四条',
    supersededBy: 'yjb-10-2023-r2',
    items: [
      {
        code: '3-1',
        article: '第三条第（一）项',
        section: 'management',
        tags: [],
        checked: true,
        text: '未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的',
      },
      {
        code: '3-2',
        article: '第三条第（二）项',
        section: 'management',
        tags: [],
        checked: true,
        text: '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的',
      },
      {
        code: '3-3',
        article: '第三条第（三）项',
        section: 'management',
        tags: ['metal_smelting'],
        checked: true,
        text: '金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的',
      },
      {
        code: '12-1',
        article: '第十二条第（一）项',
        section: 'dust',
        tags: ['combustible_dust'],
        checked: true,
        text: '粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者粉尘爆炸危险场所内设有员工宿舍、会议室、办公室、休息室等人员聚集场所的',
      },
      {
        code: '12-2',
        article: '第十二条第（二）项',
        section: 'dust',
        tags: ['combustible_dust'],
        checked: true,
        text: '不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通的',
      },
      {
        code: '12-3',
        article: '第十二条第（三）项',
        section: 'dust',
        tags: ['combustible_dust'],
        checked: true,
        text: '干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的',
      },
      {
        code: '12-4',
        article: '第十二条第（四）项',
        section: 'dust',
        tags: ['combustible_dust'],
        checked: true,
        text: '铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时，未采取火花探测消除等防范点燃源措施的',
      },
      {
        code: '12-5',
        article: '第十二条第（五）项',
        section: 'dust',
        tags: ['combustible_dust'],
        checked: true,
        text: '除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道的',
      },
      {
        code: '12-6',
        article: '第十二条第（六）项',
        section: 'dust',
        tags: ['combustible_dust'],
        text: '铝镁等金属粉尘、木质粉尘的干式除尘系统未设置锁气卸灰装置的',
      },
      {
        code: '12-7',
        article: '第十二条第（七）项',
        section: 'dust',
        tags: ['combustible_dust'],
        text: '除尘器、收尘仓等划分为20区的粉尘爆炸危险场所电气设备不符合防爆要求的',
      },
      {
        code: '12-8',
        article: '第十二条第（八）项',
        section: 'dust',
        tags: ['combustible_dust'],
        text: '粉碎、研磨、造粒等易产生机械点燃源的工艺设备前，未设置铁、石等杂物去除装置，或者木制品加工企业与砂光机连接的风管未设置火花探测消除装置的',
      },
      {
        code: '12-9',
        article: '第十二条第（九）项',
        section: 'dust',
        tags: ['combustible_dust'],
        text: '遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚措施，或者干式收集、堆放、储存场所未采取防水、防潮措施的',
      },
      {
        code: '12-10',
        article: '第十二条第（十）项',
        section: 'dust',
        tags: ['combustible_dust'],
        text: '未落实粉尘清理制度，造成作业现场积尘严重的',
      },
      {
        code: '13-1',
        article: '第十三条第（一）项',
        section: 'ammonia',
        tags: ['ammonia_refrigeration'],
        text: '包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的',
      },
      {
        code: '13-2',
        article: '第十三条第（二）项',
        section: 'ammonia',
        tags: ['ammonia_refrigeration'],
        text: '快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人的',
      },
      {
        code: '14-1',
        article: '第十四条第（一）项',
        section: 'confined_space',
        tags: ['confined_space'],
        text: '未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的',
      },
      {
        code: '14-2',
        article: '第十四条第（二）项',
        section: 'confined_space',
        tags: ['confined_space'],
        text: '未落实有限空间作业审批，或者未执行“先通风、再检测、后作业”要求，或者作业现场未设置监护人员的',
      },
    ],
  },
];

/**
 * Version r2 (2026-11-30, issue 8): the articles as published — combustible dust 第十一条, liquid-ammonia
 * refrigeration 第十二条, confined spaces 第十三条; 第十四条 (failed monitoring, alarm and protective devices are a major
 * hazard) added; 第十五条 is the effective date and no clause. Codes follow the article numbers, so 12-n → 11-n,
 * 13-n → 12-n, 14-n → 13-n (CHECKLIST_CODE_MAPS).
 */
const V1 = CHECKLISTS[0]!;
const R2_ARTICLE: Record<string, { article: number; cn: string }> = {
  dust: { article: 11, cn: '第十一条' },
  ammonia: { article: 12, cn: '第十二条' },
  confined_space: { article: 13, cn: '第十三条' },
};
CHECKLISTS.push({
  id: 'yjb-10-2023-r2',
  title: V1.title,
  issuer: V1.issuer,
  effectiveFrom: V1.effectiveFrom,
  note: '更正条号：粉尘爆炸第十一条、液氨制冷第十二条、有限空间第十三条；补录第十四条（监控、报警、防护等设施失效或者无效）',
  items: [
    ...V1.items.map((i) => {
      const to = R2_ARTICLE[i.section];
      if (!to) return { ...i };
      const item = i.code.split('-')[1]!;
      return { ...i, code: `${to.article}-${item}`, article: i.article.replace(/^第[^条]+条/, to.cn) };
    }),
    {
      code: '14',
      article: '第十四条',
      section: 'safety_devices',
      tags: [],
      // Text as remembered from the published order; no second source checked: needs a reviewer (not `checked`).
      text: '本标准所列情形中直接关系生产安全的监控、报警、防护等设施、设备、装置，应当保证正常运行、使用，失效或者无效均判定为重大事故隐患',
    },
  ],
});

/**
 * How clause codes stored on hazards move from one checklist version to the next: `{ from, to, codes }`, where a
 * code not in `codes` keeps its value. Applied in one pass (12-1 → 11-1 and 13-1 → 12-1 must not chain).
 */
export const CHECKLIST_CODE_MAPS: Array<{ from: string; to: string; codes: Record<string, string> }> = [
  {
    from: 'yjb-10-2023',
    to: 'yjb-10-2023-r2',
    codes: Object.fromEntries(
      V1.items.flatMap((i) => {
        const to = R2_ARTICLE[i.section];
        return to ? [[i.code, `${to.article}-${i.code.split('-')[1]!}`]] : [];
      }),
    ),
  },
];

/** Clause codes of version `from` rewritten for version `to` (each code mapped once; unknown codes kept). */
export function migrateChecklistCodes(codes: readonly string[], from: string, to: string): string[] {
  let out = [...codes];
  let at = from;
  while (at !== to) {
    const step = CHECKLIST_CODE_MAPS.find((m) => m.from === at);
    if (!step) throw new Error(`no checklist code map from ${at} towards ${to}`);
    out = out.map((c) => step.codes[c] ?? c);
    at = step.to;
  }
  return out;
}

/** The version in force: the one no other version supersedes. */
export const CURRENT_CHECKLIST = CHECKLISTS.find((c) => !c.supersededBy)!;

/** The clauses relevant to an enterprise: the general ones plus those of its key-place tags. */
export function checklistFor(tags: string[], checklist: MajorHazardChecklist = CURRENT_CHECKLIST): ChecklistItem[] {
  return checklist.items.filter((i) => !i.tags.length || i.tags.some((t) => tags.includes(t)));
}

/**
 * A clause as a reader outside the product needs it: `第十二条第（八）项 粉碎、研磨…的` for a code of
 * CURRENT_CHECKLIST (应急管理部令第10号), or the code itself when this edition has no such clause (kept, not dropped).
 */
export function checklistClauseText(code: string, checklist: MajorHazardChecklist = CURRENT_CHECKLIST): string {
  const item = checklist.items.find((i) => i.code === code);
  return item ? `${item.article} ${item.text}` : code;
}
