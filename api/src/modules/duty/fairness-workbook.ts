import ExcelJS from 'exceljs';
import type { DutyFairnessResponse } from '@yuanan/contracts';

/** 值班统计 (fairness report) as a workbook (exceljs, as the coverage export). Loaded on first use. */
export async function fairnessWorkbook(report: DutyFairnessResponse, zone: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('值班统计', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`${zone} 值班统计 ${report.month}（时区 ${report.timeZone}；节假日：${report.holidaySource}）`]);
  ws.mergeCells(1, 1, 1, 8);
  ws.getRow(1).font = { bold: true };
  ws.addRow(['队伍', '姓名', '排班时长（小时）', '实际在岗（小时）', '额外在岗（小时）', '班次', '夜班', '节假日班次']).font = {
    bold: true,
  };
  ws.columns = [
    { width: 36 },
    { width: 12 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 8 },
    { width: 8 },
    { width: 12 },
  ];
  for (const r of report.rows)
    ws.addRow([r.teamName, r.name, r.scheduledHours, r.actualHours, r.extraHours, r.shifts, r.nights, r.holidayShifts]);
  for (const c of [3, 4, 5]) ws.getColumn(c).numFmt = '0.0';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
