import ExcelJS from 'exceljs';
import { buildCreditCode } from '@yuanan/domain';
import { multipart } from '../../testing/fixtures.ts';
import { SHEETS } from '../../modules/enterprises/import/columns.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

/**
 * Input as people type and paste it (issue 8, §5), end to end through the api: phones in every common form are
 * stored in one form and masked on it; credit codes and CAS numbers pasted in full-width or with invisible
 * characters are folded; what is still wrong is said precisely, in the caller's language.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let grid: Awaited<ReturnType<typeof userWithRole>>;
let seq = 0;
const code = () => buildCreditCode('91', '330782', `MA2P${String(1000 + ++seq)}`);
const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'inpz');
  grid = await userWithRole(env, zone, 'grid_worker');
});
afterAll(() => env.close());

async function createEnterprise(body: Record<string, unknown>, lang?: string) {
  return env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { name: `输入企业${++seq}`, principalName: '张三', ...body },
    ...(lang ? { headers: { 'accept-language': lang } } : {}),
  });
}

test('phones typed the ways people type them are stored in one form, and masked on that form', async () => {
  const cases: [string, string, string][] = [
    ['+86 139 0579 0103', '13905790103', '139****0103'],
    ['139-0579-0103', '13905790103', '139****0103'],
    ['\u3000１３９ ０５７９ ０１０３ ', '13905790103', '139****0103'],
    ['0086-13905790103', '13905790103', '139****0103'],
    ['0579-85201234转8001', '0579-85201234-8001', '0579-****1234'],
    ['(0579)85201234', '0579-85201234', '0579-****1234'],
    ['0579 8520 1234 ext. 8001', '0579-85201234-8001', '0579-****1234'],
    ['57985201234', '0579-85201234', '0579-****1234'], // Excel dropped the 0
  ];
  for (const [typed, stored, masked] of cases) {
    const r = await createEnterprise({ creditCode: code(), principalPhone: typed, safetyManagerPhone: typed });
    expect([typed, r.status]).toEqual([typed, 201]);
    expect([typed, r.body.principalPhone, r.body.safetyManagerPhone]).toEqual([typed, stored, stored]);
    const seen = await env.req('GET', `/api/v1/enterprises/${r.body.id}`, { token: grid.token });
    expect([typed, seen.body.principalPhone]).toEqual([typed, masked]);
  }
  const ent = (await createEnterprise({ creditCode: code() })).body;
  const contact = await env.req('POST', `/api/v1/enterprises/${ent.id}/contacts`, {
    token: zone.token,
    body: { name: '李四', phone: ' 0579-85201234-8001 ' },
  });
  expect(contact.status).toBe(201);
  expect(contact.body.phone).toBe('0579-85201234-8001');
  const user = await env.req('POST', '/api/v1/users', {
    token: zone.token,
    body: { username: 'phoneuser', name: '王五', role: 'grid_worker', password: 'Str0ng#Passw0rd', phone: '+86 139-0579-0103' },
  });
  expect(user.status).toBe(201);
  expect(user.body.phone).toBe('13905790103');
  const inv = await env.req('POST', '/api/v1/invitations', {
    token: zone.token,
    body: { role: 'grid_worker', phone: '0579-85201234' },
  });
  expect(inv.status).toBe(400);
  expect(inv.body.errors[0]).toMatchObject({ path: 'phone', message: expect.stringContaining('需要手机号') });
});

test('a phone that is still wrong is refused saying what is wrong, in zh-CN and en', async () => {
  const zh = await createEnterprise({ creditCode: code(), principalPhone: '139 0579 010' });
  expect(zh.status).toBe(400);
  expect(zh.body.errors).toEqual([
    expect.objectContaining({ path: 'principalPhone', message: '手机号应为 11 位，这里是 10 位' }),
  ]);
  expect(zh.body.detail).toBe('principalPhone: 手机号应为 11 位，这里是 10 位');
  const en = await createEnterprise({ creditCode: code(), principalPhone: '85201234' }, 'en');
  expect(en.body.errors).toEqual([
    expect.objectContaining({ path: 'principalPhone', message: 'Add the area code to a fixed line, e.g. 0579-85201234' }),
  ]);
});

test('credit codes pasted in full width or with a zero-width space are folded; a wrong character is named', async () => {
  const c1 = code();
  const r1 = await createEnterprise({ creditCode: fullWidth(c1) });
  expect(r1.status).toBe(201);
  expect(r1.body.creditCode).toBe(c1);
  const c2 = code();
  const r2 = await createEnterprise({ creditCode: `\u200B${c2.slice(0, 9)}\u200B${c2.slice(9).toLowerCase()}\uFEFF ` });
  expect(r2.status).toBe(201);
  expect(r2.body.creditCode).toBe(c2);
  // The same code pasted differently is the same enterprise.
  expect((await createEnterprise({ creditCode: ` ${fullWidth(c2)} ` })).status).toBe(409);
  const bad = `${c1.slice(0, 4)}I${c1.slice(5)}`;
  const zh = await createEnterprise({ creditCode: bad });
  expect(zh.status).toBe(400);
  expect(zh.body.errors[0].message).toMatch(/^第 5 位“I”不允许/);
  const en = await createEnterprise({ creditCode: bad }, 'en');
  expect(en.body.errors[0].message).toMatch(/^Character 5, "I", is not allowed/);
});

test('CAS numbers in full-width digits and dashes are folded before the check', async () => {
  const ent = (await createEnterprise({ creditCode: code() })).body;
  const r = await env.req('POST', `/api/v1/enterprises/${ent.id}/chemicals`, {
    token: zone.token,
    body: { name: '液氨', cas: '７６６４－４１－７', maxQuantity: 8, unit: 't' },
  });
  expect(r.status).toBe(201);
  expect(r.body.cas).toBe('7664-41-7');
  const bad = await env.req('POST', `/api/v1/enterprises/${ent.id}/chemicals`, {
    token: zone.token,
    body: { name: '液氨', cas: '７６６４－４１－８', maxQuantity: 8, unit: 't' },
    headers: { 'accept-language': 'en' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].message).toContain('check digit');
});

test('the Excel import goes through the same contracts: phones and credit codes are folded there too', async () => {
  const c = code();
  const def = SHEETS.find((d) => d.name === '企业')!;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业');
  ws.addRow(def.columns.map((col) => (col.required ? `${col.label}*` : col.label)));
  const values: Record<string, unknown> = {
    creditCode: ` ${fullWidth(c)}\u200B`,
    name: '导入输入企业',
    principalName: '赵六',
    principalPhone: '+86 139 0579 0103',
    safetyManagerPhone: 57985201234, // a number cell: the 0 is gone
  };
  ws.addRow(def.columns.map((col) => values[col.key] ?? null));
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const up = await env.req('POST', '/api/v1/enterprises/import', {
    token: zone.token,
    raw: multipart(buf, 'import.xlsx', { dryRun: 'false' }, XLSX),
  });
  expect(up.status).toBe(202);
  let job = up.body;
  for (const end = Date.now() + 60_000; job.status !== 'done' && job.status !== 'failed' && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 150));
    job = (await env.req('GET', `/api/v1/imports/${up.body.id}`, { token: zone.token })).body;
  }
  expect([job.status, job.error ?? job.report]).toEqual(['done', []]);
  expect(job.report).toEqual([]);
  const list = await env.req('GET', `/api/v1/enterprises?q=${encodeURIComponent('导入输入企业')}`, { token: zone.token });
  const got = await env.req('GET', `/api/v1/enterprises/${list.body.items[0].id}`, { token: zone.token });
  expect(got.body).toMatchObject({ creditCode: c, principalPhone: '13905790103', safetyManagerPhone: '0579-85201234' });
});
