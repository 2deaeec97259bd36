import sharp from 'sharp';
import { addDays } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import type { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import {
  CertifiedWorker,
  Drill,
  EmergencyPlan,
  EmergencySupply,
  EmergencyTeamMember,
  EnterpriseContact,
  HazardousChemical,
} from '../../modules/enterprises/enterprise-records.entity.ts';
import { RiskPoint } from '../../modules/risk/risk.entity.ts';
import { assess } from '../../modules/risk/risk-model.ts';
import type { BulkRows } from './demo-bulk.ts';
import type { DemoEnterprise } from './demo-data.ts';
import { personName } from './demo-names.ts';
import { Rng } from './demo-random.ts';

import type { RiskModel } from '../../modules/risk/risk.entity.ts';

/** Risk points by key-place tag: what a safety assessor would list for such a plant. */
const POINTS: Record<
  string,
  Array<{ name: string; area: string; method: 'LEC' | 'LS'; f: Record<string, number>; hazards: string; measures: string }>
> = {
  confined_space: [
    {
      name: '污水池有限空间',
      area: '污水处理站',
      method: 'LEC',
      f: { l: 3, e: 2, c: 40 },
      hazards: '缺氧窒息、硫化氢中毒',
      measures: '作业审批、先通风再检测后作业、专人监护、配备正压式呼吸器',
    },
  ],
  combustible_dust: [
    {
      name: '除尘系统',
      area: '打磨车间',
      method: 'LEC',
      f: { l: 3, e: 6, c: 15 },
      hazards: '粉尘爆炸、火灾',
      measures: '湿式除尘、泄爆装置、定期清扫积尘、防爆电气',
    },
  ],
  spraying: [
    {
      name: '喷涂作业区',
      area: '喷涂车间',
      method: 'LEC',
      f: { l: 3, e: 6, c: 15 },
      hazards: '可燃蒸气积聚、静电引燃',
      measures: '机械通风、防爆电气、静电接地、限量存放油漆',
    },
  ],
  metal_smelting: [
    {
      name: '熔炼炉',
      area: '熔铸车间',
      method: 'LEC',
      f: { l: 6, e: 6, c: 15 },
      hazards: '高温熔融金属喷溅、遇水爆炸',
      measures: '炉前干燥、防喷溅挡板、冷却水监测、应急泄出通道',
    },
  ],
  ammonia_refrigeration: [
    {
      name: '液氨制冷机房',
      area: '冷库机房',
      method: 'LEC',
      f: { l: 6, e: 6, c: 40 },
      hazards: '液氨泄漏中毒、爆炸',
      measures: '氨气浓度报警联动、事故排风、喷淋吸收、定期检验',
    },
  ],
  lithium_battery: [
    {
      name: '化成分容工序',
      area: '电芯车间',
      method: 'LS',
      f: { l: 3, s: 5 },
      hazards: '热失控起火',
      measures: '温度监控、独立防火分区、自动灭火、隔离存放',
    },
  ],
  electroplating: [
    {
      name: '电镀槽区',
      area: '电镀车间',
      method: 'LS',
      f: { l: 3, s: 3 },
      hazards: '酸碱灼伤、氰化物中毒',
      measures: '槽边抽风、防护用品、危废规范贮存',
    },
  ],
  hazchem_use: [
    {
      name: '危化品仓库',
      area: '仓库',
      method: 'LS',
      f: { l: 2, s: 4 },
      hazards: '泄漏、火灾',
      measures: '分区分类存放、防泄漏托盘、可燃气体报警',
    },
  ],
  flammable_explosive: [
    {
      name: '成品仓库',
      area: '仓库',
      method: 'LS',
      f: { l: 2, s: 3 },
      hazards: '火灾',
      measures: '自动喷淋、禁烟禁火、通道畅通',
    },
  ],
};
const DEFAULT_POINT = {
  name: '配电房',
  area: '配电房',
  method: 'LS' as const,
  f: { l: 2, s: 2 },
  hazards: '触电、电气火灾',
  measures: '持证电工操作、绝缘防护、定期检测',
};

/** Points most plants have whatever their tags, each taken with its probability. */
const COMMON_POINTS: Array<[number, PointDef]> = [
  [
    0.5,
    {
      name: '叉车作业区',
      area: '仓库',
      method: 'LS',
      f: { l: 2, s: 3 },
      hazards: '车辆伤害',
      measures: '持证驾驶、限速、人车分流',
    },
  ],
  [
    0.35,
    {
      name: '空压机房',
      area: '动力车间',
      method: 'LS',
      f: { l: 2, s: 2 },
      hazards: '容器爆炸、机械伤害',
      measures: '安全阀定期校验、防护罩',
    },
  ],
  [
    0.3,
    {
      name: '冲压设备',
      area: '冲压车间',
      method: 'LEC',
      f: { l: 3, e: 6, c: 7 },
      hazards: '机械伤害',
      measures: '双手按钮、光电保护、定期点检',
    },
  ],
  [
    0.25,
    {
      name: '员工宿舍楼',
      area: '生活区',
      method: 'LS',
      f: { l: 2, s: 4 },
      hazards: '火灾、人员疏散',
      measures: '三合一场所整治、疏散通道畅通、每月消防检查',
    },
  ],
];
type PointDef = (typeof POINTS)[string][number];

const LEC_L = [0.5, 1, 3, 6, 10];
/** The same kind of point is not equally risky in every plant: L moves a step up or down now and then. */
function vary(rng: Rng, p: PointDef): Record<string, number> {
  const f = { ...p.f };
  const r = rng.next();
  const step = r < 0.25 ? -1 : r > 0.8 ? 1 : 0;
  if (p.method === 'LEC') f.l = LEC_L[Math.min(LEC_L.length - 1, Math.max(0, LEC_L.indexOf(f.l!) + step))] ?? f.l!;
  else f.l = Math.min(5, Math.max(1, f.l! + step));
  return f;
}

const SPECIAL_OPS: Array<[string, string, number]> = [
  ['电工作业', '电工', 1],
  ['焊接与热切割作业', '焊工', 0.6],
  ['高处作业', '维修工', 0.3],
];
const SPECIAL_EQUIPMENT: Array<[string, string, string, number]> = [
  ['叉车司机', '仓库', 'N1', 0.6],
  ['快开门式压力容器操作', '生产车间', 'R1', 0.15],
  ['起重机指挥', '装卸', 'Q1', 0.15],
];
/** Supplies a plant keeps: [GB/T 38565 code or null, name, unit, place, qty min, qty max, minimum, shelf life (months) or 0, probability]. */
const SUPPLIES: Array<[string | null, string, string, string, number, number, number, number, number]> = [
  ['2020201', '干粉灭火器（4kg）', '具', '各车间', 20, 120, 20, 60, 1],
  ['2010101', '正压式空气呼吸器', '套', '应急物资柜', 1, 6, 2, 96, 0.6],
  ['1010301', '急救箱', '个', '办公楼一楼', 1, 5, 1, 0, 1],
  [null, '消防水带（65mm）', '盘', '室内消火栓箱', 10, 60, 10, 0, 0.7],
  [null, '应急照明灯', '盏', '疏散通道', 10, 80, 10, 48, 0.6],
  [null, '过滤式防毒面具', '套', '危化品仓库', 4, 20, 4, 36, 0.4],
  [null, '吸附棉', '包', '危化品仓库', 2, 20, 2, 0, 0.3],
  [null, '防汛沙袋', '只', '门卫室', 20, 200, 50, 0, 0.4],
  [null, '对讲机', '台', '值班室', 2, 12, 2, 0, 0.5],
];

/**
 * What a demo enterprise's file holds (risk points by its tags, contacts, certified workers, chemicals, supplies,
 * team, plans and drills), varied by a generator seeded with its name: added to `rows` (written set-based by the
 * caller for all enterprises at once). `today` is the zone's date; `model` the active colour model.
 */
export function addEnterpriseRecords(
  c: Container,
  rows: BulkRows,
  e: Enterprise,
  d: DemoEnterprise,
  i: number,
  today: string,
  model: RiskModel,
): void {
  const rng = new Rng(`yuanan-demo:records:${d.name}`);
  const points = [
    ...d.tags.flatMap((t) => POINTS[t] ?? []),
    ...COMMON_POINTS.filter(([p]) => rng.chance(p)).map(([, p]) => p),
    DEFAULT_POINT,
  ];
  for (const p of points) {
    const f = vary(rng, p);
    const { score, colour } = assess(p.method, f, model.params);
    rows.add(RiskPoint, {
      enterpriseId: e.id,
      name: p.name,
      area: p.area,
      method: p.method,
      factors: f,
      score,
      colour,
      hazardFactors: p.hazards,
      controlMeasures: p.measures,
      responsiblePerson: rng.chance(0.6) ? d.safetyManager : personName(rng),
      reviewDate: addDays(today, rng.int(20, 360)),
    });
  }
  const mobile = () =>
    `1${rng.pick(['35', '36', '37', '38', '39', '58', '59', '88'])}${String(rng.int(0, 99999999)).padStart(8, '0')}`;
  const duty = personName(rng);
  const contacts: Array<[string, string, boolean]> = [
    [d.safetyManager, '安全管理员', true],
    [duty, '值班室', true],
    [d.principal, '主要负责人', false],
  ];
  if (d.employees > 150) contacts.push([personName(rng), '设备主管', false]);
  for (const [name, title, emergency] of contacts) {
    const ph = mobile();
    rows.add(EnterpriseContact, {
      enterpriseId: e.id,
      name,
      title,
      phoneSealed: c.cipher.seal(ph),
      phoneMasked: maskPhone(ph),
      isEmergencyContact: emergency,
    });
  }
  // Certified workers: more in larger plants; most valid, a few due for renewal soon, now and then one expired.
  const certs: Array<{ kind: 'special_operation' | 'special_equipment'; category: string; post: string; prefix: string }> = [];
  for (const [category, post, p] of SPECIAL_OPS)
    for (let k = 0; k < 1 + Math.floor(d.employees / 150); k++)
      if (rng.chance(p)) certs.push({ kind: 'special_operation', category, post, prefix: 'T' });
  if (d.tags.includes('ammonia_refrigeration'))
    certs.push({ kind: 'special_operation', category: '制冷与空调作业', post: '制冷工', prefix: 'T' });
  for (const [category, post, prefix, p] of SPECIAL_EQUIPMENT)
    if (rng.chance(p)) certs.push({ kind: 'special_equipment', category, post, prefix });
  if (!certs.length) certs.push({ kind: 'special_operation', category: '电工作业', post: '电工', prefix: 'T' });
  for (const ct of certs.slice(0, 7)) {
    const years = ct.kind === 'special_operation' ? 6 : 4;
    const r = rng.next();
    const expiresOn =
      r < 0.025
        ? addDays(today, -rng.int(3, 45))
        : r < 0.085
          ? addDays(today, rng.int(3, 58))
          : addDays(today, rng.int(61, years * 365 - 30));
    const issuedOn = addDays(expiresOn, -years * 365);
    const born = `19${rng.int(68, 99)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    rows.add(CertifiedWorker, {
      enterpriseId: e.id,
      personName: personName(rng),
      certKind: ct.kind,
      category: ct.category,
      post: ct.post,
      issuedOn,
      expiresOn,
      certNumber:
        ct.prefix === 'T'
          ? `T330782${born}${String(rng.int(0, 9999)).padStart(4, '0')}`
          : `${ct.prefix}330782${String(rng.int(0, 999999)).padStart(6, '0')}`,
      reviewDueOn: ct.kind === 'special_operation' ? addDays(issuedOn, 3 * 365) : null,
    });
  }
  // Chemicals by tag, with this plant's quantities, plus those of its industry (demo-names.ts).
  const chem = (name: string, cas: string, t: number, unitName: string, place: string, categories: string[] = [], key = false) =>
    rows.add(HazardousChemical, {
      enterpriseId: e.id,
      name,
      cas,
      table1No: null,
      categories,
      maxQuantity: t,
      unit: 't',
      unitName,
      storagePlace: place,
      keySupervised: key,
    });
  const extra = d.chemicals ?? [];
  if (d.tags.includes('ammonia_refrigeration') && !extra.some(([n]) => n === '液氨'))
    chem('液氨', '7664-41-7', rng.float(4, 14, 1), '制冷机房', '储氨器', [], true);
  if (d.tags.includes('hazchem_use') || d.tags.includes('spraying')) {
    chem('甲苯', '108-88-3', rng.float(0.5, 6, 1), '危化品仓库', '甲类仓库', [], rng.chance(0.5));
    if (rng.chance(0.7)) chem('乙酸乙酯', '141-78-6', rng.float(0.3, 4, 1), '危化品仓库', '甲类仓库', ['W5.3']);
  }
  if (d.tags.includes('lithium_battery'))
    chem('碳酸二甲酯（电解液溶剂）', '616-38-6', rng.float(10, 50, 0), '电解液库', '丙类仓库', ['W5.3']);
  for (const [name, cas, t, place, categories] of extra)
    chem(name, cas, t, place.includes('仓') ? '仓库' : place, place, categories, name === '液氨');
  // Supplies: quantities and shelf lives of this plant; now and then one expired or below its minimum.
  // The demo's own enterprise (its users are ent-admin and ent-staff) shows both supply to-dos: one breathing
  // apparatus below its minimum of two, and the extinguishers past their date.
  const showcase = i === 0;
  for (const [code, name, unit, location, min, max, minimum, months, p] of SUPPLIES) {
    if (showcase && (code === '2010101' || code === '2020201')) {
      rows.add(EmergencySupply, {
        enterpriseId: e.id,
        code,
        name,
        quantity: code === '2010101' ? 1 : 40,
        unit,
        location,
        expiresOn: code === '2010101' ? addDays(today, 900) : addDays(today, -30),
        minimumStock: minimum,
      });
      continue;
    }
    if (!rng.chance(p)) continue;
    const r = rng.next();
    const quantity = r < 0.025 ? rng.int(0, Math.max(0, minimum - 1)) : rng.int(Math.max(min, minimum), max);
    const expiresOn = months
      ? rng.chance(0.025)
        ? addDays(today, -rng.int(5, 90))
        : addDays(today, rng.int(20, months * 30))
      : null;
    rows.add(EmergencySupply, { enterpriseId: e.id, code, name, quantity, unit, location, expiresOn, minimumStock: minimum });
  }
  const team = [d.safetyManager, ...Array.from({ length: rng.int(1, 4) }, () => personName(rng))];
  for (const [k, name] of team.entries()) {
    const ph = mobile();
    rows.add(EmergencyTeamMember, {
      enterpriseId: e.id,
      name,
      role: k === 0 ? '队长' : '队员',
      phoneSealed: c.cipher.seal(ph),
      phoneMasked: maskPhone(ph),
      skills: k === 0 ? '现场指挥、急救' : rng.pick(['灭火器、消火栓使用', '心肺复苏、止血包扎', '疏散引导', '危化品泄漏处置']),
    });
  }
  const issued = addDays(today, -rng.int(60, 1000));
  const comprehensive = rows.add(EmergencyPlan, {
    enterpriseId: e.id,
    kind: 'comprehensive',
    title: `${d.name}生产安全事故综合应急预案`,
    fileId: null,
    issuedOn: issued,
  });
  const onsite = rows.add(EmergencyPlan, {
    enterpriseId: e.id,
    kind: 'onsite',
    title: rng.pick(['火灾现场处置方案', '触电事故现场处置方案', '机械伤害现场处置方案']),
    fileId: null,
    issuedOn: issued,
  });
  const special = d.tags.some((t) => ['ammonia_refrigeration', 'hazchem_use', 'confined_space', 'combustible_dust'].includes(t))
    ? rows.add(EmergencyPlan, {
        enterpriseId: e.id,
        kind: 'special',
        title: d.tags.includes('ammonia_refrigeration')
          ? '液氨泄漏专项应急预案'
          : d.tags.includes('hazchem_use')
            ? '危险化学品泄漏专项应急预案'
            : d.tags.includes('confined_space')
              ? '有限空间作业事故专项应急预案'
              : '粉尘爆炸事故专项应急预案',
        fileId: null,
        issuedOn: issued,
      })
    : null;
  if (special && rng.chance(0.9))
    rows.add(Drill, {
      enterpriseId: e.id,
      planId: special.id,
      kind: 'special',
      heldOn: addDays(today, -rng.int(15, 330)),
      participants: Math.min(d.employees, rng.int(8, 40)),
      summary: `${special.title.replace(/专项应急预案$/, '')}应急演练`,
      fileIds: [],
    });
  // Most plants drilled their on-site plan within the half year; some are overdue.
  const lastOnsite = rng.chance(0.8) ? rng.int(10, 170) : rng.int(190, 300);
  rows.add(Drill, {
    enterpriseId: e.id,
    planId: onsite.id,
    kind: 'onsite',
    heldOn: addDays(today, -lastOnsite),
    participants: Math.min(d.employees, rng.int(6, 30)),
    summary: rng.pick(['车间初期火灾扑救演练', '触电急救演练', '机械伤害应急处置演练', '夜间疏散演练']),
    fileIds: [],
  });
  rows.add(Drill, {
    enterpriseId: e.id,
    planId: comprehensive.id,
    kind: 'comprehensive',
    heldOn: addDays(today, -rng.int(40, 420)),
    participants: Math.min(d.employees, rng.int(20, 120)),
    summary: '消防疏散与初期火灾扑救演练',
    fileIds: [],
  });
}

/** A generated site plan (roads, plots, green belts); enterprises are placed on it by fractions of its size. */
export async function seedSitePlan(
  c: Container,
  em: Em,
  tenantId: string,
  seed: number,
): Promise<{ fileId: string; width: number; height: number }> {
  const W = 1600;
  const H = 1000;
  const plots: string[] = [];
  for (let x = 0; x < 4; x++) {
    for (let y = 0; y < 3; y++) {
      const px = 60 + x * 390;
      const py = 60 + y * 310;
      const shade = ['#e8edf2', '#edf1e6', '#f2ece4'][(x + y + seed) % 3];
      plots.push(`<rect x="${px}" y="${py}" width="340" height="260" rx="8" fill="${shade}" stroke="#b8c2cc" stroke-width="2"/>`);
      plots.push(
        `<rect x="${px + 30}" y="${py + 30}" width="${120 + ((x * 37 + y * 53 + seed) % 90)}" height="90" fill="#cfd8e3" stroke="#9aa8b6"/>`,
      );
      plots.push(
        `<rect x="${px + 180}" y="${py + 140}" width="${110 + ((x * 29 + y * 41) % 60)}" height="80" fill="#d7dee7" stroke="#9aa8b6"/>`,
      );
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
    <rect width="${W}" height="${H}" fill="#f7f8fa"/>
    <path d="M0 ${H - 40} C 400 ${H - 90}, 900 ${H - 10}, ${W} ${H - 70} L ${W} ${H} L 0 ${H} Z" fill="#cfe6f7"/>
    ${plots.join('')}
    <rect x="0" y="${40 + 270}" width="${W}" height="40" fill="#ffffff" stroke="#c9d1d9"/>
    <rect x="0" y="${40 + 580}" width="${W}" height="40" fill="#ffffff" stroke="#c9d1d9"/>
    <rect x="${40 + 370}" y="0" width="40" height="${H}" fill="#ffffff" stroke="#c9d1d9"/>
    <rect x="${40 + 760}" y="0" width="40" height="${H}" fill="#ffffff" stroke="#c9d1d9"/>
    <rect x="${40 + 1150}" y="0" width="40" height="${H}" fill="#ffffff" stroke="#c9d1d9"/>
    <line x1="0" y1="${40 + 290}" x2="${W}" y2="${40 + 290}" stroke="#f0b400" stroke-width="2" stroke-dasharray="18 14"/>
    <line x1="0" y1="${40 + 600}" x2="${W}" y2="${40 + 600}" stroke="#f0b400" stroke-width="2" stroke-dasharray="18 14"/>
    <circle cx="${W - 90}" cy="90" r="46" fill="#ffffff" stroke="#7a8896" stroke-width="3"/>
    <path d="M ${W - 90} 52 L ${W - 78} 100 L ${W - 90} 92 L ${W - 102} 100 Z" fill="#d9363e"/>
  </svg>`;
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  const id = uuidv7();
  const key = `${tenantId}/site-plan/${id}.png`;
  await c.storage.put(key, png, 'image/png');
  const { createHash } = await import('node:crypto');
  em.create(StoredFile, {
    id,
    purpose: 'site_plan',
    mime: 'image/png',
    size: png.length,
    sha256: createHash('sha256').update(png).digest('hex'),
    storageKey: key,
    originalName: '园区总平面图.png',
    width: W,
    height: H,
    takenAt: null,
    lat: null,
    lng: null,
    enterpriseId: null,
    uploadedBy: null,
  });
  await em.flush();
  return { fileId: id, width: W, height: H };
}
