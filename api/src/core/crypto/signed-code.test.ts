import { codePng, signCode, verifyCode } from './signed-code.ts';

const secret = 'test-secret-0123456789abcdef0123456789';
const tenant = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a6c';
const UNIT = { version: 'YE1', domain: 'equipment-unit' };
const ROOM = { version: 'YD1', domain: 'duty-room' };

test('a code verifies for its own kind only', () => {
  const code = signCode(secret, UNIT, tenant, id);
  expect(verifyCode(secret, UNIT, code)).toEqual({ tenantId: tenant, id });
  expect(verifyCode(secret, ROOM, code)).toBeNull();
  // the same version with another domain: the mac differs
  expect(verifyCode(secret, { ...UNIT, domain: 'duty-room' }, code)).toBeNull();
  expect(verifyCode(`${secret}x`, UNIT, code)).toBeNull();
  expect(verifyCode(secret, UNIT, code.replace(tenant, id))).toBeNull();
});

test('the png is a PNG image', async () => {
  const png = await codePng(signCode(secret, UNIT, tenant, id), 120);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});
