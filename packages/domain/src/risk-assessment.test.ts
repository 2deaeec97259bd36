import { lec, lecFactorProblems, ls, lsFactorProblems, worstColour } from './risk-assessment.ts';

test('LEC: D = L × E × C, banded >320 red, >160 orange, >70 yellow, else blue (boundaries belong to the lower band)', () => {
  expect(lec({ l: 10, e: 6, c: 40 })).toEqual({ score: 2400, colour: 'red' });
  expect(lec({ l: 6, e: 6, c: 15 })).toEqual({ score: 540, colour: 'red' });
  expect(lec({ l: 3, e: 6, c: 15 })).toEqual({ score: 270, colour: 'orange' });
  expect(lec({ l: 1, e: 6, c: 40 }).colour).toBe('orange'); // 240
  expect(lec({ l: 3, e: 3, c: 15 }).colour).toBe('yellow'); // 135
  expect(lec({ l: 1, e: 3, c: 7 }).colour).toBe('blue'); // 21
  expect(lec({ l: 0.5, e: 0.5, c: 1 })).toEqual({ score: 0.25, colour: 'blue' });
  // Exactly on a boundary: 320 is orange, 160 yellow, 70 blue (zone thresholds can change this).
  expect(lec({ l: 1, e: 2, c: 160 as never }).colour).toBe('orange');
  expect(lec({ l: 1, e: 10, c: 7 }).colour).toBe('blue'); // 70
  expect(lec({ l: 1, e: 10, c: 7 }, { red: 320, orange: 160, yellow: 69 }).colour).toBe('yellow');
});

test('LEC factors must be on the scales', () => {
  expect(lecFactorProblems({ l: 10, e: 6, c: 40 })).toEqual([]);
  expect(lecFactorProblems({ l: 4, e: 5, c: 50 })).toHaveLength(3);
});

test('LS: R = L × S, banded 20–25 red, 9–16 orange, 4–8 yellow, 1–3 blue', () => {
  expect(ls({ l: 5, s: 5 })).toEqual({ score: 25, colour: 'red' });
  expect(ls({ l: 4, s: 5 }).colour).toBe('red');
  expect(ls({ l: 4, s: 4 }).colour).toBe('orange');
  expect(ls({ l: 3, s: 3 }).colour).toBe('orange');
  expect(ls({ l: 2, s: 4 }).colour).toBe('yellow');
  expect(ls({ l: 2, s: 2 }).colour).toBe('yellow');
  expect(ls({ l: 1, s: 3 }).colour).toBe('blue');
  expect(lsFactorProblems({ l: 0, s: 6 })).toHaveLength(2);
  expect(lsFactorProblems({ l: 2.5, s: 3 })).toHaveLength(1);
});

test('the worst colour of several', () => {
  expect(worstColour(['blue', 'orange', 'yellow'])).toBe('orange');
  expect(worstColour([null, undefined])).toBeNull();
  expect(worstColour(['blue', 'red'])).toBe('red');
});

test('issue 8 §7: LEC and LS bands are decided on the exact product, also against a zone’s decimal bands', () => {
  // 0.1 × 7 × 100 is 70.00000000000001 in floating point: exactly on the default yellow boundary, so blue.
  expect(lec({ l: 0.1, e: 7 as never, c: 100 })).toEqual({ score: 70, colour: 'blue' });
  // 0.2 × 3 × 7 = 4.2 (4.200000000000001 in floating point) against a zone band of 4.2: not above it.
  expect(lec({ l: 0.2, e: 3, c: 7 }, { red: 10, orange: 5, yellow: 4.2 }).colour).toBe('blue');
  expect(lec({ l: 0.2, e: 3, c: 7 }, { red: 10, orange: 5, yellow: 4.19 }).colour).toBe('yellow');
  // 0.5 × 0.5 × 3 = 0.75 (exact in binary) with a band of 0.75 / 0.7500001.
  expect(lec({ l: 0.5, e: 0.5, c: 3 }, { red: 10, orange: 5, yellow: 0.75 }).colour).toBe('blue');
  // LS: at least the threshold reaches the colour, on each boundary.
  expect([ls({ l: 4, s: 5 }), ls({ l: 3, s: 3 }), ls({ l: 2, s: 2 }), ls({ l: 1, s: 3 })].map((x) => x.colour)).toEqual([
    'red',
    'orange',
    'yellow',
    'blue',
  ]);
  expect(ls({ l: 3, s: 3 }, { red: 20, orange: 9.5, yellow: 4 }).colour).toBe('yellow');
});
