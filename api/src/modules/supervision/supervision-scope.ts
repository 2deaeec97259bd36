import type { Container } from '../../core/container.ts';

/**
 * The one cross-tenant door of city supervision (issue 14 §1). Every cross-zone read (city views, entering a zone,
 * the token check) takes its zone ids from here and nowhere else; a zone id from a client is only ever intersected
 * with what this answers (unknown or ungranted → 404 `zone`, same as a nonexistent one).
 *
 * A grant is in force at t iff `revoked_at IS NULL AND valid_from <= t < valid_until` and both tenants are active
 * (the zone of kind 'zone', the bureau of kind 'bureau'). No grant, no zone: fail closed.
 */

/** A zone the bureau may read, through the grant in force (`validUntil` exclusive, UTC). */
export interface GrantedZone {
  grantId: string;
  zoneId: string;
  code: string;
  name: string;
  region: string;
  timeZone: string;
  validUntil: Date;
}

interface Row {
  grant_id: string;
  valid_until: Date | string;
  zone_id: string;
  code: string;
  name: string;
  region: string;
  time_zone: string;
}

const GRANTS_IN_FORCE = `
  SELECT g.id AS grant_id, g.valid_until, z.id AS zone_id, z.code, z.name, z.region, z.time_zone
    FROM supervision_grants g
    JOIN tenants z ON z.id = g.zone_id AND z.kind = 'zone' AND z.status = 'active'
    JOIN tenants b ON b.id = g.bureau_id AND b.kind = 'bureau' AND b.status = 'active'
   WHERE g.bureau_id = ? AND g.revoked_at IS NULL AND g.valid_from <= ? AND g.valid_until > ?`;

function toGranted(r: Row): GrantedZone {
  return {
    grantId: String(r.grant_id),
    zoneId: String(r.zone_id),
    code: String(r.code),
    name: String(r.name),
    region: String(r.region),
    timeZone: String(r.time_zone),
    validUntil: r.valid_until instanceof Date ? r.valid_until : new Date(`${String(r.valid_until).replace(' ', 'T')}Z`),
  };
}

