import ExcelJS from 'exceljs';
import type { CityHazardStats } from '@yuanan/contracts';

/** The columns of the city hazard statistics workbook, after 园区 and 统计期间 (one row per zone and period). */
export const CITY_STATS_HEADER = [
  '园区',
  '统计期间',
  '上报隐患',
  '一般隐患',
  '重大隐患',
  '整改销号',
  '有整改期限的销号',
  '按期整改',
  '按期整改率',
  '期末未销号',
  '期末逾期',
] as const;

/**
 * 隐患统计 across the bureau's zones as a workbook (exceljs, as the hazard ledger and the coverage workbook): a title
 * row, the header, then per zone one row per period (Q1–Q4, the year), then the totals (合计) per period. The rate
 * column is a number formatted as a percentage (empty when nothing with a deadline was closed). Loaded on first use.
 */
export async function cityStatsWorkbook(stats: CityHazardStats, meta: { bureau: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.bureau;
  const ws = wb.addWorksheet('隐患统计', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`${meta.bureau} ${stats.year}年隐患排查治理统计（截至 ${stats.asOf.slice(0, 10)}）`]);
  ws.mergeCells(1, 1, 1, CITY_STATS_HEADER.length);
  ws.getRow(1).font = { bold: true };
  ws.addRow([...CITY_STATS_HEADER]).font = { bold: true };
  ws.columns = [{ width: 24 }, { width: 16 }, ...Array.from({ length: CITY_STATS_HEADER.length - 2 }, () => ({ width: 12 }))];
  const label = new Map(stats.periods.map((p) => [p.period, p.label]));
  const line = (zone: string, p: CityHazardStats['totals'][number]) =>
    ws.addRow([
      zone,
      label.get(p.period) ?? p.period,
      p.reported,
      p.general,
      p.major,
      p.closed,
      p.closedWithDeadline,
      p.closedOnTime,
      p.onTimeRate ?? '',
      p.openAtEnd,
      p.overdueAtEnd,
    ]);
  for (const z of stats.zones) for (const p of z.periods) line(z.name, p);
  for (const p of stats.totals) line('合计', p).font = { bold: true };
  ws.getColumn(9).numFmt = '0.0%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
