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
