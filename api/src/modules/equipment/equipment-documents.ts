import { access } from 'node:fs/promises';
import {
  EQUIPMENT_CATEGORY_LABELS,
  EQUIPMENT_CONDITION_LABELS,
  EQUIPMENT_IMPORT_COLUMNS,
  EQUIPMENT_UNIT_STATUS_LABELS,
  type EquipmentCategory,
  type EquipmentCondition,
  type EquipmentImportResult,
} from '@yuanan/contracts';
import { codePng, signCode, verifyCode, type SignedCodeKind } from '../../core/crypto/signed-code.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { ledgerDateText, openLedgerSheet } from '../enterprises/import/ledger-import.ts';

/**
 * The equipment room's documents: the label sheet (PDF with signed QR codes, pdfkit), the ledger (exceljs) and the
 * unit import (exceljs, dry run then commit). pdfkit and exceljs load on first use (memory the idle api does not
 * need).
 */

/** A unit label's signed code: `YE1.<tenantId>.<unitId>.<hmac16>` (core/crypto/signed-code.ts, domain equipment-unit). */
export const UNIT_CODE: SignedCodeKind = { version: 'YE1', domain: 'equipment-unit' };

export function unitCode(secret: string, tenantId: string, unitId: string): string {
  return signCode(secret, UNIT_CODE, tenantId, unitId);
}

/** The unit a scanned code names in `tenantId`, or null (tampered, another kind, or another zone). */
export function unitOfCode(secret: string, tenantId: string, code: string): string | null {
  const v = verifyCode(secret, UNIT_CODE, code);
  return v && v.tenantId === tenantId ? v.id : null;
}

/** Where Debian's fonts-noto-cjk puts the CJK font (a TrueType collection; the Simplified Chinese face by name). */
export const CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' };

export interface LabelUnit {
  id: string;
  assetTag: string;
  modelName: string;
  serial: string | null;
  location: string | null;
}

/**
 * An A4 sheet of labels, 3 × 8 per page (70 × 37 mm, the common sticker sheet): QR code of the signed payload,
 * asset tag, model name, serial and location. Chinese needs the Noto CJK font: without it the sheet is refused
 * with 503 naming the package (fonts-noto-cjk) rather than printing boxes.
 */
export async function labelSheet(
  units: LabelUnit[],
  opts: { secret: string; tenantId: string; zoneName: string; fontPath?: string },
): Promise<Buffer> {
  const fontPath = opts.fontPath ?? CJK_FONT.path;
  try {
    await access(fontPath);
  } catch {
    throw new AppError(
      503,
      'service_unavailable',
      t(
        `服务器缺少中文字体（${fontPath}），无法生成标签。请安装 fonts-noto-cjk 后重试。`,
        `The server has no Chinese font (${fontPath}) for labels: install fonts-noto-cjk and try again`,
      ),
    );
  }
  const { default: PDFDocument } = await import('pdfkit');
  const mm = (v: number) => (v * 72) / 25.4;
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `${opts.zoneName} 器材标签`, Author: '园安' } });
  doc.registerFont('cjk', fontPath, CJK_FONT.face);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const cols = 3;
  const rows = 8;
  const w = mm(70);
  const h = mm(37);
  const top = mm(0.5 * (297 - rows * 37));
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const slot = i % (cols * rows);
    if (i > 0 && slot === 0) doc.addPage();
    const x = (slot % cols) * w;
    const y = top + Math.floor(slot / cols) * h;
    const qr = await codePng(unitCode(opts.secret, opts.tenantId, u.id), 240);
    const side = h - mm(6);
    doc.image(qr, x + mm(3), y + mm(3), { width: side, height: side });
    const tx = x + mm(3) + side + mm(2);
    const tw = w - (tx - x) - mm(3);
    // Each text is measured (widthOfString) and laid out by hand on at most its lines — pdfkit's own wrapping broke
    // "… 2 层" before the last character and cut a two-line model name after one line.
    const line = (text: string, y0: number, size: number, minSize: number, color: string, maxLines = 1, step = 1.25) => {
      doc.font('cjk').fillColor(color);
      // The largest size from `size` down to `minSize` (half points) at which it fits, else the smallest, cut.
      let used = size;
      let fit: string[];
      for (; ; used -= 0.5) {
        doc.fontSize(used);
        fit = fitLines((x) => doc.widthOfString(x), text, tw, maxLines);
        if (!fit.at(-1)!.endsWith('…') || used - 0.5 < minSize) break;
      }
      fit.forEach((l, k) => doc.text(l, tx, y0 + k * used * step, { lineBreak: false }));
    };
    line(u.assetTag, y + mm(4), 12, 9, '#000');
    line(u.modelName, y + mm(10), 8, 7, '#000', 2);
    if (u.serial) line(`序列号 ${u.serial}`, y + mm(19), 7, 5.5, '#444');
    if (u.location) line(u.location, y + mm(23), 7, 5.5, '#444');
    line(`${opts.zoneName} 器材室`, y + h - mm(7), 6, 5, '#888');
  }
  if (!units.length) doc.font('cjk').fontSize(12).text('没有器材', mm(20), mm(20));
  doc.end();
  return done;
}

