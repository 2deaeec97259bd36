import Fraction from 'fraction.js';

/**
 * Exact arithmetic for decisions where a sum meets a boundary (GB 18218 S ≥ 1 and the R bands, LEC/LS bands,
 * enterprise-colour thresholds). fraction.js keeps rationals exact (BigInt numerator/denominator), so 0.7 + 0.2 + 0.1
 * is 1 and q/Q with Q = 0.3 or 75 stays exact too — a decimal library would have to round 1/3.
 */

/**
 * A quantity as an exact rational: a decimal string is parsed digit by digit; a number is read as the shortest
 * decimal that prints it (0.1 → 1/10, as the user typed it), not as its binary expansion. Throws on NaN/∞.
 */
export function exact(x: number | string | Fraction): Fraction {
  if (x instanceof Fraction) return x;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    const s = String(x);
    return /e/i.test(s) ? new Fraction(x) : new Fraction(s);
  }
  return new Fraction(x.trim());
}

/** Rounded DOWN to `places` decimals, as a number: a displayed figure never reaches a boundary the value has not. */
export function floorTo(x: Fraction, places: number): number {
  return x.floor(places).valueOf();
}

/** Rounded half-up to `places` decimals, as a number (for points shown beside an exact decision). */
export function roundTo(x: Fraction, places: number): number {
  return x.round(places).valueOf();
}
