import type { TenantSettings } from '@yuanan/contracts';
import type { Orm } from '../db/orm.ts';

export interface TenantInfo {
  id: string;
  code: string;
  name: string;
  region: string;
  timeZone: string;
  /** 'bureau': a supervising 应急管理局 (issue 14), its own users only. */
  kind: 'zone' | 'platform' | 'bureau';
  status: 'active' | 'disabled';
  settings: TenantSettings;
}

/**
 * Tenants are read on every request (status, time zone, settings), so they are cached per process for a few
 * seconds; `invalidate` is called on change here and, through Redis pub/sub, in every other process.
 */
export class TenantDirectory {
  readonly #orm: Orm;
  readonly #ttlMs: number;
  readonly #byId = new Map<string, { at: number; info: TenantInfo | null }>();
  constructor(orm: Orm, ttlMs = 5000) {
    this.#orm = orm;
    this.#ttlMs = ttlMs;
  }

  async byId(id: string): Promise<TenantInfo | null> {
    const hit = this.#byId.get(id);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.info;
    const rows = await this.#query('id = ?', id);
    const info = rows[0] ?? null;
    this.#byId.set(id, { at: Date.now(), info });
    return info;
  }

  async byCode(code: string): Promise<TenantInfo | null> {
    const rows = await this.#query('code = ?', code.toLowerCase());
    const info = rows[0] ?? null;
    if (info) this.#byId.set(info.id, { at: Date.now(), info });
    return info;
  }

  async active(): Promise<TenantInfo[]> {
    return this.#query("status = 'active' AND kind = 'zone' ORDER BY code", undefined);
  }

  invalidate(id?: string): void {
    if (id) this.#byId.delete(id);
    else this.#byId.clear();
  }

  async #query(where: string, arg: string | undefined): Promise<TenantInfo[]> {
    // Tenants are not tenant-scoped: this is the one table read without a tenant condition.
    const rows = (await this.#orm.em
      .getConnection()
      .execute(
        `SELECT id, code, name, region, time_zone, kind, status, settings FROM tenants WHERE ${where}`,
        arg === undefined ? [] : [arg],
      )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: String(r.id),
      code: String(r.code),
      name: String(r.name),
      region: String(r.region),
      timeZone: String(r.time_zone),
      kind: r.kind as TenantInfo['kind'],
      status: r.status as 'active' | 'disabled',
      settings: (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as TenantSettings,
    }));
  }
}
