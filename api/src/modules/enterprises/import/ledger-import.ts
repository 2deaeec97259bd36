import type ExcelJS from 'exceljs';
import { AppError, t } from '../../../core/http/problem.ts';

/**
 * The pieces that the small ledger imports share (equipment units 器材台账, IoT devices 物联网设备台账: one sheet, a
 * header row, at most a few thousand rows, a dry run then a commit): opening the sheet, reading a row's cells by
 * their header, a ledger date, the report's counts and the refusal of a commit while rows have errors. The
 * enterprises' import (streamed, many sheets) has its own reader in workbook.ts.
 */

/** One row of the report, as the contracts' `importRow(...)` shapes it (the key field aside). */
interface ReportRow {
  row: number;
  ok: boolean;
  action: 'create' | 'update' | null;
  errors: Array<{ field: string; message: string }>;
}

/** An opened import sheet: visits each data row (row 1 is the header) with a reader of its cells by header. */
export interface LedgerSheet {
  /** Calls `visit` for rows 2… in order; `get(header)` is the cell's text ('' for a column the sheet lacks). */
  eachRow(visit: (get: (header: string) => string, rowNumber: number) => void): void;
}

/**
 * Opens the first sheet of an uploaded .xlsx for import; `cellText` reads a cell's value as text (also the header
 * row's). Refuses an unreadable workbook (415 file_type_not_allowed), one without a sheet or lacking a `required`
 * column in row 1 (422 import_invalid), and more than `maxRows` data rows (413 file_too_large).
 */
export async function openLedgerSheet(
  data: Buffer,
  opts: { required: readonly string[]; maxRows: number; cellText: (v: unknown) => string },
): Promise<LedgerSheet> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError(415, 'file_type_not_allowed', t('文件不是有效的 Excel（.xlsx）工作簿', 'Not a readable .xlsx workbook'));
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError(422, 'import_invalid', t('工作簿没有工作表', 'The workbook has no sheet'));
  const col = new Map<string, number>();
  (ws.getRow(1).values as unknown[]).forEach((h, i) => col.set(opts.cellText(h), i));
  const missing = opts.required.filter((h) => !col.has(h));
  if (missing.length)
    throw new AppError(
      422,
      'import_invalid',
      t(`第 1 行缺少列：${missing.join('、')}`, `Row 1 lacks the columns: ${missing.join(', ')}`),
    );
  if (ws.actualRowCount - 1 > opts.maxRows)
    throw new AppError(
      413,
      'file_too_large',
      t(`一次最多导入 ${opts.maxRows} 行，请拆分文件`, `At most ${opts.maxRows} rows per import: split the file`),
    );
  return {
    eachRow: (visit) =>
      ws.eachRow((r: ExcelJS.Row, n: number) => {
        if (n === 1) return;
        visit((h) => (col.has(h) ? opts.cellText(r.getCell(col.get(h)!).value) : ''), n);
      }),
  };
}

/**
 * A ledger date typed in a cell: YYYY-MM-DD, also with / . or 年月日 and one-digit months and days, a real date
 * from `from` (YYYY-MM-DD) to 2099-12-31. Null for an empty cell; false for anything else (the row's error).
 */
export function ledgerDateText(v: string, from: string): string | null | false {
  if (!v) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (!m) return false;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const parsed = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d || d < from || d > '2099-12-31' ? false : d;
}

/** The counts of an import's report before anything is written (`created`/`updated` 0; the commit sets them). */
export function importCounts<R extends ReportRow>(report: R[], commit: boolean) {
  return {
    dryRun: !commit,
    total: report.length,
    valid: report.filter((r) => r.ok).length,
    toCreate: report.filter((r) => r.action === 'create').length,
    toUpdate: report.filter((r) => r.action === 'update').length,
    created: 0,
    updated: 0,
    rows: report,
  };
}

/**
 * Refuses a commit that would write part of a sheet: 422 import_invalid when any row has errors (the first 50 rows'
 * errors as `row N.<column>`) or the sheet has no rows; `noun` names what is imported (设备, 器材).
 */
export function assertImportValid(report: ReportRow[], noun: string): void {
  const bad = report.filter((r) => !r.ok).length;
  if (!bad && report.length) return;
  throw new AppError(
    422,
    'import_invalid',
    t(
      `有 ${bad} 行有误，未导入任何${noun}；请先预检并修正`,
      `${bad} rows have errors: nothing was imported. Run the dry run and fix them`,
    ),
    {
      errors: report
        .filter((r) => !r.ok)
        .slice(0, 50)
        .flatMap((r) => r.errors.map((e) => ({ path: `row ${r.row}.${e.field}`, code: 'invalid', message: e.message }))),
    },
  );
}
