import type Fraction from 'fraction.js';
import { exact, roundTo } from './exact.ts';

/**
 * Risk-point assessment (风险点评价). The raw factors are kept with the result so levels can be recomputed when a
 * zone changes its thresholds. Colours: red 重大, orange 较大, yellow 一般, blue 低.
 */
export type RiskColour = 'red' | 'orange' | 'yellow' | 'blue';

/**
 * The colour band of an exact value against red/orange/yellow lower bounds. `strict`: the value must exceed a
 * bound (LEC's "D > 320"); otherwise reaching it is enough (LS, the enterprise score).
 */
export function bandOf(v: Fraction, t: { red: number; orange: number; yellow: number }, strict = false): RiskColour {
  const over = (b: number) => (strict ? v.gt(exact(b)) : v.gte(exact(b)));
  return over(t.red) ? 'red' : over(t.orange) ? 'orange' : over(t.yellow) ? 'yellow' : 'blue';
}
export const COLOUR_ORDER: Record<RiskColour, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };
export const COLOUR_LABELS: Record<RiskColour, string> = {
  red: '重大风险',
  orange: '较大风险',
  yellow: '一般风险',
  blue: '低风险',
};

export function worstColour(colours: Iterable<RiskColour | null | undefined>): RiskColour | null {
  let worst: RiskColour | null = null;
  for (const c of colours) if (c && (worst === null || COLOUR_ORDER[c] > COLOUR_ORDER[worst])) worst = c;
  return worst;
}

// LEC (作业条件危险性评价法): D = L × E × C with the classic value scales.
export const LEC_L = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const;
export const LEC_E = [10, 6, 3, 2, 1, 0.5] as const;
export const LEC_C = [100, 40, 15, 7, 3, 1] as const;

export interface LecFactors {
  l: number;
  e: number;
  c: number;
}
/** D must exceed a threshold to reach a colour (DOMAIN.md: D>320 red, 160–320 orange, 70–160 yellow, ≤70 blue). */
export interface LecThresholds {
  red: number;
  orange: number;
  yellow: number;
}
export const DEFAULT_LEC_THRESHOLDS: LecThresholds = { red: 320, orange: 160, yellow: 70 };

export function lecFactorProblems(f: LecFactors): string[] {
  const out: string[] = [];
  if (!(LEC_L as readonly number[]).includes(f.l)) out.push(`L 须为 ${LEC_L.join('/')}`);
  if (!(LEC_E as readonly number[]).includes(f.e)) out.push(`E 须为 ${LEC_E.join('/')}`);
  if (!(LEC_C as readonly number[]).includes(f.c)) out.push(`C 须为 ${LEC_C.join('/')}`);
  return out;
}

/**
 * D = L × E × C and its colour. The band is decided on the exact product (fraction.js): in floating point
 * 0.1 × 7 × 100 is 70.00000000000001, which would pass a "D > 70" boundary it only meets. `score` is D rounded to
 * 2 decimals for display.
 */
export function lec(f: LecFactors, t: LecThresholds = DEFAULT_LEC_THRESHOLDS): { score: number; colour: RiskColour } {
  const d = exact(f.l).mul(exact(f.e)).mul(exact(f.c));
  return { score: roundTo(d, 2), colour: bandOf(d, t, true) };
}

// LS (风险矩阵): R = L × S on a 5 × 5 grid.
export interface LsFactors {
  l: number;
  s: number;
}
/** R must be at least the threshold (DOMAIN.md: 20–25 red, 9–16 orange, 4–8 yellow, 1–3 blue). */
export interface LsThresholds {
  red: number;
  orange: number;
  yellow: number;
}
export const DEFAULT_LS_THRESHOLDS: LsThresholds = { red: 20, orange: 9, yellow: 4 };

export function lsFactorProblems(f: LsFactors): string[] {
  const out: string[] = [];
  if (!Number.isInteger(f.l) || f.l < 1 || f.l > 5) out.push('L 须为 1–5 的整数');
  if (!Number.isInteger(f.s) || f.s < 1 || f.s > 5) out.push('S 须为 1–5 的整数');
  return out;
}

/** R = L × S and its colour; decided exactly like lec() (the factors are integers, a zone's bands may not be). */
export function ls(f: LsFactors, t: LsThresholds = DEFAULT_LS_THRESHOLDS): { score: number; colour: RiskColour } {
  const r = exact(f.l).mul(exact(f.s));
  return { score: r.valueOf(), colour: bandOf(r, t) };
}
