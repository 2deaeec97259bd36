import type { Chemical } from './types';

/** The chemical form's pure parts (no Taro): unit-tested. */

export interface ChemicalForm {
  name: string;
  cas: string;
  maxQuantity: string;
  unit: Chemical['unit'];
  unitName: string;
  storagePlace: string;
  keySupervised: boolean;
  /** GB 18218 Table 2 symbols; several when the substance has several hazards (the lowest Q applies, 4.1.2 b). */
  categories: string[];
  /** GB 18218 Table 1 row set elsewhere (admin/import): carried through so an edit on the phone keeps it. */
  table1No: number | null;
}

export const CHEMICAL_UNITS: ReadonlyArray<{ value: Chemical['unit']; label: string }> = [
  { value: 't', label: '吨' },
  { value: 'kg', label: '千克' },
  { value: 'm3', label: '立方米' },
  { value: 'L', label: '升' },
];

export const emptyChemicalForm = (): ChemicalForm => ({
  name: '',
  cas: '',
  maxQuantity: '',
  unit: 't',
  unitName: '全厂',
  storagePlace: '',
  keySupervised: false,
  categories: [],
  table1No: null,
});

/** Adds or removes one hazard category, keeping the order of the standard's Table 2. */
export function toggleCategory(current: readonly string[], symbol: string, order: readonly string[]): string[] {
  const next = current.includes(symbol) ? current.filter((c) => c !== symbol) : [...current, symbol];
  return order.filter((c) => next.includes(c));
}

export function fromChemical(c: Chemical): ChemicalForm {
  return {
    name: c.name,
    cas: c.cas ?? '',
    maxQuantity: String(c.maxQuantity),
    unit: c.unit,
    unitName: c.unitName,
    storagePlace: c.storagePlace ?? '',
    keySupervised: c.keySupervised,
    categories: [...(c.categories ?? [])],
    table1No: c.table1No ?? null,
  };
}

/** A CAS registry number: digits-digits-check digit, the check digit a weighted sum of the others mod 10. */
export function casProblem(cas: string): string | null {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas);
  if (!m) return 'CAS 号格式为 数字-两位数字-校验位，如 7664-41-7';
  const digits = (m[1]! + m[2]!).split('').reverse();
  const sum = digits.reduce((acc, d, i) => acc + Number(d) * (i + 1), 0);
  return sum % 10 === Number(m[3]) ? null : 'CAS 号校验位不正确，请核对';
}

/** Checks the form the way the server will, so the common mistakes are shown before sending. */
export function checkChemical(f: ChemicalForm): {
  body: Record<string, unknown> | null;
  problems: Partial<Record<keyof ChemicalForm, string>>;
} {
  const p: Partial<Record<keyof ChemicalForm, string>> = {};
  const name = f.name.trim();
  const cas = f.cas.trim();
  if (!name) p.name = '请填写物质名称';
  if (cas) {
    const problem = casProblem(cas);
    if (problem) p.cas = problem;
  }
  const q = f.maxQuantity.trim();
  const quantity = /^\d+(\.\d+)?$/.test(q) ? Number(q) : NaN;
  if (!(quantity > 0)) p.maxQuantity = '最大储存量应为大于 0 的数';
  if (!f.unitName.trim()) p.unitName = '请填写所在单元（不分单元可填“全厂”）';
  if (Object.keys(p).length) return { body: null, problems: p };
  return {
    body: {
      name,
      cas: cas || null,
      maxQuantity: quantity,
      unit: f.unit,
      unitName: f.unitName.trim(),
      storagePlace: f.storagePlace.trim() || null,
      keySupervised: f.keySupervised,
      categories: f.categories ?? [],
      table1No: f.table1No ?? null,
    },
    problems: p,
  };
}