/** One zone once: when two grants over it are in force, the one lasting longer. */
function onePerZone(rows: Row[]): GrantedZone[] {
  const best = new Map<string, GrantedZone>();
  for (const g of rows.map(toGranted)) {
    const had = best.get(g.zoneId);
    if (!had || g.validUntil > had.validUntil) best.set(g.zoneId, g);
  }
  return [...best.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Zones the bureau may read at `at`: grant in force, zone active. Empty for no grant (fail closed). */
export async function grantedZones(c: Container, bureauId: string, at = new Date()): Promise<GrantedZone[]> {
  const rows = (await c.orm.em.getConnection().execute(GRANTS_IN_FORCE, [bureauId, at, at])) as Row[];
  return onePerZone(rows);
}

/** The grant in force for (bureau, zone) at `at`, or null. */
export async function grantFor(c: Container, bureauId: string, zoneId: string, at = new Date()): Promise<GrantedZone | null> {
  const rows = (await c.orm.em
    .getConnection()
    .execute(`${GRANTS_IN_FORCE} AND g.zone_id = ?`, [bureauId, at, at, zoneId])) as Row[];
  return onePerZone(rows)[0] ?? null;
}

/**
 * Whether the grant a zone token was issued under (`sup.gid`) is still in force for (bureau, zone) now. Asked on
 * every request carrying a `sup` claim; cached per process for at most `GRANT_CACHE_MS` (like TenantDirectory), and
 * dropped at once when a grant of the bureau or zone changes (`invalidateGrants`, through the bus's tenant notice).
 * A cached "in force" also expires at the grant's own end, never later.
 */
export async function grantStillInForce(c: Container, grantId: string, bureauId: string, zoneId: string): Promise<boolean> {
  const cache = cacheOf(c);
  const key = `${bureauId}:${zoneId}:${grantId}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < GRANT_CACHE_MS && now < hit.until) return hit.ok;
  const g = await grantFor(c, bureauId, zoneId, new Date(now));
  const ok = g !== null && g.grantId === grantId;
  if (cache.size > 20000) cache.clear();
  cache.set(key, { at: now, ok, until: ok ? g!.validUntil.getTime() : Number.POSITIVE_INFINITY });
  return ok;
}

/** How long a grant check is reused (ms). */
export const GRANT_CACHE_MS = 5000;

/**
 * Drops the cached grant checks of these tenants (bureaus or zones) in every process: grant changes call it.
 * Rides on the bus's tenant notice, which also refreshes the tenants' directory entries (harmless).
 */
export function invalidateGrants(c: Container, ...tenantIds: string[]): void {
  for (const id of new Set(tenantIds)) c.bus.publish({ kind: 'tenant', id });
}

type Cache = Map<string, { at: number; ok: boolean; until: number }>;
const caches = new WeakMap<Container, Cache>();
function cacheOf(c: Container): Cache {
  let cache = caches.get(c);
  if (!cache) {
    const made: Cache = new Map();
    cache = made;
    caches.set(c, made);
    c.bus.on((m) => {
      if (m.kind !== 'tenant') return;
      for (const k of made.keys()) if (k.includes(m.id)) made.delete(k);
    });
  }
  return cache;
}

/**
 * The bureau's own trail across zones (GET /supervision/reads): rows of `supervision_reads` written for `bureauId`,
 * in whatever zone (each row's tenant), newest first, with a per-day summary per zone. The bureau id is the caller's
 * own tenant (explicit); zone names come from `tenants`. Dates cut in the bureau's time zone (`range`).
 */
export async function bureauReadRows(
  c: Container,
  bureauId: string,
  range: { from: Date; to: Date; offsetMin: number },
  q: { zoneId?: string; page: number; pageSize: number },
) {
  const conn = c.orm.em.getConnection();
  const where = `r.bureau_id = ? AND r.at >= ? AND r.at < ?${q.zoneId ? ' AND r.tenant_id = ?' : ''}`;
  const args: unknown[] = [bureauId, range.from, range.to, ...(q.zoneId ? [q.zoneId] : [])];
  const [rows, [count], days] = await Promise.all([
    conn.execute(
      `SELECT r.*, z.name AS zone_name FROM supervision_reads r LEFT JOIN tenants z ON z.id = r.tenant_id
        WHERE ${where} ORDER BY r.at DESC, r.id DESC LIMIT ? OFFSET ?`,
      [...args, q.pageSize, (q.page - 1) * q.pageSize],
    ) as Promise<Array<Record<string, unknown>>>,
    conn.execute(`SELECT COUNT(*) AS n FROM supervision_reads r WHERE ${where}`, args) as Promise<Array<{ n: number }>>,
    conn.execute(
      `SELECT DATE(r.at + INTERVAL ? MINUTE) AS d, r.tenant_id AS id, MAX(z.name) AS name, COUNT(*) AS n_reads,
              COUNT(DISTINCT r.user_id) AS users
         FROM supervision_reads r LEFT JOIN tenants z ON z.id = r.tenant_id
        WHERE ${where} GROUP BY d, r.tenant_id ORDER BY d DESC, name`,
      [range.offsetMin, ...args],
    ) as Promise<Array<Record<string, unknown>>>,
  ]);
  return { rows, total: Number(count?.n ?? 0), days };
}

/**
 * What the audit list calls a grant (its 对象 column): `bureau → zone`. Asked only for the grants named by rows of the
 * caller's own trail (a zone's or bureau's trail holds only grants of its own), so naming them tells nothing new.
 */
export async function supervisionGrantNames(
  c: { getConnection(): { execute(sql: string, args: unknown[]): Promise<unknown> } },
  ids: string[],
) {
  const names = new Map<string, string>();
  if (!ids.length) return names;
  const rows = (await c.getConnection().execute(
    `SELECT g.id, b.name AS bureau, z.name AS zone FROM supervision_grants g
       JOIN tenants b ON b.id = g.bureau_id JOIN tenants z ON z.id = g.zone_id
      WHERE g.id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  )) as Array<{ id: string; bureau: string; zone: string }>;
  for (const r of rows) names.set(String(r.id), `${r.bureau} → ${r.zone}`);
  return names;
}
