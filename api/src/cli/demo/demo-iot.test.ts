/**
 * The demo's IoT monitoring (demo-iot.ts) on a small zone: devices in the key places of tagged enterprises and the
 * zone's tower, gateway and cameras; a month of alarms in every state with two hazards opened through the hazard
 * service; exactly one active unacknowledged alarm and one offline device; a day of readings; seeding again writes
 * nothing.
 */
import { buildCreditCode } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Hazard } from '../../modules/hazards/hazard.entity.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { IotAlarm, IotAlarmEvent, IotDevice } from '../../modules/iot/iot.entity.ts';
import { latestKey } from '../../modules/iot/telemetry-store.ts';
import { DEMO_OFFLINE_DEVICE_CODES, seedDemoIot } from './demo-iot.ts';

let env: TestEnv;
afterAll(() => env?.close());

test('a small zone: devices, alarm history with two hazards, one active unacked alarm, one offline device, readings; idempotent', async () => {
  env = await createTestEnv();
  const zone = await zoneWithAdmin(env, 'iotdemo');
  const safety = await userWithRole(env, zone, 'safety_officer');
  const grid = await userWithRole(env, zone, 'grid_worker');
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const run = () =>
    runInScope(
      { requestId: 'seed', tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' },
      async () => {
        const tags = [
          ['spraying', 'hazchem_use'],
          ['ammonia_refrigeration'],
          ['lithium_battery', 'confined_space'],
          ['combustible_dust'],
          [],
        ];
        let ents = await em.find(Enterprise, {}, { orderBy: { creditCode: 'asc' } });
        if (!ents.length) {
          ents = tags.map((t, i) =>
            em.create(Enterprise, {
              creditCode: buildCreditCode('91', '330782', `MA5D000${i}`),
              name: `演示物联企业${i}`,
              principalName: '张三',
              keyPlaceTags: t,
              keyPlaceTagsText: `,${t.join(',')},`,
              planX: 0.1 + i * 0.15,
              planY: 0.3,
              lat: 29.3,
              lng: 120.1,
            } as never),
          );
          await em.flush();
        }
        const users = new Map<string, User>([
          ['safety', await em.findOneOrFail(User, { id: safety.id })],
          ['grid1', await em.findOneOrFail(User, { id: grid.id })],
          ['admin', await em.findOneOrFail(User, { username: 'admin' })],
        ]);
        const info = (await env.api.c.tenants.byId(zone.tenant.id))!;
        return seedDemoIot(env.api.c, env.api.services, em, info, ents, users, new Map());
      },
    );
  const first = await run();
  expect(first.skipped).toBe(false);
  expect(first.hazards).toBe(2);
  expect(first.readings).toBeGreaterThan(5000);
  const devices = await em.find(IotDevice, {});
  expect(devices.map((d) => d.code)).toEqual(expect.arrayContaining(['TOWER-01', 'GW-01', 'CAM-01', 'CAM-02']));
  expect(devices.filter((d) => d.enterpriseId).length).toBeGreaterThanOrEqual(12);
  expect(new Set(devices.map((d) => d.code)).size).toBe(devices.length);
  expect(devices.filter((d) => !d.online).length).toBe(1);
  // The offline one is the code the simulator leaves silent (else npm start's simulator would bring it online).
  expect(DEMO_OFFLINE_DEVICE_CODES).toContain(devices.find((d) => !d.online)!.code);
  // Each device has its own point around its enterprise's: no two of an enterprise within 0.015 of each other.
  const placed = devices.filter((d) => d.enterpriseId && d.mapX != null && d.mapY != null);
  expect(placed.length).toBeGreaterThanOrEqual(12);
  for (const a of placed)
    for (const b of placed)
      if (a !== b && a.enterpriseId === b.enterpriseId)
        expect([a.code, b.code, Math.hypot(a.mapX! - b.mapX!, a.mapY! - b.mapY!) >= 0.015]).toEqual([a.code, b.code, true]);
  const alarms = await em.find(IotAlarm, {});
  const activeUnacked = alarms.filter((a) => a.activeKey && !a.acknowledgedAt);
  expect(activeUnacked).toHaveLength(1);
  expect(activeUnacked[0]).toMatchObject({ type: 'gas_lel.threshold', severity: 'major', level: 1 });
  expect(activeUnacked[0]!.nextEscalationAt).not.toBeNull();
  expect(alarms.filter((a) => a.closedAt && a.handling).length).toBeGreaterThan(10);
  expect(new Set(alarms.filter((a) => a.handling).map((a) => a.handling!.cause)).size).toBeGreaterThanOrEqual(3);
  expect(alarms.filter((a) => a.clearedAt && !a.closedAt).length).toBeGreaterThanOrEqual(3);
  const linked = alarms.filter((a) => a.hazardId);
  expect(linked).toHaveLength(2);
  const hz = await em.find(Hazard, { id: { $in: linked.map((a) => a.hazardId!) } });
  expect(hz.map((h) => h.source)).toEqual(['iot_alarm', 'iot_alarm']);
  expect(hz.every((h) => h.status !== 'closed')).toBe(true);
  expect(await em.count(IotAlarmEvent, { action: 'hazard' })).toBe(2);
  // Alarms started within 30 days; their values inside the quantities' ranges.
  expect(alarms.every((a) => a.startedAt.getTime() > Date.now() - 31 * 86400_000)).toBe(true);
  const latest = await env.api.c.redis.hgetall(latestKey(zone.tenant.id));
  expect(Object.keys(latest).length).toBeGreaterThan(10);
  // Again: nothing written.
  const second = await run();
  expect(second.skipped).toBe(true);
  expect(await em.count(IotDevice, {})).toBe(devices.length);
  expect(await em.count(IotAlarm, {})).toBe(alarms.length);
}, 120_000);
