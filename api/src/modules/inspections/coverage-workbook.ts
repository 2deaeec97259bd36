import ExcelJS from 'exceljs';
import type { CoverageRow } from '@yuanan/contracts';

/** 覆盖率 as a workbook (exceljs, as the hazard ledger and the enterprise export). Loaded on first use. */
export async function coverageWorkbook(
  rows: CoverageRow[],
  meta: { from: string; to: string; by: 'grid_worker' | 'agency'; zone: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检查覆盖率', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`${meta.zone} 检查覆盖率（${meta.by === 'agency' ? '按第三方机构' : '按网格员'}）${meta.from} 至 ${meta.to}`]);
  ws.mergeCells(1, 1, 1, 9);
  ws.getRow(1).font = { bold: true };
  const header = [
    meta.by === 'agency' ? '第三方机构' : '网格员',
    '应检',
    '已检',
    '按期完成',
    '超期完成',
    '逾期未检',
    '按期率',
    '发现隐患',
    '每次检查发现隐患',
  ];
  ws.addRow(header).font = { bold: true };
  ws.columns = [
    { width: 28 },
    { width: 8 },
    { width: 8 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 16 },
  ];
  for (const r of rows) {
    ws.addRow([
      r.name,
      r.required,
      r.done,
      r.onTime,
      r.late,
      r.missed,
      r.onTimeRate ?? '',
      r.hazardsFound,
      r.hazardsPerInspection ?? '',
    ]);
  }
  ws.getColumn(7).numFmt = '0.0%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
