import { COLOUR_ORDER, type RiskColour } from './risk-assessment.ts';

/**
 * The enterprise colour (四色安全监管). No national formula exists: each zone configures a versioned model; every
 * score explains which input contributed how many points. Colour by score thresholds, then "floors" that some
 * facts impose whatever the score (an open major hazard makes an enterprise at least orange, by default).
 */
export interface CappedRate {
  per: number;
  max: number;
}
export interface ColourModel {
  worstRiskPoint: Record<RiskColour, number>;
  keyPlaceTag: CappedRate & { weights: Record<string, number> };
  majorHazardSource: { '1': number; '2': number; '3': number; '4': number };
  expiredCertificate: CappedRate;
  openHazard: CappedRate;
  overdueHazard: CappedRate;
  openMajorHazard: CappedRate;
  landlordTenant: number;
  thresholds: { red: number; orange: number; yellow: number };
  floors: { openMajorHazard: RiskColour | null; majorHazardSourceGrade1: RiskColour | null; redRiskPoint: RiskColour | null };
}

export const DEFAULT_COLOUR_MODEL: ColourModel = {
  worstRiskPoint: { red: 40, orange: 25, yellow: 10, blue: 0 },
  keyPlaceTag: {
    per: 6,
    max: 18,
    weights: { combustible_dust: 10, ammonia_refrigeration: 10, metal_smelting: 10, confined_space: 8 },
  },
  majorHazardSource: { '1': 40, '2': 30, '3': 20, '4': 10 },
  expiredCertificate: { per: 5, max: 15 },
  openHazard: { per: 2, max: 10 },
  overdueHazard: { per: 6, max: 24 },
  openMajorHazard: { per: 30, max: 60 },
  landlordTenant: 5,
  thresholds: { red: 70, orange: 45, yellow: 20 },
  floors: { openMajorHazard: 'orange', majorHazardSourceGrade1: 'orange', redRiskPoint: 'orange' },
};

export interface ColourInputs {
  worstRiskPoint: RiskColour | null;
  keyPlaceTags: Array<{ code: string; name: string }>;
  majorHazardSourceGrade: 1 | 2 | 3 | 4 | null;
  expiredCertificates: number;
  openHazards: number;
  overdueHazards: number;
  openMajorHazards: number;
  /** 厂中厂/园中园: works inside another enterprise's plant. */
  isTenantOfLandlord: boolean;
}

export interface Contribution {
  input: string;
  label: string;
  value: string;
  points: number;
}

export interface ColourResult {
  score: number;
  colour: RiskColour;
  contributions: Contribution[];
  /** Set when a floor raised the colour above what the score gives. */
  floor: { reason: string; colour: RiskColour } | null;
}

const GRADE = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
const CN: Record<RiskColour, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

function capped(n: number, rate: CappedRate): number {
  return Math.min(Math.max(0, n) * rate.per, rate.max);
}

export function scoreEnterprise(inputs: ColourInputs, model: ColourModel = DEFAULT_COLOUR_MODEL): ColourResult {
  const c: Contribution[] = [];
  const add = (input: string, label: string, value: string, points: number) =>
    c.push({ input, label, value, points: Math.round(points * 100) / 100 });
  add(
    'worstRiskPoint',
    '最高风险点等级',
    inputs.worstRiskPoint ? `${CN[inputs.worstRiskPoint]}色` : '无风险点',
    inputs.worstRiskPoint ? model.worstRiskPoint[inputs.worstRiskPoint] : 0,
  );
  const tagPoints = Math.min(
    inputs.keyPlaceTags.reduce((a, t) => a + (model.keyPlaceTag.weights[t.code] ?? model.keyPlaceTag.per), 0),
    model.keyPlaceTag.max,
  );
  add(
    'keyPlaceTags',
    '重点场所/企业标签',
    inputs.keyPlaceTags.length ? inputs.keyPlaceTags.map((t) => t.name).join('、') : '无',
    tagPoints,
  );
  add(
    'majorHazardSource',
    '重大危险源',
    inputs.majorHazardSourceGrade ? `${GRADE[inputs.majorHazardSourceGrade]}重大危险源` : '无',
    inputs.majorHazardSourceGrade ? model.majorHazardSource[String(inputs.majorHazardSourceGrade) as '1'] : 0,
  );
  add(
    'expiredCertificates',
    '过期特种作业证',
    `${inputs.expiredCertificates} 张`,
    capped(inputs.expiredCertificates, model.expiredCertificate),
  );
  add('openHazards', '未整改隐患', `${inputs.openHazards} 项`, capped(inputs.openHazards, model.openHazard));
  add('overdueHazards', '逾期未整改隐患', `${inputs.overdueHazards} 项`, capped(inputs.overdueHazards, model.overdueHazard));
  add(
    'openMajorHazards',
    '未销号重大隐患',
    `${inputs.openMajorHazards} 项`,
    capped(inputs.openMajorHazards, model.openMajorHazard),
  );
  add(
    'landlordTenant',
    '厂中厂/园中园',
    inputs.isTenantOfLandlord ? '是' : '否',
    inputs.isTenantOfLandlord ? model.landlordTenant : 0,
  );
  const score = Math.round(c.reduce((a, x) => a + x.points, 0) * 100) / 100;
  const t = model.thresholds;
  let colour: RiskColour = score >= t.red ? 'red' : score >= t.orange ? 'orange' : score >= t.yellow ? 'yellow' : 'blue';
  let floor: ColourResult['floor'] = null;
  const raise = (to: RiskColour | null, reason: string) => {
    if (to && COLOUR_ORDER[to] > COLOUR_ORDER[colour]) {
      colour = to;
      floor = { reason, colour: to };
    }
  };
  if (inputs.openMajorHazards > 0) raise(model.floors.openMajorHazard, '存在未销号重大隐患');
  if (inputs.majorHazardSourceGrade === 1) raise(model.floors.majorHazardSourceGrade1, '一级重大危险源');
  if (inputs.worstRiskPoint === 'red') raise(model.floors.redRiskPoint, '存在红色（重大）风险点');
  return { score, colour, contributions: c, floor };
}
