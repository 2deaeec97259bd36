import { foldPhoneText, maskPhone, normalizeMobile, normalizePhone, type PhoneProblem } from './phone.ts';

const ok = (input: string) => {
  const r = normalizePhone(input);
  if (!r.ok) throw new Error(`${JSON.stringify(input)} refused: ${r.problem}`);
  return r.value;
};
const problem = (input: string): PhoneProblem | null => {
  const r = normalizePhone(input);
  return r.ok ? null : r.problem;
};

test('a mobile written the ways people write it is stored as 11 digits', () => {
  for (const input of [
    '13905790103',
    '+86 139 0579 0103',
    '+8613905790103',
    '+86-139-0579-0103',
    '(+86) 139 0579 0103',
    '0086-13905790103',
    '0086 139 0579 0103',
    '008613905790103',
    '86 13905790103',
    '8613905790103',
    '139-0579-0103',
    '139 0579 0103',
    '139.0579.0103',
    '  13905790103  ',
    '\u300013905790103\u3000', // full-width spaces around
    '139\u30000579\u30000103', // full-width spaces inside
    '１３９０５７９０１０３', // full-width digits
    '＋８６　１３９－０５７９－０１０３',
    '\u200B13905790103\uFEFF', // zero-width space, BOM
    '139\u20140579\u20130103', // em and en dashes
    '139\u00A00579\u00A00103', // non-breaking spaces from a web page
  ])
    expect([input, ok(input)]).toEqual([input, '13905790103']);
  expect(normalizePhone('13905790103')).toEqual({ ok: true, value: '13905790103', kind: 'mobile', extension: null });
});

test('every mobile network code 13–19 is a mobile; 10–12 are not', () => {
  for (const n of ['3', '4', '5', '6', '7', '8', '9']) expect(ok(`1${n}905790103`)).toBe(`1${n}905790103`);
  for (const n of ['0', '1', '2']) expect(problem(`1${n}905790103`)).toBe('mobile_prefix');
});

test('a fixed line is stored as area code, dash, local number', () => {
  for (const input of [
    '0579-85201234',
    '057985201234',
    '(0579)85201234',
    '（0579）85201234',
    '(0579) 8520 1234',
    '0579 8520 1234',
    '0579 85201234',
    '0579-8520-1234',
    '０５７９－８５２０１２３４',
    '+86 579 8520 1234', // international: no trunk 0
    '+86 (0)579 85201234',
    '0086 579 85201234',
    '57985201234', // Excel dropped the leading 0
  ])
    expect([input, ok(input)]).toEqual([input, '0579-85201234']);
  expect(normalizePhone('0579-85201234')).toEqual({ ok: true, value: '0579-85201234', kind: 'landline', extension: null });
});

test('area codes follow the plan: 010 and 02X are followed by 8 digits, 0XXX by 7 or 8', () => {
  expect(ok('010-62345678')).toBe('010-62345678');
  expect(ok('01062345678')).toBe('010-62345678');
  expect(ok('1062345678')).toBe('010-62345678'); // Beijing with the 0 dropped: 10 digits, no mobile has that
  expect(ok('021 6123 4567')).toBe('021-61234567');
  expect(ok('2161234567')).toBe('021-61234567');
  expect(ok('029-88881234')).toBe('029-88881234');
  expect(ok('0571-8888123')).toBe('0571-8888123'); // 7-digit local number
  expect(ok('05718888123')).toBe('0571-8888123');
  expect(ok('5718888123')).toBe('0571-8888123');
  expect(ok('0991-2345678')).toBe('0991-2345678');
  expect(problem('021-6123456')).toBe('local_number'); // 02X cities have 8-digit local numbers
  expect(problem('010-1234567')).toBe('local_number');
  expect(problem('0579-05201234')).toBe('local_number'); // local numbers never start with 0 or 1
  expect(problem('0579-15201234')).toBe('local_number');
  expect(problem('0579-852012345')).toBe('local_number'); // 9 digits
  expect(problem('011-12345678')).toBe('area_code');
  expect(problem('001-12345678')).toBe('area_code');
  expect(problem('85201234')).toBe('area_code_missing');
  expect(problem('8520123')).toBe('area_code_missing');
});

