import {
  IOT_DEVICE_STATUS_LABELS,
  IOT_DEVICE_TYPE_SPECS,
  IOT_DEVICE_TYPES,
  IOT_IMPORT_COLUMNS,
  type IotDevice as IotDeviceDto,
  type IotDeviceType,
  type IotImportResult,
} from '@yuanan/contracts';
import { ledgerDateText, openLedgerSheet } from '../enterprises/import/ledger-import.ts';
import { cellValue, rawText } from '../enterprises/import/workbook.ts';

/**
 * The device ledger's workbooks (exceljs, loaded on first use): the import template, the import reader (first sheet,
 * header row = IOT_IMPORT_COLUMNS in any order; nothing written — the routes resolve enterprises and gateways and
 * write on commit) and the export, whose first columns are the import's so an export can be edited and re-imported
 * (an existing code updates that device).
 */

/** At most this many rows per import. */
export const IOT_IMPORT_MAX_ROWS = 2000;

/** One parsed row of the import sheet (names of the enterprise and gateway resolved later). */
export interface IotImportSheetRow {
  row: number;
  code: string;
  name: string;
  type: IotDeviceType;
  enterpriseName: string | null;
  keyPlace: string | null;
  location: string | null;
  mapX: number | null;
  mapY: number | null;
  lat: number | null;
  lng: number | null;
  installedOn: string | null;
  calibrationDueOn: string | null;
  certificateNo: string | null;
  intervalSeconds: number | null;
  gatewayCode: string | null;
  manufacturer: string | null;
  model: string | null;
}

/** A type by its code or its Chinese or English label (可燃气体探测器, gas_combustible). */
const TYPE_BY_TEXT = new Map<string, IotDeviceType>(
  IOT_DEVICE_TYPES.flatMap((ty) => [
    [ty, ty],
    [IOT_DEVICE_TYPE_SPECS[ty].label, ty],
    [IOT_DEVICE_TYPE_SPECS[ty].labelEn.toLowerCase(), ty],
  ]),
);

function text(v: unknown): string {
  return (rawText(cellValue(v).value) ?? '').trim();
}

/** A ledger date from 2000-01-01 (see {@link ledgerDateText}). */
const dateText = (v: string) => ledgerDateText(v, '2000-01-01');

function numberText(v: string, min: number, max: number): number | null | false {
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= min && n <= max ? n : false;
}

/**
 * Reads the first sheet of an import workbook into rows and per-row errors (codes, types, dates, numbers, length,
 * duplicates within the sheet). Unreadable files are 415; missing required columns 422; too many rows 413.
 */
export async function readDeviceImport(data: Buffer): Promise<{ rows: IotImportSheetRow[]; report: IotImportResult['rows'] }> {
  const sheet = await openLedgerSheet(data, {
    required: ['设备编码', '设备名称', '设备类型'],
    maxRows: IOT_IMPORT_MAX_ROWS,
    cellText: text,
  });
  const rows: IotImportSheetRow[] = [];
  const report: IotImportResult['rows'] = [];
  const seen = new Set<string>();
  sheet.eachRow((get, n) => {
    const code = get('设备编码');
    const name = get('设备名称');
    const typeText = get('设备类型');
    if (!code && !name && !typeText) return;
    const errors: Array<{ field: string; message: string }> = [];
    if (!code) errors.push({ field: '设备编码', message: '必填' });
    else if (!/^[A-Za-z0-9_-]{2,40}$/.test(code))
      errors.push({ field: '设备编码', message: '设备编码为 2–40 位字母、数字、下划线或短横线' });
    else if (seen.has(code)) errors.push({ field: '设备编码', message: '表内重复' });
    if (!name) errors.push({ field: '设备名称', message: '必填' });
    else if (name.length > 100) errors.push({ field: '设备名称', message: '最长 100 字' });
    const type = TYPE_BY_TEXT.get(typeText) ?? TYPE_BY_TEXT.get(typeText.toLowerCase());
    if (!type)
      errors.push({
        field: '设备类型',
        message: `应为：${IOT_DEVICE_TYPES.map((x) => IOT_DEVICE_TYPE_SPECS[x].label).join('、')}`,
      });
    const dates = { installedOn: dateText(get('安装日期')), calibrationDueOn: dateText(get('标定到期')) };
    if (dates.installedOn === false) errors.push({ field: '安装日期', message: '日期格式应为 2026-01-31' });
    if (dates.calibrationDueOn === false) errors.push({ field: '标定到期', message: '日期格式应为 2026-01-31' });
    const nums = {
      mapX: numberText(get('平面图X'), -1e7, 1e7),
      mapY: numberText(get('平面图Y'), -1e7, 1e7),
      lat: numberText(get('纬度'), -90, 90),
      lng: numberText(get('经度'), -180, 180),
      intervalSeconds: numberText(get('上报间隔(秒)'), 1, 86400),
    };
    const numLabels = { mapX: '平面图X', mapY: '平面图Y', lat: '纬度', lng: '经度', intervalSeconds: '上报间隔(秒)' } as const;
    for (const k of Object.keys(nums) as Array<keyof typeof nums>)
      if (nums[k] === false) errors.push({ field: numLabels[k], message: '应为范围内的数字' });
    if (nums.intervalSeconds && !Number.isInteger(nums.intervalSeconds))
      errors.push({ field: '上报间隔(秒)', message: '应为整数秒' });
    const limits = { 重点部位: 60, 安装位置: 200, 检定证书号: 60, 生产厂家: 100, 型号: 100 } as const;
    for (const [h, max] of Object.entries(limits)) if (get(h).length > max) errors.push({ field: h, message: `最长 ${max} 字` });
    seen.add(code);
    report.push({ row: n, code: code || null, ok: errors.length === 0, action: null, errors });
    if (!errors.length)
      rows.push({
        row: n,
        code,
        name,
        type: type!,
        enterpriseName: get('所属企业') || null,
        keyPlace: get('重点部位') || null,
        location: get('安装位置') || null,
        mapX: nums.mapX || nums.mapX === 0 ? (nums.mapX as number) : null,
        mapY: nums.mapY || nums.mapY === 0 ? (nums.mapY as number) : null,
        lat: nums.lat || nums.lat === 0 ? (nums.lat as number) : null,
        lng: nums.lng || nums.lng === 0 ? (nums.lng as number) : null,
        installedOn: dates.installedOn || null,
        calibrationDueOn: dates.calibrationDueOn || null,
        certificateNo: get('检定证书号') || null,
        intervalSeconds: (nums.intervalSeconds as number | null) || null,
        gatewayCode: get('所属网关') || null,
        manufacturer: get('生产厂家') || null,
        model: get('型号') || null,
      });
  });
  return { rows, report };
}

