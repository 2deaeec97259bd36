import { alphaFor, TABLE1, TABLE2, TABLE3_BETA, type CategoryRow, type Table1Row } from './data/gb18218-2018.ts';

export { TABLE1, TABLE2, TABLE3_BETA, alphaFor, REVIEW as GB18218_REVIEW } from './data/gb18218-2018.ts';

/** One hazardous chemical present in a unit: matched by Table 1 row, CAS, name, or a Table 2 category. */
export interface ChemicalPresence {
  label: string;
  /** Maximum quantity present, tonnes (q). */
  tonnes: number;
  cas?: string | null;
  /** Explicit Table 1 row number (when the CAS is shared, e.g. nitrocellulose grades). */
  table1No?: number | null;
  /** Table 2 symbol, for chemicals not named in Table 1 (e.g. 'W5.3'). */
  category?: string | null;
}

export interface ChemicalContribution {
  label: string;
  tonnes: number;
  criticalTonnes: number;
  ratio: number;
  beta: number;
  basis: string;
}

export interface MajorHazardResult {
  /** S = Σ qᵢ/Qᵢ; a major hazard source when S ≥ 1. */
  s: number;
  isMajor: boolean;
  alpha: number;
  /** R = α · Σ βᵢ · qᵢ/Qᵢ (computed for every unit; the grade only applies when major). */
  r: number;
  grade: 1 | 2 | 3 | 4 | null;
  contributions: ChemicalContribution[];
  /** Chemicals that matched neither Table 1 nor a Table 2 category: not counted, must be classified. */
  unmatched: string[];
}

const normalise = (s: string) => s.replace(/[\s（）()]/g, '');

export function findTable1(p: Pick<ChemicalPresence, 'cas' | 'table1No' | 'label'>): Table1Row | null {
  if (p.table1No) return TABLE1.find((r) => r.no === p.table1No) ?? null;
  if (p.cas) {
    const rows = TABLE1.filter((r) => r.cas.includes(p.cas!.trim()));
    // A CAS shared by several rows (nitrocellulose, ammonium nitrate) needs the row number.
    if (rows.length === 1) return rows[0]!;
    if (rows.length > 1) return null;
  }
  const n = normalise(p.label);
  return TABLE1.find((r) => normalise(r.name) === n || (r.alias ?? '').split('；').some((a) => normalise(a) === n)) ?? null;
}

export function findCategory(symbol: string | null | undefined): CategoryRow | null {
  return symbol ? (TABLE2.find((c) => c.symbol === symbol) ?? null) : null;
}

/** β for a chemical: Table 3 for the named toxic gases, else Table 4 by its hazard category. */
export function betaFor(row: Table1Row | null, category: CategoryRow | null): number {
  for (const cas of row?.cas ?? []) if (TABLE3_BETA[cas]) return TABLE3_BETA[cas]!.beta;
  const cat = category ?? findCategory(row?.category);
  return cat?.beta ?? 1;
}

/** Grade by R: 一级 ≥100, 二级 50–100, 三级 10–50, 四级 <10. */
export function gradeFor(r: number): 1 | 2 | 3 | 4 {
  if (r >= 100) return 1;
  if (r >= 50) return 2;
  if (r >= 10) return 3;
  return 4;
}

/** Identification (辨识) and grading (分级) of one unit (生产单元 or 储存单元). */
export function identifyMajorHazard(items: ChemicalPresence[], peopleWithin500m: number): MajorHazardResult {
  const contributions: ChemicalContribution[] = [];
  const unmatched: string[] = [];
  for (const it of items) {
    if (!(it.tonnes > 0)) continue;
    const row = findTable1(it);
    const cat = row ? findCategory(row.category) : findCategory(it.category);
    const Q = row?.q ?? cat?.q;
    if (!Q) {
      unmatched.push(it.label);
      continue;
    }
    const beta = betaFor(row, row ? null : cat);
    contributions.push({
      label: it.label,
      tonnes: it.tonnes,
      criticalTonnes: Q,
      ratio: it.tonnes / Q,
      beta,
      basis: row ? `表1第${row.no}项 ${row.name}` : `表2 ${cat!.symbol} ${cat!.group}（${cat!.description}）`,
    });
  }
  const s = contributions.reduce((a, c) => a + c.ratio, 0);
  const alpha = alphaFor(peopleWithin500m);
  const r = alpha * contributions.reduce((a, c) => a + c.beta * c.ratio, 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const isMajor = s >= 1;
  return { s: round(s), isMajor, alpha, r: round(r), grade: isMajor ? gradeFor(r) : null, contributions, unmatched };
}

export const GRADE_LABELS = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
