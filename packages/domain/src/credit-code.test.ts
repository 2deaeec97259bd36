import { buildCreditCode, creditCodeCheckChar, creditCodeProblem, isValidCreditCode, orgCodeCheckChar } from './credit-code.ts';

test('published credit codes pass the GB 32100-2015 check character', () => {
  // Codes printed on public business licences.
  for (const c of ['91440300708461136T', '91110000802100433B', '911100001000044477']) expect(isValidCreditCode(c)).toBe(true);
});

test('a wrong check character, a wrong length and letters outside the set (I O S V Z) are refused, each with its reason', () => {
  expect(creditCodeProblem('91440300708461136U')).toBe('check');
  expect(creditCodeProblem('9144030070846113')).toBe('length');
  expect(creditCodeProblem('91440300708461136I')).toBe('charset');
  expect(creditCodeProblem('9144O300708461136T')).toBe('charset');
  expect(isValidCreditCode('')).toBe(false);
});

test('every single-character change of a valid code is detected', () => {
  const code = '91440300708461136T';
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (let i = 0; i < 17; i++) {
    for (const ch of chars) {
      if (ch === code[i]) continue;
      const changed = code.slice(0, i) + ch + code.slice(i + 1);
      expect(isValidCreditCode(changed)).toBe(false);
    }
  }
});

test('check character arithmetic: a remainder of 0 maps to "0", and built codes validate', () => {
  expect(creditCodeCheckChar('short')).toBeNull();
  const built = buildCreditCode('91', '330782', 'MA2B0C1D');
  expect(built).toHaveLength(18);
  expect(isValidCreditCode(built)).toBe(true);
  // GB 11714 organisation code check: 10 → X, 11 → 0.
  expect(orgCodeCheckChar('70846113')).toBe('6');
});