/** The import template: the header row, column widths, and a 说明 sheet with the types and an example. */
export async function deviceTemplateWorkbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('物联网设备', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...IOT_IMPORT_COLUMNS]).font = { bold: true };
  ws.columns = IOT_IMPORT_COLUMNS.map((h) => ({ width: Math.max(12, h.length * 2 + 4) }));
  const help = wb.addWorksheet('说明');
  help.addRow(['设备类型（填名称或代码）', '代码', '测量项', '默认上报间隔(秒)']).font = { bold: true };
  for (const ty of IOT_DEVICE_TYPES) {
    const s = IOT_DEVICE_TYPE_SPECS[ty];
    help.addRow([s.label, ty, s.quantities.join(', ') || '（心跳）', s.intervalSeconds]);
  }
  help.addRow([]);
  help.addRow(['示例（填在第一个工作表）']).font = { bold: true };
  help.addRow([...IOT_IMPORT_COLUMNS]);
  help.addRow([
    'GAS-0101',
    '1号罐区可燃气体探测器',
    '可燃气体探测器',
    '（企业名称，园区设备留空）',
    '危化品使用',
    '1号罐区东侧',
    420,
    310,
    '',
    '',
    '2025-06-01',
    '2026-06-01',
    'JD-2025-0101',
    10,
    'GW-01',
    '汉威科技',
    'BS01',
  ]);
  help.addRow([]);
  help.addRow(['设备编码已存在时，该行更新该设备的台账信息（设备类型须相同）；新设备的密钥仅在正式导入结果中显示一次。']);
  help.columns = [{ width: 28 }, { width: 18 }, { width: 36 }, { width: 18 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The ledger export: the import's columns (an export re-imports as updates), then state columns. */
export async function deviceLedgerWorkbook(
  rows: Array<IotDeviceDto & { gatewayCode: string | null }>,
  zoneName: string,
  timeZone: string,
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('物联网设备', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...IOT_IMPORT_COLUMNS, '状态', '在线', '最后上报', '密钥版本']).font = { bold: true };
  ws.columns = [...IOT_IMPORT_COLUMNS.map((h) => Math.max(12, h.length * 2 + 4)), 8, 8, 20, 10].map((width) => ({ width }));
  const fmt = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  for (const d of rows)
    ws.addRow([
      d.code,
      d.name,
      IOT_DEVICE_TYPE_SPECS[d.type].label,
      d.enterpriseName ?? '',
      d.keyPlace ?? '',
      d.location ?? '',
      d.mapX ?? '',
      d.mapY ?? '',
      d.lat ?? '',
      d.lng ?? '',
      d.installedOn ?? '',
      d.calibrationDueOn ?? '',
      d.certificateNo ?? '',
      d.intervalSeconds,
      d.gatewayCode ?? '',
      d.manufacturer ?? '',
      d.model ?? '',
      IOT_DEVICE_STATUS_LABELS[d.status].zh,
      d.online ? '在线' : '离线',
      d.lastSeenAt ? fmt.format(new Date(d.lastSeenAt)) : '',
      d.credentialVersion,
    ]);
  ws.headerFooter.oddFooter = `&L${zoneName} 物联网设备台账，共 ${rows.length} 台&R第 &P 页，共 &N 页`;
  wb.title = `${zoneName} 物联网设备台账`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
