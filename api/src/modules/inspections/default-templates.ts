import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ChecklistItem, ChecklistSection } from '@yuanan/contracts';
import { checklistSections } from '@yuanan/contracts';
import { CURRENT_CHECKLIST } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { InspectionTemplate } from './inspection.entity.ts';

/**
 * The default checklist templates every zone starts with (检查表模板), written from the regulation texts in
 * ../shared/regulations/ (安全生产法 2021, 消防法 2021, 危险化学品安全管理条例 2013, 特种设备安全法 2013, 职业病防治法
 * 2018, 生产安全事故应急条例 2019) and the major-hazard clauses of 《工贸企业重大事故隐患判定标准》(应急管理部令第10号,
 * the hazards module's CURRENT_CHECKLIST). Each item cites its article. They were written by the system, not by a
 * safety expert: `needsExpertReview` is true until the zone's safety office has checked and revised them.
 * Every question is phrased so that 是 (yes) is compliant.
 */

const SCL = '《安全生产法》';
const FIRE = '《消防法》';
const HC = '《危险化学品安全管理条例》';
const SE = '《特种设备安全法》';
const OH = '《职业病防治法》';
const EM = '《生产安全事故应急条例》';

/** The citation of a clause of 部令第10号 by its code in the current checklist (fails at start if it is missing). */
function major(code: string): { majorClause: string; legalBasis: string } {
  const item = CURRENT_CHECKLIST.items.find((i) => i.code === code);
  if (!item) throw new Error(`default inspection templates: no clause ${code} in ${CURRENT_CHECKLIST.id}`);
  return { majorClause: code, legalBasis: `《工贸企业重大事故隐患判定标准》${item.article}` };
}

const yes = (key: string, text: string, legalBasis: string, categoryCode: string, extra: Partial<ChecklistItem> = {}) =>
  ({ key, text, kind: 'yes_no', photoRequired: false, legalBasis, categoryCode, ...extra }) as ChecklistItem;
const photo = (key: string, text: string, categoryCode: string): ChecklistItem => ({
  key,
  text,
  kind: 'photo',
  photoRequired: true,
  categoryCode,
});
const note = (key: string, text: string): ChecklistItem => ({ key, text, kind: 'text', photoRequired: false });

