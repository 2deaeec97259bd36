import { GB18218_REVIEW, identifyMajorHazard, type ChemicalPresence } from '@yuanan/domain';
import type { HazardousChemical } from './enterprise-records.entity.ts';

const TO_TONNES: Record<string, number | null> = { t: 1, kg: 0.001, m3: null, L: null };

/**
 * GB 18218 identification per unit (生产单元/储存单元) of an enterprise. Quantities in m³ or L need a density the
 * file does not hold: they are listed as unmatched ("换算为吨后辨识") rather than guessed.
 */
export function majorHazardReport(chemicals: HazardousChemical[], peopleWithin500m: number | null) {
  const units = new Map<string, HazardousChemical[]>();
  for (const ch of chemicals) units.set(ch.unitName, [...(units.get(ch.unitName) ?? []), ch]);
  const out = [...units.entries()].map(([unitName, list]) => {
    const present: ChemicalPresence[] = [];
    const unconvertible: string[] = [];
    for (const ch of list) {
      const k = TO_TONNES[ch.unit];
      if (k == null) unconvertible.push(`${ch.name}（${ch.unit}，需换算为吨）`);
      else
        present.push({
          label: ch.name,
          tonnes: Number(ch.maxQuantity) * k,
          cas: ch.cas,
          table1No: ch.table1No,
          category: ch.category,
        });
    }
    const r = identifyMajorHazard(present, peopleWithin500m ?? 0);
    return { unitName, ...r, unmatched: [...r.unmatched, ...unconvertible] };
  });
  const grades = out.filter((u) => u.grade !== null).map((u) => u.grade!);
  return {
    grade: grades.length ? Math.min(...grades) : null,
    units: out,
    peopleWithin500m,
    tableReviewed: GB18218_REVIEW.reviewedBy !== null,
  };
}
