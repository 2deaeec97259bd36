import type { Orm } from '../db/orm.ts';

export interface SessionState {
  revoked: boolean;
  expired: boolean;
  userStatus: 'active' | 'disabled' | null;
  /**
   * The user still has an initial or reset password and the session was opened with it (a console sign-in): only
   * the password change may be called (authenticate.ts). A mini-program session signed in with WeChat, not the
   * password, so it is not held back.
   */
  passwordChangeRequired: boolean;
}

/**
 * Checks on every authenticated request that the session behind an access token is still alive and its user
 * active. Cached for a few seconds per process; sign-out and disabling publish an invalidation.
 */
export class SessionGuard {
  readonly #orm: Orm;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { at: number; state: SessionState }>();
  constructor(orm: Orm, ttlMs = 5000) {
    this.#orm = orm;
    this.#ttlMs = ttlMs;
  }

  async check(sessionId: string, tenantId: string): Promise<SessionState> {
    const key = `${tenantId}:${sessionId}`;
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.state;
    const rows = (await this.#orm.em.getConnection().execute(
      `SELECT s.revoked_at, s.expires_at, s.client, u.status AS user_status, u.must_change_password
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
        WHERE s.id = ? AND s.tenant_id = ?`,
      [sessionId, tenantId],
    )) as Array<{
      revoked_at: Date | null;
      expires_at: Date;
      client: string;
      user_status: 'active' | 'disabled' | null;
      must_change_password: number | boolean | null;
    }>;
    const r = rows[0];
    const state: SessionState = r
      ? {
          revoked: r.revoked_at !== null,
          expired: new Date(r.expires_at).getTime() < Date.now(),
          userStatus: r.user_status,
          passwordChangeRequired: Boolean(Number(r.must_change_password ?? 0)) && r.client !== 'miniapp',
        }
      : { revoked: true, expired: false, userStatus: null, passwordChangeRequired: false };
    if (this.#cache.size > 50000) this.#cache.clear();
    this.#cache.set(key, { at: Date.now(), state });
    return state;
  }

  invalidate(sessionId?: string): void {
    if (!sessionId) return this.#cache.clear();
    for (const k of this.#cache.keys()) if (k.endsWith(`:${sessionId}`)) this.#cache.delete(k);
  }
}
