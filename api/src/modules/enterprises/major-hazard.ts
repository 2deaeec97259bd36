import {
  exact,
  GB18218_REVIEW,
  governingCategory,
  identifyMajorHazard,
  matchTable1,
  type ChemicalPresence,
  type UnmatchedChemical,
} from '@yuanan/domain';
import type { HazardousChemical } from './enterprise-records.entity.ts';

/** Tonnes per unit, exact (kg → t is 0.001); volumes need a density the file does not hold. */
const TO_TONNES: Record<string, string | null> = { t: '1', kg: '0.001', m3: null, L: null };

const UNCONVERTIBLE = '数量以体积登记，需换算为吨后才能辨识：未计入 S，请按密度换算为吨（t）或千克（kg）后修改';

/** The stored quantity as a decimal string (decimal(14,3) column read as a number; String() gives what was typed). */
const decimal = (n: number | string) => (typeof n === 'string' ? n : String(n));

/**
 * How one stored chemical is identified against GB 18218-2018 (Table 1 by row, CAS, name or alias; else the lowest
 * Q of its Table 2 categories, 4.1.2 b): its critical quantity and basis, or why it has none — in which case it is
 * not counted in S and the user must be told.
 */
export function chemicalIdentity(ch: Pick<HazardousChemical, 'name' | 'cas' | 'table1No' | 'categories' | 'unit'>): {
  criticalTonnes: number | null;
  basis: string | null;
  unmatched: { reason: string; message: string } | null;
} {
  const m = matchTable1({ label: ch.name, cas: ch.cas, table1No: ch.table1No });
  const cat = m.row ? null : governingCategory(ch.categories);
  const unit = TO_TONNES[ch.unit] === null ? { reason: 'unconvertible', message: UNCONVERTIBLE } : null;
  if (m.row) return { criticalTonnes: m.row.q, basis: `GB 18218 表1第${m.row.no}项 ${m.row.name}`, unmatched: unit };
  if (cat) {
    const several = (ch.categories?.length ?? 0) > 1 ? '（多种危险性取最低临界量，4.1.2 b）' : '';
    return { criticalTonnes: cat.q, basis: `GB 18218 表2 ${cat.symbol} ${cat.group}${several}`, unmatched: unit };
  }
  // Let the calculator phrase why (not found, ambiguous row, unknown category) so both places say the same.
  const r = identifyMajorHazard(
    [{ label: ch.name, tonnes: 1, cas: ch.cas, table1No: ch.table1No, categories: ch.categories }],
    0,
  );
  const u = r.unmatchedDetails[0];
  return { criticalTonnes: null, basis: null, unmatched: u ? { reason: u.reason, message: u.message } : null };
}

/**
 * GB 18218 identification per unit (生产单元/储存单元) of an enterprise. Quantities are taken as exact decimals;
 * those in m³ or L need a density the file does not hold: they are listed as unmatched ("需换算为吨") rather than
 * guessed. Every chemical not counted appears in `unmatched`/`unmatchedDetails` of its unit.
 */
export function majorHazardReport(chemicals: HazardousChemical[], peopleWithin500m: number | null) {
  const units = new Map<string, HazardousChemical[]>();
  for (const ch of chemicals) units.set(ch.unitName, [...(units.get(ch.unitName) ?? []), ch]);
  const out = [...units.entries()].map(([unitName, list]) => {
    const present: ChemicalPresence[] = [];
    const unconvertible: UnmatchedChemical[] = [];
    for (const ch of list) {
      const k = TO_TONNES[ch.unit];
      if (k == null)
        unconvertible.push({ label: `${ch.name}（${ch.unit}，需换算为吨）`, reason: 'unconvertible', message: UNCONVERTIBLE });
      else
        present.push({
          label: ch.name,
          tonnes: exact(decimal(ch.maxQuantity)).mul(exact(k)),
          cas: ch.cas,
          table1No: ch.table1No,
          categories: ch.categories ?? [],
        });
    }
    const r = identifyMajorHazard(present, peopleWithin500m ?? 0);
    const unmatchedDetails = [...r.unmatchedDetails, ...unconvertible];
    return { unitName, ...r, unmatched: unmatchedDetails.map((u) => u.label), unmatchedDetails };
  });
  const grades = out.filter((u) => u.grade !== null).map((u) => u.grade!);
  return {
    grade: grades.length ? Math.min(...grades) : null,
    units: out,
    peopleWithin500m,
    tableReviewed: GB18218_REVIEW.reviewedBy !== null,
  };
}