/**
 * Breaks `text` into at most `maxLines` lines no wider than `width` (as `measure` says, in the same unit: points of
 * the current font and size), greedily by character (Chinese has no spaces), but not inside a Latin word or number
 * when the line has a space to break at. What does not fit ends the last line with "…".
 */
export function fitLines(measure: (s: string) => number, text: string, width: number, maxLines: number): string[] {
  const chars = [...text.trim()];
  const lines: string[] = [];
  let i = 0;
  while (i < chars.length && lines.length < maxLines) {
    let j = i;
    while (j < chars.length && measure(chars.slice(i, j + 1).join('')) <= width) j++;
    if (j === i) j = i + 1; // a single character wider than the line: show it anyway
    if (j < chars.length && /[\w.\-/]/.test(chars[j]!) && /[\w.\-/]/.test(chars[j - 1]!)) {
      const space = chars.slice(i, j).lastIndexOf(' ');
      if (space > 0) j = i + space + 1;
    }
    lines.push(chars.slice(i, j).join('').trim());
    i = j;
    while (chars[i] === ' ') i++;
  }
  if (i < chars.length) {
    let last = lines.pop() ?? '';
    while (last && measure(`${last}…`) > width) last = [...last].slice(0, -1).join('');
    lines.push(`${last.trimEnd()}…`);
  }
  return lines;
}

export interface LedgerRow {
  assetTag: string;
  modelName: string;
  model: string | null;
  serial: string | null;
  location: string | null;
  purchasedOn: string | null;
  warrantyUntil: string | null;
  condition: EquipmentCondition;
  category: EquipmentCategory;
  status: keyof typeof EQUIPMENT_UNIT_STATUS_LABELS;
  borrower: string | null;
  dueAt: string | null;
  nextMaintenanceOn: string | null;
}

/**
 * The ledger (器材台账) as a workbook, in words (类别, 状况, 状态 as their Chinese labels); its first eight columns are
 * the import's, so an export can be edited and imported again (existing asset tags are updated).
 */
