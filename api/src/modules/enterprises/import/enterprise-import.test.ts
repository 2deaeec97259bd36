import ExcelJS from 'exceljs';
import { buildCreditCode } from '@yuanan/domain';
import { multipart } from '../../../testing/fixtures.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../../testing/test-env.ts';
import { Enterprise } from '../enterprise.entity.ts';
import { tenantEm } from '../../../core/db/orm.ts';
import { SHEETS } from './columns.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const cc = (i: number) => buildCreditCode('91', '330782', `MA2K${String(i).padStart(4, '0')}`);

beforeAll(async () => {
  env = await createTestEnv({ worker: true, env: { UPLOAD_MAX_BYTES: String(20 * 1024 * 1024) } });
  zone = await zoneWithAdmin(env, 'impz');
  other = await zoneWithAdmin(env, 'impo');
  await env.req('POST', '/api/v1/catalog', { token: zone.token, body: { kind: 'grid', code: 'g-north', name: '北片网格' } });
});
afterAll(() => env.close());

type Rows = Record<string, Array<Array<unknown>>>;
/** A workbook with the template's headers and the given rows per sheet name. */
async function workbook(
  rows: Rows,
  opts: { rename?: Record<string, string>; tweak?: (wb: ExcelJS.Workbook) => void } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, data] of Object.entries(rows)) {
    const def = SHEETS.find((s) => s.name === name);
    const ws = wb.addWorksheet(opts.rename?.[name] ?? name);
    ws.addRow(def ? def.columns.map((c) => (c.required ? `${c.label}*` : c.label)) : ['随便', '什么']);
    for (const r of data) ws.addRow(r);
  }
  opts.tweak?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const ent = (i: number, over: Partial<Record<number, unknown>> = {}) => {
  const row: unknown[] = [
    cc(i),
    `导入企业${i}`,
    '法人',
    `负责人${i}`,
    '13800000000',
    '',
    '',
    'C3389',
    '金属制品',
    '民营',
    50 + i,
    800,
    900,
    '义乌市某路1号',
    29.3,
    120.1,
    '北片网格',
    '钢结构',
    '是',
    '',
    '三级',
    '有限空间作业场所、喷涂作业场所',
    30,
  ];
  for (const [k, v] of Object.entries(over)) row[Number(k)] = v;
  return row;
};

async function run(buf: Buffer, dryRun: boolean, token = zone.token) {
  const up = await env.req('POST', '/api/v1/enterprises/import', {
    token,
    raw: multipart(buf, 'import.xlsx', { dryRun: String(dryRun) }, XLSX),
  });
  expect(up.status).toBe(202);
  const end = Date.now() + 60_000;
  for (;;) {
    const j = await env.req('GET', `/api/v1/imports/${up.body.id}`, { token });
    if (j.body.status === 'done' || j.body.status === 'failed' || Date.now() > end) return j.body;
    await new Promise((r) => setTimeout(r, 150));
  }
}
const count = () => tenantEm(env.api.c.orm, zone.tenant.id).count(Enterprise, {});

test('the template has every sheet, headers marked required, and an instructions sheet', async () => {
  const r = await fetch(`${env.url}/api/v1/enterprises/import/template`, { headers: { authorization: `Bearer ${zone.token}` } });
  expect(r.headers.get('content-type')).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await r.arrayBuffer());
  expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '企业', '持证人员', '危险化学品', '应急物资', '联系人']);
  expect(wb.getWorksheet('企业')!.getRow(1).getCell(1).value).toBe('统一社会信用代码*');
});

test('dry run previews without saving; the import saves; importing again updates instead of duplicating', async () => {
  const file = await workbook({
    企业: [ent(1), ent(2), ent(3, { 19: cc(1) })],
    持证人员: [[cc(1), '王电工', '特种作业', '电工作业', 'T123456789', '电工', '2024-01-01', '2030-01-01']],
    危险化学品: [[cc(2), '液氨', '7664-41-7', 12, '吨', '冷库', '储氨器', '是']],
    应急物资: [[cc(2), '', '灭火器', 10, '具', '一号仓库', '2030-06-30', 5]],
    联系人: [[cc(3), '李联系', '安全员', '13900000001', '是']],
  });
  const before = await count();
  const dry = await run(file, true);
  expect(dry.status).toBe('done');
  expect(dry.report).toEqual([]);
  expect(dry.summary).toMatchObject({ enterprises: 3, enterprisesToCreate: 3, records: 4, saved: 0 });
  expect(await count()).toBe(before);
  const real = await run(file, false);
  expect(real.summary).toMatchObject({ created: 3, recordsCreated: 4, saved: 1 });
  expect(await count()).toBe(before + 3);
  const list = await env.req('GET', `/api/v1/enterprises?q=导入企业3`, { token: zone.token });
  expect(list.body.items[0]).toMatchObject({
    landlordName: '导入企业1',
    gridName: '北片网格',
    keyPlaceTags: ['confined_space', 'spraying'],
  });
  // Again, the same file: nothing new.
  const again = await run(file, false);
  expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, recordsCreated: 0, recordsUnchanged: 4 });
  // One changed cell: one update.
  const changed = await run(await workbook({ 企业: [ent(1, { 10: 999 })] }), false);
  expect(changed.summary).toMatchObject({ created: 0, updated: 1 });
  expect(await count()).toBe(before + 3);
  // Zone B's enterprise with the same code is untouched, and zone B sees nothing of zone A.
  expect((await env.req('GET', '/api/v1/enterprises', { token: other.token })).body.total).toBe(0);
});

