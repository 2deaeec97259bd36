/**
 * Issue 10 benchmark (equipment room): overdue-reminder generation for BENCH_EQ_LOANS (10,000) overdue loans held by
 * BENCH_EQ_BORROWERS (2,000) borrowers of one zone (three in four enterprises, the rest persons), through the real
 * sweep step (`remindOverdue` of equipment-sweep.ts: one read of the loans, today's ledger rows read once, the
 * ledger rows and the notifications written set-based in one transaction). Figures: the time, the messages sent
 * (must equal the borrowers — one bundled message per borrower, not per unit) and the ledger rows; then a second
 * pass the same day (must send nothing) and its time. A fifth of the loans are overdue beyond the escalation days,
 * so the office's one escalation message is part of the first pass.
 * Knobs: BENCH_EQ_LOANS, BENCH_EQ_BORROWERS.
 */
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { tenantEm } from '../../api/src/core/db/orm.ts';
import { remindOverdue } from '../../api/src/modules/equipment/equipment-sweep.ts';
import { createTestEnv, DEMO_PW } from '../../api/src/testing/test-env.ts';
import { figure, withPeakMemory } from './lib.ts';
import { bulkInsert, rng } from './seed.ts';

const LOANS = Number(process.env.BENCH_EQ_LOANS ?? 10_000);
const BORROWERS = Number(process.env.BENCH_EQ_BORROWERS ?? 2_000);
const DAY = 86_400_000;

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const conn = () => env.api.c.orm.em.getConnection();

try {
  const started = performance.now();
  const code = 'eqbench';
  const scope = { requestId: 'bench', tenantId: null, em: null, actor: null, ip: null, userAgent: 'bench', action: 'bench' };
  const { tenant } = await runInScope(scope, () =>
    env.api.services.tenants.provision({
      code,
      name: '器材基准园区',
      region: '浙江省',
      admin: { username: 'admin', name: '器材基准园区管理员', password: DEMO_PW },
    }),
  );
  const info = (await env.api.c.tenants.byId(tenant.id))!;
  const now = new Date();
  const t0 = performance.now();
  // One model, one unit per loan, BORROWERS borrowers (a user each; enterprises for three in four).
  const modelId = uuidv7();
  await conn().execute(
    `INSERT INTO equipment_models (id, created_at, updated_at, tenant_id, category, name, model, manufacturer, specs, photo_file_ids, maintenance_rules, lendable, description)
     VALUES (?, ?, ?, ?, 'gas_detector', '四合一气体检测仪', 'XL', NULL, '[]', '[]', '[]', 1, NULL)`,
    [modelId, now, now, tenant.id],
  );
  const borrowers = Array.from({ length: BORROWERS }, (_, i) => ({
    userId: uuidv7(),
    enterpriseId: i % 4 === 3 ? null : uuidv7(),
    name: `借用人${i}`,
  }));
  const random = rng(10);
  const units: unknown[][] = [];
  const loans: unknown[][] = [];
  let late = 0;
  for (let i = 0; i < LOANS; i++) {
    const unitId = uuidv7();
    units.push([unitId, now, now, tenant.id, modelId, `EQ-${String(i).padStart(6, '0')}`, 'good', 'on_loan', 1]);
    const b = borrowers[i % BORROWERS]!;
    const overdueDays = i % 5 === 0 ? 5 + Math.floor(random() * 20) : 1 + Math.floor(random() * 2);
    if (overdueDays >= info.settings.equipmentOverdueEscalationDays) late++;
    const due = new Date(now.getTime() - overdueDays * DAY);
    loans.push([
      uuidv7(),
      now,
      now,
      tenant.id,
      unitId,
      b.enterpriseId ? 'enterprise' : 'person',
      b.enterpriseId,
      b.userId,
      b.name,
      new Date(due.getTime() - 3 * DAY),
      b.userId,
      due,
      'good',
      '[]',
      '[]',
      1,
    ]);
  }
  await bulkInsert(
    conn(),
    'equipment_units',
    ['id', 'created_at', 'updated_at', 'tenant_id', 'model_id', 'asset_tag', '`condition`', 'status', 'version'],
    units,
  );
  await bulkInsert(
    conn(),
    'equipment_loans',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'unit_id',
      'borrower_kind',
      'enterprise_id',
      'borrower_user_id',
      'borrower_name',
      'checked_out_at',
      'checked_out_by',
      'due_at',
      'out_condition',
      'out_photo_file_ids',
      'return_photo_file_ids',
      'version',
    ],
    loans,
  );
  figure('equipment.seed', performance.now() - t0, 'ms', { loans: LOANS, borrowers: BORROWERS });

  const em = tenantEm(env.api.c.orm, tenant.id);
  const run = () =>
    runInScope({ ...scope, tenantId: tenant.id, em, action: 'equipment.sweep' }, () =>
      remindOverdue(em.fork({ clear: true }), info, env.api.services.notifications, now),
    );
  const t1 = performance.now();
  const first = await withPeakMemory(run);
  const firstMs = performance.now() - t1;
  const reminders = (await conn().execute(
    "SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND kind = 'equipment.overdue'",
    [tenant.id],
  )) as Array<{ n: number }>;
  const ledger = (await conn().execute('SELECT COUNT(*) AS n FROM equipment_notices WHERE tenant_id = ?', [tenant.id])) as Array<{
    n: number;
  }>;
  const messages = Number(reminders[0]!.n);
  if (messages !== BORROWERS) throw new Error(`${messages} reminder messages for ${BORROWERS} borrowers`);
  figure('equipment.overdue_reminders', firstMs, 'ms', {
    loans: LOANS,
    borrowers: BORROWERS,
    messages,
    escalatedLoans: first.result.escalated,
    ledgerRows: Number(ledger[0]!.n),
    expectedEscalations: late,
    peakRssMb: Math.round(first.peakRssMb),
  });
  figure('equipment.overdue_reminders.per_loan', (firstMs * 1000) / LOANS, 'µs');
  const t2 = performance.now();
  const second = await run();
  figure('equipment.overdue_reminders.same_day_again', performance.now() - t2, 'ms', { messages: second.messages });
  if (second.messages !== 0) throw new Error(`the second pass the same day sent ${second.messages} messages`);
  figure('equipment.total_time', performance.now() - started, 'ms');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.close();
}
