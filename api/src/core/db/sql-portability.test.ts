import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { loadConfig } from '../config/config.ts';
import { createOrm } from './orm.ts';
import { dropDatabase, ensureDatabase } from './migrate.ts';
import { entities } from '../../modules/entities.ts';
import { migrations } from '../../migrations/index.ts';
import { findNonPortableSql, looksLikeSql } from './sql-portability.ts';
import { sqlEngineOf } from './sql-engine.ts';

const SRC = join(import.meta.dirname, '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every string and template literal of a file (template holes become `?`), with its line. */
function literals(file: string, text: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
      out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: n.text });
    else if (ts.isTemplateExpression(n))
      out.push({
        line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1,
        text: n.head.text + n.templateSpans.map((s) => `?${s.literal.text}`).join(''),
      });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('the rules catch the MariaDB-only constructs they name (the check can fail)', () => {
  const bad = [
    'INSERT INTO t (a) VALUES (1) RETURNING id',
    'CREATE SEQUENCE s',
    'CREATE OR REPLACE TABLE t (a int)',
    'ALTER TABLE t ADD INDEX IF NOT EXISTS i (a)',
    'ALTER TABLE t ADD COLUMN IF NOT EXISTS c int',
    'create table t (`id` varchar(36) default uuid())',
    'create table t (`id` uuid not null)',
    'create table t (`j` longtext check (json_valid(`j`)))',
    'SELECT JSON_DETAILED(j) FROM t',
    'SELECT * FROM t WHERE id IN (SELECT id FROM u ORDER BY id LIMIT 10)',
    'create table t (a int) engine = Aria',
  ];
  for (const s of bad) expect({ s, hits: findNonPortableSql(s).length > 0 }).toEqual({ s, hits: true });
  const good = [
    'INSERT INTO fired_effects (id) VALUES (?) ON DUPLICATE KEY UPDATE `key` = `key`',
    'select count(*) as n from (select id from t limit 10001) as capped',
    'DELETE FROM outbox_events WHERE dispatched_at < ? LIMIT 10000',
    'DROP TRIGGER IF EXISTS audit_log_append_only',
  ];
  for (const s of good) expect({ s, hits: findNonPortableSql(s).map((r) => r.id) }).toEqual({ s, hits: [] });
});

test('no SQL string in the api (migrations, raw queries, triggers) uses MariaDB-only syntax', async () => {
  const problems: string[] = [];
  let scanned = 0;
  for (const file of await sourceFiles(SRC)) {
    if (file.endsWith('sql-portability.ts')) continue; // the rules' own explanations
    const text = await readFile(file, 'utf8');
    for (const lit of literals(file, text)) {
      if (!looksLikeSql(lit.text)) continue;
      scanned++;
      for (const r of findNonPortableSql(lit.text)) problems.push(`${relative(SRC, file)}:${lit.line} ${r.id}: ${r.why}`);
    }
  }
  expect(scanned).toBeGreaterThan(100); // the migrations alone hold hundreds of statements
  expect(problems).toEqual([]);
});

test('triggers are created only where the engine has them (TiDB has none)', async () => {
  expect(sqlEngineOf('10.11.6-MariaDB-0+deb12u1')).toBe('mariadb');
  expect(sqlEngineOf('8.0.36')).toBe('mysql');
  expect(sqlEngineOf('8.0.11-TiDB-v8.5.1')).toBe('tidb');
  const dir = join(SRC, 'migrations');
  for (const f of (await readdir(dir)).filter((n) => n.startsWith('Migration'))) {
    const text = await readFile(join(dir, f), 'utf8');
    if (/\b(create|drop)\s+trigger\b/i.test(text))
      expect({ f, guarded: text.includes('detectSqlEngine') }).toEqual({ f, guarded: true });
  }
});

test('the DDL the @mikro-orm/mysql platform generates from the entities is portable too', async () => {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_DRIVER: 'mysql' });
  const dbName = `yuanan_t_sqlp_${Date.now().toString(36)}`;
  await ensureDatabase(config, dbName);
  const orm = await createOrm(config, { entities, migrations, dbName });
  try {
    const ddl = await orm.schema.getCreateSchemaSQL({ wrap: false });
    expect(ddl).toMatch(/create table `hazards`/);
    const problems = ddl.split(/;\n/).flatMap((stmt) => findNonPortableSql(stmt).map((r) => `${r.id}: ${stmt.slice(0, 120)}`));
    expect(problems).toEqual([]);
  } finally {
    await orm.close(true);
    await dropDatabase(config, dbName);
  }
});
