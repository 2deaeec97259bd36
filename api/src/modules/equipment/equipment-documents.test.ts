import { AppError } from '../../core/http/problem.ts';
import { labelSheet, unitCode, unitOfCode } from './equipment-documents.ts';
import { gateQrPayload } from '../inspections/gate-qr.ts';

const secret = 'test-secret-0123456789abcdef0123456789';
const tenant = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const other = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a7d';
const unit = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a6c';

test('a unit code opens its unit in its zone only; a gate code is not a unit code', () => {
  const code = unitCode(secret, tenant, unit);
  expect(code).toMatch(/^YE1\./);
  expect(unitOfCode(secret, tenant, code)).toBe(unit);
  expect(unitOfCode(secret, other, code)).toBeNull();
  expect(unitOfCode(secret, tenant, gateQrPayload(secret, tenant, unit))).toBeNull();
});

test('the label sheet is a PDF with the Chinese font; without the font it is refused clearly (503)', async () => {
  const units = Array.from({ length: 25 }, (_, i) => ({
    id: unit,
    assetTag: `KHQ-${String(i + 1).padStart(3, '0')}`,
    modelName: '正压式空气呼吸器 RHZKF6.8/30',
    serial: i % 2 ? `SN${i}` : null,
    location: '器材室 A 架',
  }));
  const pdf = await labelSheet(units, { secret, tenantId: tenant, zoneName: '开发区四期' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // 25 labels: two pages of 3 × 8.
  expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
  const missing = labelSheet(units, { secret, tenantId: tenant, zoneName: 'x', fontPath: '/nonexistent/font.ttc' });
  await expect(missing).rejects.toBeInstanceOf(AppError);
  await expect(missing).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
}, 180_000);

test('label text is measured: a short location and model name fit whole; only what is too long is cut with …', async () => {
  const { fitLines } = await import('./equipment-documents.ts');
  // One unit per character (a stand-in for widthOfString): a line of 8.
  const w = (s: string) => [...s].length;
  expect(fitLines(w, '器材室 A 架 2 层', 12, 1)).toEqual(['器材室 A 架 2 层']);
  expect(fitLines(w, '动力冲锋舟', 8, 2)).toEqual(['动力冲锋舟']);
  expect(fitLines(w, '正压式空气呼吸器 RHZKF6.8/30', 10, 2)).toEqual(['正压式空气呼吸器', 'RHZKF6.8/30'.slice(0, 9) + '…']);
  expect(fitLines(w, '防汛沙袋（百只装）', 5, 2)).toEqual(['防汛沙袋（', '百只装）']);
  expect(fitLines(w, 'ABCDEFGHIJ', 4, 1)).toEqual(['ABC…']);
  // With the real font: the label's text column (31 mm) holds the demo's longest location on one line at 7 pt.
  const { default: PDFDocument } = await import('pdfkit');
  const { CJK_FONT } = await import('./equipment-documents.ts');
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('cjk', CJK_FONT.path, CJK_FONT.face).font('cjk').fontSize(7);
  const tw = (31 * 72) / 25.4;
  expect(fitLines((s) => doc.widthOfString(s), '器材室 A 架 2 层', tw, 1)).toEqual(['器材室 A 架 2 层']);
  doc.fontSize(8);
  expect(fitLines((s) => doc.widthOfString(s), '四旋翼无人机', tw, 2)).toEqual(['四旋翼无人机']);
});
