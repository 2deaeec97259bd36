import { MikroORM as MariaDbORM, MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { format as formatSql } from 'mysql2';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityManager, EntitySchema, MikroORM, Options } from '@mikro-orm/core';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import { NoTenantContextError } from '../context/request-scope.ts';
import { TenantGuard } from './tenant-guard.ts';
import type { MigrationObject } from '@mikro-orm/core';

export type Orm = MikroORM;
export type Em = EntityManager;

export interface OrmOptions {
  entities: EntitySchema[];
  migrations: MigrationObject[];
  /** Overrides the database of DATABASE_URL (tests: one database per test file). */
  dbName?: string;
  logger?: Logger;
  extraSubscribers?: Options['subscribers'];
}

/** Names of the entities that have a `tenantId` property: these get the tenant filter and the guard. */
export function tenantScopedNames(entities: EntitySchema[]): Set<string> {
  return new Set(
    entities.filter((e) => 'tenantId' in (e.meta.properties as Record<string, unknown>)).map((e) => e.meta.className),
  );
}

/**
 * mysql2's `queryFormat`: MikroORM hands the driver SQL it has already formatted, with an empty parameter list, and
 * mysql2's default formatter still scans the whole text for placeholders (about a seventh of the escalation
 * sweep's CPU on its multi-row inserts). Text with no parameters goes out as it is; anything with parameters is
 * formatted as mysql2 would.
 */
export function formatWhenParameters(sql: string, values: unknown, timezone?: string): string {
  if (values == null || (Array.isArray(values) && values.length === 0)) return sql;
  return formatSql(sql, values as Parameters<typeof formatSql>[1], false, timezone as never);
}

export function ormOptions(config: Config, opts: OrmOptions): Options {
  const url = new URL(config.DATABASE_URL);
  const scoped = tenantScopedNames(opts.entities);
  return {
    driver: config.DB_DRIVER === 'mysql' ? MySqlDriver : MariaDbDriver,
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password || ''),
    dbName: opts.dbName ?? url.pathname.slice(1),
    entities: opts.entities,
    extensions: [Migrator],
    timezone: '+00:00',
    forceUtcTimezone: true,
    pool: { min: 0, max: config.DB_POOL_MAX },
    driverOptions: { queryFormat: formatWhenParameters },
    debug: config.DB_DEBUG,
    allowGlobalContext: false,
    // Validate that required columns are present before insert, not after a database error.
    validateRequired: true,
    forceEntityConstructor: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: true },
    filters: {
      tenant: {
        entity: [...scoped],
        default: true,
        // Called even without parameters, so the refusal names the real problem.
        args: false,
        cond: (args: { tenantId?: string } | undefined) => {
          if (!args?.tenantId) throw new NoTenantContextError();
          return { tenantId: args.tenantId };
        },
      },
    },
    subscribers: [new TenantGuard(scoped), ...(opts.extraSubscribers ?? [])],
    migrations: {
      tableName: 'schema_migrations',
      silent: config.NODE_ENV === 'test',
      migrationsList: opts.migrations,
      transactional: true,
      allOrNothing: false,
      snapshot: false,
      emit: 'ts',
      path: 'src/migrations',
    },
    logger: opts.logger ? (msg: string) => opts.logger?.debug(msg) : undefined,
    charset: 'utf8mb4',
  } as unknown as Options;
}

export async function createOrm(config: Config, opts: OrmOptions): Promise<Orm> {
  return (await MariaDbORM.init(ormOptions(config, opts) as never)) as unknown as Orm;
}

/** A fork of the ORM's EntityManager bound to one tenant: every query is filtered, every insert stamped. */
export function tenantEm(orm: Orm, tenantId: string): Em {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  return em;
}

/** A fork for platform-level tables (tenants, the platform's own rows) and cross-tenant system work. */
export function systemEm(orm: Orm): Em {
  return orm.em.fork({ clear: true, useContext: false });
}
