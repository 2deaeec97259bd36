import { casProblem, checkChemical, emptyChemicalForm, fromChemical, toggleCategory } from './chemical-form';

test('CAS numbers: format and check digit', () => {
  expect(casProblem('7664-41-7')).toBeNull(); // 液氨
  expect(casProblem('108-88-3')).toBeNull(); // 甲苯
  expect(casProblem('7664-41-8')).toContain('校验位');
  expect(casProblem('766441-7')).toContain('格式');
  expect(casProblem('1-41-7')).toContain('格式');
});

test('the form is checked like the server: name, quantity > 0, a unit; blanks become null', () => {
  const bad = checkChemical({ ...emptyChemicalForm(), name: ' ', maxQuantity: '0', unitName: '', cas: '7664-41-8' });
  expect(bad.body).toBeNull();
  expect(Object.keys(bad.problems).sort()).toEqual(['cas', 'maxQuantity', 'name', 'unitName']);
  expect(checkChemical({ ...emptyChemicalForm(), name: '甲苯', maxQuantity: '-3' }).problems.maxQuantity).toBeDefined();
  expect(checkChemical({ ...emptyChemicalForm(), name: '甲苯', maxQuantity: '1e3' }).problems.maxQuantity).toBeDefined();

  const ok = checkChemical({
    ...emptyChemicalForm(),
    name: ' 液氨 ',
    cas: '7664-41-7',
    maxQuantity: '8.5',
    unitName: '冷库机房',
  });
  expect(ok.problems).toEqual({});
  expect(ok.body).toEqual({
    name: '液氨',
    cas: '7664-41-7',
    maxQuantity: 8.5,
    unit: 't',
    unitName: '冷库机房',
    storagePlace: null,
    keySupervised: false,
    categories: [],
    table1No: null,
  });
});

test('an existing chemical fills the form and saves back unchanged', () => {
  const c = {
    id: 'c1',
    enterpriseId: 'e1',
    name: '天然气',
    cas: '74-82-8',
    table1No: 49,
    categories: ['W2'],
    maxQuantity: 2,
    unit: 'm3' as const,
    unitName: '锅炉房',
    storagePlace: '调压站',
    keySupervised: true,
    criticalTonnes: 50,
    basis: '表1',
    unmatched: null,
  };
  const { body } = checkChemical(fromChemical(c));
  expect(body).toEqual({
    name: c.name,
    cas: c.cas,
    maxQuantity: 2,
    unit: 'm3',
    unitName: '锅炉房',
    storagePlace: '调压站',
    keySupervised: true,
    categories: ['W2'],
    table1No: 49,
  });
});

test('hazard categories toggle on and off and keep the order of Table 2 (issue 8 §7: several categories)', () => {
  const order = ['J1', 'J2', 'W2', 'W5.3'];
  expect(toggleCategory([], 'W5.3', order)).toEqual(['W5.3']);
  expect(toggleCategory(['W5.3'], 'J2', order)).toEqual(['J2', 'W5.3']);
  expect(toggleCategory(['J2', 'W5.3'], 'J2', order)).toEqual(['W5.3']);
  const { body } = checkChemical({ ...emptyChemicalForm(), name: '某溶剂', maxQuantity: '3', categories: ['J2', 'W5.3'] });
  expect(body).toMatchObject({ categories: ['J2', 'W5.3'] });
});
