import { loadConfig } from '../../core/config/config.ts';
import { deviceSecret, iotDeviceKey, signPayload, splitSignature, verifyPayload } from './device-auth.ts';

const KEY = 'k'.repeat(40);
const T = '0190a1b2-0000-7000-8000-000000000001';
const D = '0190a1b2-0000-7000-8000-000000000002';

test('the secret is derived from key, tenant, device and credential version; rotation changes it', () => {
  const s1 = deviceSecret(KEY, T, D, 1);
  expect(s1).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(deviceSecret(KEY, T, D, 1)).toBe(s1);
  expect(deviceSecret(KEY, T, D, 2)).not.toBe(s1);
  expect(deviceSecret(KEY, 'other-tenant', D, 1)).not.toBe(s1);
  expect(deviceSecret(`${KEY}x`, T, D, 1)).not.toBe(s1);
});

test('a signed payload verifies on its own topic only, with its own secret only, and not once altered', () => {
  const secret = deviceSecret(KEY, T, D, 1);
  const topic = 'yuanan/siqi/GAS-01/up';
  const msg = signPayload(secret, topic, '{"ts":1764547200000,"v":{"gas_lel":12.5}}');
  expect(msg).toMatch(/^\{"ts":1764547200000,"v":\{"gas_lel":12\.5\},"sig":"[A-Za-z0-9_-]{43}"\}$/);
  expect(verifyPayload(secret, topic, msg)).toBe('{"ts":1764547200000,"v":{"gas_lel":12.5}}');
  expect(verifyPayload(secret, 'yuanan/suxi/GAS-01/up', msg)).toBeNull();
  expect(verifyPayload(deviceSecret(KEY, T, D, 2), topic, msg)).toBeNull();
  expect(verifyPayload(secret, topic, msg.replace('12.5', '12.6'))).toBeNull();
  expect(verifyPayload(secret, topic, '{"ts":1,"v":{}}')).toBeNull();
  expect(verifyPayload(secret, topic, `${msg}\n`)).not.toBeNull();
  expect(splitSignature('{"sig":"x"}')).toBeNull();
  expect(verifyPayload(secret, topic, signPayload(secret, topic, '{}'))).toBe('{}');
  expect(() => signPayload(secret, topic, '[1]')).toThrow();
});

test('the device key: IOT_DEVICE_KEY when set, else derived from JWT_SECRET; production requires it', () => {
  const dev = loadConfig({});
  expect(iotDeviceKey(dev)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(iotDeviceKey(loadConfig({ IOT_DEVICE_KEY: KEY }))).toBe(KEY);
  expect(() =>
    loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'j'.repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    }),
  ).toThrow(/IOT_DEVICE_KEY/);
});
