import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { SHEETS, type SheetDef } from './columns.ts';

/**
 * Header row of a sheet: required columns marked with *, notes as cell comments, widths set. Text columns are
 * formatted as text (`@`), so Excel keeps what is typed or pasted there as typed: the leading 0 of a landline,
 * long digit strings, codes that look like dates.
 */
function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter | ExcelJS.Workbook, def: SheetDef): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(def.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = def.columns.map((c) => ({
    header: c.required ? `${c.label}*` : c.label,
    key: c.key,
    width: c.width ?? 14,
    ...(c.type === 'text' ? { style: { numFmt: '@' } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  def.columns.forEach((c, i) => {
    if (c.note) header.getCell(i + 1).note = c.note;
  });
  return ws;
}

/** The empty template: every sheet with its headers, plus an instructions sheet. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '园安';
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '工作表', width: 14 },
    { header: '列', width: 22 },
    { header: '必填', width: 6 },
    { header: '说明', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const s of SHEETS) {
    addSheet(wb, s);
    for (const c of s.columns) help.addRow([s.name, c.label, c.required ? '是' : '', c.note ?? '']);
  }
  help.addRow([]);
  help.addRow([
    '提示',
    '',
    '',
    '按统一社会信用代码匹配：已登记的企业会被更新，不会重复创建。先“预检”查看问题，无误后再导入；有任何错误时不会保存任何数据。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Writes an export with the import's own sheets (so it can be edited and imported back), streaming rows so a
 * whole zone does not sit in memory as a workbook.
 */
export function exportWorkbook(
  fill: (add: (kind: SheetDef['kind'], row: Record<string, unknown>) => void) => Promise<void>,
  kinds: SheetDef['kind'][],
): {
  stream: PassThrough;
  done: Promise<void>;
} {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheets = new Map(SHEETS.filter((s) => kinds.includes(s.kind)).map((s) => [s.kind, addSheet(wb, s)]));
  const done = (async () => {
    await fill((kind, row) => sheets.get(kind)?.addRow(row).commit());
    for (const ws of sheets.values()) ws.commit();
    await wb.commit();
  })();
  done.catch((e: unknown) => stream.destroy(e as Error));
  return { stream, done };
}
