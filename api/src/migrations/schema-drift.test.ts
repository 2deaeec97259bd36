/**
 * The migrations and the entities must describe the same schema: tests build their databases from the migrations
 * while the ORM reads and writes through the entities, so a hand-written migration that forgets an index, or an
 * entity change without its migration, would otherwise only show up in production. The schema generator's diff
 * between the migrated database and the entities must be empty.
 */
import { randomBytes } from 'node:crypto';
import { createOrm } from '../core/db/orm.ts';
import { dropDatabase, ensureDatabase, migrateUp } from '../core/db/migrate.ts';
import { testConfig } from '../testing/test-env.ts';
import { entities } from '../modules/entities.ts';
import { migrations } from './index.ts';

/** The SQL that would bring a database migrated with `list` to the entities' schema. */
async function driftAfter(list: typeof migrations): Promise<string> {
  const config = testConfig();
  const dbName = `yuanan_t_drift_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(config, dbName);
  const orm = await createOrm(config, { entities, migrations: list, dbName });
  try {
    await migrateUp(orm);
    return (await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false })).trim();
  } finally {
    await orm.close(true);
    await dropDatabase(config, dbName);
  }
}

test('the migrated schema matches the entities (no drift)', async () => {
  expect(await driftAfter(migrations)).toBe('');
});

test('the check sees drift: without the last schema migration the diff is not empty', async () => {
  // The hazards migration creates tables the entities need; leaving it out must show up.
  // Later migrations alter the hazards table, so they go too.
  const withoutHazards = migrations.slice(
    0,
    migrations.findIndex((m) => m.name.endsWith('_hazards')),
  );
  expect(await driftAfter(withoutHazards)).toMatch(/create table/i);
});

test('migration names are unique and ordered', () => {
  const names = migrations.map((m) => m.name);
  expect(new Set(names).size).toBe(names.length);
  expect([...names].sort()).toEqual(names);
});
