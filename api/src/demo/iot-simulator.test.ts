import { IOT_DEVICE_TYPE_SPECS, IOT_DEVICE_TYPES, IOT_QUANTITY_SPECS, type IotQuantity } from '@yuanan/contracts';
import { deviceSecret, verifyPayload } from '../modules/iot/device-auth.ts';
import { IotSimulator, LEAK_SECONDS, type SimDevice } from './iot-simulator.ts';

const KEY = 'k'.repeat(40);
const devices: SimDevice[] = IOT_DEVICE_TYPES.map((type, i) => ({
  tenantId: 't1',
  zoneCode: 'siqi',
  timeZone: 'Asia/Shanghai',
  id: `d${i}`,
  code: `DEV-${i}`,
  type,
  intervalSeconds: IOT_DEVICE_TYPE_SPECS[type].intervalSeconds,
  secret: deviceSecret(KEY, 't1', `d${i}`, 1),
}));

test('every device type publishes signed, plausible readings of its own quantities on its topic', async () => {
  const sent: Array<{ topic: string; payload: string }> = [];
  const sim = new IotSimulator(async (topic, payload) => void sent.push({ topic, payload }));
  sim.setDevices(devices);
  const now = Date.now();
  // 5 minutes: before the first periodic leak (6–12 minutes after start).
  for (let k = 0; k < 30; k++) {
    sent.length = 0;
    expect(await sim.once(now + k * 10_000)).toBe(devices.length);
    for (const d of devices) {
      const m = sent.find((s) => s.topic === `yuanan/siqi/${d.code}/up`)!;
      const canonical = verifyPayload(d.secret, m.topic, m.payload);
      expect(canonical).not.toBeNull();
      const body = JSON.parse(canonical!) as { ts: number; v: Record<string, number> };
      expect(Object.keys(body.v).sort()).toEqual([...IOT_DEVICE_TYPE_SPECS[d.type].quantities].sort());
      for (const [q, v] of Object.entries(body.v)) {
        const spec = IOT_QUANTITY_SPECS[q as IotQuantity];
        expect([q, v >= spec.min && v <= spec.max]).toEqual([q, true]);
      }
      // Background levels stay far below the first-level set points.
      if (body.v.gas_lel !== undefined) expect(body.v.gas_lel).toBeLessThanOrEqual(3);
      if (body.v.nh3 !== undefined) expect(body.v.nh3).toBeLessThanOrEqual(8);
    }
  }
});

test('a leak rises past the first (25) and second (50) level within about a minute, then falls back', async () => {
  const sim = new IotSimulator(async () => undefined);
  sim.setDevices(devices);
  const t0 = Date.now();
  const d = sim.startLeak(t0)!;
  expect(d.type).toBe('gas_combustible');
  expect(sim.leakValue(d.id, t0 + 30_000)!).toBeGreaterThanOrEqual(25);
  expect(sim.leakValue(d.id, t0 + 30_000)!).toBeLessThan(50);
  expect(sim.leakValue(d.id, t0 + 60_000)!).toBeGreaterThanOrEqual(50);
  expect(sim.leakValue(d.id, t0 + (LEAK_SECONDS - 5) * 1000)!).toBeLessThan(10);
  expect(sim.leakValue(d.id, t0 + (LEAK_SECONDS + 1) * 1000)).toBeNull();
  // While leaking the detector reports every 2 s, not every 10 s.
  let n = 0;
  const sim2 = new IotSimulator(async (topic) => void (topic.endsWith(`/${d.code}/up`) && n++));
  sim2.setDevices([d], t0);
  sim2.startLeak(t0, d.code);
  for (let s = 0; s <= 20; s++) await sim2.tick(t0 + s * 1000);
  expect(n).toBeGreaterThanOrEqual(10);
});
