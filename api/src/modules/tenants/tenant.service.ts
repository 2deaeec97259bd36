import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  BUREAU_ROLES,
  defaultTenantSettings,
  ROLES,
  tenantSettings,
  type CatalogItem as CatalogItemDto,
  type Tenant as TenantDto,
  type TenantSettings,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { requireEm, runInScope, currentScope } from '../../core/context/request-scope.ts';
import { systemEm, tenantEm, type Em } from '../../core/db/orm.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { hashPassword, generatePassword, passwordProblems } from '../../core/auth/passwords.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { AppError, notFound, t as t_ } from '../../core/http/problem.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import { isoReq } from '../../core/http/serialize.ts';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem, Tenant } from './tenant.entity.ts';
import { defaultCatalog } from './tenant-defaults.ts';

/** A module's part of provisioning a zone (risk model, …). Must be idempotent. */
export interface Provisioner {
  name: string;
  run: (em: Em, tenant: Tenant) => Promise<void>;
}

export interface ProvisionInput {
  code: string;
  name: string;
  region: string;
  timeZone?: string;
  /** 'bureau': a supervising bureau (issue 14) whose first user is its city_supervisor. */
  kind?: 'zone' | 'platform' | 'bureau';
  admin: { username: string; name: string; password?: string };
  /**
   * For the platform's HTTP routes: when the tenant already exists and has users, `admin` must name one of them
   * (409 otherwise), so a repeated POST with another username never adds a second administrator. The CLI and the
   * demo seed leave it off and complete the tenant as before.
   */
  strictAdmin?: boolean;
  /** Where the request carries the first user, for its field errors (a bureau's is `user`); default `admin`. */
  adminField?: string;
}

export const PLATFORM_CODE = 'platform';

/** Outbox event: a zone's escalation policy changed (the worker recomputes its open hazards' alarms). */
export const ESCALATION_POLICY_CHANGED = 'tenant.escalation_policy_changed';

export function tenantDto(t: Tenant): TenantDto {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    region: t.region,
    timeZone: t.timeZone,
    kind: t.kind,
    status: t.status,
    settings: tenantSettings.parse(t.settings ?? {}),
    createdAt: isoReq(t.createdAt),
  };
}

export function catalogDto(i: CatalogItem): CatalogItemDto {
  return {
    id: i.id,
    kind: i.kind as CatalogItemDto['kind'],
    code: i.code,
    name: i.name,
    group: i.group ?? null,
    sort: i.sort,
    enabled: i.enabled,
  };
}

export class TenantService {
  readonly #c: Container;
  readonly #provisioners: Provisioner[];
  constructor(c: Container, provisioners: Provisioner[]) {
    this.#c = c;
    this.#provisioners = provisioners;
  }

