import { IOT_DEVICE_TYPE_SPECS, IOT_DEVICE_TYPES, IOT_QUANTITY_SPECS, type IotQuantity } from '@yuanan/contracts';
import { deviceSecret, verifyPayload } from '../modules/iot/device-auth.ts';
import { connectAsync } from 'mqtt';
import { DEMO_OFFLINE_DEVICE_CODES } from '../cli/demo/demo-iot.ts';
import {
  IotSimulator,
  LEAK_SECONDS,
  isDemoOfflineDevice,
  requestLeak,
  serveLeakRequests,
  simulateLeakAlone,
  type SimDevice,
} from './iot-simulator.ts';

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

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const topicsOf = (tag: string) => {
  const base = `yuanan/_simtest-${process.pid}-${tag}-${Date.now()}`;
  return { request: `${base}/leak`, ack: `${base}/leak/ack` };
};

test('--leak-now asks the running simulator over MQTT for the leak instead of starting a second one', async () => {
  const topics = topicsOf('served');
  const running = await connectAsync(MQTT_URL, { clientId: `sim-test-run-${process.pid}`, clean: true });
  const asking = await connectAsync(MQTT_URL, { clientId: `sim-test-ask-${process.pid}`, clean: true });
  try {
    const sim = new IotSimulator(async () => undefined);
    sim.setDevices(devices);
    await serveLeakRequests(running, sim, topics);
    const gas = devices.find((d) => d.type === 'gas_combustible')!;
    expect(sim.leakValue(gas.id, Date.now())).toBeNull();
    const ack = await requestLeak(asking, { device: gas.code, zones: ['siqi'] }, 5000, topics);
    expect(ack?.device).toBe(`siqi/${gas.code}`);
    // The RUNNING simulator now leaks that detector (its own clock publishes it: nothing is published twice).
    expect(sim.leakValue(gas.id, Date.now() + 60_000)).toBeGreaterThanOrEqual(50);
    // A detector it does not have: answered (so the asker does not simulate) with null.
    expect((await requestLeak(asking, { device: 'NOPE-1' }, 5000, topics))?.device).toBeNull();
  } finally {
    await running.endAsync();
    await asking.endAsync();
  }
});

test('--leak-now with no simulator running: no answer, then only the leaking detector is published, and it ends', async () => {
  const topics = topicsOf('alone');
  const asking = await connectAsync(MQTT_URL, { clientId: `sim-test-alone-${process.pid}`, clean: true });
  try {
    expect(await requestLeak(asking, {}, 800, topics)).toBeNull();
  } finally {
    await asking.endAsync();
  }
  const sent: string[] = [];
  let clock = Date.now();
  const d = await simulateLeakAlone(devices, async (topic) => void sent.push(topic), {
    now: () => clock,
    sleep: async (ms) => void (clock += ms * 8),
  });
  expect(d?.type).toBe('gas_combustible');
  expect(new Set(sent)).toEqual(new Set([`yuanan/siqi/${d!.code}/up`]));
  expect(sent.length).toBeGreaterThanOrEqual(LEAK_SECONDS / 2 - 5);
});

test("the demo's offline device is never published (it stays offline under npm start)", () => {
  expect(DEMO_OFFLINE_DEVICE_CODES.length).toBeGreaterThan(0);
  for (const code of DEMO_OFFLINE_DEVICE_CODES) {
    expect(isDemoOfflineDevice('siqi', code)).toBe(true);
    expect(isDemoOfflineDevice('suxi', code)).toBe(true);
  }
  expect(isDemoOfflineDevice('siqi', 'GAS-001')).toBe(false);
});