test('an extension is kept in one form: area-local-extension', () => {
  for (const input of [
    '0579-85201234转8001',
    '0579-85201234 转 8001',
    '0579-85201234轉8001',
    '0579-85201234分机8001',
    '0579-85201234 分机号 8001',
    '0579-85201234-8001',
    '0579 8520 1234-8001',
    '0579-85201234 ext. 8001',
    '0579-85201234 ext 8001',
    '0579-85201234 EXT.8001',
    '0579-85201234x8001',
    '0579-85201234#8001',
    '（0579）85201234转8001',
    '57985201234-8001',
    '57985201234转8001',
    '+86 579 8520 1234 ext. 8001',
  ])
    expect([input, ok(input)]).toEqual([input, '0579-85201234-8001']);
  expect(normalizePhone('0579-85201234转8001')).toEqual({
    ok: true,
    value: '0579-85201234-8001',
    kind: 'landline',
    extension: '8001',
  });
  expect(ok('010-62345678-1')).toBe('010-62345678-1');
  expect(problem('0579-85201234转1234567')).toBe('extension');
  expect(problem('13905790103转8001')).toBe('extension'); // mobiles have no extensions
});

test('400 and 800 service numbers reach an enterprise and are kept; short service numbers are refused', () => {
  expect(normalizePhone('400-820-8820')).toEqual({ ok: true, value: '400-820-8820', kind: 'service', extension: null });
  expect(ok('4008208820')).toBe('400-820-8820');
  expect(ok('400 820 8820')).toBe('400-820-8820');
  expect(ok('800-820-8820')).toBe('800-820-8820');
  for (const s of ['110', '119', '120', '12345', '12350', '95588', '95105105', '96119'])
    expect([s, problem(s)]).toEqual([s, 'short_service']);
});

test('the rest is refused with what is wrong', () => {
  expect(problem('')).toBe('empty');
  expect(problem('   ')).toBe('empty');
  expect(problem('1390579010')).toBe('mobile_length');
  expect(problem('139057901031')).toBe('mobile_length');
  expect(problem('+1 415 555 0100')).toBe('foreign');
  expect(problem('+852 2123 4567')).toBe('foreign');
  expect(problem('0579-85201234/13905790103')).toBe('chars');
  expect(normalizePhone('139O5790103')).toMatchObject({ ok: false, problem: 'chars', char: 'O' });
  expect(problem('tel:13905790103')).toBe('chars');
  expect(problem('139+05790103')).toBe('chars');
  expect(problem('5798520123456')).toBe('local_number');
});

test('mobile-only fields take only mobiles and say so for a fixed line', () => {
  expect(normalizeMobile('+86 139 0579 0103')).toMatchObject({ ok: true, value: '13905790103' });
  expect(normalizeMobile('0579-85201234')).toMatchObject({ ok: false, problem: 'not_mobile' });
  expect(normalizeMobile('400-820-8820')).toMatchObject({ ok: false, problem: 'not_mobile' });
  expect(normalizeMobile('1390579010')).toMatchObject({ ok: false, problem: 'mobile_length', digits: 10 });
});

test('normalising is idempotent: a stored form normalises to itself', () => {
  for (const v of ['13905790103', '0579-85201234', '0579-85201234-8001', '010-62345678', '0571-8888123', '400-820-8820'])
    expect(ok(v)).toBe(v);
});

test('masking works on every stored form and on old unnormalised values', () => {
  expect(maskPhone('13905790103')).toBe('139****0103');
  expect(maskPhone('0579-85201234')).toBe('0579-****1234');
  expect(maskPhone('0579-85201234-8001')).toBe('0579-****1234');
  expect(maskPhone('010-62345678')).toBe('010-****5678');
  expect(maskPhone('057985201234')).toBe('0579-****1234'); // stored before normalisation
  expect(maskPhone('400-820-8820')).toBe('400-***-8820');
  expect(maskPhone('12')).toBe('****');
  expect(maskPhone('abcdefgh')).toBe('abcd****gh');
  for (const v of ['13905790103', '0579-85201234-8001', '010-62345678']) expect(maskPhone(v)).not.toContain(v.slice(-8, -4));
});

test('folding leaves ASCII text alone and turns full-width text into it', () => {
  expect(foldPhoneText('０５７９－８５２０１２３４\u3000')).toBe('0579-85201234');
  expect(foldPhoneText(' a  b ')).toBe('a b');
});