  /**
   * Creates a zone with its defaults, or completes an existing one: idempotent, so running it twice (or after
   * a crash half-way) ends in the same state. The admin's password is only set when the admin is created.
   */
  async provision(
    input: ProvisionInput,
  ): Promise<{ tenant: Tenant; created: boolean; adminCreated: boolean; initialPassword?: string }> {
    const code = input.code.toLowerCase();
    const kind = input.kind ?? (code === PLATFORM_CODE ? 'platform' : 'zone');
    if (input.admin.password) {
      const problems = passwordProblems(input.admin.password, input.admin.username);
      if (problems.length)
        throw new AppError(400, 'password_policy', problems.join('；'), {
          errors: [{ path: `${input.adminField ?? 'admin'}.password`, code: 'password_policy', message: problems.join('；') }],
        });
    }
    const sys = systemEm(this.#c.orm);
    let tenant = await sys.findOne(Tenant, { code });
    let created = false;
    if (!tenant) {
      tenant = sys.create(Tenant, {
        code,
        name: input.name,
        region: input.region,
        timeZone: input.timeZone ?? 'Asia/Shanghai',
        kind,
        status: 'active',
        settings: defaultTenantSettings(),
      });
      try {
        await this.#withAuditTenant(sys, tenant.id, () => sys.flush());
        created = true;
      } catch (e) {
        if (!(e instanceof UniqueConstraintViolationException)) throw e;
        tenant = await systemEm(this.#c.orm).findOneOrFail(Tenant, { code });
      }
    }
    const t = tenant;
    const em = tenantEm(this.#c.orm, t.id);
    if (t.kind !== kind)
      throw new AppError(
        409,
        'duplicate',
        t_('该代码已被其他园区或机构使用', 'The code is taken by another zone or organisation'),
      );
    const out = await this.#inTenant(t.id, async () => {
      if (t.kind !== 'bureau') await this.#ensureCatalog(em);
      if (t.kind === 'zone') for (const p of this.#provisioners) await p.run(em, t);
      const admin = await em.findOne(User, { username: input.admin.username });
      let initialPassword: string | undefined;
      let adminCreated = false;
      if (!admin && !created && input.strictAdmin && (await em.count(User, {})) > 0)
        throw new AppError(
          409,
          'duplicate',
          t.kind === 'bureau'
            ? t_(
                '该代码已开设；账号请在“监管机构与授权”该机构一行的“账号”中添加',
                'This code is already set up: add accounts with Accounts on its row under Supervision',
              )
            : t_('该代码已开设，账号请在其用户管理中添加', 'This code is already set up: add accounts in its user management'),
        );
      if (!admin) {
        const password = input.admin.password ?? (initialPassword = generatePassword());
        em.create(User, {
          username: input.admin.username,
          name: input.admin.name,
          role: t.kind === 'platform' ? 'platform_admin' : t.kind === 'bureau' ? 'city_supervisor' : 'zone_admin',
          enterpriseId: null,
          passwordHash: await hashPassword(password),
          mustChangePassword: !input.admin.password,
          status: 'active',
        });
        adminCreated = true;
      }
      await em.flush();
      return { adminCreated, initialPassword };
    });
    this.#c.tenants.invalidate(t.id);
    return { tenant: t, created, ...out };
  }

  async #ensureCatalog(em: Em): Promise<void> {
    const existing = await em.find(CatalogItem, {});
    const have = new Set(existing.map((i) => `${i.kind}:${i.code}`));
    defaultCatalog().forEach((d, i) => {
      if (!have.has(`${d.kind}:${d.code}`)) em.create(CatalogItem, { ...d, sort: i * 10, enabled: true });
    });
  }

  /** Runs work inside a tenant's scope, keeping the caller's actor (the platform operator or the CLI). */
  #inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    const s = currentScope();
    return runInScope(
      {
        requestId: s?.requestId ?? 'system',
        tenantId,
        em: null,
        actor: s?.actor ?? null,
        ip: s?.ip ?? null,
        userAgent: s?.userAgent ?? null,
        action: s?.action ?? 'tenants.provision',
      },
      fn,
    );
  }

