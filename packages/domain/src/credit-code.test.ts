import {
  buildCreditCode,
  creditCodeCheckChar,
  creditCodeIssue,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
  orgCodeCheckChar,
} from './credit-code.ts';

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

test('what people paste is folded to what the licence prints', () => {
  const code = '91440300708461136T';
  for (const input of [
    '９１４４０３００７０８４６１１３６Ｔ', // full-width
    '\u200B91440300708461136T', // zero-width space in front
    '9144030070846\u200B1136T', // … or inside
    '\uFEFF91440300708461136T', // BOM from a text file
    '  91440300708461136T\u3000', // spaces, full-width space
    '9144 0300 7084 6113 6T', // grouped for reading
    '91440300708461136t', // lower case
    '\u00A091440300708461136T\u00A0', // non-breaking spaces from a web page
  ]) {
    expect([input, normalizeCreditCode(input)]).toEqual([input, code]);
    expect(isValidCreditCode(normalizeCreditCode(input))).toBe(true);
  }
});

test('the issue names what is really wrong: the position and character, the length, or the check character', () => {
  expect(creditCodeIssue('9144I300708461136T')).toEqual({ problem: 'charset', position: 5, char: 'I' });
  expect(creditCodeIssue('91440300708461136O')).toEqual({ problem: 'charset', position: 18, char: 'O' });
  expect(creditCodeIssue('91440300-708461136')).toEqual({ problem: 'charset', position: 9, char: '-' });
  // A bad character is named even when the length is also wrong: it is what the person mistyped.
  expect(creditCodeIssue('9144S30070846113')).toEqual({ problem: 'charset', position: 5, char: 'S' });
  expect(creditCodeIssue('9144030070846113')).toEqual({ problem: 'length', length: 16 });
  expect(creditCodeIssue('914403007084611366T')).toEqual({ problem: 'length', length: 19 });
  expect(creditCodeIssue('91440300708461136U')).toEqual({ problem: 'check' });
  expect(creditCodeIssue('91440300708461136T')).toBeNull();
  // Without normalising, a zero-width space is a character at a position, not a wrong length.
  expect(creditCodeIssue('9144030070846\u200B1136T')).toEqual({ problem: 'charset', position: 14, char: '\u200B' });
});
