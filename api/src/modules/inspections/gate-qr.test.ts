import { gateQrPayload, gateQrSvg, verifyGateQr } from './gate-qr.ts';

const secret = 'test-secret-0123456789abcdef0123456789';
const tenant = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ent = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a6c';
const other = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a7d';

test('a code names its zone and enterprise and verifies with the same secret only', () => {
  const code = gateQrPayload(secret, tenant, ent);
  expect(code).toMatch(/^YA1\.[0-9a-f-]{36}\.[0-9a-f-]{36}\.[0-9a-f]{16}$/);
  expect(verifyGateQr(secret, code)).toEqual({ tenantId: tenant, enterpriseId: ent });
  expect(verifyGateQr(`${secret}x`, code)).toBeNull();
});

test('an edited, truncated or made-up code is refused', () => {
  const code = gateQrPayload(secret, tenant, ent);
  const mac = code.split('.')[3]!;
  expect(verifyGateQr(secret, `YA1.${tenant}.${other}.${mac}`)).toBeNull();
  expect(
    verifyGateQr(
      secret,
      code.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    ),
  ).toBeNull();
  expect(verifyGateQr(secret, code.slice(0, -1))).toBeNull();
  expect(verifyGateQr(secret, `YA2.${tenant}.${ent}.${mac}`)).toBeNull();
  expect(verifyGateQr(secret, `${code}.x`)).toBeNull();
  expect(verifyGateQr(secret, 'https://example.com/?q=1')).toBeNull();
  expect(verifyGateQr(secret, '')).toBeNull();
  expect(verifyGateQr(secret, `YA1.${tenant}.${ent}.${mac.toUpperCase()}`)).toBeNull();
});

test('the svg is a QR image', async () => {
  const svg = await gateQrSvg(gateQrPayload(secret, tenant, ent));
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('<path');
});