  /** Platform-level rows (the tenant itself) are audited in the platform's own chain, or the zone's when new. */
  async #withAuditTenant<T>(em: Em, fallbackTenantId: string, fn: () => Promise<T>): Promise<T> {
    const s = currentScope();
    if (s?.tenantId) return fn();
    return this.#inTenant(fallbackTenantId, fn);
  }

  async list(q: { page: number; pageSize: number; status?: 'active' | 'disabled'; q?: string }) {
    const where: Record<string, unknown> = { kind: 'zone' };
    if (q.status) where.status = q.status;
    if (q.q) where.$or = [{ code: { $like: `%${q.q}%` } }, { name: { $like: `%${q.q}%` } }];
    const [items, total] = await systemEm(this.#c.orm).findAndCount(Tenant, where, {
      orderBy: { createdAt: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: items.map(tenantDto), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<Tenant> {
    const t = await systemEm(this.#c.orm).findOne(Tenant, { id, kind: 'zone' });
    if (!t) throw notFound('zone');
    return t;
  }

  /** Name, region and status. Disabling stops logins, live sockets and jobs of the zone at once. */
  async update(id: string, patch: { name?: string; region?: string; status?: 'active' | 'disabled' }): Promise<Tenant> {
    const em = systemEm(this.#c.orm);
    const t = await em.findOne(Tenant, { id, kind: 'zone' });
    if (!t) throw notFound('zone');
    em.assign(t, patch);
    await em.flush();
    this.#c.bus.publish({ kind: 'tenant', id });
    if (patch.status === 'disabled') this.#c.realtime.disconnectTenant(id);
    return t;
  }

  /** The caller's own zone, through its tenant-bound EntityManager's id. */
  async current(tenantId: string): Promise<Tenant> {
    const t = await systemEm(this.#c.orm).findOne(Tenant, { id: tenantId });
    if (!t) throw notFound('zone');
    return t;
  }

  /**
   * Changes some of the zone's settings: each field given replaces the stored one whole; fields left out stay.
   * The patch was validated by `tenantSettingsPatch` (escalation stages in time order and only going up the chain,
   * four distinct colours, …). A site plan must be an image file of this zone (`sitePlanOf`). The merge happens
   * under the zone row's lock (compare-and-set.ts), so two saves of different fields at once both stay. A changed
   * escalation policy emits `tenant.escalation_policy_changed` in the same transaction, in the zone's scope (its
   * outbox row carries the zone): the worker then moves every open hazard's alarms to the new stages
   * (`tenantJobs`). Audited like any ORM write. Errors: 404 zone or file, 400 for a site plan that is no image.
   */
  async updateSettings(tenantId: string, patch: Partial<TenantSettings>): Promise<Tenant> {
    const next = { ...patch };
    if (next.sitePlan) next.sitePlan = await sitePlanOf(tenantEm(this.#c.orm, tenantId), next.sitePlan.fileId);
    const write = () =>
      compareAndSet(systemEm(this.#c.orm), {
        entity: Tenant,
        where: { id: tenantId },
        what: 'zone',
        set: (t, tx) => {
          const before = tenantSettings.parse(t.settings ?? {});
          t.settings = tenantSettings.parse({ ...before, ...next });
          if (JSON.stringify(before.escalationPolicy) !== JSON.stringify(t.settings.escalationPolicy))
            emitEvent(tx, ESCALATION_POLICY_CHANGED, {});
          return t as Tenant;
        },
      });
    const t = patch.escalationPolicy !== undefined ? await this.#inTenant(tenantId, write) : await write();
    this.#c.tenants.invalidate(tenantId);
    this.#c.bus.publish({ kind: 'tenant', id: tenantId });
    return t;
  }

  /** The zone's own name and time zone, changed by its admin (the platform renames through `update`). */
  async updateZone(tenantId: string, patch: { name?: string; timeZone?: string }): Promise<Tenant> {
    const sys = systemEm(this.#c.orm);
    const t = await sys.findOne(Tenant, { id: tenantId, kind: 'zone' });
    if (!t) throw notFound('zone');
    sys.assign(t, patch);
    await sys.flush();
    this.#c.tenants.invalidate(tenantId);
    this.#c.bus.publish({ kind: 'tenant', id: tenantId });
    return t;
  }

  /**
   * The zone's catalogue, by kind and order. Zones provisioned before bureaus existed hold a `city_supervisor` role
   * row: it is no role of a zone (a bureau's), so it is neither listed nor changeable (404).
   */
  async catalog(kind?: string): Promise<CatalogItem[]> {
    const items = await requireEm().find(CatalogItem, kind ? { kind } : {}, { orderBy: { kind: 'asc', sort: 'asc' } });
    return items.filter((i) => !isBureauRoleItem(i));
  }

  async addCatalogItem(input: {
    kind: string;
    code: string;
    name: string;
    group?: string | null;
    sort?: number;
  }): Promise<CatalogItem> {
    if (input.kind === 'role') throw new AppError(400, 'validation_failed', 'roles are fixed; rename or disable them instead');
    const em = requireEm();
    const item = em.create(CatalogItem, {
      kind: input.kind,
      code: input.code,
      name: input.name,
      group: input.group ?? null,
      sort: input.sort ?? 1000,
      enabled: true,
    });
    try {
      await em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new AppError(409, 'duplicate', `${input.kind}:${input.code} exists`);
      throw e;
    }
    return item;
  }

  async updateCatalogItem(
    id: string,
    patch: { name?: string; group?: string | null; sort?: number; enabled?: boolean },
  ): Promise<CatalogItem> {
    const em = requireEm();
    const item = await em.findOne(CatalogItem, { id });
    if (!item || isBureauRoleItem(item)) throw notFound('catalog item');
    if (item.kind === 'role' && item.code === 'zone_admin' && patch.enabled === false) {
      throw new AppError(400, 'validation_failed', 'the zone administrator role cannot be disabled');
    }
    em.assign(item, patch);
    await em.flush();
    return item;
  }
}

/** A catalogue row of a bureau-only role (contracts BUREAU_ROLES). */
const isBureauRoleItem = (i: Pick<CatalogItem, 'kind' | 'code'>) =>
  i.kind === 'role' && (BUREAU_ROLES as readonly string[]).includes(i.code);

export const isZoneRole = (r: string) => (ROLES as readonly string[]).includes(r) && r !== 'platform_admin';

/**
 * The site plan a file makes: it must be an image file of the zone `em` is bound to (404 file otherwise — another
 * zone's file is not found) with a known size, which the plan takes (markers sit at fractions of it).
 * Errors: 404 file; 400 validation_failed on `sitePlan.fileId` when it is not an image.
 */
export async function sitePlanOf(em: Em, fileId: string): Promise<NonNullable<TenantSettings['sitePlan']>> {
  const file = await em.findOne(StoredFile, { id: fileId });
  if (!file) throw notFound('file');
  if (!file.mime.startsWith('image/') || !file.width || !file.height) {
    const message = t_('总平面图须为图片', 'The site plan must be an image');
    throw new AppError(400, 'validation_failed', message, { errors: [{ path: 'sitePlan.fileId', code: 'invalid', message }] });
  }
  return { fileId: file.id, width: file.width, height: file.height };
}
