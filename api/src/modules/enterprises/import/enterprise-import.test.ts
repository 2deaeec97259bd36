import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { buildCreditCode } from '@yuanan/domain';
import { multipart } from '../../../testing/fixtures.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../../testing/test-env.ts';
import { supervisorIn } from '../../../testing/supervision-fixtures.ts';
import { Enterprise } from '../enterprise.entity.ts';
import { CertifiedWorker, EnterpriseContact } from '../enterprise-records.entity.ts';
import { tenantEm } from '../../../core/db/orm.ts';
import { SHEETS } from './columns.ts';
import { cellValue, importRowLimit, readRows, scanWorkbook, type ReportLine } from './workbook.ts';
import JSZip from 'jszip';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const cc = (i: number) => buildCreditCode('91', '330782', `MA2K${String(i).padStart(4, '0')}`);

beforeAll(async () => {
  // A small memory budget, so the memory-derived row limit is reached by a file a test can build quickly.
  env = await createTestEnv({ worker: true, env: { UPLOAD_MAX_BYTES: String(20 * 1024 * 1024), IMPORT_MEMORY_BUDGET_MB: '8' } });
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
      expect.stringMatching(/^危险化学品\|2\|CAS号\|CAS 号校验位/),
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

test('every cell kind exceljs returns is read as the text a user sees; what cannot be read is reported by the dry run', async () => {
  const file = await workbook(
    {
      企业: [ent(40), ent(41)],
      持证人员: [
        [cc(40), '王焊工', '特种作业', '焊接与热切割作业', 'T40-1', '焊工', new Date(Date.UTC(2024, 0, 15)), '2030-01-15'],
      ],
    },
    {
      tweak: (wb) => {
        const ws = wb.getWorksheet('企业')!;
        // A name pasted from a web page: a hyperlink whose text has mixed formatting.
        ws.getCell('B2').value = {
          text: { richText: [{ text: '义乌', font: { bold: true } }, { text: '链接五金厂' }] },
          hyperlink: 'https://example.cn/e/40',
        } as unknown as ExcelJS.CellHyperlinkValue;
        ws.getCell('C2').value = { richText: [{ text: '王', font: { italic: true } }, { text: '法人' }] };
        ws.getCell('I2').value = { text: '金属制品业', hyperlink: 'https://example.cn/i' };
        ws.getCell('K2').value = { formula: '30*2', result: 60 } as ExcelJS.CellFormulaValue;
        ws.getCell('N2').value = { formula: '"义乌市"&"公式路1号"', result: '义乌市公式路1号' } as ExcelJS.CellFormulaValue;
        ws.getCell('S2').value = true;
        ws.getCell('W2').value = 12;
        // Row 3: three cells no one can turn into text.
        ws.getCell('K3').value = { formula: 'NA()', result: { error: '#N/A' } } as ExcelJS.CellFormulaValue;
        ws.getCell('L3').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
        ws.getCell('M3').value = { formula: 'A1*2' } as ExcelJS.CellFormulaValue;
      },
    },
  );
  const dry = await run(file, true);
  expect(dry.report.map((l: { row: number; field: string }) => `${l.row}:${l.field}`)).toEqual([
    '3:从业人员数',
    '3:营业收入（万元）',
    '3:年产值（万元）',
  ]);
  expect(JSON.stringify(dry.report)).not.toContain('[object Object]');
  // Without the unreadable row, the rest imports as shown in Excel.
  const fixed = await workbook(
    {
      企业: [ent(40)],
      持证人员: [
        [cc(40), '王焊工', '特种作业', '焊接与热切割作业', 'T40-1', '焊工', new Date(Date.UTC(2024, 0, 15)), '2030-01-15'],
      ],
    },
    {
      tweak: (wb) => {
        const ws = wb.getWorksheet('企业')!;
        ws.getCell('B2').value = {
          text: { richText: [{ text: '义乌', font: { bold: true } }, { text: '链接五金厂' }] },
          hyperlink: 'https://example.cn/e/40',
        } as unknown as ExcelJS.CellHyperlinkValue;
        ws.getCell('C2').value = { richText: [{ text: '王', font: { italic: true } }, { text: '法人' }] };
        ws.getCell('I2').value = { text: '金属制品业', hyperlink: 'https://example.cn/i' };
        ws.getCell('K2').value = { formula: '30*2', result: 60 } as ExcelJS.CellFormulaValue;
        ws.getCell('N2').value = { formula: '"义乌市"&"公式路1号"', result: '义乌市公式路1号' } as ExcelJS.CellFormulaValue;
        ws.getCell('S2').value = true;
      },
    },
  );
  const real = await run(fixed, false);
  expect(real.report).toEqual([]);
  expect(real.summary).toMatchObject({ created: 1, recordsCreated: 1, saved: 1 });
  const e = await tenantEm(env.api.c.orm, zone.tenant.id).findOneOrFail(Enterprise, { creditCode: cc(40) });
  expect(e).toMatchObject({
    name: '义乌链接五金厂',
    legalRepresentative: '王法人',
    industryName: '金属制品业',
    employees: 60,
    address: '义乌市公式路1号',
    hasSprinklers: true,
  });
  const cert = await tenantEm(env.api.c.orm, zone.tenant.id).findOneOrFail(CertifiedWorker, { certNumber: 'T40-1' });
  expect(cert.issuedOn).toBe('2024-01-15');
});

test('cellValue: each exceljs value shape gives its visible text, anything else an error, never [object Object]', () => {
  expect(cellValue('文本')).toEqual({ value: '文本' });
  expect(cellValue(12)).toEqual({ value: 12 });
  expect(cellValue(true)).toEqual({ value: true });
  expect(cellValue({ richText: [{ text: 'a' }, { text: 'b' }] })).toEqual({ value: 'ab' });
  expect(cellValue({ text: { richText: [{ text: '链' }, { text: '接' }] }, hyperlink: 'https://x' })).toEqual({ value: '链接' });
  expect(cellValue({ text: '链接', hyperlink: 'https://x' })).toEqual({ value: '链接' });
  expect(cellValue({ formula: 'A1', result: { richText: [{ text: 'r' }] } })).toEqual({ value: 'r' });
  expect(cellValue({ sharedFormula: 'A2', result: 3 })).toEqual({ value: 3 });
  expect(cellValue({ formula: 'A1', result: new Date(Date.UTC(2026, 0, 2)) }).value).toEqual(new Date(Date.UTC(2026, 0, 2)));
  expect(cellValue({ formula: 'A1' }).error).toContain('没有可用的计算结果');
  expect(cellValue({ formula: 'A1', result: { error: '#N/A' } }).error).toContain('#N/A');
  expect(cellValue({ formula: 'A1', result: NaN }).error).toContain('错误值');
  expect(cellValue({ error: '#REF!' }).error).toContain('#REF!');
  for (const odd of [{ sharedString: 3 }, { text: { foo: 1 }, hyperlink: 'x' }, { foo: 'bar' }, [1, 2]]) {
    const r = cellValue(odd);
    expect(r.value).toBeNull();
    expect(r.error).toContain('无法识别');
  }
});

test('the template formats text columns as text, so a landline keeps its leading 0', async () => {
  const r = await fetch(`${env.url}/api/v1/enterprises/import/template`, { headers: { authorization: `Bearer ${zone.token}` } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await r.arrayBuffer());
  for (const def of SHEETS) {
    const ws = wb.getWorksheet(def.name)!;
    def.columns.forEach((c, i) => {
      if (c.type === 'text') expect([def.name, c.label, ws.getColumn(i + 1).numFmt]).toEqual([def.name, c.label, '@']);
    });
  }
  // Fill the downloaded template the way a user does: the cell takes the column's text format.
  const ws = wb.getWorksheet('企业')!;
  const row = ws.getRow(2);
  ent(42).forEach((v, i) => {
    const cell = row.getCell(i + 1);
    cell.value = v as ExcelJS.CellValue;
    cell.numFmt = ws.getColumn(i + 1).numFmt ?? 'General';
  });
  row.getCell(7).value = '057985201234';
  row.commit();
  const imported = await run(Buffer.from(await wb.xlsx.writeBuffer()), false);
  expect(imported.report).toEqual([]);
  const e = await tenantEm(env.api.c.orm, zone.tenant.id).findOneOrFail(Enterprise, { creditCode: cc(42) });
  expect(env.api.c.cipher.open(e.safetyManagerPhoneSealed!).replace(/\D/g, '')).toBe('057985201234');
});

test('sheets in any order: an error in the 3rd sheet streamed is reported by sheet/row/column and nothing is saved; records before 企业 still import', async () => {
  const before = await count();
  const certsBefore = await tenantEm(env.api.c.orm, zone.tenant.id).count(CertifiedWorker, {});
  const bad = await workbook({
    持证人员: [[cc(50), '赵电工', '特种作业', '电工作业', 'T50-1', '电工', '2024-01-01', '2030-01-01']],
    企业: [ent(50), ent(51)],
    危险化学品: [
      [cc(50), '乙醇', '64-17-5', 1, '吨', '仓库', '甲类仓库', '否'],
      [cc(51), '甲苯', '108-88-3', '很多', '吨', '仓库', '甲类仓库', '否'],
    ],
  });
  const r = await run(bad, false);
  expect(r.status).toBe('done');
  expect(r.report).toEqual([{ sheet: '危险化学品', row: 3, field: '最大存量', reason: '应为数字' }]);
  expect(r.summary.saved).toBe(0);
  expect(await count()).toBe(before);
  expect(await tenantEm(env.api.c.orm, zone.tenant.id).count(CertifiedWorker, {})).toBe(certsBefore);
  // The same file fixed, records streaming before their enterprises: enterprises are written first.
  const good = await workbook({
    持证人员: [[cc(50), '赵电工', '特种作业', '电工作业', 'T50-1', '电工', '2024-01-01', '2030-01-01']],
    企业: [ent(50), ent(51)],
    危险化学品: [[cc(51), '甲苯', '108-88-3', 2, '吨', '仓库', '甲类仓库', '否']],
  });
  const ok = await run(good, false);
  expect(ok.report).toEqual([]);
  expect(ok.summary).toMatchObject({ created: 2, recordsCreated: 2, saved: 1 });
});

/** A workbook of `rows` supply rows, written streaming (fast, small). */
async function manyRows(rows: number): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
  const ws = wb.addWorksheet('应急物资');
  ws.addRow(SHEETS.find((s) => s.kind === 'supplies')!.columns.map((c) => c.label)).commit();
  for (let i = 0; i < rows; i++) ws.addRow([cc(1), '', `物资${i}`, 1, '个']).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

test('the row limit comes from the memory budget: a larger file is refused at upload with a problem+json naming the limit', async () => {
  const before = await count();
  const big = await manyRows(20_000);
  const limit = importRowLimit(8, await scanWorkbook(big));
  expect(limit).toBeGreaterThan(10_000); // 8 MB / IMPORT_BYTES_PER_ROW, less the file and its shared strings
  expect(limit).toBeLessThan(20_000);
  const zh = await env.req('POST', '/api/v1/enterprises/import', {
    token: zone.token,
    raw: multipart(big, 'big.xlsx', { dryRun: 'true' }, XLSX),
  });
  expect(zh.status).toBe(413);
  expect(zh.headers.get('content-type')).toContain('application/problem+json');
  expect(zh.body).toMatchObject({ code: 'file_too_large', title: '文件太大' });
  expect(zh.body.detail).toBe(`共 20000 行，超过单次导入上限 ${limit} 行（按导入内存预算 8 MB 计算），请分批导入`);
  const en = await env.req('POST', '/api/v1/enterprises/import', {
    token: zone.token,
    headers: { 'accept-language': 'en' },
    raw: multipart(big, 'big.xlsx', { dryRun: 'true' }, XLSX),
  });
  expect(en.status).toBe(413);
  expect(en.body.detail).toContain(`at most ${limit} rows`);
  // Under the limit, the same kind of file is read (streaming) and checked.
  const fits = await run(await manyRows(limit - 10), true);
  expect(fits.status).toBe('done');
  expect(fits.summary).toMatchObject({ rows: limit - 10, errors: 0 });
  expect(await count()).toBe(before);
}, 120_000);

async function exportAs(token: string, records: boolean): Promise<Buffer> {
  const res = await fetch(`${env.url}/api/v1/enterprises/export?records=${String(records)}&q=导入企业`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toContain('.xlsx');
  return Buffer.from(await res.arrayBuffer());
}

test('every export imports again with 0 errors and changes nothing: with and without sub-records, phones full or masked', async () => {
  const em = () => tenantEm(env.api.c.orm, zone.tenant.id);
  // Phones of every kind on record: mobile, landline with extension, a contact's mobile.
  const seed = await run(
    await workbook({
      企业: [ent(60, { 4: '13712340001', 5: '安全员甲', 6: '0579-85201234' })],
      联系人: [
        [cc(60), '钱联系', '经理', '13712340002', '否'],
        [cc(60), '孙联系', '值班', '', '是'],
      ],
      应急物资: [[cc(60), '', '灭火器', 5, '具', '仓库', '2031-01-01', 1]],
    }),
    false,
  );
  expect(seed.report).toEqual([]);
  const phones = async () => {
    const e = await em().findOneOrFail(Enterprise, { creditCode: cc(60) });
    const contacts = await em().find(EnterpriseContact, { enterpriseId: e.id }, { orderBy: { name: 'asc' } });
    const open = (s: string | null | undefined) => (s ? env.api.c.cipher.open(s) : null);
    return [open(e.principalPhoneSealed), open(e.safetyManagerPhoneSealed), ...contacts.map((c) => open(c.phoneSealed))];
  };
  const stored = await phones();
  expect(stored[0]).toBe('13712340001');
  const supervisor = await supervisorIn(env, zone);
  const enterprises = (await env.req('GET', '/api/v1/enterprises?q=导入企业&pageSize=100', { token: zone.token })).body.total;
  for (const [who, token] of [
    ['zone_admin (full phones)', zone.token],
    ['city_supervisor (masked phones)', supervisor.token],
  ] as const) {
    for (const records of [true, false]) {
      const buf = await exportAs(token, records);
      if (who.startsWith('city')) expect(buf.toString('latin1')).not.toContain('13712340001'); // masked, not leaked
      const dry = await run(buf, true);
      // The status too: a failed job has an empty report as well.
      expect([who, records, dry.status, dry.report]).toEqual([who, records, 'done', []]);
      const again = await run(buf, false);
      expect([who, records, again.summary]).toEqual([
        who,
        records,
        expect.objectContaining({
          errors: 0,
          saved: 1,
          created: 0,
          updated: 0,
          unchanged: enterprises,
          recordsCreated: 0,
          recordsUpdated: 0,
        }),
      ]);
      expect(await phones()).toEqual(stored);
    }
  }
  // A masked number that is not the stored one (or for a record not on file) asks for the full number.
  const wrong = await run(
    await workbook({ 企业: [ent(60, { 4: '139****0001' })], 联系人: [[cc(60), '新联系人', '', '137****0002', '否']] }),
    true,
  );
  expect(
    wrong.report.map(
      (l: { sheet: string; row: number; field: string; reason: string }) => `${l.sheet}|${l.row}|${l.field}|${l.reason}`,
    ),
  ).toEqual([
    '企业|2|主要负责人电话|电话已脱敏（含 *）且与已登记的号码不一致，请填写完整号码',
    '联系人|2|电话|电话已脱敏（含 *）而本园区没有这条记录，请填写完整号码',
  ]);
}, 120_000);

test('the lean reader: visible text of every cell kind as written by any tool (prefixed tags, any sheet path, dates by style)', async () => {
  // Hand-written SpreadsheetML, as other writers produce it: namespace-prefixed tags, the sheet at a path exceljs's
  // reader never looked at, a rich shared string with a phonetic guide, inline strings, cached formula results.
  const def = SHEETS.find((s) => s.kind === 'enterprises')!;
  const col = (i: number) => String.fromCharCode(65 + i);
  const header = def.columns.map((c, i) => `<x:c r="${col(i)}1" t="inlineStr"><x:is><x:t>${c.label}</x:t></x:is></x:c>`).join('');
  const cells = [
    '<x:c r="A2" t="s"><x:v>0</x:v></x:c>',
    '<x:c r="B2" t="inlineStr"><x:is><x:r><x:t>内联</x:t></x:r><x:r><x:t>文本</x:t></x:r></x:is></x:c>',
    '<x:c r="C2" t="str"><x:f>A1</x:f><x:v>公式文本</x:v></x:c>',
    '<x:c r="D2" t="b"><x:v>1</x:v></x:c>',
    '<x:c r="E2" s="1"><x:v>45292</x:v></x:c>',
    '<x:c r="F2" s="2"><x:v>45293.5</x:v></x:c>',
    '<x:c r="G2" s="3"><x:v>12.5</x:v></x:c>',
    '<x:c r="H2"><x:f>1+1</x:f><x:v>2</x:v></x:c>',
  ].join('');
  const errors = [
    '<x:c r="A3" t="e"><x:v>#DIV/0!</x:v></x:c>',
    '<x:c r="B3"><x:f>A1*2</x:f></x:c>',
    '<x:c r="C3" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>',
  ].join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  zip.file(
    'xl/workbook.xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="企业" sheetId="1" r:id="rId7"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>',
  );
  zip.file(
    'xl/sharedStrings.xml',
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>义乌</t></r><r><t xml:space="preserve">五金 </t></r><rPh sb="0" eb="1"><t>yiwu</t></rPh></si></sst>',
  );
  zip.file(
    'xl/styles.xml',
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/><numFmt numFmtId="165" formatCode="&quot;day&quot; 0.0"/></numFmts>' +
      '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs></styleSheet>',
  );
  zip.file(
    'xl/worksheets/data.xml',
    `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1">${header}</x:row>` +
      `<x:row r="2">${cells}</x:row><x:row r="3">${errors}</x:row><x:row r="4"><x:c r="A4" s="1"/></x:row></x:sheetData></x:worksheet>`,
  );
  const buf = await zip.generateAsync({ type: 'nodebuffer' });
  const scan = await scanWorkbook(buf);
  expect(scan.totalRows).toBe(4);
  const fatal: ReportLine[] = [];
  const rows = [];
  for await (const r of readRows(buf, scan, fatal)) rows.push(r);
  expect(fatal).toEqual([]);
  expect(rows.map((r) => r.row)).toEqual([2, 3]); // the row of empty styled cells is no data
  const key = (i: number) => def.columns[i]!.key;
  expect(rows[0]!.cells).toMatchObject({
    [key(0)]: '义乌五金', // runs joined, phonetic guide left out, trimmed
    [key(1)]: '内联文本',
    [key(2)]: '公式文本',
    [key(3)]: true,
    [key(4)]: new Date(Date.UTC(2024, 0, 1)), // custom y/m/d format
    [key(5)]: new Date(Date.UTC(2024, 0, 2, 12)), // built-in 14
    [key(6)]: 12.5, // a quoted "day" is not a date format
    [key(7)]: 2,
  });
  expect(rows[0]!.errors).toEqual([]);
  expect(rows[1]!.errors.map((e) => `${e.field}:${e.reason}`)).toEqual([
    `${def.columns[0]!.label}:单元格错误值 #DIV/0!`,
    `${def.columns[1]!.label}:公式单元格没有可用的计算结果，请粘贴为数值`,
    `${def.columns[2]!.label}:公式结果为错误值 #N/A`,
  ]);
});
