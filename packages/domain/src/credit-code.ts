/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set; the last one is a check character
 * computed over the first 17 with fixed weights (3^i mod 31).
 */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[c]!;
}

export type CreditCodeProblem = 'length' | 'charset' | 'check';

/** What exactly is wrong with a credit code, for a message that names it. Positions count from 1. */
export type CreditCodeIssue =
  { problem: 'length'; length: number } | { problem: 'charset'; position: number; char: string } | { problem: 'check' };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * What people paste into a credit-code field, folded to what a licence prints: full-width letters and digits
 * become ASCII (NFKC), zero-width spaces, BOMs and every kind of space are removed, letters are upper-cased.
 */
export function normalizeCreditCode(input: string): string {
  return input.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '').toUpperCase();
}

/**
 * Null when valid; otherwise the first thing wrong, in the order a person fixes it: a character that is not in
 * the GB 32100-2015 set (with its position), then the length, then the check character. Expects a normalised
 * code ({@link normalizeCreditCode}); lower case is accepted.
 */
export function creditCodeIssue(code: string): CreditCodeIssue | null {
  const c = code.toUpperCase();
  const chars = [...c];
  for (let i = 0; i < chars.length && i < 18; i++) {
    if (!CREDIT_CODE_CHARS.includes(chars[i]!)) return { problem: 'charset', position: i + 1, char: chars[i]! };
  }
  if (chars.length !== 18) return { problem: 'length', length: chars.length };
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : { problem: 'check' };
}

/** Null when valid; otherwise why not (see {@link creditCodeIssue} for the detail). Lower case is accepted. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  return creditCodeIssue(code)?.problem ?? null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** GB 11714 organisation code check character for the 8-character body (positions 9–16 of a credit code). */
export function orgCodeCheckChar(body8: string): string | null {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i];
    if (!ch) return null;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    if (v < 0 || v > 35) return null;
    sum += v * w[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Builds a valid credit code from a registration-authority/category prefix (e.g. '91' for an enterprise
 * registered with market regulation), a 6-digit division code and an 8-character organisation body.
 */
export function buildCreditCode(prefix2: string, division6: string, orgBody8: string): string {
  const org = orgBody8 + orgCodeCheckChar(orgBody8);
  const first17 = prefix2 + division6 + org;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`cannot build a credit code from ${first17}`);
  return first17 + check;
}
