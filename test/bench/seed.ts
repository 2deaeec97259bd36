/**
 * Bulk seeding shared by the list and zone benchmarks: enterprises and hazards of one zone written with multi-row
 * INSERTs (the point of those benchmarks is reading at scale, not the write path), deterministic for a seed so
 * every run measures the same shape of data.
 */
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { uuidv7 } from '../../api/src/core/db/ids.ts';

/** The connection the seeders write through (an api's `orm.em.getConnection()`). */
export interface SeedConnection {
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

const DAY = 86_400_000;
/** Mostly closed, as in a zone that has been in use for a while; a third of the running deadlines are past. */
const STATUSES = [
  'reported',
  'confirmed',
  'rectifying',
  'rectifying',
  'pending_review',
  'dismissed',
  ...Array<string>(14).fill('closed'),
] as const;

/** Deterministic pseudo-random numbers in [0, 1) (a linear congruential generator). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A valid, distinct credit code for each i ≥ 0 (the body is i written in the code's 31 characters). */
export function creditCode(i: number): string {
  const c = CREDIT_CODE_CHARS;
  let body = '';
  for (let k = 0, x = i; k < 8; k++, x = Math.floor(x / 31)) body = c[x % 31] + body;
  return buildCreditCode('91', '330782', body);
}

/** Inserts `rows` (values in `columns` order) in statements of 1,000 rows. */
export async function bulkInsert(conn: SeedConnection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await conn.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => `(${columns.map(() => '?').join(',')})`).join(',')}`,
      part.flat(),
    );
  }
}

/** An enterprise as the hazard seeder needs it. */
export interface SeededEnterprise {
  id: string;
  gridId: string;
}

/**
 * `n` active enterprises numbered from `from` (credit codes from `codeFrom + i`), spread over `grids`, coloured
 * 5 % red / 15 % orange / 30 % yellow / 50 % blue, a third carrying the first tag and 8 % each other tag, with
 * lat/lng and a site-plan point.
 */
export async function seedEnterprises(
  conn: SeedConnection,
  tenantId: string,
  o: { from: number; n: number; grids: string[]; tags: string[]; codeFrom?: number },
): Promise<SeededEnterprise[]> {
  const r = rng(o.from + 7);
  const now = new Date();
  const out: SeededEnterprise[] = [];
  const rows: unknown[][] = [];
  for (let i = o.from; i < o.from + o.n; i++) {
    const id = uuidv7();
    const gridId = o.grids[i % o.grids.length]!;
    const x = r();
    const own = o.tags.filter((_, k) => r() < (k === 0 ? 0.33 : 0.08));
    out.push({ id, gridId });
    rows.push([
      id,
      now,
      now,
      tenantId,
      creditCode((o.codeFrom ?? 0) + i),
      `基准企业${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      `负责人${i}`,
      1,
      JSON.stringify(own),
      `,${own.join(',')},`,
      'active',
      x < 0.05 ? 'red' : x < 0.2 ? 'orange' : x < 0.5 ? 'yellow' : 'blue',
      Math.round(r() * 10000) / 100,
      gridId,
      29.2 + r() / 10,
      120 + r() / 10,
      r(),
      r(),
      `义乌市测试路${i}号`,
      20 + (i % 900),
      1,
    ]);
  }
  await bulkInsert(
    conn,
    'enterprises',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'credit_code',
      'name',
      'principal_name',
      'is_industry_trade',
      'key_place_tags',
      'key_place_tags_text',
      'status',
      'risk_colour',
      'risk_score',
      'grid_id',
      'lat',
      'lng',
      'plan_x',
      'plan_y',
      'address',
      'employees',
      'version',
    ],
    rows,
  );
  return out;
}

/**
 * `n` hazards numbered from `from` on random enterprises of `ents`, reported over the last `spanDays` days; open
 * ones have deadlines from 20 days ago to 40 days ahead, closed ones 30 days after reporting; one in 50 is major.
 */
export async function seedHazards(
  conn: SeedConnection,
  tenantId: string,
  o: { from: number; n: number; ents: SeededEnterprise[]; spanDays: number },
): Promise<void> {
  const r = rng(o.from + 11);
  const now = Date.now();
  const rows: unknown[][] = [];
  for (let i = o.from; i < o.from + o.n; i++) {
    const id = uuidv7();
    const e = o.ents[Math.floor(r() * o.ents.length)]!;
    const status = STATUSES[i % STATUSES.length]!;
    const reportedAt = new Date(now - Math.floor(r() * o.spanDays * DAY));
    const open = status === 'confirmed' || status === 'rectifying' || status === 'pending_review';
    const deadline =
      status === 'reported'
        ? null
        : open
          ? new Date(now + (Math.floor(r() * 60) - 20) * DAY)
          : new Date(reportedAt.getTime() + 30 * DAY);
    rows.push([
      id,
      reportedAt,
      reportedAt,
      tenantId,
      `YH-B-${id.slice(-12)}`,
      e.id,
      e.gridId,
      i % 3 ? 'safety_inspection' : 'self_check',
      'fire',
      status === 'reported' ? null : i % 50 ? 'general' : 'major',
      status === 'reported' ? null : 'deadline',
      status,
      '基准测试隐患：消防通道堆放杂物，灭火器压力不足',
      '[]',
      '[]',
      deadline,
      '[]',
      reportedAt,
      status === 'closed' ? deadline : null,
      1,
      '张三',
    ]);
  }
  await bulkInsert(
    conn,
    'hazards',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'code',
      'enterprise_id',
      'grid_id',
      'source',
      'category_code',
      'grade',
      'treatment',
      'status',
      'description',
      'photo_ids',
      'after_photo_ids',
      'deadline',
      'major_checklist_items',
      'reported_at',
      'closed_at',
      'version',
      'responsible_name',
    ],
    rows,
  );
}
