/**
 * Which MySQL-compatible engine a connection talks to, from `SELECT VERSION()`: MariaDB answers
 * `10.11.x-MariaDB…`, TiDB `8.0.11-TiDB-v8.x…`, MySQL `8.0.x`.
 */
export type SqlEngine = 'mariadb' | 'mysql' | 'tidb';

/** Classifies a `VERSION()` string. */
export function sqlEngineOf(version: string): SqlEngine {
  if (/tidb/i.test(version)) return 'tidb';
  if (/mariadb/i.test(version)) return 'mariadb';
  return 'mysql';
}

/**
 * Asks the database (a migration passes `(sql) => this.execute(sql)`). TiDB has no triggers (docs.pingcap.com,
 * "MySQL Compatibility → Unsupported features"), so migrations skip the audit_log append-only triggers there and
 * the hash chain (`AuditChain.verify`) is what detects a changed or deleted row.
 */
export async function detectSqlEngine(run: (sql: string) => Promise<unknown>): Promise<SqlEngine> {
  const rows = (await run('SELECT VERSION() AS v')) as Array<{ v: string }>;
  return sqlEngineOf(String(rows[0]?.v ?? ''));
}
