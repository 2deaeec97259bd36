import Fraction from 'fraction.js';
import { alphaFor, TABLE1, TABLE2, TABLE3_BETA, type CategoryRow, type Table1Row } from './data/gb18218-2018.ts';
import { exact, floorTo } from './exact.ts';

export {
  TABLE1,
  TABLE2,
  TABLE3_BETA,
  alphaFor,
  betaReviewRows,
  BETA_REVIEW_NOTE,
  REVIEW as GB18218_REVIEW,
} from './data/gb18218-2018.ts';

/** One hazardous chemical present in a unit: matched by Table 1 row, CAS, name/alias, or Table 2 categories. */
export interface ChemicalPresence {
  label: string;
  /**
   * Maximum quantity present, tonnes (q). A decimal string ('0.5') is taken exactly; a number is read as the
   * shortest decimal that prints it (what the user typed), never as its binary expansion.
   */
  tonnes: number | string | Fraction;
  cas?: string | null;
  /** Explicit Table 1 row number (when the CAS is shared, e.g. nitrocellulose grades). */
  table1No?: number | null;
  /**
   * Table 2 symbols (e.g. ['W5.3', 'J5']) for a chemical not named in Table 1; one per hazard characteristic.
   * GB 18218-2018 4.1.2 b): with several, the lowest critical quantity applies.
   */
  categories?: readonly string[] | null;
}

export interface ChemicalContribution {
  label: string;
  tonnes: number;
  criticalTonnes: number;
  /** q/Q, rounded down to 6 decimals for display (the decision uses the exact value). */
  ratio: number;
  beta: number;
  /** True when β rests on a category the standard does not print for this row (see GB18218_REVIEW.beta). */
  betaReview: boolean;
  basis: string;
}

/** Why a chemical could not be given a critical quantity: it is NOT counted in S and must be shown to the user. */
export interface UnmatchedChemical {
  label: string;
  reason: 'not_found' | 'ambiguous' | 'unknown_category' | 'unconvertible';
  /** Message for the user (zh-CN), saying what to do. */
  message: string;
}

export interface MajorHazardResult {
  /** S = Σ qᵢ/Qᵢ, rounded DOWN to 3 decimals so the figure shown never crosses a boundary the decision did not. */
  s: number;
  /** S ≥ 1, decided on the exact rational sum (GB 18218-2018 4.2). */
  isMajor: boolean;
  alpha: number;
  /** R = α · Σ βᵢ · qᵢ/Qᵢ, rounded down to 3 decimals (computed for every unit; the grade only applies when major). */
  r: number;
  grade: 1 | 2 | 3 | 4 | null;
  contributions: ChemicalContribution[];
  /** Labels of chemicals that matched neither Table 1 nor a Table 2 category: not counted, must be classified. */
  unmatched: string[];
  /** The same chemicals with the reason and a message for the user. */
  unmatchedDetails: UnmatchedChemical[];
}

/** Name as compared: NFKC (full-width → half-width), no spaces or brackets, case-insensitive. */
const normalise = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s()[\]（）【】\u200b-\u200d\ufeff]/g, '')
    .toLowerCase();

/** Every name a Table 1 row answers to: its printed name, printed aliases and the unambiguous plain forms. */
const namesOf = (r: Table1Row) => [r.name, ...(r.aliases ?? []), ...(r.alsoMatches ?? [])].map(normalise);

export type Table1Match = { row: Table1Row } | { row: null; reason: 'not_found' | 'ambiguous'; candidates: number[] };

/**
 * Table 1 row for a chemical, by explicit row number, then CAS, then name or alias. A CAS or name shared by
 * several rows (硝化纤维素/硝化棉 grades, 硝酸铵) is ambiguous: the row number must be given.
 */
export function matchTable1(p: Pick<ChemicalPresence, 'cas' | 'table1No' | 'label'>): Table1Match {
  if (p.table1No) {
    const row = TABLE1.find((r) => r.no === p.table1No);
    return row ? { row } : { row: null, reason: 'not_found', candidates: [] };
  }
  const cas = p.cas?.normalize('NFKC').trim();
  if (cas) {
    const rows = TABLE1.filter((r) => r.cas.includes(cas));
    if (rows.length === 1) return { row: rows[0]! };
    if (rows.length > 1) return { row: null, reason: 'ambiguous', candidates: rows.map((r) => r.no) };
  }
  const n = normalise(p.label);
  const rows = TABLE1.filter((r) => namesOf(r).includes(n));
  if (rows.length === 1) return { row: rows[0]! };
  if (rows.length > 1) return { row: null, reason: 'ambiguous', candidates: rows.map((r) => r.no) };
  return { row: null, reason: 'not_found', candidates: [] };
}

/** Table 1 row for a chemical, or null when there is none or it is ambiguous (see matchTable1). */
export function findTable1(p: Pick<ChemicalPresence, 'cas' | 'table1No' | 'label'>): Table1Row | null {
  return matchTable1(p).row;
}

export function findCategory(symbol: string | null | undefined): CategoryRow | null {
  return symbol ? (TABLE2.find((c) => c.symbol === symbol) ?? null) : null;
}

