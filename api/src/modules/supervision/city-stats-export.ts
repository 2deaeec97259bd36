import ExcelJS from 'exceljs';
import type { CityHazardStats } from '@yuanan/contracts';
import { zonedTimestamp } from '@yuanan/domain';

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

/** What a period's label says about where it stands: the end figures of one under way are as of today. */
export const PERIOD_AS_OF_TODAY = '（截至今日）';
export const PERIOD_NOT_STARTED = '（未开始）';

/**
 * 隐患统计 across the bureau's zones as a workbook (exceljs, as the hazard ledger and the coverage workbook): a title
 * row, the header, then per zone one row per period (Q1–Q4, the year), then the totals (合计) per period; sheet
 * 说明 says when it was made (the bureau's clock, offset stated) and how to read the end-of-period columns. A period
 * under way reads `…（截至今日）` (its 期末 figures are as of the time made); one not started `…（未开始）` with empty
 * cells. The rate column is a number formatted as a percentage (empty when nothing with a deadline was closed).
 * Loaded on first use.
 */
export async function cityStatsWorkbook(stats: CityHazardStats, meta: { bureau: string; timeZone: string }): Promise<Buffer> {
  const made = zonedTimestamp(new Date(stats.asOf), meta.timeZone);
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.bureau;
  const ws = wb.addWorksheet('隐患统计', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`${meta.bureau} ${stats.year}年隐患排查治理统计（截至 ${made}）`]);
  ws.mergeCells(1, 1, 1, CITY_STATS_HEADER.length);
  ws.getRow(1).font = { bold: true };
  ws.addRow([...CITY_STATS_HEADER]).font = { bold: true };
  ws.columns = [{ width: 24 }, { width: 26 }, ...Array.from({ length: CITY_STATS_HEADER.length - 2 }, () => ({ width: 12 }))];
  const label = new Map(stats.periods.map((p) => [p.period, p.label]));
  const line = (zone: string, p: CityHazardStats['totals'][number]) => {
    const name = `${label.get(p.period) ?? p.period}${p.notStarted ? PERIOD_NOT_STARTED : p.asOfToday ? PERIOD_AS_OF_TODAY : ''}`;
    if (p.notStarted) return ws.addRow([zone, name]);
    return ws.addRow([
      zone,
      name,
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
  };
  for (const z of stats.zones) for (const p of z.periods) line(z.name, p);
  for (const p of stats.totals) line('合计', p).font = { bold: true };
  ws.getColumn(9).numFmt = '0.0%';

  const info = wb.addWorksheet('说明');
  info.columns = [
    { header: '项目', key: 'k', width: 16 },
    { header: '内容', key: 'v', width: 90 },
  ];
  info.getRow(1).font = { bold: true };
  for (const [k, v] of [
    ['监管机构', meta.bureau],
    ['统计年度', `${stats.year}年`],
    ['生成时间', made],
    ['园区数', String(stats.zones.length)],
    ['统计期间', '各园区按本园区日历计季度与全年；上报、销号按发生时间计入期间'],
    ['期末未销号 / 期末逾期', `已结束的期间为期末数；标“${PERIOD_AS_OF_TODAY}”的期间尚未结束，为截至生成时间的数`],
    ['未开始的期间', `标“${PERIOD_NOT_STARTED}”，不填数`],
  ])
    info.addRow({ k, v });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
