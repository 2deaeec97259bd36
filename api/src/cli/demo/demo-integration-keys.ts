import type { Em } from '../../core/db/orm.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { newApiKey } from '../../modules/api-keys/api-key-auth.ts';
import { ApiKey } from '../../modules/api-keys/api-key.entity.ts';

/** What the demo's API keys look like after a seed. */
export interface DemoApiKeyReport {
  keys: number;
  skipped: boolean;
}

const DAY = 86_400_000;

/**
 * API 密钥 in the demo zone (issue 14 §7): 省平台数据对接 (hazards.read + enterprises.read, 120/min) — first issued
 * three months ago and rotated two weeks ago with a day's grace, so the old key shows as expired and replaced, the
 * new one in daily use by the provincial platform — and 园区IoT网关 (iot.readings.write, 600/min), used minutes ago
 * by the zone's gateway. The key texts are random and shown nowhere (only their hashes are stored): to call the api
 * with a key, create one in 集成 → API 密钥. Both valid to the end of 2027. A second seed changes nothing (by name).
 */
export async function seedDemoApiKeys(em: Em, now = new Date()): Promise<DemoApiKeyReport> {
  if (await em.count(ApiKey, { name: { $in: ['省平台数据对接', '园区IoT网关'] } })) return { keys: 0, skipped: true };
  const admin = await em.findOne(User, { username: 'admin' }, { fields: ['id'] });
  const until = new Date('2027-12-31T16:00:00Z');
  const ago = (days: number, minutes = 0) => new Date(now.getTime() - days * DAY - minutes * 60_000);
  const make = (name: string, scopes: ApiKey['scopes'], rate: number) => {
    const { prefix, hash } = newApiKey();
    return em.create(ApiKey, {
      name,
      keyPrefix: prefix,
      secretHash: hash,
      scopes,
      rateLimitPerMinute: rate,
      expiresAt: until,
      createdBy: admin?.id ?? null,
    } as never) as ApiKey;
  };
  const first = make('省平台数据对接', ['hazards.read', 'enterprises.read'], 120);
  const current = make('省平台数据对接', ['hazards.read', 'enterprises.read'], 120);
  const gateway = make('园区IoT网关', ['iot.readings.write'], 600);
  await em.flush();
  // History: the first provincial key was rotated 14 days ago with 24 h grace (expired since, replaced).
  Object.assign(first, {
    createdAt: ago(92),
    expiresAt: ago(13),
    rotatedToId: current.id,
    lastUsedAt: ago(13, 30),
    lastUsedIp: '10.20.0.15',
  });
  Object.assign(current, { createdAt: ago(14), lastUsedAt: ago(0, 12), lastUsedIp: '10.20.0.15' });
  Object.assign(gateway, { createdAt: ago(60), lastUsedAt: ago(0, 1), lastUsedIp: '192.168.10.2' });
  await em.flush();
  return { keys: 3, skipped: false };
}
