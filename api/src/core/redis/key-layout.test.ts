import { Redis } from 'ioredis';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { bullPrefix, hashTagOf, keyGroups, keySlot } from './key-layout.ts';

let env: TestEnv;
let redis: Redis;
beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  redis = new Redis(env.config.REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await env.close();
});

async function scanAll(match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

test('after a short run every Redis key belongs to a documented group, and co-located groups share one slot', async () => {
  const zone = await zoneWithAdmin(env, 'keys');
  // Sign-in failures (counter), a lockout (lock key), a user created (an event job through the outbox and queue).
  await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'keys', username: 'ghost', password: 'wrong-pass-1' } });
  for (let i = 0; i < env.config.LOGIN_MAX_FAILURES; i++)
    await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'keys', username: 'victim', password: 'wrong-pass-1' } });
  await userWithRole(env, zone, 'safety_officer');
  await new Promise((r) => setTimeout(r, 1500)); // outbox relay, job run, Redis-loss sentinel (REDIS_WATCH_MS=500)

  const keys = await scanAll(`${env.config.REDIS_PREFIX}*`);
  const groups = keyGroups(env.config);
  const byGroup = new Map<string, string[]>(groups.map((g) => [g.name, []]));
  const unknown: string[] = [];
  for (const k of keys) {
    const g = groups.filter((x) => x.pattern.test(k));
    if (g.length !== 1) unknown.push(k);
    else byGroup.get(g[0]!.name)!.push(k);
  }
  expect(unknown).toEqual([]);
  // Each group was exercised by the run above.
  for (const [name, list] of byGroup) expect({ name, n: list.length > 0 }).toEqual({ name, n: true });
  expect(byGroup.get('queues')!.some((k) => k.startsWith(`${bullPrefix(env.config)}:events:`))).toBe(true);

  // Groups that must be on one node: every key in one slot, and queues + sentinel together.
  const bullSlot = keySlot(`${bullPrefix(env.config)}:events:wait`);
  for (const g of groups.filter((x) => x.oneSlot)) {
    const slots = new Set(byGroup.get(g.name)!.map(keySlot));
    expect({ group: g.name, slots: [...slots] }).toEqual({ group: g.name, slots: [bullSlot] });
  }
  // A tenant's keys share its slot (tagged by the tenant id).
  const tenantKeys = byGroup.get('tenant')!;
  expect(tenantKeys.length).toBeGreaterThanOrEqual(2);
  for (const k of tenantKeys) expect(hashTagOf(k)).toBe(zone.tenant.id);
  expect(new Set(tenantKeys.map(keySlot)).size).toBe(1);
});
