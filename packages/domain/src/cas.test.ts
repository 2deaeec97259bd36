import { casCheckDigit, casProblem, isValidCas, normalizeCas } from './cas.ts';

test('known CAS numbers pass', () => {
  for (const c of ['7732-18-5', '7664-41-7', '7446-09-5', '64-17-5', '71-43-2', '58-08-2', '26471-62-5', '1333-74-0'])
    expect(isValidCas(c)).toBe(true);
});
test('a wrong check digit or format is refused with its reason', () => {
  expect(casProblem('7732-18-6')).toBe('check');
  expect(casProblem('7732185')).toBe('format');
  expect(casProblem('1-18-5')).toBe('format');
  expect(casProblem('12345678-18-5')).toBe('format');
  expect(casCheckDigit('773218')).toBe(5);
});

test('full-width digits and dashes, other dashes, spaces and missing dashes are folded to NNNN-NN-N', () => {
  for (const input of [
    '７６６４－４１－７',
    '7664－41－7',
    '7664\u201341\u20137', // en dashes
    '7664\u221241\u22127', // minus signs
    '7664\u201041\u20107', // hyphens
    ' 7664-41-7\u3000',
    '\u200B7664-41-7\uFEFF',
    '7664 - 41 - 7',
    '7664417',
    '７６６４４１７',
  ])
    expect([input, normalizeCas(input)]).toEqual([input, '7664-41-7']);
  expect(normalizeCas('64175')).toBe('64-17-5');
  expect(normalizeCas('766441-7')).toBe('766441-7'); // half-dashed: left for the format check to refuse
  expect(casProblem(normalizeCas('766441-7'))).toBe('format');
  expect(casProblem(normalizeCas('７７３２－１８－６'))).toBe('check');
});
