import sharp from 'sharp';
import { addDays, localDate } from '@yuanan/domain';
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
import { activeRiskModel, assess } from '../../modules/risk/risk-model.ts';
import type { DemoEnterprise } from './demo-data.ts';

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

/** Adds the file's records to a demo enterprise once (skipped when it already has risk points). */
export async function seedEnterpriseRecords(
  c: Container,
  em: Em,
  e: Enterprise,
  d: DemoEnterprise,
  i: number,
  tz: string,
): Promise<void> {
  if (await em.count(RiskPoint, { enterpriseId: e.id })) return;
  const today = localDate(new Date(), tz);
  const model = await activeRiskModel(em);
  const points = [...d.tags.flatMap((t) => POINTS[t] ?? []), DEFAULT_POINT];
  for (const p of points) {
    const { score, colour } = assess(p.method, p.f, model.params);
    em.create(RiskPoint, {
      enterpriseId: e.id,
      name: p.name,
      area: p.area,
      method: p.method,
      factors: p.f,
      score,
      colour,
      hazardFactors: p.hazards,
      controlMeasures: p.measures,
      responsiblePerson: d.safetyManager,
      reviewDate: addDays(today, 120 + i * 7),
    });
  }
  const phone = (n: number) => `1370579${String(i).padStart(2, '0')}${String(n).padStart(2, '0')}`;
  em.create(EnterpriseContact, {
    enterpriseId: e.id,
    name: d.safetyManager,
    title: '安全管理员',
    phoneSealed: c.cipher.seal(phone(1)),
    phoneMasked: maskPhone(phone(1)),
    isEmergencyContact: true,
  });
  em.create(EnterpriseContact, {
    enterpriseId: e.id,
    name: `${d.principal.slice(0, 1)}值班`,
    title: '值班室',
    phoneSealed: c.cipher.seal(phone(2)),
    phoneMasked: maskPhone(phone(2)),
    isEmergencyContact: true,
  });
  // Certificates: one expiring within the reminder window in some plants, one expired in one plant.
  const certs = [
    {
      personName: `${d.principal.slice(0, 1)}建国`,
      certKind: 'special_operation' as const,
      category: '电工作业',
      post: '电工',
      issuedOn: '2021-03-15',
      expiresOn: i % 4 === 1 ? addDays(today, 20) : '2027-03-15',
    },
    {
      personName: `${d.safetyManager.slice(0, 1)}师傅`,
      certKind: 'special_operation' as const,
      category: '焊接与热切割作业',
      post: '焊工',
      issuedOn: '2020-06-01',
      expiresOn: i === 2 ? addDays(today, -10) : '2026-12-31',
    },
    {
      personName: '叉车司机',
      certKind: 'special_equipment' as const,
      category: '叉车司机',
      post: '仓库',
      issuedOn: '2023-05-20',
      expiresOn: '2027-05-20',
    },
  ];
  certs.forEach((ct, k) =>
    em.create(CertifiedWorker, {
      enterpriseId: e.id,
      ...ct,
      certNumber: `${ct.certKind === 'special_operation' ? 'T' : 'N'}3307821${String(i).padStart(3, '0')}${k}`,
      reviewDueOn: ct.certKind === 'special_operation' ? addDays(ct.issuedOn, 3 * 365) : null,
    }),
  );
  // Chemicals by tag.
  if (d.tags.includes('ammonia_refrigeration'))
    em.create(HazardousChemical, {
      enterpriseId: e.id,
      name: '液氨',
      cas: '7664-41-7',
      table1No: null,
      category: null,
      maxQuantity: 12,
      unit: 't',
      unitName: '制冷机房',
      storagePlace: '储氨器',
      keySupervised: true,
    });
  if (d.tags.includes('hazchem_use') || d.tags.includes('spraying')) {
    em.create(HazardousChemical, {
      enterpriseId: e.id,
      name: '甲苯',
      cas: '108-88-3',
      table1No: null,
      category: null,
      maxQuantity: 3.5,
      unit: 't',
      unitName: '危化品仓库',
      storagePlace: '甲类仓库',
      keySupervised: true,
    });
    em.create(HazardousChemical, {
      enterpriseId: e.id,
      name: '乙酸乙酯',
      cas: '141-78-6',
      table1No: null,
      category: null,
      maxQuantity: 2,
      unit: 't',
      unitName: '危化品仓库',
      storagePlace: '甲类仓库',
      keySupervised: false,
    });
  }
  if (d.tags.includes('electroplating'))
    em.create(HazardousChemical, {
      enterpriseId: e.id,
      name: '硝酸（含硝酸>70%）',
      cas: '7697-37-2',
      table1No: null,
      category: null,
      maxQuantity: 1.2,
      unit: 't',
      unitName: '电镀车间',
      storagePlace: '酸库',
      keySupervised: false,
    });
  if (d.tags.includes('lithium_battery'))
    em.create(HazardousChemical, {
      enterpriseId: e.id,
      name: '碳酸二甲酯（电解液溶剂）',
      cas: '616-38-6',
      table1No: null,
      category: 'W5.3',
      maxQuantity: 40,
      unit: 't',
      unitName: '电解液库',
      storagePlace: '丙类仓库',
      keySupervised: false,
    });
  // Supplies: one below minimum, one expired, in a few plants.
  em.create(EmergencySupply, {
    enterpriseId: e.id,
    code: '2010101',
    name: '正压式空气呼吸器',
    quantity: i % 3 === 0 ? 1 : 4,
    unit: '套',
    location: '应急物资柜',
    expiresOn: '2029-06-30',
    minimumStock: 2,
  });
  em.create(EmergencySupply, {
    enterpriseId: e.id,
    code: '2020201',
    name: '干粉灭火器（4kg）',
    quantity: 40,
    unit: '具',
    location: '各车间',
    expiresOn: i % 5 === 0 ? addDays(today, -30) : '2028-10-31',
    minimumStock: 30,
  });
  em.create(EmergencySupply, {
    enterpriseId: e.id,
    code: '1010301',
    name: '急救箱',
    quantity: 3,
    unit: '个',
    location: '办公楼一楼',
    expiresOn: null,
    minimumStock: 2,
  });
  em.create(EmergencyTeamMember, {
    enterpriseId: e.id,
    name: d.safetyManager,
    role: '队长',
    phoneSealed: c.cipher.seal(phone(3)),
    phoneMasked: maskPhone(phone(3)),
    skills: '现场指挥、急救',
  });
  em.create(EmergencyTeamMember, {
    enterpriseId: e.id,
    name: `${d.principal.slice(0, 1)}小兵`,
    role: '队员',
    phoneSealed: c.cipher.seal(phone(4)),
    phoneMasked: maskPhone(phone(4)),
    skills: '灭火器、消火栓使用',
  });
  const comprehensive = em.create(EmergencyPlan, {
    enterpriseId: e.id,
    kind: 'comprehensive',
    title: `${d.name}生产安全事故综合应急预案`,
    fileId: null,
    issuedOn: '2024-05-01',
  });
  const onsite = em.create(EmergencyPlan, {
    enterpriseId: e.id,
    kind: 'onsite',
    title: '火灾现场处置方案',
    fileId: null,
    issuedOn: '2024-05-01',
  });
  // Most plants drilled their on-site plan recently; a few are overdue (half-yearly).
  if (i % 4 !== 3)
    em.create(Drill, {
      enterpriseId: e.id,
      planId: onsite.id,
      kind: 'onsite',
      heldOn: addDays(today, -(20 + i * 9)),
      participants: 8 + i,
      summary: '车间初期火灾扑救演练',
      fileIds: [],
    });
  em.create(Drill, {
    enterpriseId: e.id,
    planId: comprehensive.id,
    kind: 'comprehensive',
    heldOn: addDays(today, -(60 + i * 11)),
    participants: 20 + i,
    summary: '消防疏散与初期火灾扑救演练',
    fileIds: [],
  });
  await em.flush();
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
