/** Applies pending migrations (creating the database if needed). Usage: npm run db:migrate */
import { configOrExit, explainStartupError } from '../core/boot.ts';
import { databaseName } from '../core/config/config.ts';
import { createOrm } from '../core/db/orm.ts';
import { ensureDatabase, migrateUp } from '../core/db/migrate.ts';
import { migrations } from '../migrations/index.ts';
import { entities } from '../modules/entities.ts';

const config = configOrExit();
try {
  await ensureDatabase(config, databaseName(config));
  const orm = await createOrm(config, { entities, migrations });
  try {
    const done = await migrateUp(orm);
    console.log(done.length ? `Applied ${done.length} migration(s): ${done.join(', ')}` : 'Database is up to date.');
  } finally {
    await orm.close(true);
  }
} catch (e) {
  console.error(explainStartupError(e, config));
  process.exit(1);
}