export interface DefaultTemplate {
  code: string;
  name: string;
  description: string;
  industries: string[];
  tags: string[];
  sections: ChecklistSection[];
}

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    code: 'default_confined_space',
    name: '有限空间作业安全检查表',
    description: '涉有限空间作业企业的日常检查：辨识与台账、作业审批、“先通风、再检测、后作业”、现场监护与应急救援。',
    industries: [],
    tags: ['confined_space'],
    sections: [
      {
        title: '辨识与管理',
        items: [
          yes('cs_ledger', '是否已对本单位有限空间进行辨识并建立安全管理台账？', `${SCL}第四十一条`, 'confined_space'),
          yes('cs_signs', '有限空间入口是否设置明显的安全警示标志？', `${SCL}第三十五条`, 'confined_space', {
            photoRequired: true,
          }),
          yes('cs_training', '作业人员、监护人员是否经有限空间作业安全教育培训合格？', `${SCL}第二十八条`, 'confined_space'),
        ],
      },
      {
        title: '作业过程',
        items: [
          yes('cs_permit', '有限空间作业是否履行作业审批手续？', `${SCL}第四十三条`, 'confined_space', major('13-2')),
          yes(
            'cs_ventilate_test',
            '作业前是否执行“先通风、再检测、后作业”，并保存检测记录？',
            `${SCL}第四十三条`,
            'confined_space',
            major('13-2'),
          ),
          {
            key: 'cs_oxygen',
            text: '作业前有限空间内氧含量检测值',
            kind: 'number',
            unit: '%',
            min: 19.5,
            max: 23.5,
            photoRequired: true,
            legalBasis: `${SCL}第四十三条`,
            categoryCode: 'confined_space',
          },
          yes('cs_guardian', '作业现场是否设置专人监护？', `${SCL}第四十三条`, 'confined_space', major('13-2')),
          yes('cs_ppe', '作业人员是否配备并正确佩戴呼吸防护、安全带等劳动防护用品？', `${SCL}第四十五条`, 'confined_space'),
          yes(
            'cs_rescue',
            '现场是否配备与作业相适应的应急救援器材（如正压式空气呼吸器、三脚架）并完好有效？',
            `${EM}第十三条；${SCL}第八十二条`,
            'confined_space',
          ),
        ],
      },
      { title: '现场记录', items: [photo('cs_site_photo', '拍摄有限空间入口及作业现场照片', 'confined_space')] },
    ],
  },
  {
    code: 'default_combustible_dust',
    name: '粉尘涉爆企业安全检查表',
    description: '可燃性粉尘作业场所检查，逐条对应《工贸企业重大事故隐患判定标准》粉尘爆炸相关条款。',
    industries: [],
    tags: ['combustible_dust'],
    sections: [
      {
        title: '厂房与除尘系统',
        items: [
          yes(
            'dust_building',
            '粉尘爆炸危险场所是否设置在框架结构建筑内，且场所内无员工宿舍、会议室、办公室、休息室等人员聚集场所？',
            '',
            'dust',
            major('11-1'),
          ),
          yes(
            'dust_separate_systems',
            '不同类别的可燃性粉尘、粉尘与可燃气体是否未共用一套除尘系统，不同建（构）筑物、防火分区的除尘系统是否未互联互通？',
            '',
            'dust',
            major('11-2'),
          ),
          yes('dust_explosion_control', '干式除尘系统是否采取泄爆、惰化、抑爆等爆炸防控措施？', '', 'dust', major('11-3')),
          yes(
            'dust_negative_pressure',
            '铝镁等金属粉尘除尘系统是否未采用正压除尘方式；正压吹送粉尘时是否采取火花探测消除等措施？',
            '',
            'dust',
            major('11-4'),
          ),
          yes(
            'dust_no_settling_chamber',
            '除尘系统是否未采用重力沉降室除尘，且未采用干式巷道式构筑物作为除尘风道？',
            '',
            'dust',
            major('11-5'),
          ),
          yes('dust_airlock', '铝镁等金属粉尘、木质粉尘的干式除尘系统是否设置锁气卸灰装置？', '', 'dust', major('11-6')),
          yes('dust_ex_electrical', '除尘器、收尘仓等20区场所的电气设备是否符合防爆要求？', '', 'dust', major('11-7')),
          yes(
            'dust_tramp_removal',
            '粉碎、研磨、造粒等设备前是否设置铁、石等杂物去除装置；木制品加工砂光机风管是否设置火花探测消除装置？',
            '',
            'dust',
            major('11-8'),
          ),
          yes(
            'dust_wet_metal',
            '遇湿自燃金属粉尘收集、堆放、储存场所是否采取通风防氢气积聚和防水防潮措施？',
            '',
            'dust',
            major('11-9'),
          ),
        ],
      },
      {
        title: '清扫与管理',
        items: [
          yes('dust_cleaning', '是否落实粉尘清理制度，作业现场无严重积尘？', '', 'dust', {
            ...major('11-10'),
            photoRequired: true,
          }),
          yes(
            'dust_equipment_maintenance',
            '除尘、防爆等安全设备是否经常性维护保养并定期检测，记录有人签字？',
            `${SCL}第三十六条`,
            'dust',
          ),
          yes('dust_training', '涉粉作业人员是否经粉尘防爆安全培训合格？', `${SCL}第二十八条`, 'dust'),
        ],
      },
    ],
  },
  {
    code: 'default_spraying',
    name: '喷涂作业安全检查表',
    description: '喷漆、喷粉等喷涂作业场所的通风、防爆、动火管控、油漆储存与个体防护检查。',
    industries: [],
    tags: ['spraying'],
    sections: [
      {
        title: '场所与设施',
        items: [
          yes('sp_ventilation', '喷涂作业场所的通风、排风设施是否运行正常并经常性维护？', `${SCL}第三十六条`, 'spraying'),
          yes('sp_ex_electrical', '喷涂区域内电气设备、照明是否采用防爆型？', `${SCL}第三十六条`, 'spraying'),
          yes('sp_no_flame', '喷涂区域是否禁止吸烟和明火，动火作业是否履行审批手续？', `${FIRE}第二十一条`, 'fire'),
          yes(
            'sp_paint_storage',
            '油漆、稀释剂是否存放在专用场所、按班用量领用，且与员工宿舍不在同一建筑物内？',
            `${SCL}第四十二条；${HC}第二十四条`,
            'hazchem',
          ),
          yes('sp_waste', '沾有油漆的废抹布、废渣是否放入加盖的金属容器并及时清运？', `${SCL}第四十一条`, 'spraying'),
          yes('sp_extinguishers', '喷涂场所是否按标准配置灭火器材并完好有效？', `${FIRE}第十六条第（二）项`, 'fire', {
            photoRequired: true,
          }),
        ],
      },
      {
        title: '人员防护',
        items: [
          yes(
            'sp_ppe',
            '作业人员是否配备并佩戴防毒口罩（面具）等防护用品？',
            `${SCL}第四十五条；${OH}第二十二条`,
            'occupational_health',
          ),
          yes('sp_training', '喷涂作业人员是否经安全教育培训合格？', `${SCL}第二十八条`, 'spraying'),
        ],
      },
    ],
  },
  {
    code: 'default_ammonia_refrigeration',
    name: '涉氨制冷企业安全检查表',
    description: '液氨制冷企业的工艺布置、泄漏报警、应急防护、特种作业和压力容器检查。',
    industries: [],
    tags: ['ammonia_refrigeration'],
    sections: [
      {
        title: '工艺与布置',
        items: [
          yes(
            'nh3_no_direct_evaporation',
            '包装、分割、产品整理场所的空调系统是否未采用氨直接蒸发制冷？',
            '',
            'ammonia',
            major('12-1'),
          ),
          yes(
            'nh3_quick_freeze_room',
            '快速冻结装置是否设置在单独的作业间内，且作业间内作业人员不超过9人？',
            '',
            'ammonia',
            major('12-2'),
          ),
        ],
      },
      {
        title: '报警与防护',
        items: [
          yes(
            'nh3_leak_alarm',
            '氨制冷机房、设备间是否设置氨气浓度报警装置并与事故排风联动，运行正常？',
            `${SCL}第三十六条；${OH}第二十五条`,
            'ammonia',
          ),
          yes('nh3_devices_working', '直接关系生产安全的监控、报警、防护设施是否未被关闭、破坏？', `${SCL}第三十六条`, 'ammonia'),
          yes(
            'nh3_rescue_equipment',
            '是否配备正压式空气呼吸器、防化服、洗眼冲淋等应急器材并完好有效？',
            `${OH}第二十五条；${EM}第十三条`,
            'ammonia',
            { photoRequired: true },
          ),
          yes('nh3_emergency_plan', '是否制定氨泄漏应急预案并组织演练？', `${SCL}第八十一条`, 'management'),
        ],
      },
      {
        title: '人员与设备',
        items: [
          yes(
            'nh3_operators_certified',
            '制冷与空调作业人员是否经专门培训并取得特种作业操作证？',
            `${SCL}第三十条`,
            'management',
            { majorClause: major('3-2').majorClause },
          ),
          yes('nh3_pressure_vessels', '储氨器等压力容器、压力管道是否在检验有效期内？', `${SE}第四十条`, 'special_equipment'),
        ],
      },
    ],
  },
  {
    code: 'default_hazchem_use',
    name: '危险化学品使用安全检查表',
    description: '使用危险化学品企业的储存、出入库、标志、规章制度、安全设施与应急器材检查。',
    industries: [],
    tags: ['hazchem_use'],
    sections: [
      {
        title: '储存管理',
        items: [
          yes(
            'hc_dedicated_store',
            '危险化学品是否储存在专用仓库（专用场地、专用储存室）内并由专人管理？',
            `${HC}第二十四条`,
            'hazchem',
            { photoRequired: true },
          ),
          yes('hc_in_out_register', '是否建立危险化学品出入库核查、登记制度并如实登记？', `${HC}第二十五条`, 'hazchem'),
          yes('hc_store_signs', '专用仓库是否符合标准要求并设置明显标志？', `${HC}第二十六条`, 'hazchem'),
          yes(
            'hc_not_with_dorm',
            '使用、储存危险化学品的车间、仓库是否未与员工宿舍在同一座建筑物内？',
            `${SCL}第四十二条`,
            'hazchem',
          ),
        ],
      },
      {
        title: '使用与设施',
        items: [
          yes('hc_rules', '是否建立危险化学品安全管理规章制度和安全操作规程并在岗位公示？', `${HC}第二十八条`, 'hazchem'),
          yes(
            'hc_safety_facilities',
            '作业场所是否设置相应的监测、通风、防火、防爆、防泄漏等安全设施并经常维护？',
            `${HC}第二十条`,
            'hazchem',
          ),
          yes('hc_alarm', '作业场所是否设置通信、报警装置并处于适用状态？', `${HC}第二十一条`, 'hazchem'),
          yes('hc_emergency_supplies', '是否配置现场急救用品、冲洗设备和必要的泄险区等应急设施？', `${OH}第二十五条`, 'hazchem'),
        ],
      },
    ],
  },
  {
    code: 'default_lithium_battery',
    name: '锂电池生产使用安全检查表',
    description: '锂电池生产、储存、充电场所的分区、监测、消防设施与隐患电池处置检查。',
    industries: [],
    tags: ['lithium_battery'],
    sections: [
      {
        title: '场所与分区',
        items: [
          yes(
            'li_separation',
            '锂电池储存区、充电区是否与其他生产区域分隔，且不设在员工宿舍所在建筑内？',
            `${SCL}第四十二条；${FIRE}第十九条`,
            'lithium',
          ),
          yes('li_charging_equipment', '充电设备、线路是否完好，无私拉乱接、超负荷使用？', `${SCL}第三十六条`, 'electrical', {
            photoRequired: true,
          }),
          yes('li_monitoring', '储存区、化成分容区是否设置温度监测和火灾报警设施并运行正常？', `${SCL}第三十六条`, 'lithium'),
          yes(
            'li_defective_isolation',
            '鼓包、破损、漏液等异常电池是否及时隔离存放并有处置记录？',
            `${SCL}第四十一条`,
            'lithium',
          ),
        ],
      },
      {
        title: '消防与培训',
        items: [
          yes(
            'li_fire_equipment',
            '是否按标准配置适用的灭火器材并定期检验维修，确保完好有效？',
            `${FIRE}第十六条第（二）项`,
            'fire',
          ),
          yes('li_exits', '疏散通道、安全出口是否畅通，未被占用、堵塞、封闭？', `${FIRE}第二十八条`, 'fire'),
          yes('li_training', '从业人员是否经锂电池火灾风险及应急处置培训？', `${SCL}第二十八条`, 'lithium'),
        ],
      },
    ],
  },
  {
    code: 'default_fire_safety',
    name: '消防安全检查表',
    description: '单位消防安全职责落实情况的通用检查，适用于所有企业。',
    industries: [],
    tags: [],
    sections: [
      {
        title: '消防安全管理',
        items: [
          yes(
            'fire_responsibility',
            '是否落实消防安全责任制，制定消防安全制度、操作规程和灭火应急疏散预案？',
            `${FIRE}第十六条第（一）项`,
            'fire',
          ),
          yes('fire_inspections', '是否组织防火检查并及时消除火灾隐患？', `${FIRE}第十六条第（五）项`, 'fire'),
          yes('fire_drills', '是否组织有针对性的消防演练？', `${FIRE}第十六条第（六）项`, 'fire'),
          yes(
            'fire_annual_test',
            '建筑消防设施是否每年至少进行一次全面检测，检测记录完整存档？',
            `${FIRE}第十六条第（三）项`,
            'fire',
          ),
        ],
      },
      {
        title: '消防设施与通道',
        items: [
          yes(
            'fire_equipment',
            '消防设施、器材是否按标准配置，设置消防安全标志，并完好有效？',
            `${FIRE}第十六条第（二）项`,
            'fire',
          ),
          {
            key: 'fire_extinguisher_gauge',
            text: '抽查灭火器压力表指针位置',
            kind: 'choice',
            options: [
              { value: 'green', label: '绿区（正常）', fails: false },
              { value: 'red', label: '红区（压力不足）', fails: true },
              { value: 'yellow', label: '黄区（压力过高）', fails: true },
            ],
            photoRequired: true,
            legalBasis: `${FIRE}第十六条第（二）项`,
            categoryCode: 'fire',
          },
          yes(
            'fire_exits',
            '疏散通道、安全出口、消防车通道是否畅通，未被占用、堵塞、封闭？',
            `${FIRE}第二十八条；${SCL}第四十二条`,
            'fire',
            { photoRequired: true },
          ),
          yes('fire_hydrants', '消火栓是否未被埋压、圈占、遮挡，消防设施未被擅自拆除、停用？', `${FIRE}第二十八条`, 'fire'),
          yes(
            'fire_no_open_flame',
            '火灾爆炸危险场所是否禁止吸烟、使用明火，动火作业是否办理审批？',
            `${FIRE}第二十一条`,
            'fire',
          ),
          yes(
            'fire_no_dorm_mixing',
            '生产、储存易燃易爆危险品的场所是否未与居住场所设置在同一建筑物内？',
            `${FIRE}第十九条`,
            'fire',
          ),
        ],
      },
      { title: '其他', items: [note('fire_other', '其他发现的问题或说明')] },
    ],
  },
];

