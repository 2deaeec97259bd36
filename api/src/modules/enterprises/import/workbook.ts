import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MAX_IMPORT_ROWS, SHEETS, type SheetDef } from './columns.ts';

export interface ReportLine {
  sheet: string;
  row: number;
  field: string;
  reason: string;
}

export type Raw = string | number | boolean | Date | null;

export interface ParsedSheet {
  def: SheetDef;
  rows: Array<{ row: number; cells: Record<string, Raw>; errors: ReportLine[] }>;
}

export interface ParsedWorkbook {
  sheets: ParsedSheet[];
  /** Problems that stop the whole import (no sheet, too many rows, unreadable file). */
  fatal: ReportLine[];
  totalRows: number;
}

/** A cell's value as plain data; formulas give their cached result and never run; errors are reported. */
export function cellValue(v: ExcelJS.CellValue): { value: Raw; error?: string } {
  if (v == null) return { value: null };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return { value: v };
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      if (r == null || (typeof r === 'object' && !(r instanceof Date)))
        return { value: null, error: '公式单元格没有可用的计算结果，请粘贴为数值' };
      return { value: r as Raw };
    }
    if ('richText' in v) return { value: v.richText.map((t) => t.text).join('') };
    if ('hyperlink' in v) return { value: String((v as { text?: unknown }).text ?? '') };
    if ('error' in v) return { value: null, error: `单元格错误值 ${String((v as { error: unknown }).error)}` };
  }
  return { value: null, error: '无法识别的单元格内容' };
}

const norm = (s: string) => s.replace(/[\s*＊（）()]/g, '').replace(/万元$/, '万元');

/** Counts rows and collects merged ranges straight from the sheet XML, before any heavy parsing. */
async function precheck(buf: Buffer): Promise<{ rows: Map<string, number>; merges: Map<string, string[]> }> {
  const zip = await JSZip.loadAsync(buf);
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) throw new Error('not an xlsx workbook');
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/^\/?(xl\/)?/, 'xl/'),
    ]),
  );
  const rows = new Map<string, number>();
  const merges = new Map<string, string[]>();
  for (const m of wb.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const name = m[1]!.replace(/&amp;/g, '&');
    const xml = await zip.file(targets.get(m[2]!) ?? '')?.async('string');
    if (!xml) continue;
    rows.set(name, (xml.match(/<row[ >]/g) ?? []).length);
    merges.set(
      name,
      [...xml.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"/g)].map((x) => x[1]!),
    );
  }
  return { rows, merges };
}

/**
 * Reads an uploaded workbook defensively: unknown sheets are ignored, known sheets are found by name (or, for a
 * one-sheet file, by its headers), headers by their Chinese labels. Too many rows stop before parsing.
 */
export async function readWorkbook(buf: Buffer): Promise<ParsedWorkbook> {
  const fatal: ReportLine[] = [];
  let pre: Awaited<ReturnType<typeof precheck>>;
  try {
    pre = await precheck(buf);
  } catch {
    return { sheets: [], fatal: [{ sheet: '', row: 0, field: '', reason: '文件不是有效的 Excel（.xlsx）工作簿' }], totalRows: 0 };
  }
  const totalRows = [...pre.rows.values()].reduce((a, b) => a + b, 0);
  if (totalRows > MAX_IMPORT_ROWS + SHEETS.length) {
    return {
      sheets: [],
      fatal: [{ sheet: '', row: 0, field: '', reason: `共 ${totalRows} 行，超过单次导入上限 ${MAX_IMPORT_ROWS} 行，请分批导入` }],
      totalRows,
    };
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return { sheets: [], fatal: [{ sheet: '', row: 0, field: '', reason: '文件无法读取（损坏或已加密）' }], totalRows };
  }
  const sheets: ParsedSheet[] = [];
  const worksheets = wb.worksheets;
  for (const ws of worksheets) {
    const headerRow = ws.getRow(1);
    const headers = new Map<number, string>();
    headerRow.eachCell((cell, col) => headers.set(col, norm(String(cellValue(cell.value).value ?? ''))));
    let def = SHEETS.find((s) => s.name === ws.name.trim());
    // A file with one sheet under another name: recognise it by its headers.
    if (!def && worksheets.length === 1)
      def = SHEETS.find((s) => s.columns.filter((c) => c.required).every((c) => [...headers.values()].includes(norm(c.label))));
    if (!def) continue;
    const colOf = new Map<string, number>();
    for (const c of def.columns) {
      const found = [...headers.entries()].find(([, h]) => h === norm(c.label));
      if (found) colOf.set(c.key, found[0]);
      else if (c.required) fatal.push({ sheet: def.name, row: 1, field: c.label, reason: '缺少该列（表头须与模板一致）' });
    }
    const merged = (pre.merges.get(ws.name) ?? []).map((r) => {
      const [a, b] = r.split(':') as [string, string];
      return { from: Number(a.replace(/\D/g, '')), to: Number(b.replace(/\D/g, '')), ref: r };
    });
    const parsed: ParsedSheet = { def, rows: [] };
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (!row.hasValues) continue;
      const cells: Record<string, Raw> = {};
      const errors: ReportLine[] = [];
      for (const c of def.columns) {
        const col = colOf.get(c.key);
        if (!col) continue;
        const { value, error } = cellValue(row.getCell(col).value);
        if (error) errors.push({ sheet: def.name, row: r, field: c.label, reason: error });
        cells[c.key] = typeof value === 'string' ? value.trim() || null : value;
      }
      for (const m of merged)
        if (r >= m.from && r <= m.to)
          errors.push({ sheet: def.name, row: r, field: '', reason: `含合并单元格 ${m.ref}，请取消合并后逐行填写` });
      parsed.rows.push({ row: r, cells, errors });
    }
    sheets.push(parsed);
  }
  if (!sheets.length && !fatal.length) {
    fatal.push({
      sheet: '',
      row: 0,
      field: '',
      reason: `没有找到可导入的工作表（应为：${SHEETS.map((s) => s.name).join('、')}）`,
    });
  }
  return { sheets, fatal, totalRows };
}
