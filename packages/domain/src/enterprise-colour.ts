import Fraction from 'fraction.js';
import { exact, roundTo } from './exact.ts';
import { COLOUR_FLOOR_LABELS, COLOUR_INPUT_LABELS, contributionValueZh, type ContributionParams } from './colour-text.ts';
import { bandOf, COLOUR_ORDER, type RiskColour } from './risk-assessment.ts';

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

/**
 * One input's share of the score. `input` and `params` say what it was; `label` and `value` are its Chinese
 * words as stored (render for a reader with `contributionText`, colour-text.ts).
 */
export interface Contribution {
  input: string;
  label: string;
  value: string;
  params: ContributionParams;
  points: number;
}

export interface ColourResult {
  score: number;
  colour: RiskColour;
  contributions: Contribution[];
  /** Set when a floor raised the colour above what the score gives. */
  floor: { reason: string; code: string; colour: RiskColour } | null;
}

const min = (a: Fraction, b: Fraction) => (a.lte(b) ? a : b);

function capped(n: number, rate: CappedRate): Fraction {
  return min(exact(Math.max(0, n)).mul(exact(rate.per)), exact(rate.max));
}

/**
 * Score and colour of one enterprise under a zone's model. Points are added and compared with the thresholds in
 * exact arithmetic (fraction.js): a score that meets a threshold reaches that colour even when the points are
 * decimals (0.1 + 0.2 is 0.3). Shown points and score are rounded half-up to 2 decimals.
 */
export function scoreEnterprise(inputs: ColourInputs, model: ColourModel = DEFAULT_COLOUR_MODEL): ColourResult {
  const c: Contribution[] = [];
  let total = new Fraction(0);
  const add = (input: keyof typeof COLOUR_INPUT_LABELS & string, params: ContributionParams, points: number | Fraction) => {
    const x = exact(points);
    total = total.add(x);
    const label = COLOUR_INPUT_LABELS[input]!.zh;
    c.push({ input, label, value: contributionValueZh(input, params), params, points: roundTo(x, 2) });
  };
  add(
    'worstRiskPoint',
    { colour: inputs.worstRiskPoint },
    inputs.worstRiskPoint ? model.worstRiskPoint[inputs.worstRiskPoint] : 0,
  );
  const tagPoints = min(
    inputs.keyPlaceTags.reduce(
      (a, t) => a.add(exact(model.keyPlaceTag.weights[t.code] ?? model.keyPlaceTag.per)),
      new Fraction(0),
    ),
    exact(model.keyPlaceTag.max),
  );
  add('keyPlaceTags', { tags: inputs.keyPlaceTags.map((t) => t.name) }, tagPoints);
  add(
    'majorHazardSource',
    { grade: inputs.majorHazardSourceGrade },
    inputs.majorHazardSourceGrade ? model.majorHazardSource[String(inputs.majorHazardSourceGrade) as '1'] : 0,
  );
  add('expiredCertificates', { count: inputs.expiredCertificates }, capped(inputs.expiredCertificates, model.expiredCertificate));
  add('openHazards', { count: inputs.openHazards }, capped(inputs.openHazards, model.openHazard));
  add('overdueHazards', { count: inputs.overdueHazards }, capped(inputs.overdueHazards, model.overdueHazard));
  add('openMajorHazards', { count: inputs.openMajorHazards }, capped(inputs.openMajorHazards, model.openMajorHazard));
  add('landlordTenant', { yes: inputs.isTenantOfLandlord }, inputs.isTenantOfLandlord ? model.landlordTenant : 0);
  const score = roundTo(total, 2);
  const t = model.thresholds;
  let colour: RiskColour = bandOf(total, t);
  let floor: ColourResult['floor'] = null;
  const raise = (to: RiskColour | null, code: keyof typeof COLOUR_FLOOR_LABELS & string) => {
    if (to && COLOUR_ORDER[to] > COLOUR_ORDER[colour]) {
      colour = to;
      floor = { reason: COLOUR_FLOOR_LABELS[code]!.zh, code, colour: to };
    }
  };
  if (inputs.openMajorHazards > 0) raise(model.floors.openMajorHazard, 'openMajorHazard');
  if (inputs.majorHazardSourceGrade === 1) raise(model.floors.majorHazardSourceGrade1, 'majorHazardSourceGrade1');
  if (inputs.worstRiskPoint === 'red') raise(model.floors.redRiskPoint, 'redRiskPoint');
  return { score, colour, contributions: c, floor };
}
