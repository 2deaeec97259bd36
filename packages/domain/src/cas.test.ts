import { casCheckDigit, casProblem, isValidCas } from './cas.ts';

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