/**
 * The category that decides Q for a chemical outside Table 1 with several hazard characteristics:
 * GB 18218-2018 4.1.2 b) "若一种危险化学品具有多种危险性，按其中最低的临界量确定". β then follows that same category
 * (Table 4 gives β per category; we take the category that set Q, and of equal-Q categories the larger β — the
 * conservative reading, to be confirmed by the reviewer with the rest of the table). Unknown symbols are ignored
 * here (the api refuses them); null when none is known.
 */
export function governingCategory(symbols: readonly string[] | null | undefined): CategoryRow | null {
  let best: CategoryRow | null = null;
  for (const s of symbols ?? []) {
    const c = findCategory(s);
    if (c && (!best || c.q < best.q || (c.q === best.q && c.beta > best.beta))) best = c;
  }
  return best;
}

/** β for a chemical: Table 3 for the named toxic gases, else Table 4 by its hazard category. */
export function betaFor(row: Table1Row | null, category: CategoryRow | null): number {
  for (const cas of row?.cas ?? []) if (TABLE3_BETA[cas]) return TABLE3_BETA[cas]!.beta;
  const cat = category ?? findCategory(row?.category);
  return cat?.beta ?? 1;
}

/** Grade by R (GB 18218-2018 Table 6): 一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10. Exact. */
export function gradeFor(r: number | string | Fraction): 1 | 2 | 3 | 4 {
  const x = r instanceof Fraction ? r : exact(r);
  if (x.gte(100)) return 1;
  if (x.gte(50)) return 2;
  if (x.gte(10)) return 3;
  return 4;
}

function unmatchedMessage(reason: UnmatchedChemical['reason'], candidates: number[]): string {
  if (reason === 'ambiguous') return `该名称或 CAS 号对应 GB 18218 表1第${candidates.join('、')}项，临界量不同：请选择表1行号`;
  if (reason === 'unknown_category') return '所选危险性类别不在 GB 18218 表2中：请重新选择';
  return '未在 GB 18218 表1中找到该名称或 CAS 号，也未选择表2危险性类别：未计入 S，请核对名称/CAS 或选择危险性类别';
}

/**
 * Identification (辨识, GB 18218-2018 4.2: S ≥ 1) and grading (分级: R = α·Σβ·q/Q with Tables 3–5, bands of Table 6) of one unit
 * (生产单元 or 储存单元). Every comparison with a boundary (S = 1, R = 10/50/100) is made on exact rationals
 * (fraction.js): 7 t 液氨 + 1 t 硫化氢 + 0.5 t 液氯 is S = 0.7 + 0.2 + 0.1 = 1 exactly, a major hazard source.
 * `peopleWithin500m` picks α from Table 5. Chemicals with no Q are returned in `unmatched`, never dropped.
 */
export function identifyMajorHazard(items: ChemicalPresence[], peopleWithin500m: number): MajorHazardResult {
  const contributions: ChemicalContribution[] = [];
  const unmatchedDetails: UnmatchedChemical[] = [];
  let s = new Fraction(0);
  let weighted = new Fraction(0);
  for (const it of items) {
    const q = exact(it.tonnes);
    if (q.compare(0) <= 0) continue;
    const m = matchTable1(it);
    const row = m.row;
    // Table 1 first (4.1.2 a); a chemical not in it takes the lowest Q of its categories (4.1.2 b).
    const cat = row ? null : governingCategory(it.categories);
    if (!row && !cat) {
      const reason = it.categories?.length
        ? 'unknown_category'
        : m.row === null && m.reason === 'ambiguous'
          ? 'ambiguous'
          : 'not_found';
      unmatchedDetails.push({
        label: it.label,
        reason,
        message: unmatchedMessage(reason, m.row === null ? m.candidates : []),
      });
      continue;
    }
    const Q = exact(row ? row.q : cat!.q);
    const ratio = q.div(Q);
    const beta = betaFor(row, cat);
    s = s.add(ratio);
    weighted = weighted.add(ratio.mul(exact(beta)));
    contributions.push({
      label: it.label,
      tonnes: q.valueOf(),
      criticalTonnes: Q.valueOf(),
      ratio: floorTo(ratio, 6),
      beta,
      betaReview: !!row?.betaReview,
      basis: row
        ? `表1第${row.no}项 ${row.name}`
        : `表2 ${cat!.symbol} ${cat!.group}（${cat!.description}）${(it.categories?.length ?? 0) > 1 ? '，取所选类别中最低临界量（4.1.2 b）' : ''}`,
    });
  }
  const alpha = alphaFor(peopleWithin500m);
  const r = exact(alpha).mul(weighted);
  const isMajor = s.gte(1);
  return {
    s: floorTo(s, 3),
    isMajor,
    alpha,
    r: floorTo(r, 3),
    grade: isMajor ? gradeFor(r) : null,
    contributions,
    unmatched: unmatchedDetails.map((u) => u.label),
    unmatchedDetails,
  };
}

export const GRADE_LABELS = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