// Clause-based items cite the clause only: the regulation texts hold no article for them.
for (const t of DEFAULT_TEMPLATES)
  for (const s of t.sections)
    for (const it of s.items) if (it.legalBasis === '') delete (it as { legalBasis?: string }).legalBasis;
// Each template is checked by the same rules as a template a person writes (unique keys, options, min ≤ max).
for (const t of DEFAULT_TEMPLATES) checklistSections.parse(t.sections);

/**
 * The zone provisioner: adds each default template the zone does not have yet (by code), published as version 1
 * and marked for expert review. Idempotent; a zone's own revisions and retirements are left alone.
 */
export async function provisionDefaultTemplates(em: Em): Promise<void> {
  const fork = em.fork();
  const have = new Set(
    (await fork.find(InspectionTemplate, { code: { $in: DEFAULT_TEMPLATES.map((t) => t.code) } }, { fields: ['code'] })).map(
      (t) => t.code,
    ),
  );
  const missing = DEFAULT_TEMPLATES.filter((t) => !have.has(t.code));
  if (!missing.length) return;
  const now = new Date();
  for (const t of missing)
    fork.create(InspectionTemplate, {
      code: t.code,
      version: 1,
      status: 'published',
      name: t.name,
      description: t.description,
      industries: t.industries,
      tags: t.tags,
      sections: structuredClone(t.sections),
      needsExpertReview: true,
      publishedAt: now,
      createdBy: null,
    } as never);
  try {
    await fork.flush();
  } catch (e) {
    // Two provisioners racing: the unique (tenant, code, version) keeps one of each; the other run has nothing to add.
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
  }
}