test('a report names sheet, row, field and reason; one bad row means nothing is saved', async () => {
  const before = await count();
  const file = await workbook({
    企业: [
      ent(20),
      ent(21, { 0: '91330782MA2I00XXXX' }),
      ent(22, { 10: '很多', 18: '也许' }),
      ent(20),
      ent(23, { 16: '不存在的网格', 21: '外星标签' }),
    ],
    持证人员: [[cc(99), '无主', '特种作业', '电工作业', 'T999', '', '2024-01-01', '2023-01-01']],
    危险化学品: [[cc(20), '氨', '7664-41-8', 1]],
  });
  const r = await run(file, false);
  expect(r.summary.saved).toBe(0);
  const lines = r.report.map(
    (l: { sheet: string; row: number; field: string; reason: string }) => `${l.sheet}|${l.row}|${l.field}|${l.reason}`,
  );
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^企业\|3\|统一社会信用代码\|/),
      '企业|4|从业人员数|应为数字',
      '企业|4|有无自动喷淋|应填“是”或“否”',
      '企业|5|统一社会信用代码|与第 2 行重复',
      '企业|6|网格|本园区没有网格“不存在的网格”',
      expect.stringMatching(/^企业\|6\|重点场所标签\|本园区没有标签“外星标签”/),
      expect.stringMatching(/^持证人员\|2\|有效期至\|有效期至须晚于发证日期/),
      expect.stringMatching(/^危险化学品\|2\|CAS号\|CAS 号校验位不正确/),
    ]),
  );
  expect(await count()).toBe(before);
});

test('hostile workbooks: unknown sheet, missing headers, merged cells, formulas, error cells — a report, never a crash', async () => {
  const before = await count();
  const unknown = await run(await workbook({ 表格1: [['x', 'y']], 表格2: [['z']] }), false);
  expect(unknown.report[0].reason).toContain('没有找到可导入的工作表');
  const renamed = await run(await workbook({ 企业: [ent(30)] }, { rename: { 企业: 'Sheet1' } }), true);
  expect(renamed.report).toEqual([]); // one sheet, recognised by its headers
  const noHeader = await workbook(
    { 企业: [] },
    { tweak: (wb) => (wb.getWorksheet('企业')!.getRow(1).getCell(2).value = '名字') },
  );
  expect((await run(noHeader, false)).report[0]).toMatchObject({
    sheet: '企业',
    field: '企业名称',
    reason: expect.stringContaining('缺少该列'),
  });
  const merged = await workbook({ 企业: [ent(31), ent(32)] }, { tweak: (wb) => wb.getWorksheet('企业')!.mergeCells('B2:B3') });
  expect((await run(merged, false)).report.some((l: { reason: string }) => l.reason.includes('合并单元格'))).toBe(true);
  const formulas = await workbook(
    { 企业: [ent(33), ent(34)] },
    {
      tweak: (wb) => {
        const ws = wb.getWorksheet('企业')!;
        ws.getCell('K2').value = { formula: '10*5', result: 50 } as ExcelJS.CellFormulaValue;
        ws.getCell('K3').value = { formula: 'SUM(Z1:Z9)' } as ExcelJS.CellFormulaValue;
        ws.getCell('L3').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
      },
    },
  );
  const f = await run(formulas, false);
  expect(f.report.map((l: { row: number; reason: string }) => `${l.row}:${l.reason}`)).toEqual([
    '3:公式单元格没有可用的计算结果，请粘贴为数值',
    '3:单元格错误值 #REF!',
  ]);
  const garbage = await env.req('POST', '/api/v1/enterprises/import', {
    token: zone.token,
    raw: multipart(Buffer.from('not a spreadsheet at all'), 'x.xlsx', {}, XLSX),
  });
  expect(garbage.status).toBe(415);
  expect(await count()).toBe(before);
});

test('100,000 rows are refused with a report, without reading them all, and nothing is saved', async () => {
  const before = await count();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('应急物资');
  ws.addRow(SHEETS.find((s) => s.kind === 'supplies')!.columns.map((c) => c.label));
  for (let i = 0; i < 100_000; i++) ws.addRow([cc(1), '', `物资${i}`, 1, '个']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const r = await run(buf, false);
  expect(r.status).toBe('done');
  expect(r.report[0].reason).toMatch(/超过单次导入上限/);
  expect(await count()).toBe(before);
}, 120_000);

test('an export can be imported back unchanged', async () => {
  const res = await fetch(`${env.url}/api/v1/enterprises/export?records=true&q=导入企业`, {
    headers: { authorization: `Bearer ${zone.token}` },
  });
  expect(res.headers.get('content-disposition')).toContain('.xlsx');
  const buf = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  expect(wb.getWorksheet('企业')!.rowCount).toBeGreaterThanOrEqual(4);
  const back = await run(buf, true);
  // Contacts export masked phones; they are the only difference.
  expect(back.report.filter((l: { sheet: string }) => l.sheet !== '联系人')).toEqual([]);
  expect(back.summary.enterprisesToCreate).toBe(0);
});
