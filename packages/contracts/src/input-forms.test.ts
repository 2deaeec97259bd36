import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anyPhone, mobilePhone } from './common.ts';
import { casNumber, contactInput, createEnterpriseRequest, creditCode } from './enterprises.ts';
import { createInvitationRequest, createUserRequest, updateUserRequest } from './identity.ts';
import { CONTRACT_MESSAGES_EN, issueMessage } from './messages.ts';

const CJK = /[\u3400-\u9FFF\uF900-\uFAFF]/;

function messages(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: unknown[] } } }, v: unknown) {
  const r = schema.safeParse(v);
  if (r.success) return null;
  const issues = r.error!.issues as { code: string; message: string; params?: Record<string, unknown> }[];
  return { zh: issues.map((i) => issueMessage(i, 'zh-CN')), en: issues.map((i) => issueMessage(i, 'en')) };
}

test('phone fields store one normalised form whatever the user typed', () => {
  expect(anyPhone.parse('+86 139 0579 0103')).toBe('13905790103');
  expect(anyPhone.parse('139-0579-0103')).toBe('13905790103');
  expect(anyPhone.parse('  １３９０５７９０１０３\u3000')).toBe('13905790103');
  expect(anyPhone.parse('0579-85201234转8001')).toBe('0579-85201234-8001');
  expect(anyPhone.parse('(0579)85201234')).toBe('0579-85201234');
  expect(anyPhone.parse('57985201234')).toBe('0579-85201234');
  expect(mobilePhone.parse('0086-13905790103')).toBe('13905790103');
  expect(anyPhone.nullable().parse(null)).toBeNull();
});

test('every request that takes a phone normalises it', () => {
  const ent = createEnterpriseRequest.parse({
    creditCode: '９１４４０３００７０８４６１１３６Ｔ',
    name: '示例',
    principalName: '张三',
    principalPhone: '+86 139 0579 0103',
    safetyManagerPhone: '0579 8520 1234 ext. 8001',
  });
  expect(ent).toMatchObject({
    creditCode: '91440300708461136T',
    principalPhone: '13905790103',
    safetyManagerPhone: '0579-85201234-8001',
  });
  expect(contactInput.parse({ name: '李四', phone: '139 0579 0103' }).phone).toBe('13905790103');
  const user = { username: 'wangwu', name: '王五', role: 'safety_officer', password: 'x' };
  expect(createUserRequest.parse({ ...user, phone: '+86 139-0579-0103' }).phone).toBe('13905790103');
  expect(updateUserRequest.parse({ phone: '139 0579 0103' }).phone).toBe('13905790103');
  expect(createInvitationRequest.parse({ role: 'grid_worker', phone: '0086 13905790103' }).phone).toBe('13905790103');
  // Sign-in and SMS need a mobile: a fixed line is refused with that reason.
  expect(messages(createInvitationRequest, { role: 'grid_worker', phone: '0579-85201234' })?.zh[0]).toContain('需要手机号');
});

test('a refused phone says what is wrong, in both languages', () => {
  expect(messages(anyPhone, '1390579010')).toEqual({
    zh: ['手机号应为 11 位，这里是 10 位'],
    en: ['A mobile number has 11 digits; this one has 10'],
  });
  expect(messages(anyPhone, '85201234')?.zh[0]).toContain('区号');
  expect(messages(anyPhone, '0579-85201234/13905790103')?.zh[0]).toContain('“/”');
  expect(messages(anyPhone, '95588')?.en[0]).toContain('Service numbers');
});

test('credit codes are folded before the check; what remains wrong is named precisely', () => {
  expect(creditCode.parse('\u200B91440300708461136t ')).toBe('91440300708461136T');
  expect(creditCode.parse('９１４４０３００７０８４６１１３６Ｔ')).toBe('91440300708461136T');
  expect(creditCode.parse('\uFEFF9144 0300 7084 6113 6T')).toBe('91440300708461136T');
  expect(messages(creditCode, '9144I300708461136T')).toEqual({
    zh: ['第 5 位“I”不允许：统一社会信用代码只用数字和大写字母（不含 I、O、S、V、Z），是否应为数字 1？'],
    en: ['Character 5, "I", is not allowed: credit codes use digits and capital letters except I, O, S, V, Z (the digit 1?)'],
  });
  expect(messages(creditCode, '9144030070846113')?.zh).toEqual(['统一社会信用代码应为 18 位，这里是 16 位']);
  expect(messages(creditCode, '91440300708461136U')?.zh[0]).toContain('校验位');
});

test('CAS numbers in full-width digits and dashes are folded before the check', () => {
  expect(casNumber.parse('７６６４－４１－７')).toBe('7664-41-7');
  expect(casNumber.parse('7664\u201341\u20137')).toBe('7664-41-7');
  expect(casNumber.parse(' 7664417 ')).toBe('7664-41-7');
  expect(messages(casNumber, '7664-41-8')?.en).toEqual([
    'The CAS check digit (the last one) does not match: check it was copied right',
  ]);
  expect(messages(casNumber, '76-4')?.zh).toEqual(['CAS 号应为三段数字，如 7664-41-7']);
});

test('every fixed Chinese message in the contracts has its English', () => {
  const dir = dirname(fileURLToPath(import.meta.url));
  const missing: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/message:\s*'([^']+)'/g)) {
      if (CJK.test(m[1]!) && !CONTRACT_MESSAGES_EN[m[1]!]) missing.push(`${f}: ${m[1]}`);
    }
  }
  expect(missing).toEqual([]);
  for (const en of Object.values(CONTRACT_MESSAGES_EN)) expect([en, CJK.test(en)]).toEqual([en, false]);
});
