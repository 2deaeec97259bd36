import type { Config } from '../config/config.ts';

/**
 * Every Redis key this application writes, by group. A Redis Cluster places a key by the CRC16 of its hash tag
 * (the text inside the first `{…}`), so a group whose keys are used together in one Lua script, MULTI or
 * multi-key command must share one tag. Channels (pub/sub) are not keys and are not listed here.
 *
 * `P` below is REDIS_PREFIX.
 */
export interface KeyGroup {
  /** Short name, used by the layout test and the README. */
  name: string;
  /** Matches the full key (prefix included). */
  pattern: RegExp;
  /** True when every key of the group must hash to one slot. */
  oneSlot: boolean;
  why: string;
}

/** Hash tag shared by every BullMQ queue and the worker's Redis-loss sentinel. */
export const BULL_TAG = '{bull}';

/** BullMQ `prefix` option: `P:{bull}` — all queues in one slot (flows, and the loss sentinel below, need it). */
export function bullPrefix(config: Pick<Config, 'REDIS_PREFIX'>): string {
  return `${config.REDIS_PREFIX}:${BULL_TAG}`;
}

/** Key (under the command client's `P:` prefix) of the sentinel that tells the worker Redis lost the queues. */
export const WORKER_EPOCH_KEY = `${BULL_TAG}:worker-epoch`;

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The documented groups for one deployment prefix (see README "Past one machine"). */
export function keyGroups(config: Pick<Config, 'REDIS_PREFIX'>): KeyGroup[] {
  const p = esc(config.REDIS_PREFIX);
  return [
    {
      name: 'queues',
      pattern: new RegExp(`^${p}:\\{bull\\}:(events|timers|notify|maintenance|imports)(:.*)?$`),
      oneSlot: true,
      why: 'BullMQ Lua scripts touch several keys of a queue at once; one tag for all queues keeps flows and the loss sentinel with them',
    },
    {
      name: 'worker-epoch',
      pattern: new RegExp(`^${p}:\\{bull\\}:worker-epoch$`),
      oneSlot: true,
      why: 'must live on the node that holds the queues, so losing that node is noticed (queues and sentinel vanish together)',
    },
    {
      name: 'tenant',
      pattern: new RegExp(
        `^${p}:t:\\{[0-9a-f-]{36}\\}:((login-fail|login-lock):.+|iot:(latest|rule-state|accepted)|apikey:[0-9a-f-]{36}:(rl:\\d+|used))$`,
      ),
      oneSlot: false,
      why: 'sign-in failure counter and lock of a user, the IoT latest values, rule state and accepted counts of a zone, an API key’s per-minute request counter and last-use guard; tagged by tenant so one tenant’s keys share a slot (same tag per tenant)',
    },
    {
      name: 'login-ip',
      pattern: new RegExp(`^${p}:login:ip:[^{}]+$`),
      oneSlot: false,
      why: 'per-address sign-in rate counter: single-key INCR/EXPIRE, may live anywhere',
    },
  ];
}

/** The hash tag Redis Cluster uses for a key: the text in the first non-empty `{…}`, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

/**
 * The Redis Cluster slot (0–16383) of a key: CRC16-XMODEM of its hash tag modulo 16384 (Redis Cluster
 * specification, "Keys distribution model"). Checked against `CLUSTER KEYSLOT` of a real cluster in
 * redis-cluster.test.ts.
 */
export function keySlot(key: string): number {
  let crc = 0;
  for (const byte of Buffer.from(hashTagOf(key), 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}
