import { LockMode } from '@mikro-orm/core';
import type {
  Bureau,
  BureauGrant,
  BureauUserRequest,
  BureauUserResponse,
  CreateBureauRequest,
  CreateSupervisionGrantRequest,
  GrantState,
  Me,
  SupervisionGrant as GrantDto,
  UpdateSupervisionGrantRequest,
} from '@yuanan/contracts';
import { localMinute } from '@yuanan/domain';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import type { Container } from '../../core/container.ts';
import { currentScope, runInScope, type Actor } from '../../core/context/request-scope.ts';
import { systemEm, tenantEm } from '../../core/db/orm.ts';
import { generatePassword, hashPassword } from '../../core/auth/passwords.ts';
import { AppError, notFound, t } from '../../core/http/problem.ts';
import { isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { AuthService } from '../identity/auth.service.ts';
import { Session, User } from '../identity/identity.entity.ts';
import type { TenantService } from '../tenants/tenant.service.ts';
import { Tenant } from '../tenants/tenant.entity.ts';
import { grantFor, invalidateGrants } from './supervision-scope.ts';
import { SupervisionGrant } from './supervision.entity.ts';

/**
 * Where a grant stands at `now`. Within its window it is `active` only while both tenants are active: a disabled
 * bureau or zone gives no access (supervision-scope.ts), so the grant reads `suspended` then.
 */
export function grantState(
  g: Pick<SupervisionGrant, 'revokedAt' | 'validFrom' | 'validUntil'>,
  now = new Date(),
  tenantsActive = true,
): GrantState {
  if (g.revokedAt) return 'revoked';
  if (g.validFrom > now) return 'scheduled';
  if (g.validUntil <= now) return 'expired';
  return tenantsActive ? 'active' : 'suspended';
}

/** Both tenants of a grant active (SQL over GRANT_SELECT's aliases `b`, `z`). */
const BOTH_ACTIVE = "b.status = 'active' AND z.status = 'active'";

const validity = (message: { zh: string; en: string }) =>
  new AppError(400, 'validation_failed', message, { errors: [{ path: 'validUntil', code: 'invalid', message }] });

/**
 * Bureaus and their grants over zones (platform side), and entering a granted zone (bureau side). Grants are
 * platform-owned rows: written through the platform's scope (audited in its trail by the ORM) and noted in the zone's
 * and the bureau's trails as events. Every change drops the cached grant checks at once (`invalidateGrants`).
 */
export class SupervisionService {
  readonly #c: Container;
  readonly #tenants: TenantService;
  readonly #auth: AuthService;
  constructor(c: Container, tenants: TenantService, auth: AuthService) {
    this.#c = c;
    this.#tenants = tenants;
    this.#auth = auth;
  }

  /** Creates a bureau and its first user (city_supervisor); idempotent by code. 409 when a zone has the code. */
  async createBureau(input: CreateBureauRequest) {
    const r = await this.#tenants.provision({
      code: input.code,
      name: input.name,
      region: input.region,
      timeZone: input.timeZone,
      kind: 'bureau',
      admin: input.user,
      adminField: 'user',
      strictAdmin: true,
    });
    if (r.created) {
      await this.#noteIn(r.tenant.id, 'Bureau', r.tenant.id, { bureau: r.tenant.name, firstUser: input.user.username });
    }
    const [b] = await this.#bureauRows('t.id = ?', [r.tenant.id]);
    return { bureau: b!, user: { username: input.user.username, initialPassword: r.initialPassword }, created: r.created };
  }

  /**
   * A bureau's account from the platform operator (no one in a bureau manages users): a new city supervisor, or a
   * new password for an existing username. The password is generated, answered once, must be changed first; a reset
   * ends the user's sessions. 404 bureau; 400 `validation_failed` (name) for a new user without a name; 409
   * `bureau_user_exists` (name) when the username is taken and the name given is not that user's (a reset names no
   * one, or the same person).
   */
  async bureauUser(bureauId: string, input: BureauUserRequest): Promise<BureauUserResponse> {
    const b = await systemEm(this.#c.orm).findOne(Tenant, { id: bureauId, kind: 'bureau' });
    if (!b) throw notFound('bureau');
    const s = currentScope();
    const r = await runInScope(
      {
        requestId: s?.requestId ?? 'system',
        tenantId: bureauId,
        em: null,
        actor: s?.actor ?? null,
        ip: s?.ip ?? null,
        userAgent: s?.userAgent ?? null,
        action: 'supervision.bureaus.user',
      },
      async () => {
        const em = tenantEm(this.#c.orm, bureauId);
        const initialPassword = generatePassword();
        let user = await em.findOne(User, { username: input.username });
        const created = !user;
        let ended: Session[] = [];
        if (!user) {
          if (!input.name) {
            const message = t('新账号须填写姓名', 'A new account needs a name');
            throw new AppError(400, 'validation_failed', message, {
              errors: [{ path: 'name', code: 'required', message }],
            });
          }
          user = em.create(User, {
            username: input.username,
            name: input.name,
            role: 'city_supervisor',
            enterpriseId: null,
            passwordHash: await hashPassword(initialPassword),
            mustChangePassword: true,
            status: 'active',
          });
        } else {
          // A name that is not the account's: the operator meant a new colleague and picked a taken username.
          // Resetting (and renaming) someone else without a word would sign them out everywhere; say whose it is.
          if (input.name && input.name !== user.name) {
            const message = t(
              `用户名“${user.username}”已是${user.name}的账号。要重置其密码请不填姓名；新增账号请换一个用户名`,
              `The username “${user.username}” belongs to ${user.name}. To reset their password leave the name empty; for a new account choose another username`,
            );
            throw new AppError(409, 'bureau_user_exists', message, {
              errors: [{ path: 'name', code: 'bureau_user_exists', message }],
            });
          }
          user.passwordHash = await hashPassword(initialPassword);
          user.mustChangePassword = true;
          ended = await em.find(Session, { userId: user.id, revokedAt: null });
          for (const x of ended) {
            x.revokedAt = new Date();
            x.revokeReason = 'password_reset';
          }
        }
        await em.flush();
        for (const x of ended) {
          this.#c.bus.publish({ kind: 'session', id: x.id });
          this.#c.realtime.disconnectSession(bureauId, x.id);
        }
        return { username: user.username!, name: user.name, created, initialPassword };
      },
    );
    // The platform's own trail says it too: who gave which bureau an account or a new password.
    if (s?.em) {
      recordEvent(s.em, {
        entityType: 'Bureau',
        entityId: bureauId,
        details: { bureau: b.name, username: r.username, name: r.name, created: r.created },
      });
      await s.em.flush();
    }
    return r;
  }

  /**
   * Renames a bureau or disables / enables it. Disabling stops its users' sign-ins and every zone token entered from
   * it at the next request (grants need both tenants active); its live sockets are closed. 404 bureau.
   */
  async updateBureau(id: string, patch: { name?: string; region?: string; status?: 'active' | 'disabled' }) {
    const em = systemEm(this.#c.orm);
    const t = await em.findOne(Tenant, { id, kind: 'bureau' });
    if (!t) throw notFound('bureau');
    em.assign(t, patch);
    await em.flush();
    this.#c.tenants.invalidate(id);
    invalidateGrants(this.#c, id);
    if (patch.status === 'disabled') this.#c.realtime.disconnectTenant(id);
    const [b] = await this.#bureauRows('t.id = ?', [id]);
    return b!;
  }

  async listBureaus(q: { page: number; pageSize: number; q?: string }) {
    const like = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
    const where = like ? '(t.code LIKE ? OR t.name LIKE ?)' : '1 = 1';
    const args = like ? [like, like] : [];
    const [items, [count]] = await Promise.all([
      this.#bureauRows(`${where} ORDER BY t.code LIMIT ? OFFSET ?`, [...args, q.pageSize, (q.page - 1) * q.pageSize]),
      this.#c.orm.em
        .getConnection()
        .execute(`SELECT COUNT(*) AS n FROM tenants t WHERE t.kind = 'bureau' AND ${where}`, args) as Promise<
        Array<{ n: number }>
      >,
    ]);
    return { items, total: Number(count?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  async #bureauRows(where: string, args: unknown[]): Promise<Bureau[]> {
    const rows = (await this.#c.orm.em.getConnection().execute(
      `SELECT t.id, t.code, t.name, t.region, t.time_zone, t.status, t.created_at,
              (SELECT COUNT(*) FROM supervision_grants g
                 JOIN tenants z ON z.id = g.zone_id AND z.status = 'active'
                WHERE g.bureau_id = t.id AND t.status = 'active' AND g.revoked_at IS NULL
                  AND g.valid_from <= ? AND g.valid_until > ?) AS active_grants,
              (SELECT COUNT(*) FROM users u WHERE u.tenant_id = t.id) AS users
         FROM tenants t WHERE t.kind = 'bureau' AND ${where}`,
      [new Date(), new Date(), ...args],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: String(r.id),
      code: String(r.code),
      name: String(r.name),
      region: String(r.region),
      timeZone: String(r.time_zone),
      status: r.status as Bureau['status'],
      activeGrants: Number(r.active_grants),
      users: Number(r.users),
      createdAt: new Date(r.created_at as Date).toISOString(),
    }));
  }

  async listGrants(q: { bureauId?: string; zoneId?: string; state?: GrantState; page: number; pageSize: number }) {
    const now = new Date();
    const cond: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      cond.push(sql);
      args.push(...values);
    };
    if (q.bureauId) add('g.bureau_id = ?', q.bureauId);
    if (q.zoneId) add('g.zone_id = ?', q.zoneId);
    if (q.state === 'revoked') add('g.revoked_at IS NOT NULL');
    if (q.state === 'scheduled') add('g.revoked_at IS NULL AND g.valid_from > ?', now);
    if (q.state === 'expired') add('g.revoked_at IS NULL AND g.valid_until <= ?', now);
    const inWindow = 'g.revoked_at IS NULL AND g.valid_from <= ? AND g.valid_until > ?';
    if (q.state === 'active') add(`${inWindow} AND ${BOTH_ACTIVE}`, now, now);
    if (q.state === 'suspended') add(`${inWindow} AND NOT (${BOTH_ACTIVE})`, now, now);
    const where = cond.length ? cond.join(' AND ') : '1 = 1';
    const conn = this.#c.orm.em.getConnection();
    const [rows, [count]] = await Promise.all([
      conn.execute(`${GRANT_SELECT} WHERE ${where} ORDER BY g.created_at DESC, g.id DESC LIMIT ? OFFSET ?`, [
        ...args,
        q.pageSize,
        (q.page - 1) * q.pageSize,
      ]) as Promise<GrantRow[]>,
      conn.execute(`SELECT COUNT(*) AS n ${GRANT_FROM} WHERE ${where}`, args) as Promise<Array<{ n: number }>>,
    ]);
    return { items: rows.map((r) => grantDto(r, now)), total: Number(count?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  /**
   * The bureau's own grants, latest end first (at most 50): what the bureau's empty city views explain themselves
   * with (ended on …, revoked on …, begins on …). Only the zone's name and the window: no zone ids.
   */
  async bureauGrants(bureauId: string): Promise<BureauGrant[]> {
    const now = new Date();
    const rows = (await this.#c.orm.em
      .getConnection()
      .execute(`${GRANT_SELECT} WHERE g.bureau_id = ? ORDER BY g.valid_until DESC, g.id DESC LIMIT 50`, [
        bureauId,
      ])) as GrantRow[];
    return rows.map((r) => {
      const g = grantDto(r, now);
      return {
        id: g.id,
        zoneName: g.zoneName,
        validFrom: g.validFrom,
        validUntil: g.validUntil,
        revokedAt: g.revokedAt,
        state: g.state,
      };
    });
  }

  async getGrant(id: string): Promise<GrantDto> {
    const [row] = (await this.#c.orm.em.getConnection().execute(`${GRANT_SELECT} WHERE g.id = ?`, [id])) as GrantRow[];
    if (!row) throw notFound('supervision grant');
    return grantDto(row);
  }

  /**
   * Grants a bureau read access to a zone until `validUntil` (exclusive). 404 bureau / zone; 400 when the window has
   * already ended; 409 `conflict` when a grant of the same bureau over the same zone is in force or scheduled and
   * overlaps the window — one pair has one grant to extend or revoke, so revoking it always ends the access. Two
   * concurrent creates (or changes) are serialised on the bureau's tenant row.
   */
  async createGrant(actor: Actor, input: CreateSupervisionGrantRequest, now = new Date()): Promise<GrantDto> {
    const [bureau, zone] = await Promise.all([this.#c.tenants.byId(input.bureauId), this.#c.tenants.byId(input.zoneId)]);
    if (!bureau || bureau.kind !== 'bureau') throw notFound('bureau');
    if (!zone || zone.kind !== 'zone') throw notFound('zone');
    const validFrom = input.validFrom ? new Date(input.validFrom) : now;
    const validUntil = new Date(input.validUntil);
    if (validUntil <= now) throw validity(t('截止时间已过，授权不会生效', 'The end has passed: the grant would never apply'));
    const em = systemEm(this.#c.orm);
    const g = await em.transactional(async (tx) => {
      await this.#refuseOverlap(tx, { bureauId: bureau.id, zoneId: zone.id, validFrom, validUntil }, zone.timeZone);
      return tx.create(SupervisionGrant, {
        bureauId: bureau.id,
        zoneId: zone.id,
        validFrom,
        validUntil,
        revokedAt: null,
        revokedBy: null,
        createdBy: actor.name.slice(0, 64),
        note: input.note ?? null,
      });
    });
    await this.#noteBoth(g, { granted: true, validFrom: g.validFrom.toISOString(), validUntil: g.validUntil.toISOString() });
    invalidateGrants(this.#c, bureau.id, zone.id);
    return this.getGrant(g.id);
  }

  /**
   * Changes the validity or the note of a grant that is not revoked (409 when revoked); a new end must be after `now`
   * (400: ending a grant now is revoking it). The new window is checked
   * for overlap like a new grant's (409 `conflict`, under the same lock). A change that changes nothing is no change:
   * the grant is answered as it is and nothing is audited. The zone's and the bureau's trails get the changed fields
   * as [before, after], like the platform's ORM row.
   */
  async updateGrant(id: string, patch: UpdateSupervisionGrantRequest, now = new Date()): Promise<GrantDto> {
    const [head] = (await this.#c.orm.em
      .getConnection()
      .execute('SELECT bureau_id FROM supervision_grants WHERE id = ?', [id])) as Array<{ bureau_id: string }>;
    if (!head) throw notFound('supervision grant');
    const em = systemEm(this.#c.orm);
    const changed = await em.transactional(async (tx) => {
      // The bureau's lock first, as createGrant takes it, and only then the grant and its siblings: the transaction's
      // first plain read (its snapshot) comes after the lock, so a grant committed meanwhile is seen.
      await tx.findOne(Tenant, { id: head.bureau_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const g = await tx.findOne(SupervisionGrant, { id });
      if (!g) throw notFound('supervision grant');
      if (g.revokedAt)
        throw new AppError(409, 'conflict', t('该授权已撤销，不能修改', 'This grant is revoked and cannot be changed'));
      const from = patch.validFrom ? new Date(patch.validFrom) : g.validFrom;
      const until = patch.validUntil ? new Date(patch.validUntil) : g.validUntil;
      if (until <= from) throw validity(t('截止时间须晚于开始时间', 'The end must be after the start'));
      if (until.getTime() - from.getTime() > 10 * 366 * 86_400_000)
        throw validity(t('授权期限最长十年', 'A grant lasts at most ten years'));
      const note = patch.note !== undefined ? patch.note : g.note;
      const diff: Record<string, [unknown, unknown]> = {};
      if (from.getTime() !== g.validFrom.getTime()) diff.validFrom = [g.validFrom.toISOString(), from.toISOString()];
      if (until.getTime() !== g.validUntil.getTime()) diff.validUntil = [g.validUntil.toISOString(), until.toISOString()];
      if ((note ?? null) !== (g.note ?? null)) diff.note = [g.note ?? null, note ?? null];
      if (Object.keys(diff).length === 0) return null;
      // An end moved into the past would rewrite when access ended (the read log says otherwise): ending it now
      // is a revocation, on record as one.
      if (diff.validUntil && until <= now)
        throw validity(
          t('截止时间不能早于现在；要立即结束授权请使用“撤销”', 'The end cannot be in the past; to end the grant now, revoke it'),
        );
      if (diff.validFrom || diff.validUntil) {
        const zone = await this.#c.tenants.byId(g.zoneId);
        await this.#refuseOverlap(
          tx,
          { bureauId: g.bureauId, zoneId: g.zoneId, validFrom: from, validUntil: until, except: g.id },
          zone?.timeZone ?? 'Asia/Shanghai',
          false,
        );
      }
      g.validFrom = from;
      g.validUntil = until;
      g.note = note ?? null;
      return { g, diff };
    });
    if (!changed) return this.getGrant(id);
    await this.#noteBoth(changed.g, changed.diff);
    invalidateGrants(this.#c, changed.g.bureauId, changed.g.zoneId);
    return this.getGrant(id);
  }

  /**
   * 409 `conflict` when another grant of the pair, not revoked and not yet ended, overlaps the part of the window
   * still to come. Takes the bureau's row lock (unless the caller holds it) so two writers cannot both pass.
   */
  async #refuseOverlap(
    tx: ReturnType<typeof systemEm>,
    w: { bureauId: string; zoneId: string; validFrom: Date; validUntil: Date; except?: string },
    timeZone: string,
    lock = true,
  ): Promise<void> {
    if (lock) await tx.findOne(Tenant, { id: w.bureauId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const now = new Date();
    // A window wholly past (a PATCH may set one, to end a grant early) overlaps nothing still to come.
    if (w.validUntil <= now) return;
    const overlapping = await tx.findOne(SupervisionGrant, {
      bureauId: w.bureauId,
      zoneId: w.zoneId,
      revokedAt: null,
      validUntil: { $gt: w.validFrom > now ? w.validFrom : now },
      validFrom: { $lt: w.validUntil },
      ...(w.except ? { id: { $ne: w.except } } : {}),
    });
    if (!overlapping) return;
    const until = localMinute(overlapping.validUntil, timeZone);
    const zh = timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone;
    const en = timeZone === 'Asia/Shanghai' ? 'China Standard Time' : timeZone;
    throw new AppError(
      409,
      'conflict',
      t(
        `该监管机构对该园区已有生效或待生效的授权（至 ${until}，${zh}），请修改其期限或先撤销`,
        `This bureau already has a grant over this zone, in force or scheduled (until ${until}, ${en}): change its dates or revoke it first`,
      ),
    );
  }

  /** Revokes at once: tokens issued under it are refused from the next request (the cache is dropped everywhere). */
  async revokeGrant(actor: Actor, id: string, reason?: string): Promise<GrantDto> {
    const em = systemEm(this.#c.orm);
    const g = await em.findOne(SupervisionGrant, { id });
    if (!g) throw notFound('supervision grant');
    if (!g.revokedAt) {
      g.revokedAt = new Date();
      g.revokedBy = actor.name.slice(0, 64);
      await em.flush();
      await this.#noteBoth(g, { revoked: true, reason: reason ?? null });
    }
    invalidateGrants(this.#c, g.bureauId, g.zoneId);
    return this.getGrant(g.id);
  }

  /**
   * A read-only zone token for a bureau's supervisor, like the platform's act-as: `tid` = zone, role city_supervisor,
   * claim `sup`. 404 zone when no grant is in force (never tells whether the zone exists). Noted in both trails.
   */
  async enter(actor: Actor, bureau: TenantInfo, zoneId: string): Promise<{ accessToken: string; expiresIn: number; user: Me }> {
    const grant = await grantFor(this.#c, bureau.id, zoneId);
    const zone = grant ? await this.#c.tenants.byId(zoneId) : null;
    if (!grant || !zone) throw notFound('zone');
    const supervising = { bureauId: bureau.id, bureauName: bureau.name, grantId: grant.grantId };
    const details = { bureau: bureau.name, zone: zone.name, grantId: grant.grantId };
    const em = tenantEm(this.#c.orm, bureau.id);
    recordEvent(em, { entityType: 'Tenant', entityId: zone.id, action: 'supervision.enter', details });
    await em.flush();
    await this.#inScope(zone.id, { ...actor, role: 'city_supervisor', supervising }, async (zoneEm) => {
      recordEvent(zoneEm, { entityType: 'Tenant', entityId: zone.id, action: 'supervision.enter', details });
      await zoneEm.flush();
    });
    const accessToken = await this.#c.tokens.signAccess({
      sub: actor.userId,
      tid: zone.id,
      role: 'city_supervisor',
      eid: null,
      sid: actor.sessionId!,
      act: null,
      sup: { gid: grant.grantId, stid: bureau.id, bname: bureau.name },
      name: actor.name,
    });
    const user = await this.#auth.me(tenantEm(this.#c.orm, zone.id), { userId: actor.userId, actingAs: null, supervising }, zone);
    return { accessToken, expiresIn: this.#c.tokens.accessTtl, user };
  }

  /** Notes a grant change in the zone's and the bureau's trails (the platform's has the ORM's row). */
  async #noteBoth(g: SupervisionGrant, details: Record<string, unknown>): Promise<void> {
    const names = await systemEm(this.#c.orm).find(Tenant, { id: { $in: [g.bureauId, g.zoneId] } }, { fields: ['name'] });
    const name = (id: string) => names.find((n) => n.id === id)?.name ?? null;
    const all = { grantId: g.id, bureau: name(g.bureauId), zone: name(g.zoneId), ...details };
    await this.#noteIn(g.zoneId, 'SupervisionGrant', g.id, all);
    await this.#noteIn(g.bureauId, 'SupervisionGrant', g.id, all);
  }

  async #noteIn(tenantId: string, entityType: string, entityId: string, details: Record<string, unknown>): Promise<void> {
    await this.#inScope(tenantId, currentScope()?.actor ?? null, async (em) => {
      recordEvent(em, { entityType, entityId, details });
      await em.flush();
    });
  }

  #inScope<T>(tenantId: string, actor: Actor | null, fn: (em: ReturnType<typeof tenantEm>) => Promise<T>): Promise<T> {
    const s = currentScope();
    const em = tenantEm(this.#c.orm, tenantId);
    return runInScope(
      {
        requestId: s?.requestId ?? 'system',
        tenantId,
        em,
        actor,
        ip: s?.ip ?? null,
        userAgent: s?.userAgent ?? null,
        action: s?.action ?? null,
      },
      () => fn(em),
    );
  }
}

const GRANT_FROM = `
    FROM supervision_grants g
    JOIN tenants b ON b.id = g.bureau_id
    JOIN tenants z ON z.id = g.zone_id`;
const GRANT_SELECT = `
  SELECT g.*, b.code AS bureau_code, b.name AS bureau_name, b.status AS bureau_status,
         z.code AS zone_code, z.name AS zone_name, z.status AS zone_status ${GRANT_FROM}`;

interface GrantRow {
  id: string;
  bureau_id: string;
  bureau_code: string;
  bureau_name: string;
  bureau_status: string;
  zone_id: string;
  zone_code: string;
  zone_name: string;
  zone_status: string;
  valid_from: Date;
  valid_until: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  created_by: string;
  note: string | null;
  created_at: Date;
  updated_at: Date;
}

function grantDto(r: GrantRow, now = new Date()): GrantDto {
  const d = (v: Date) => new Date(v);
  const bureauOff = r.bureau_status !== 'active';
  const zoneOff = r.zone_status !== 'active';
  const state = grantState(
    { revokedAt: r.revoked_at ? d(r.revoked_at) : null, validFrom: d(r.valid_from), validUntil: d(r.valid_until) },
    now,
    !bureauOff && !zoneOff,
  );
  return {
    id: r.id,
    bureauId: r.bureau_id,
    bureauCode: r.bureau_code,
    bureauName: r.bureau_name,
    zoneId: r.zone_id,
    zoneCode: r.zone_code,
    zoneName: r.zone_name,
    validFrom: isoReq(d(r.valid_from)),
    validUntil: isoReq(d(r.valid_until)),
    revokedAt: r.revoked_at ? d(r.revoked_at).toISOString() : null,
    revokedBy: r.revoked_by,
    createdBy: r.created_by,
    note: r.note,
    state,
    suspendedBy: state !== 'suspended' ? null : bureauOff && zoneOff ? 'both' : bureauOff ? 'bureau' : 'zone',
    createdAt: isoReq(d(r.created_at)),
    updatedAt: isoReq(d(r.updated_at)),
  };
}
