/**
 * Raw rows for the city views' tests and benchmark (issue 14 §2): enterprises, hazards, inspection tasks, IoT alarms
 * and incidents written with multi-row INSERTs straight into a zone (explicit tenant id), every column the city
 * queries read set by the caller, the rest filled with plain defaults. Not a create path: the point is to know the
 * exact numbers (tests) or to have many rows fast (benchmark).
 */
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { uuidv7 } from '../core/db/ids.ts';

/** The connection the rows are written through (an api's `orm.em.getConnection()` or a mysql2 connection). */
export interface FixtureConnection {
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

/** A valid credit code distinct for each n ≥ 0. */
export function fixtureCreditCode(n: number): string {
  let body = '';
  for (let k = 0, x = n; k < 8; k++, x = Math.floor(x / 31)) body = CREDIT_CODE_CHARS[x % 31] + body;
  return buildCreditCode('91', '330782', body);
}

/** Inserts rows (all with the same keys) in statements of `batch` rows. */
export async function insertRows(
  conn: FixtureConnection,
  table: string,
  rows: Array<Record<string, unknown>>,
  batch = 1000,
): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await conn.execute(
      `INSERT INTO ${table} (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${part
        .map(() => `(${cols.map(() => '?').join(',')})`)
        .join(',')}`,
      part.flatMap((r) => cols.map((c) => r[c] ?? null)),
    );
  }
}

let seq = 0;
const now = () => new Date();

/** An enterprise row; `n` makes its credit code unique in the zone. */
export function enterpriseRow(
  tenantId: string,
  n: number,
  o: {
    id?: string;
    colour: string | null;
    status?: 'active' | 'closed';
    score?: number;
    lat?: number | null;
    lng?: number | null;
    name?: string;
  },
): Record<string, unknown> {
  const at = now();
  return {
    id: o.id ?? uuidv7(),
    created_at: at,
    updated_at: at,
    tenant_id: tenantId,
    credit_code: fixtureCreditCode(n),
    name: o.name ?? `城市视图企业${n}`,
    principal_name: '张三',
    is_industry_trade: 1,
    key_place_tags: '[]',
    key_place_tags_text: ',,',
    status: o.status ?? 'active',
    risk_colour: o.colour,
    risk_score: o.score ?? null,
    lat: o.lat ?? null,
    lng: o.lng ?? null,
    version: 1,
  };
}

/** A hazard row; the status, grade and the three instants are what the city queries read. */
export function hazardRow(
  tenantId: string,
  enterpriseId: string,
  o: {
    id?: string;
    status: string;
    grade?: 'general' | 'major' | null;
    reportedAt: Date;
    deadline?: Date | null;
    closedAt?: Date | null;
    description?: string;
  },
): Record<string, unknown> {
  const id = o.id ?? uuidv7();
  return {
    id,
    created_at: o.reportedAt,
    updated_at: o.reportedAt,
    tenant_id: tenantId,
    code: `YH-C-${String(++seq).padStart(6, '0')}-${id.slice(-6)}`,
    enterprise_id: enterpriseId,
    source: 'safety_inspection',
    category_code: 'fire',
    grade: o.grade ?? null,
    treatment: o.deadline ? 'deadline' : null,
    status: o.status,
    description: o.description ?? '城市视图测试隐患：消防通道堆放杂物',
    photo_ids: '[]',
    after_photo_ids: '[]',
    deadline: o.deadline ?? null,
    major_checklist_items: '[]',
    reported_at: o.reportedAt,
    closed_at: o.closedAt ?? null,
    version: 1,
  };
}

/** An inspection task row (complete-by `dueAt`). */
export function taskRow(
  tenantId: string,
  enterpriseId: string,
  o: {
    status: 'scheduled' | 'open' | 'in_progress' | 'done' | 'missed';
    dueAt: Date;
    assigneeRole?: string | null;
    assigneeUserId?: string | null;
    agencyId?: string | null;
    late?: boolean;
  },
): Record<string, unknown> {
  const at = now();
  return {
    id: uuidv7(),
    created_at: at,
    updated_at: at,
    tenant_id: tenantId,
    plan_id: null,
    enterprise_id: enterpriseId,
    template_id: uuidv7(),
    kind: 'routine',
    assignee_user_id: o.assigneeUserId ?? null,
    assignee_role: o.assigneeRole === undefined ? 'grid_worker' : o.assigneeRole,
    agency_id: o.agencyId ?? null,
    period_key: `p${++seq}`,
    start_at: new Date(o.dueAt.getTime() - 7 * 86_400_000),
    due_at: o.dueAt,
    status: o.status,
    late: o.late ? 1 : 0,
    hazard_ids: '[]',
    hazard_count: 0,
    version: 1,
  };
}

/** An IoT alarm row; active while `clearedAt` is null. */
export function alarmRow(tenantId: string, o: { startedAt: Date; clearedAt?: Date | null; enterpriseId?: string | null }) {
  const device = uuidv7();
  return {
    id: uuidv7(),
    created_at: o.startedAt,
    updated_at: o.startedAt,
    tenant_id: tenantId,
    device_id: device,
    enterprise_id: o.enterpriseId ?? null,
    type: 'gas_lel.threshold',
    kind: 'threshold',
    quantity: 'gas_lel',
    severity: 'major',
    level: 1,
    active_key: o.clearedAt ? null : `${device}:gas_lel.threshold`,
    started_at: o.startedAt,
    last_at: o.startedAt,
    cleared_at: o.clearedAt ?? null,
    count: 1,
    version: 1,
  };
}

/** An incident row. */
export function incidentRow(tenantId: string, o: { status: string; isDrill?: boolean; at: Date }) {
  return {
    id: uuidv7(),
    created_at: o.at,
    updated_at: o.at,
    tenant_id: tenantId,
    no: `SG-C-${String(++seq).padStart(8, '0')}`,
    type: 'fire',
    source: 'desk',
    status: o.status,
    level: 'IV',
    severity: 1,
    is_drill: o.isDrill ? 1 : 0,
    description: '城市视图测试事故',
    reporter_name: '李四',
    occurred_at: o.at,
    learned_at: o.at,
    file_ids: '[]',
    version: 1,
  };
}

/** A grant of `bureauId` over `zoneId` (platform-owned table), in force from `from` until `until`. */
export function grantRow(bureauId: string, zoneId: string, o: { from: Date; until: Date; revokedAt?: Date | null }) {
  const at = now();
  return {
    id: uuidv7(),
    created_at: at,
    updated_at: at,
    bureau_id: bureauId,
    zone_id: zoneId,
    valid_from: o.from,
    valid_until: o.until,
    revoked_at: o.revokedAt ?? null,
    revoked_by: o.revokedAt ? '测试运营' : null,
    created_by: '测试运营',
    note: null,
  };
}
