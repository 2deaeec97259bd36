/**
 * CAS Registry Numbers: 2–7 digits, 2 digits, 1 check digit. The check digit is the sum of the other digits,
 * each multiplied by its position counted from the right (1, 2, 3 …), modulo 10.
 */
export function casCheckDigit(body: string): number | null {
  const digits = body.replace(/-/g, '');
  if (!/^\d{4,9}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

export type CasProblem = 'format' | 'check';

export function casProblem(cas: string): CasProblem | null {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim());
  if (!m) return 'format';
  return casCheckDigit(`${m[1]}${m[2]}`) === Number(m[3]) ? null : 'check';
}

export function isValidCas(cas: string): boolean {
  return casProblem(cas) === null;
}