export async function ledgerWorkbook(rows: LedgerRow[], zoneName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('器材台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...EQUIPMENT_IMPORT_COLUMNS, '类别', '状态', '借用人', '应还时间', '下次保养']).font = { bold: true };
  ws.columns = [16, 24, 16, 18, 18, 12, 12, 8, 12, 10, 24, 18, 12].map((width) => ({ width }));
  for (const r of rows)
    ws.addRow([
      r.assetTag,
      r.modelName,
      r.model ?? '',
      r.serial ?? '',
      r.location ?? '',
      r.purchasedOn ?? '',
      r.warrantyUntil ?? '',
      EQUIPMENT_CONDITION_LABELS[r.condition].zh,
      EQUIPMENT_CATEGORY_LABELS[r.category].zh,
      EQUIPMENT_UNIT_STATUS_LABELS[r.status].zh,
      r.borrower ?? '',
      r.dueAt ?? '',
      r.nextMaintenanceOn ?? '',
    ]);
  // The title and count go in the printed footer, not in a row: a row under the table would be read back as a unit
  // when the ledger is imported again.
  ws.headerFooter.oddFooter = `&L${zoneName} 器材台账，共 ${rows.length} 件&R第 &P 页，共 &N 页`;
  wb.title = `${zoneName} 器材台账`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One parsed row of the import sheet. */
export interface ImportRow {
  row: number;
  assetTag: string;
  modelName: string;
  model: string | null;
  serial: string | null;
  location: string | null;
  purchasedOn: string | null;
  warrantyUntil: string | null;
  condition: EquipmentCondition;
}

const CONDITION_BY_TEXT: Record<string, EquipmentCondition> = {
  完好: 'good',
  良好: 'good',
  good: 'good',
  一般: 'fair',
  fair: 'fair',
  损坏: 'damaged',
  damaged: 'damaged',
};

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v).trim();
}

/** A ledger date from 1990-01-01 (see {@link ledgerDateText}). */
const dateText = (v: string) => ledgerDateText(v, '1990-01-01');

/** At most this many rows per import (a zone's room holds hundreds, not tens of thousands). */
export const IMPORT_MAX_ROWS = 2000;

/**
 * Reads the first sheet of an import workbook (header row = EQUIPMENT_IMPORT_COLUMNS, in any order) into rows and
 * per-row errors; nothing is written. Unreadable files are 415; too many rows 413.
 */
export async function readImport(
  data: Buffer,
): Promise<{ rows: ImportRow[]; report: EquipmentImportResult['rows']; modelNames: Map<number, string> }> {
  const sheet = await openLedgerSheet(data, { required: ['资产编号', '器材名称'], maxRows: IMPORT_MAX_ROWS, cellText });
  const rows: ImportRow[] = [];
  const report: EquipmentImportResult['rows'] = [];
  const seen = new Set<string>();
  /** Every row's 器材名称 (also of rows with other errors, so the model check reports them too). */
  const modelNames = new Map<number, string>();
  sheet.eachRow((get, n) => {
    const assetTag = get('资产编号');
    const modelName = get('器材名称');
    if (!assetTag && !modelName) return;
    if (modelName) modelNames.set(n, modelName);
    const errors: Array<{ field: string; message: string }> = [];
    if (!assetTag) errors.push({ field: '资产编号', message: '必填' });
    else if (!/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/.test(assetTag))
      errors.push({ field: '资产编号', message: '资产编号为字母、数字及 _./-，最长 40 位' });
    else if (seen.has(assetTag)) errors.push({ field: '资产编号', message: '表内重复' });
    if (!modelName) errors.push({ field: '器材名称', message: '必填' });
    const purchasedOn = dateText(get('购置日期'));
    const warrantyUntil = dateText(get('保修截止'));
    if (purchasedOn === false) errors.push({ field: '购置日期', message: '日期格式应为 2026-01-31' });
    if (warrantyUntil === false) errors.push({ field: '保修截止', message: '日期格式应为 2026-01-31' });
    const condText = get('状况');
    const condition = condText ? CONDITION_BY_TEXT[condText] : 'good';
    if (!condition) errors.push({ field: '状况', message: '应为 完好、一般 或 损坏' });
    seen.add(assetTag);
    report.push({ row: n, assetTag: assetTag || null, ok: errors.length === 0, action: null, errors });
    if (!errors.length)
      rows.push({
        row: n,
        assetTag,
        modelName,
        model: get('型号') || null,
        serial: get('序列号').slice(0, 80) || null,
        location: get('存放位置').slice(0, 100) || null,
        purchasedOn: purchasedOn || null,
        warrantyUntil: warrantyUntil || null,
        condition: condition!,
      });
  });
  return { rows, report, modelNames };
}
