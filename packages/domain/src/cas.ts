/**
 * CAS Registry Numbers: 2–7 digits, 2 digits, 1 check digit. The check digit is the sum of the other digits,
 * each multiplied by its position counted from the right (1, 2, 3 …), modulo 10 (CAS, "CAS Registry Number
 * check digit verification").
 */
export function casCheckDigit(body: string): number | null {
  const digits = body.replace(/-/g, '');
  if (!/^\d{4,9}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

export type CasProblem = 'format' | 'check';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Dashes NFKC leaves alone: hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus, long sound mark.
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70]/g;

/**
 * What people paste into a CAS field, folded to `NNNNNNN-NN-N`: full-width digits and dashes become ASCII (NFKC),
 * other dash characters become `-`, zero-width characters and spaces are removed. Digits written without any dash
 * (`7664417`) are split into the three parts the number always has (the last digit, the two before it, the rest).
 */
export function normalizeCas(input: string): string {
  const s = input.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').replace(/\s+/g, '');
  if (/^\d{5,10}$/.test(s)) return `${s.slice(0, -3)}-${s.slice(-3, -1)}-${s.slice(-1)}`;
  return s;
}

/** Null when valid; 'format' when not three dash-separated groups of 2–7, 2 and 1 digits; 'check' otherwise. */
export function casProblem(cas: string): CasProblem | null {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim());
  if (!m) return 'format';
  return casCheckDigit(`${m[1]}${m[2]}`) === Number(m[3]) ? null : 'check';
}

export function isValidCas(cas: string): boolean {
  return casProblem(cas) === null;
}
