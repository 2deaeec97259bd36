/**
 * SQL that MariaDB accepts but MySQL 8 or TiDB do not (or treat differently). Every SQL string in the api —
 * migrations, raw `execute()` calls — is scanned for these by sql-portability.test.ts, and so is the DDL the
 * @mikro-orm/mysql platform generates from the entities. Sources: MariaDB "Incompatibilities and Feature
 * Differences Between MariaDB and MySQL", TiDB "MySQL Compatibility" (unsupported features).
 *
 * Portable but engine-dependent (documented in the README, not errors here): TiDB has no triggers (migrations
 * skip the audit_log append-only triggers there, see sql-engine.ts). Counters read their value back in the
 * transaction instead of through `LAST_INSERT_ID(expr)`, which some TiDB versions do not report on the update
 * path (pingcap/tidb#23914).
 */
export interface PortabilityRule {
  id: string;
  pattern: RegExp;
  why: string;
}

export const NON_PORTABLE_SQL: readonly PortabilityRule[] = [
  {
    id: 'returning',
    pattern: /\b(insert|replace|delete)\b[\s\S]*\breturning\b/i,
    why: 'INSERT/DELETE … RETURNING is MariaDB-only',
  },
  {
    id: 'sequence',
    pattern: /\b(create|drop|alter)\s+sequence\b|\bnextval\s*\(|\bnext\s+value\s+for\b|\blastval\s*\(/i,
    why: 'sequences are MariaDB-only',
  },
  {
    id: 'create-or-replace',
    pattern: /\bcreate\s+or\s+replace\s+(table|trigger|index|database|user|role|sequence|procedure|function)\b/i,
    why: 'CREATE OR REPLACE (other than VIEW) is MariaDB-only',
  },
  {
    id: 'if-not-exists-on-alter',
    pattern:
      /\b(add|drop)\s+(column\s+|index\s+|key\s+|unique\s+(index\s+|key\s+)?|constraint\s+|foreign\s+key\s+)?if\s+(not\s+)?exists\b|\bcreate\s+(unique\s+)?index\s+if\s+not\s+exists\b|\bdrop\s+index\s+if\s+exists\b/i,
    why: 'IF [NOT] EXISTS on ADD/DROP COLUMN or INDEX is MariaDB-only',
  },
  {
    id: 'uuid-default',
    pattern: /\bdefault\s*\(?\s*(uuid|sys_guid|uuid_short)\s*\(\s*\)/i,
    why: 'DEFAULT uuid() is MariaDB syntax (MySQL needs DEFAULT (UUID()), TiDB differs); ids come from the app (uuidv7)',
  },
  { id: 'uuid-inet-type', pattern: /`\w+`\s+(uuid|inet4|inet6)\b/i, why: 'UUID/INET4/INET6 column types are MariaDB-only' },
  {
    id: 'json-valid-check',
    pattern: /\bcheck\s*\(\s*json_valid\b/i,
    why: 'JSON_VALID CHECK is MariaDB’s json emulation; MySQL/TiDB have a real JSON type',
  },
  {
    id: 'mariadb-json-functions',
    pattern:
      /\bjson_(detailed|loose|compact|exists|query|equals|normalize|pretty_print|array_intersect|object_filter_keys|object_to_array|key_value)\s*\(/i,
    why: 'JSON function that MySQL 8 / TiDB lack',
  },
  {
    id: 'persistent-column',
    pattern: /\bgenerated\s+always\s+as\s*\([\s\S]*?\)\s*persistent\b|\)\s+persistent\b/i,
    why: 'PERSISTENT is MariaDB’s word for STORED',
  },
  {
    id: 'system-versioning',
    pattern: /\bwith\s+system\s+versioning\b|\bfor\s+system_time\b/i,
    why: 'system-versioned tables are MariaDB-only',
  },
  {
    id: 'limit-in-subquery',
    pattern: /\b(in|any|some|all|exists)\s*\(\s*select\b[^()]*\blimit\b/i,
    why: 'MySQL does not support LIMIT in IN/ANY/SOME/ALL/EXISTS subqueries',
  },
  {
    id: 'non-innodb-engine',
    pattern: /\bengine\s*=\s*(aria|myisam|columnstore|spider|connect|memory)\b/i,
    why: 'only InnoDB is portable (TiDB ignores ENGINE, MySQL has no Aria)',
  },
  {
    id: 'delete-multi-limit',
    pattern: /\bdelete\s+\w+\s*,\s*\w+\s+from\b[\s\S]*\blimit\b/i,
    why: 'multi-table DELETE with LIMIT is refused by MySQL',
  },
  {
    id: 'offset-fetch',
    pattern: /\boffset\s+\?\s+rows\b|\bfetch\s+(first|next)\s+\??\s*\d*\s*rows\b/i,
    why: 'OFFSET … ROWS / FETCH FIRST is not MySQL syntax',
  },
  { id: 'sql-mode-oracle', pattern: /\bsql_mode\s*=\s*'?oracle\b/i, why: 'Oracle mode is MariaDB-only' },
];

/** The rules a SQL text breaks (empty when portable). */
export function findNonPortableSql(sql: string): PortabilityRule[] {
  return NON_PORTABLE_SQL.filter((r) => r.pattern.test(sql));
}

/** True when a string looks like SQL (so UI text and URLs are not scanned). */
export function looksLikeSql(text: string): boolean {
  return (
    /^\s*(select|insert|update|delete|replace|alter|create|drop|with|set|lock|unlock)\b/i.test(text) ||
    (/\b(from|into|table|trigger)\s+`?\w+`?/i.test(text) && /\b(select|insert|update|delete|alter|create|drop)\b/i.test(text))
  );
}
