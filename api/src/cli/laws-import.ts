/**
 * Imports law texts (名称(YYYY-MM-DD).md, the national database's Markdown) into the platform's library, idempotently
 * (a text already imported is skipped by its sha256): npm run laws:import -w @yuanan/api -- [dir]
 * Default dir: REGULATIONS_DIR, else ../shared/regulations next to the repository. Needs the platform tenant
 * (npm run tenant:create -- --code platform …).
 */
import { resolve } from 'node:path';
import { runInScope } from '../core/context/request-scope.ts';
import { tenantEm } from '../core/db/orm.ts';
import { DEFAULT_REGULATIONS_DIR } from '../modules/laws/law-import.ts';
import { parseArgs, withCli } from './cli-context.ts';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });

await withCli('laws.import', async (c, s, config) => {
  const dir = resolve(positionals[0] ?? config.REGULATIONS_DIR ?? DEFAULT_REGULATIONS_DIR);
  const platform = (await c.orm.em
    .getConnection()
    .execute("SELECT id FROM tenants WHERE kind = 'platform' ORDER BY created_at LIMIT 1")) as Array<{ id: string }>;
  const platformId = platform[0]?.id;
  if (!platformId) {
    console.error(
      'No platform tenant: create it first (npm run tenant:create -- --code platform --name 平台运营 --admin operator)',
    );
    process.exitCode = 2;
    return;
  }
  const em = tenantEm(c.orm, platformId);
  const r = await runInScope(
    { requestId: 'cli:laws.import', tenantId: platformId, em, actor: null, ip: null, userAgent: 'cli', action: 'laws.import' },
    () => s.laws.service.importRegulationDir(em, dir),
  );
  await c.audit.idle();
  console.log(
    `Law library (${dir}): ${r.imported.length} imported, ${r.skipped.length} already there (${r.corrected.length} with type/issuer corrected), ${r.failed.length} failed`,
  );
  for (const f of r.imported) console.log(`  + ${f}`);
  for (const f of r.corrected) console.log(`  ~ ${f}`);
  for (const f of r.failed) console.log(`  ✗ ${f.file}: ${f.errors.slice(0, 5).join('; ')}`);
  if (r.failed.length) process.exitCode = 1;
});
