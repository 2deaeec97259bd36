import { parseArgs } from 'node:util';
import { configOrExit, explainStartupError } from '../core/boot.ts';
import type { Config } from '../core/config/config.ts';
import { createContainer, type Container } from '../core/container.ts';
import { runInScope } from '../core/context/request-scope.ts';
import { systemEm } from '../core/db/orm.ts';
import { ensureDatabase, migrateUp } from '../core/db/migrate.ts';
import { databaseName } from '../core/config/config.ts';
import { migrations } from '../migrations/index.ts';
import { buildServices, entities, jobCatalog, type Services } from '../modules/index.ts';
import { PLATFORM_CODE } from '../modules/tenants/tenant.service.ts';
import { Tenant } from '../modules/tenants/tenant.entity.ts';

export { parseArgs };

/** Runs a command-line task with a container, in the platform's scope so its writes are audited as 'cli'. */
export async function withCli<T>(action: string, fn: (c: Container, s: Services, config: Config) => Promise<T>): Promise<T> {
  const config = configOrExit();
  let c: Container | null = null;
  try {
    await ensureDatabase(config, databaseName(config));
    c = await createContainer(config, { name: 'cli', entities, migrations, jobCatalog });
    const s = buildServices(c);
    const platform = await systemEm(c.orm).findOne(Tenant, { code: PLATFORM_CODE });
    const container = c;
    return await runInScope(
      { requestId: `cli:${action}`, tenantId: platform?.id ?? null, em: null, actor: null, ip: null, userAgent: 'cli', action },
      () => fn(container, s, config),
    );
  } catch (e) {
    console.error(explainStartupError(e, config));
    process.exitCode = 1;
    throw e;
  } finally {
    await c?.close();
  }
}

export { migrateUp };
