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
/** The same columns in English (the console's 隐患统计 page uses these words too). */
const CITY_STATS_HEADER_EN = [
  'Zone',
  'Period',
  'Reported',
  'General hazards',
  'Major hazards',
  'Closed',
  'Closed with a deadline',
  'Closed on time',
  'On-time rate',
  'Not closed at end',
  'Overdue at end',
] as const;

/** What a period's label says about where it stands: the end figures of one under way are as of today. */
export const PERIOD_AS_OF_TODAY = '（截至今日）';
export const PERIOD_NOT_STARTED = '（未开始）';

/** Every fixed word of the workbook, per language. */
const WORDS = {
  'zh-CN': {
    header: CITY_STATS_HEADER,
    sheet: '隐患统计',
    title: (bureau: string, year: number, made: string) => `${bureau} ${year}年隐患排查治理统计（截至 ${made}）`,
    asOfToday: PERIOD_AS_OF_TODAY,
    notStarted: PERIOD_NOT_STARTED,
    total: '合计',
    info: '说明',
    item: '项目',
    content: '内容',
    rows: (m: { bureau: string; year: number; made: string; zones: number }) => [
      ['监管机构', m.bureau],
      ['统计年度', `${m.year}年`],
      ['生成时间', m.made],
      ['园区数', String(m.zones)],
      ['统计期间', '各园区按本园区日历计季度与全年；上报、销号按发生时间计入期间'],
      ['期末未销号 / 期末逾期', `已结束的期间为期末数；标“${PERIOD_AS_OF_TODAY}”的期间尚未结束，为截至生成时间的数`],
      ['未开始的期间', `标“${PERIOD_NOT_STARTED}”，不填数`],
      ['按期整改率', '按期整改 ÷ 有整改期限的销号（销号时未超过整改期限的占比；没有整改期限的隐患不计入）'],
    ],
  },
  en: {
    header: CITY_STATS_HEADER_EN,
    sheet: 'Hazard statistics',
    title: (bureau: string, year: number, made: string) => `${bureau}: hazard statistics ${year} (as of ${made})`,
    asOfToday: ' (as of today)',
    notStarted: ' (not started)',
    total: 'Total',
    info: 'Notes',
    item: 'Item',
    content: 'Content',
    rows: (m: { bureau: string; year: number; made: string; zones: number }) => [
      ['Bureau', m.bureau],
      ['Year', String(m.year)],
      ['Made', m.made],
      ['Zones', String(m.zones)],
      ['Periods', 'Each zone’s calendar quarters and year; reports and closures count in the period they happened'],
      [
        'Not closed / overdue at end',
        'At the end of a period that is over; a period marked “(as of today)” is not over: as of the time made',
      ],
      ['Periods not started', 'Marked “(not started)”, left empty'],
      ['On-time rate', 'Closed on time ÷ closed with a deadline (hazards without a deadline are not counted)'],
    ],
  },
} as const;

/**
 * 隐患统计 across the bureau's zones as a workbook (exceljs, as the hazard ledger and the coverage workbook): a title
 * row, the header, then per zone one row per period (Q1–Q4, the year), then the totals (合计) per period; sheet
 * 说明 says when it was made (the bureau's clock, offset stated) and how to read the end-of-period columns. A period
 * under way reads `…（截至今日）` (its 期末 figures are as of the time made); one not started `…（未开始）` with empty
 * cells. The rate column is a number formatted as a percentage (empty when nothing with a deadline was closed).
 * In the caller's language (`lang`, zh-CN by default): the headers, period marks and notes; names are the data's.
 * Loaded on first use.
 */
export async function cityStatsWorkbook(
  stats: CityHazardStats,
  meta: { bureau: string; timeZone: string; lang?: 'zh-CN' | 'en' },
): Promise<Buffer> {
  const w = WORDS[meta.lang ?? 'zh-CN'];
  const made = zonedTimestamp(new Date(stats.asOf), meta.timeZone);
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.bureau;
  const ws = wb.addWorksheet(w.sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([w.title(meta.bureau, stats.year, made)]);
  ws.mergeCells(1, 1, 1, w.header.length);
  ws.getRow(1).font = { bold: true };
  ws.addRow([...w.header]).font = { bold: true };
  ws.columns = [{ width: 24 }, { width: 26 }, ...Array.from({ length: w.header.length - 2 }, () => ({ width: 14 }))];
  const label = new Map(stats.periods.map((p) => [p.period, p.label]));
  const line = (zone: string, p: CityHazardStats['totals'][number]) => {
    const name = `${label.get(p.period) ?? p.period}${p.notStarted ? w.notStarted : p.asOfToday ? w.asOfToday : ''}`;
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
  for (const p of stats.totals) line(w.total, p).font = { bold: true };
  ws.getColumn(9).numFmt = '0.0%';

  const info = wb.addWorksheet(w.info);
  info.columns = [
    { header: w.item, key: 'k', width: 24 },
    { header: w.content, key: 'v', width: 90 },
  ];
  info.getRow(1).font = { bold: true };
  for (const [k, v] of w.rows({ bureau: meta.bureau, year: stats.year, made, zones: stats.zones.length })) info.addRow({ k, v });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
