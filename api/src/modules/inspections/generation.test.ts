import { Redis } from 'ioredis';
import { addDays, buildCreditCode, endOfLocalDay, localDate } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { COLOURS_CHANGED } from '../risk/risk.service.ts';
import { generateZone, replanEnterprises, sweepZone } from './generation.ts';
import { mkTemplate, uploadPhoto, uploadSignature } from './perform-fixtures.ts';

/**
 * Plans → tasks: generation is idempotent (twice, and after Redis lost its jobs), a colour change moves the next
 * due date (through the outbox event the risk module emits), missed vs late, disabled zones skipped, the task list's
 * filters and scope, coverage on a known history. Real MariaDB and Redis, the worker in process.
 */

const TZ = 'Asia/Shanghai';
const today = () => localDate(new Date(), TZ);
const startOfDay = (d: string) => new Date(endOfLocalDay(addDays(d, -1), TZ).getTime() + 1);

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let tenant: TenantInfo;
let templateId: string;
let grids: { a: string; b: string };
let ents: Array<{ id: string; name: string }>;
let gridA: { token: string; id: string };
let gridB: { token: string; id: string };
let staff0: { token: string; id: string };
let seq = 0;

const inZone = <T>(fn: (em: Em) => Promise<T>, tenantId = zone.tenant.id) =>
  runInScope({ requestId: 'test', tenantId, em: null, actor: null, ip: null, userAgent: 'test', action: 'test' }, () =>
    fn(tenantEm(env.api.c.orm, tenantId)),
  );
const sql = <T = any>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params, 'all') as Promise<T[]>;

async function enterprise(z: typeof zone, name: string, extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/enterprises', {
    token: z.token,
    body: {
      creditCode: buildCreditCode('91', '330782', `MA3G${String(++seq).padStart(4, '0')}`),
      name,
      principalName: '李四',
      ...extra,
    },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body as { id: string; name: string };
}

async function grid(code: string) {
  const r = await env.req('POST', '/api/v1/catalog', { token: zone.token, body: { kind: 'grid', code, name: `网格${code}` } });
  return r.body.id as string;
}

async function createPlan(body: Record<string, unknown>, z = zone) {
  const r = await env.req('POST', '/api/v1/inspection-plans', {
    token: z.token,
    body: {
      name: '日常巡查计划',
      kind: 'routine',
      assigneeKind: 'role',
      assigneeRole: 'grid_worker',
      target: { gridIds: [], tags: [], colours: [], enterpriseIds: [] },
      templateIds: [templateId],
      frequency: 'monthly',
      startDate: addDays(today(), -40),
      ...body,
    },
  });
  if (r.status !== 201) throw new Error(`plan: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; version: number };
}

async function tasksOf(planId: string) {
  return sql<{ id: string; enterprise_id: string; period_key: string; due_at: Date; status: string; start_at: Date }>(
    'SELECT id, enterprise_id, period_key, due_at, start_at, status FROM inspection_tasks WHERE plan_id = ? ORDER BY period_key, enterprise_id',
    [planId],
  );
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Paints enterprises a colour without going through the model (no event): the schedule reads the column. */
async function paint(id: string, colour: string | null) {
  await sql('UPDATE enterprises SET risk_colour = ? WHERE id = ?', [colour, id]);
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'insg');
  tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  const published = await env.req('GET', '/api/v1/inspection-templates?status=published', { token: zone.token });
  // A default template that applies to every enterprise (no industry or tag condition), e.g. 消防安全.
  const general = (published.body.items as Array<{ id: string; industries: string[]; tags: string[] }>).find(
    (t) => !t.industries.length && !t.tags.length,
  );
  templateId = (general ?? published.body.items[0]).id;
  grids = { a: await grid('ga'), b: await grid('gb') };
  ents = [];
  for (let i = 0; i < 4; i++) ents.push(await enterprise(zone, `巡查企业${i}`, { gridId: i < 2 ? grids.a : grids.b }));
  gridA = await userWithRole(env, zone, 'grid_worker', { gridIds: [grids.a] });
  gridB = await userWithRole(env, zone, 'grid_worker', { gridIds: [grids.b] });
  staff0 = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ents[0]!.id });
  // The colours the tests expect, whatever the model computed when the enterprises were created.
  await until(
    () =>
      sql<{ n: number }>('SELECT COUNT(*) AS n FROM enterprises WHERE tenant_id = ? AND colour_computed_at IS NOT NULL', [
        zone.tenant.id,
      ]),
    (r) => Number(r[0]!.n) === 4,
  );
  for (const e of ents) await paint(e.id, 'yellow');
}, 120_000);
afterAll(() => env?.close());

test('a monthly plan generates one task per matching enterprise for the current month, however often it runs', async () => {
  const plan = await createPlan({ name: '月度巡查', target: { gridIds: [grids.a], tags: [], colours: [], enterpriseIds: [] } });
  let tasks = await tasksOf(plan.id);
  // Created with the plan: the two enterprises of grid A, this month's period (the first of the month).
  expect(tasks.map((t) => t.enterprise_id).sort()).toEqual([ents[0]!.id, ents[1]!.id].sort());
  const monthStart = `${today().slice(0, 8)}01`;
  expect(new Set(tasks.map((t) => t.period_key))).toEqual(
    new Set([monthStart > addDays(today(), -40) ? monthStart : addDays(today(), -40)]),
  );
  expect(tasks.every((t) => t.status === 'open')).toBe(true);
  expect(new Date(tasks[0]!.start_at).toISOString()).toBe(startOfDay(tasks[0]!.period_key).toISOString());
  // Generate now, the daily job, generation again: nothing twice.
  const again = await env.req('POST', `/api/v1/inspection-plans/${plan.id}/generate`, { token: zone.token });
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ created: 0, existing: 2 });
  await inZone((m) => generateZone(m, tenant));
  const job = env.worker!.registry.handler('inspection.generate')!;
  await job.handle({ tenantId: zone.tenant.id }, { c: env.worker!.c, job: {} as never });
  tasks = await tasksOf(plan.id);
  expect(tasks).toHaveLength(2);
  // The preview counts what the plan reaches.
  const preview = await env.req('GET', `/api/v1/inspection-plans/${plan.id}/preview`, { token: zone.token });
  expect(preview.body.enterprises).toBe(2);
  expect(preview.body.sample.map((s: { id: string }) => s.id).sort()).toEqual([ents[0]!.id, ents[1]!.id].sort());
  // Disabling the plan stops generation for it; the disabled plan's tasks stay.
  const off = await env.req('PATCH', `/api/v1/inspection-plans/${plan.id}`, {
    token: zone.token,
    body: { enabled: false, version: plan.version },
  });
  expect(off.status).toBe(200);
  expect(off.body.enabled).toBe(false);
  const stale = await env.req('PATCH', `/api/v1/inspection-plans/${plan.id}`, {
    token: zone.token,
    body: { enabled: true, version: plan.version },
  });
  expect(stale.status).toBe(409);
  await sql('DELETE FROM inspection_tasks WHERE plan_id = ? AND enterprise_id = ?', [plan.id, ents[1]!.id]);
  await inZone((m) => generateZone(m, tenant));
  expect(await tasksOf(plan.id)).toHaveLength(1);
  // Re-enabled: the missing task comes back at once.
  const on = await env.req('PATCH', `/api/v1/inspection-plans/${plan.id}`, {
    token: zone.token,
    body: { enabled: true, version: off.body.version },
  });
  expect(on.status).toBe(200);
  expect(await tasksOf(plan.id)).toHaveLength(2);
  await env.req('PATCH', `/api/v1/inspection-plans/${plan.id}`, {
    token: zone.token,
    body: { enabled: false, version: on.body.version },
  });
});

test('bad plans are refused: another zone’s template is 404, a draft template or a one-off without end 400', async () => {
  const other = await zoneWithAdmin(env, 'insgb');
  const theirs = await env.req('GET', '/api/v1/inspection-templates?status=published', { token: other.token });
  const foreign = await env.req('POST', '/api/v1/inspection-plans', {
    token: zone.token,
    body: {
      name: '跨区计划',
      kind: 'routine',
      assigneeKind: 'role',
      assigneeRole: 'grid_worker',
      target: { gridIds: [], tags: [], colours: [], enterpriseIds: [] },
      templateIds: [theirs.body.items[0].id],
      frequency: 'monthly',
      startDate: today(),
    },
  });
  expect(foreign.status).toBe(404);
  const once = await env.req('POST', '/api/v1/inspection-plans', {
    token: zone.token,
    body: {
      name: '节前检查',
      kind: 'campaign',
      assigneeKind: 'role',
      assigneeRole: 'grid_worker',
      target: {},
      templateIds: [templateId],
      frequency: 'once',
      startDate: today(),
    },
  });
  expect(once.status).toBe(400);
  expect(once.headers.get('content-type')).toContain('problem+json');
  const grid = await env.req('GET', '/api/v1/inspection-plans', { token: gridA.token });
  expect(grid.status).toBe(403);
});

test('after Redis loses everything, the worker re-creates the schedulers and the reconciler the missing tasks — none twice', async () => {
  const plan = await createPlan({
    name: '周巡查',
    frequency: 'weekly',
    target: { gridIds: [grids.b], tags: [], colours: [], enterpriseIds: [] },
  });
  expect(await tasksOf(plan.id)).toHaveLength(2);
  // An enterprise that came in without any event (as a bulk load would), and the day's generation marker gone, as
  // if the daily job had been lost with Redis.
  const late = await enterprise(zone, '后来企业', { gridId: grids.b });
  await sql("DELETE FROM fired_effects WHERE tenant_id = ? AND `key` LIKE 'inspections:generated:%'", [zone.tenant.id]);
  const raw = new Redis(env.config.REDIS_URL);
  const keys = await raw.keys(`${env.config.REDIS_PREFIX}*`);
  if (keys.length) await raw.del(...keys);
  raw.disconnect();
  const tasks = await until(
    () => tasksOf(plan.id),
    (t) => t.length === 3,
    20_000,
  );
  expect(tasks.map((t) => t.enterprise_id).sort()).toEqual([ents[2]!.id, ents[3]!.id, late.id].sort());
  const schedulers = await until(
    async () => (await env.worker!.c.queues.queue('maintenance').getJobSchedulers()).map((s) => s.key),
    (k) => k.includes('inspection-sweep'),
  );
  expect(schedulers).toEqual(expect.arrayContaining(['inspection-generate', 'inspection-sweep', 'reconcile']));
  // Reconciling again changes nothing.
  const { reconcileAll } = await import('../maintenance/maintenance.jobs.ts');
  await reconcileAll(env.worker!.c, env.worker!.services.reconcilers);
  await sql("DELETE FROM fired_effects WHERE tenant_id = ? AND `key` LIKE 'inspections:generated:%'", [zone.tenant.id]);
  await reconcileAll(env.worker!.c, env.worker!.services.reconcilers);
  const dupes = await sql<{ n: number }>(
    'SELECT COUNT(*) AS n FROM inspection_tasks WHERE tenant_id = ? GROUP BY plan_id, enterprise_id, period_key HAVING COUNT(*) > 1',
    [zone.tenant.id],
  );
  expect(dupes).toEqual([]);
  expect(await tasksOf(plan.id)).toHaveLength(3);
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
  await sql('UPDATE enterprises SET status = ? WHERE id = ?', ['closed', late.id]);
});

test('by colour: the next due date follows the last inspection and moves when the colour changes (outbox event)', async () => {
  const e = ents[0]!;
  await paint(e.id, 'red');
  const start = addDays(today(), -20);
  const plan = await createPlan({
    name: '按风险巡查',
    frequency: 'by_colour',
    startDate: start,
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: [e.id] },
  });
  const [task] = await tasksOf(plan.id);
  // Red: weeks from the plan start; today is in the third (days 14–20).
  expect(task!.period_key).toBe(addDays(start, 14));
  expect(new Date(task!.due_at).toISOString()).toBe(endOfLocalDay(addDays(start, 20), TZ).toISOString());
  // Inspected three days ago: the next is due seven days after that.
  const doneOn = addDays(today(), -3);
  await sql("UPDATE inspection_tasks SET status = 'done', started_at = ?, completed_at = ? WHERE id = ?", [
    startOfDay(doneOn),
    new Date(startOfDay(doneOn).getTime() + 3_600_000),
    task!.id,
  ]);
  await inZone((m) => generateZone(m, tenant));
  let tasks = await tasksOf(plan.id);
  expect(tasks).toHaveLength(2);
  let next = tasks.find((t) => t.status === 'open')!;
  expect(next.period_key).toBe(addDays(doneOn, 1));
  expect(new Date(next.due_at).toISOString()).toBe(endOfLocalDay(addDays(doneOn, 7), TZ).toISOString());
  // Blue now: the same task is due 90 days after the inspection (re-planned by the subscriber of the event).
  await paint(e.id, 'blue');
  await inZone(async (m) => {
    emitEvent(m, COLOURS_CHANGED, { enterpriseIds: [e.id], reason: 'test' });
    await m.flush();
  });
  tasks = await until(
    () => tasksOf(plan.id),
    (ts) =>
      ts.some((t) => t.status === 'open' && new Date(t.due_at).getTime() === endOfLocalDay(addDays(doneOn, 90), TZ).getTime()),
  );
  next = tasks.find((t) => t.status === 'open')!;
  expect(new Date(next.due_at).toISOString()).toBe(endOfLocalDay(addDays(doneOn, 90), TZ).toISOString());
  expect(tasks).toHaveLength(2);
  // The risk module's own recolouring emits the event: the model gives this bare enterprise its colour back (not
  // red), and the task follows whatever it is — never the red week again.
  await paint(e.id, 'red');
  await inZone((m) => replanEnterprises(m, tenant, [e.id]));
  next = (await tasksOf(plan.id)).find((t) => t.status === 'open')!;
  expect(new Date(next.due_at).toISOString()).toBe(endOfLocalDay(addDays(doneOn, 7), TZ).toISOString());
  await inZone((m) => env.api.services.risk.recompute(m, tenant, [e.id], 'test'));
  const [{ risk_colour: colour }] = await sql<{ risk_colour: 'red' | 'orange' | 'yellow' | 'blue' }>(
    'SELECT risk_colour FROM enterprises WHERE id = ?',
    [e.id],
  );
  expect(colour).not.toBe('red');
  const days = tenant.settings.inspectionFrequencyDays[colour];
  tasks = await until(
    () => tasksOf(plan.id),
    (ts) =>
      ts.some(
        (t) =>
          t.status === 'open' && t.due_at && new Date(t.due_at).getTime() === endOfLocalDay(addDays(doneOn, days), TZ).getTime(),
      ),
  );
  expect(new Date(tasks.find((t) => t.status === 'open')!.due_at).toISOString()).toBe(
    endOfLocalDay(addDays(doneOn, days), TZ).toISOString(),
  );
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
  await paint(e.id, 'yellow');
});

test('missed vs late: never started by complete-by is missed (the office is told); started stays in progress', async () => {
  const plan = await createPlan({
    name: '专项检查',
    kind: 'campaign',
    frequency: 'once',
    startDate: addDays(today(), -1),
    endDate: addDays(today(), 2),
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: [ents[2]!.id, ents[3]!.id] },
  });
  const safety = await userWithRole(env, zone, 'safety_officer');
  const tasks = await tasksOf(plan.id);
  expect(tasks).toHaveLength(2);
  const [t1, t2] = tasks;
  // One is started (checked in) before the end; the sweep runs after the complete-by time.
  await sql("UPDATE inspection_tasks SET status = 'in_progress', started_at = ? WHERE id = ?", [new Date(), t2!.id]);
  const after = new Date(new Date(t1!.due_at).getTime() + 60_000);
  // (The earlier tests' tasks are out of the way: only this plan's can go missed here.)
  await sql(
    "UPDATE inspection_tasks SET status = 'done' WHERE tenant_id = ? AND plan_id <> ? AND status IN ('scheduled', 'open')",
    [zone.tenant.id, plan.id],
  );
  const swept = await inZone((m) => sweepZone(m, tenant, env.api.services.notifications, after));
  expect(swept.missed).toBe(1);
  const rows = await tasksOf(plan.id);
  expect(rows.find((t) => t.id === t1!.id)!.status).toBe('missed');
  expect(rows.find((t) => t.id === t2!.id)!.status).toBe('in_progress');
  // Again: nothing more is missed, and the office had one notice.
  expect((await inZone((m) => sweepZone(m, tenant, env.api.services.notifications, after))).missed).toBe(0);
  const notes = await env.req('GET', '/api/v1/notifications', { token: safety.token });
  const missedNotes = notes.body.items.filter((n: { kind: string }) => n.kind === 'inspection.missed');
  expect(missedNotes).toHaveLength(1);
  expect(missedNotes[0].title).toContain('1 项');
  // A reader of English gets it in English (notification-text.ts); the enterprise's name stays as entered.
  const en = await env.req('GET', '/api/v1/notifications', { token: safety.token, headers: { 'accept-language': 'en' } });
  expect(en.body.items.find((n: { id: string }) => n.id === missedNotes[0].id)).toMatchObject({
    title: 'Inspections missed: 1',
    body: `Not inspected by the complete-by date: ${ents.find((e) => e.id === t1!.enterprise_id)!.name}. Follow up or reschedule.`,
  });
  // A missed task is listed as such; `late` is for a done one (completed after complete-by).
  const list = await env.req('GET', `/api/v1/inspection-tasks?status=missed&planId=${plan.id}`, { token: zone.token });
  expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([t1!.id]);
  await sql("UPDATE inspection_tasks SET status = 'done', late = 1, completed_at = ? WHERE id = ?", [after, t2!.id]);
  const late = await env.req('GET', `/api/v1/inspection-tasks?late=true&planId=${plan.id}`, { token: zone.token });
  expect(late.body.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([[t2!.id, 'done']]);
});

test('reminders go to the assignee the configured hours before complete-by, once', async () => {
  const plan = await createPlan({
    name: '提醒测试',
    frequency: 'once',
    startDate: today(),
    endDate: addDays(today(), 3),
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: [ents[0]!.id] },
  });
  const [task] = await tasksOf(plan.id);
  const before = new Date(new Date(task!.due_at).getTime() - 23 * 3_600_000);
  // Two sweeps at once (worker start and the schedule): one reminder, neither fails on the dedupe key.
  const both = await Promise.all([0, 1].map(() => inZone((m) => sweepZone(m, tenant, env.api.services.notifications, before))));
  expect(both.map((r) => r.reminded).sort()).toEqual([0, 1]);
  expect((await inZone((m) => sweepZone(m, tenant, env.api.services.notifications, before))).reminded).toBe(0);
  const notes = await env.req('GET', '/api/v1/notifications', { token: gridA.token });
  expect(
    notes.body.items.filter((n: { kind: string; link: string }) => n.kind === 'inspection.dueSoon' && n.link.endsWith(task!.id)),
  ).toHaveLength(1);
  const en = await env.req('GET', '/api/v1/notifications', { token: gridA.token, headers: { 'accept-language': 'en' } });
  expect(
    en.body.items.find((n: { kind: string; link: string }) => n.kind === 'inspection.dueSoon' && n.link.endsWith(task!.id)),
  ).toMatchObject({
    title: 'An inspection is due soon',
    body: `Complete the inspection of ${ents[0]!.name} by ${localDate(new Date(task!.due_at), TZ)}.`,
  });
  const other = await env.req('GET', '/api/v1/notifications', { token: gridB.token });
  expect(other.body.items.some((n: { kind: string }) => n.kind === 'inspection.dueSoon')).toBe(false);
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
});

test('the task list: a grid worker sees their grids’, an enterprise user their own; filters; 404 outside the scope', async () => {
  const plan = await createPlan({ name: '列表测试', frequency: 'monthly' });
  const all = await tasksOf(plan.id);
  expect(all).toHaveLength(4);
  const list = (token: string, q = '') => env.req('GET', `/api/v1/inspection-tasks?planId=${plan.id}${q}`, { token });
  const ids = (r: { body: { items: Array<{ enterpriseId: string }> } }) => r.body.items.map((t) => t.enterpriseId).sort();
  expect(ids(await list(gridA.token))).toEqual([ents[0]!.id, ents[1]!.id].sort());
  expect(ids(await list(gridB.token))).toEqual([ents[2]!.id, ents[3]!.id].sort());
  expect(ids(await list(staff0.token))).toEqual([ents[0]!.id]);
  expect(ids(await list(zone.token))).toHaveLength(4);
  expect(ids(await list(zone.token, `&gridId=${grids.b}`))).toEqual([ents[2]!.id, ents[3]!.id].sort());
  expect(ids(await list(zone.token, `&enterpriseId=${ents[1]!.id}`))).toEqual([ents[1]!.id]);
  await paint(ents[3]!.id, 'orange');
  expect(ids(await list(zone.token, '&colour=orange'))).toEqual([ents[3]!.id]);
  await paint(ents[3]!.id, 'yellow');
  expect(ids(await list(gridA.token, '&mine=true'))).toEqual([ents[0]!.id, ents[1]!.id].sort());
  expect(ids(await list(zone.token, '&status=done'))).toEqual([]);
  const monthEnd = localDate(new Date(all[0]!.due_at), TZ);
  expect(ids(await list(zone.token, `&from=${monthEnd}&to=${monthEnd}`))).toHaveLength(4);
  expect(ids(await list(zone.token, `&to=${addDays(monthEnd, -1)}`))).toEqual([]);
  // Keyset pages: two pages of two, nothing twice.
  const p1 = await list(zone.token, '&pageSize=2');
  expect(p1.body.total).toBe(4);
  const p2 = await list(zone.token, `&pageSize=2&cursor=${p1.body.nextCursor}`);
  expect(new Set([...ids(p1), ...ids(p2)]).size).toBe(4);
  expect(p2.body.nextCursor).toBeNull();
  // Newest due first by default: a months-old task comes last, on the last page.
  await sql('UPDATE inspection_tasks SET due_at = DATE_SUB(due_at, INTERVAL 90 DAY) WHERE id = ?', [all[0]!.id]);
  const newest = await list(zone.token);
  const dues = newest.body.items.map((t: { dueAt: string }) => Date.parse(t.dueAt));
  expect(dues).toEqual([...dues].sort((a, b) => b - a));
  expect(newest.body.items.at(-1).id).toBe(all[0]!.id);
  const q1 = await list(zone.token, '&pageSize=3');
  expect(q1.body.items.map((t: { id: string }) => t.id)).not.toContain(all[0]!.id);
  const q2 = await list(zone.token, `&pageSize=3&cursor=${q1.body.nextCursor}`);
  expect(q2.body.items.map((t: { id: string }) => t.id)).toEqual([all[0]!.id]);
  await sql('UPDATE inspection_tasks SET due_at = DATE_ADD(due_at, INTERVAL 90 DAY) WHERE id = ?', [all[0]!.id]);
  // With a position: each task says how far, nearest first among those due together.
  await sql('UPDATE enterprises SET lat = ?, lng = ? WHERE id = ?', [29.08, 119.65, ents[0]!.id]);
  await sql('UPDATE enterprises SET lat = ?, lng = ? WHERE id = ?', [29.2, 119.65, ents[1]!.id]);
  const near = await list(gridA.token, '&lat=29.19&lng=119.65');
  expect(near.body.items.map((t: { enterpriseId: string }) => t.enterpriseId)).toEqual([ents[1]!.id, ents[0]!.id]);
  expect(near.body.items[0].distanceM).toBeGreaterThan(1000);
  expect(near.body.items[0].distanceM).toBeLessThan(1200);
  // Detail: in scope with its template; another grid's or enterprise's task does not exist.
  const a0 = all.find((t) => t.enterprise_id === ents[0]!.id)!;
  const b0 = all.find((t) => t.enterprise_id === ents[2]!.id)!;
  const detail = await env.req('GET', `/api/v1/inspection-tasks/${a0.id}`, { token: gridA.token });
  expect(detail.status).toBe(200);
  expect(detail.body.template.id).toBe(templateId);
  expect(detail.body.template.sections.length).toBeGreaterThan(0);
  expect(detail.body.canPerform).toBe(true);
  expect(detail.body.geofenceRadiusM).toBe(300);
  expect((await env.req('GET', `/api/v1/inspection-tasks/${b0.id}`, { token: gridA.token })).status).toBe(404);
  expect((await env.req('GET', `/api/v1/inspection-tasks/${b0.id}`, { token: staff0.token })).status).toBe(404);
  const own = await env.req('GET', `/api/v1/inspection-tasks/${a0.id}`, { token: staff0.token });
  expect(own.status).toBe(200);
  expect(own.body.canPerform).toBe(false); // a grid worker's task, not a self-inspection
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
});

test('disabled zones are skipped by the daily job', async () => {
  const off = await zoneWithAdmin(env, 'insgoff');
  const t = await env.req('GET', '/api/v1/inspection-templates?status=published', { token: off.token });
  const e = await enterprise(off, '停用园区企业');
  const plan = await createPlan({ name: '停用园区计划', templateIds: [t.body.items[0].id], enabled: false }, off);
  await sql('UPDATE inspection_plans SET enabled = 1 WHERE id = ?', [plan.id]);
  await runInScope({ requestId: 't', tenantId: null, em: null, actor: null, ip: null, userAgent: null, action: 'test' }, () =>
    env.api.services.tenants.update(off.tenant.id, { status: 'disabled' }),
  );
  env.worker!.c.tenants.invalidate(off.tenant.id);
  await until(
    async () => (await env.worker!.c.tenants.active()).some((z) => z.id === off.tenant.id),
    (active) => !active,
  );
  const job = env.worker!.registry.handler('inspection.generate')!;
  const out = (await job.handle({ tenantId: null }, { c: env.worker!.c, job: {} as never })) as Record<string, unknown>;
  expect(out).not.toHaveProperty('insgoff');
  expect(out).toHaveProperty('insg');
  expect(await tasksOf(plan.id)).toEqual([]);
  expect(e.id).toBeTruthy();
});

test('coverage per grid worker and agency on a known history; Excel export', async () => {
  const z = await zoneWithAdmin(env, 'insgcov');
  const zt = (await env.api.c.tenants.byId(z.tenant.id))!;
  const g = (await env.req('POST', '/api/v1/catalog', { token: z.token, body: { kind: 'grid', code: 'cov', name: '覆盖网格' } }))
    .body.id;
  const worker = await userWithRole(env, z, 'grid_worker', { gridIds: [g] });
  const e = await enterprise(z, '覆盖企业', { gridId: g });
  const agency = await env.req('POST', '/api/v1/inspection-agencies', {
    token: z.token,
    body: { name: '覆盖测试机构', contactName: '赵敏', contactPhone: '13905790103', memberUserIds: [] },
  });
  expect(agency.status).toBe(201);
  const tpl = (await env.req('GET', '/api/v1/inspection-templates?status=published', { token: z.token })).body.items[0].id;
  // Raw history in November 2026: four grid-worker tasks, two agency tasks, and one not yet due.
  const rows: Array<[string, string, boolean, string | null, number, string]> = [
    // status, due date, late, agency, hazards, key
    ['done', '2026-11-05', false, null, 2, '2026-11-01'],
    ['done', '2026-11-12', false, null, 0, '2026-11-08'],
    ['done', '2026-11-19', true, null, 1, '2026-11-15'],
    ['missed', '2026-11-26', false, null, 0, '2026-11-22'],
    ['done', '2026-11-10', false, agency.body.id, 3, '2026-11-09'],
    ['missed', '2026-11-20', false, agency.body.id, 0, '2026-11-19'],
    ['open', '2099-11-28', false, null, 0, '2099-11-28'],
  ];
  await inZone(async (m) => {
    for (const [status, due, late, agencyId, hazards, key] of rows) {
      await m.getConnection().execute(
        `INSERT INTO inspection_tasks (id, created_at, updated_at, tenant_id, plan_id, enterprise_id, grid_id, template_id, kind, assignee_user_id, assignee_role, agency_id, period_key, start_at, due_at, status, late, hazard_ids, hazard_count, version)
         VALUES (UUID(), NOW(3), NOW(3), ?, NULL, ?, ?, ?, 'routine', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        [
          z.tenant.id,
          e.id,
          g,
          tpl,
          agencyId ? null : 'grid_worker',
          agencyId,
          key,
          startOfDay(key),
          endOfLocalDay(due, TZ),
          status,
          late ? 1 : 0,
          JSON.stringify(Array.from({ length: hazards }, (_, i) => `00000000-0000-7000-8000-00000000000${i}`)),
          hazards,
        ],
      );
    }
  }, z.tenant.id);
  const byWorker = await env.req('GET', '/api/v1/inspections/coverage?from=2026-11-01&to=2026-11-30&by=grid_worker', {
    token: z.token,
  });
  expect(byWorker.status).toBe(200);
  expect(byWorker.body.rows).toEqual([
    {
      key: worker.id,
      name: expect.any(String),
      required: 4,
      done: 3,
      onTime: 2,
      late: 1,
      missed: 1,
      onTimeRate: 0.5,
      hazardsFound: 3,
      hazardsPerInspection: 1,
    },
  ]);
  const byAgency = await env.req('GET', '/api/v1/inspections/coverage?from=2026-11-01&to=2026-11-30&by=agency', {
    token: z.token,
  });
  expect(byAgency.body.rows).toEqual([
    expect.objectContaining({
      key: agency.body.id,
      name: '覆盖测试机构',
      required: 2,
      done: 1,
      onTime: 1,
      missed: 1,
      onTimeRate: 0.5,
      hazardsFound: 3,
    }),
  ]);
  // A window before the history: nothing required, rates null.
  const empty = await env.req('GET', '/api/v1/inspections/coverage?from=2026-10-01&to=2026-10-31', { token: z.token });
  expect(empty.body.rows[0]).toMatchObject({ required: 0, onTimeRate: null, hazardsPerInspection: null });
  const xlsx = await fetch(`${env.url}/api/v1/inspections/coverage.xlsx?from=2026-11-01&to=2026-11-30&by=grid_worker`, {
    headers: { authorization: `Bearer ${z.token}` },
  });
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(3).values).toEqual([undefined, expect.any(String), 4, 3, 2, 1, 1, 0.5, 3, 1]);
  // Grid workers may not read the zone's coverage; a bad window is a 400 problem.
  expect(
    (await env.req('GET', '/api/v1/inspections/coverage?from=2026-11-01&to=2026-11-30', { token: worker.token })).status,
  ).toBe(403);
  expect((await env.req('GET', '/api/v1/inspections/coverage?from=2026-11-30&to=2026-11-01', { token: z.token })).status).toBe(
    400,
  );
  expect(zt.id).toBe(z.tenant.id);
});

test('an agency’s plan reaches only the enterprises its contracts cover today', async () => {
  const agency = await env.req('POST', '/api/v1/inspection-agencies', {
    token: zone.token,
    body: { name: '计划测试机构', contactName: '钱进', contactPhone: '13905790104', memberUserIds: [] },
  });
  expect(agency.status).toBe(201);
  const contract = await env.req('POST', '/api/v1/inspection-contracts', {
    token: zone.token,
    body: {
      agencyId: agency.body.id,
      name: '服务合同',
      enterpriseIds: [ents[2]!.id],
      startDate: addDays(today(), -5),
      endDate: addDays(today(), 30),
    },
  });
  expect(contract.status).toBe(201);
  // An ended contract covers nothing.
  await env.req('POST', '/api/v1/inspection-contracts', {
    token: zone.token,
    body: {
      agencyId: agency.body.id,
      name: '旧合同',
      enterpriseIds: [ents[3]!.id],
      startDate: addDays(today(), -60),
      endDate: addDays(today(), -1),
    },
  });
  const plan = await createPlan({
    name: '第三方月度检查',
    assigneeKind: 'agency',
    agencyId: agency.body.id,
    assigneeRole: undefined,
  });
  const tasks = await sql<{ enterprise_id: string; agency_id: string; assignee_role: string | null }>(
    'SELECT enterprise_id, agency_id, assignee_role FROM inspection_tasks WHERE plan_id = ?',
    [plan.id],
  );
  expect(tasks).toEqual([{ enterprise_id: ents[2]!.id, agency_id: agency.body.id, assignee_role: null }]);
  const preview = await env.req('GET', `/api/v1/inspection-plans/${plan.id}/preview`, { token: zone.token });
  expect(preview.body.enterprises).toBe(1);
  const read = await env.req('GET', `/api/v1/inspection-plans/${plan.id}`, { token: zone.token });
  expect(read.body).toMatchObject({ assigneeKind: 'agency', agencyName: '计划测试机构', assigneeRole: null });
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
});

test('a day’s check-ins for the map: the real check-in shows up, for those who see the task', async () => {
  const plan = await createPlan({
    name: '签到地图',
    frequency: 'once',
    startDate: today(),
    endDate: addDays(today(), 5),
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: [ents[0]!.id] },
  });
  const [task] = await tasksOf(plan.id);
  await sql('UPDATE enterprises SET lat = ?, lng = ? WHERE id = ?', [29.08, 119.65, ents[0]!.id]);
  const checkIn = await env.req('POST', `/api/v1/inspection-tasks/${task!.id}/check-in`, {
    token: gridA.token,
    body: { method: 'gps', lat: 29.0801, lng: 119.6501, accuracyM: 10, at: new Date().toISOString() },
  });
  expect(checkIn.status).toBe(200);
  const map = await env.req('GET', '/api/v1/inspections/check-ins', { token: zone.token });
  expect(map.status).toBe(200);
  expect(map.body.date).toBe(today());
  const point = map.body.items.find((p: { taskId: string }) => p.taskId === task!.id);
  expect(point).toMatchObject({ enterpriseId: ents[0]!.id, method: 'gps', inside: true, flagged: false, status: 'in_progress' });
  expect(point.lat).toBeCloseTo(29.0801, 4);
  // Another grid's worker does not see it; another day has none of it.
  const other = await env.req('GET', '/api/v1/inspections/check-ins', { token: gridB.token });
  expect(other.body.items.some((p: { taskId: string }) => p.taskId === task!.id)).toBe(false);
  const yesterday = await env.req('GET', `/api/v1/inspections/check-ins?date=${addDays(today(), -1)}`, { token: zone.token });
  expect(yesterday.body.items.some((p: { taskId: string }) => p.taskId === task!.id)).toBe(false);
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
});

test('missed vs late, end to end: checked in before complete-by and submitted after is done and late; coverage agrees', async () => {
  const tpl = await mkTemplate(env, zone.tenant.id);
  const plan = await createPlan({
    name: '超期完成',
    templateIds: [tpl],
    frequency: 'once',
    startDate: today(),
    endDate: addDays(today(), 3),
    target: { gridIds: [], tags: [], colours: [], enterpriseIds: [ents[0]!.id, ents[1]!.id] },
  });
  await sql('UPDATE enterprises SET lat = ?, lng = ? WHERE id IN (?, ?)', [29.08, 119.65, ents[0]!.id, ents[1]!.id]);
  const tasks = await tasksOf(plan.id);
  const started = tasks.find((t) => t.enterprise_id === ents[0]!.id)!;
  const idle = tasks.find((t) => t.enterprise_id === ents[1]!.id)!;
  const checkIn = await env.req('POST', `/api/v1/inspection-tasks/${started.id}/check-in`, {
    token: gridA.token,
    body: { method: 'gps', lat: 29.0801, lng: 119.6501, at: new Date().toISOString() },
  });
  expect(checkIn.status).toBe(200);
  // The window closes (as if three days passed): the sweep leaves the started one in progress, the other is missed.
  await sql(
    "UPDATE inspection_tasks SET status = 'done' WHERE tenant_id = ? AND plan_id <> ? AND status IN ('scheduled', 'open')",
    [zone.tenant.id, plan.id],
  );
  const closed = new Date(Date.now() - 60_000);
  const day = localDate(closed, TZ);
  const coverageOfA = async () =>
    (
      await env.req('GET', `/api/v1/inspections/coverage?from=${day}&to=${day}&by=grid_worker`, { token: zone.token })
    ).body.rows.find((r: { key: string }) => r.key === gridA.id) as Record<string, number>;
  const before = await coverageOfA();
  await sql('UPDATE inspection_tasks SET due_at = ? WHERE plan_id = ?', [closed, plan.id]);
  await inZone((m) => sweepZone(m, tenant, env.api.services.notifications));
  let rows = await tasksOf(plan.id);
  expect(rows.find((t) => t.id === started.id)!.status).toBe('in_progress');
  expect(rows.find((t) => t.id === idle.id)!.status).toBe('missed');
  const photo = await uploadPhoto(env, gridA.token);
  const signature = await uploadSignature(env, gridA.token);
  const submitted = await env.req('POST', `/api/v1/inspection-tasks/${started.id}/submit`, {
    token: gridA.token,
    headers: { 'Idempotency-Key': `late-${Date.now()}` },
    body: {
      templateId: tpl,
      answers: [
        // One failed item: one hazard, counted in coverage (hazard_count, set at submit).
        { itemKey: 'permit', value: false, photos: [], note: '无审批单' },
        { itemKey: 'oxygen', value: 20.9, photos: [{ fileId: photo }] },
        { itemKey: 'sign', value: 'ok', photos: [] },
      ],
      signature: { fileId: signature, signerName: '王立新' },
      finishedAt: new Date().toISOString(),
    },
  });
  expect(submitted.status).toBe(200);
  expect(submitted.body).toMatchObject({ status: 'done', late: true });
  expect(submitted.body.hazardIds).toHaveLength(1);
  rows = await tasksOf(plan.id);
  expect(rows.map((t) => t.status).sort()).toEqual(['done', 'missed']);
  // Coverage of the day: grid worker A has two more due, one done late (with its hazard), one missed.
  const after = await coverageOfA();
  const delta = (k: string) => after[k]! - before[k]!;
  expect(['required', 'done', 'onTime', 'late', 'missed', 'hazardsFound'].map(delta)).toEqual([2, 1, 0, 1, 1, 1]);
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [plan.id]);
});

test('plans that cannot produce work are refused: a repeating campaign, dates out of 2000–2099, an agency plan covering 0 enterprises', async () => {
  const post = (body: Record<string, unknown>) =>
    env.req('POST', '/api/v1/inspection-plans', {
      token: zone.token,
      body: {
        name: '无效计划',
        kind: 'routine',
        assigneeKind: 'role',
        assigneeRole: 'grid_worker',
        target: { gridIds: [], tags: [], colours: [], enterpriseIds: [] },
        templateIds: [templateId],
        frequency: 'monthly',
        startDate: addDays(today(), -40),
        enabled: false,
        ...body,
      },
    });
  const paths = (r: { body: { errors?: Array<{ path: string }> } }) => (r.body.errors ?? []).map((e) => e.path);
  const campaign = await post({ kind: 'campaign', frequency: 'monthly' });
  expect([campaign.status, paths(campaign)]).toEqual([400, ['frequency']]);
  for (const startDate of ['1900-01-01', '9999-12-01']) {
    const r = await post({ startDate });
    expect([r.status, paths(r)]).toEqual([400, ['startDate']]);
  }
  const farEnd = await post({ frequency: 'once', endDate: '9999-12-31' });
  expect([farEnd.status, paths(farEnd)]).toEqual([400, ['endDate']]);
  // A routine plan made a campaign by an edit must become one-off too.
  const routine = await post({});
  expect(routine.status).toBe(201);
  const patch = (body: Record<string, unknown>) =>
    env.req('PATCH', `/api/v1/inspection-plans/${routine.body.id}`, {
      token: zone.token,
      body: { version: routine.body.version, ...body },
    });
  const toCampaign = await patch({ kind: 'campaign' });
  expect([toCampaign.status, paths(toCampaign)]).toEqual([400, ['frequency']]);
  expect((await patch({ startDate: '1900-01-01' })).status).toBe(400);

  // An agency whose contracts in force cover none of the target: enabling is 422, saving it disabled is fine.
  const agency = await env.req('POST', '/api/v1/inspection-agencies', {
    token: zone.token,
    body: { name: '无合同机构', contactName: '孙立', contactPhone: '13905790105', memberUserIds: [] },
  });
  expect(agency.status).toBe(201);
  const agencyPlan = { assigneeKind: 'agency', agencyId: agency.body.id, assigneeRole: undefined };
  const refused = await post({ ...agencyPlan, enabled: true });
  expect([refused.status, paths(refused)]).toEqual([422, ['agencyId']]);
  expect(refused.body.detail).toContain('0');
  const disabled = await post({ ...agencyPlan });
  expect(disabled.status).toBe(201);
  const enable = await env.req('PATCH', `/api/v1/inspection-plans/${disabled.body.id}`, {
    token: zone.token,
    body: { version: disabled.body.version, enabled: true },
  });
  expect([enable.status, paths(enable)]).toEqual([422, ['agencyId']]);
  // Once a contract in force covers a target enterprise, enabling passes.
  const contract = await env.req('POST', '/api/v1/inspection-contracts', {
    token: zone.token,
    body: {
      agencyId: agency.body.id,
      name: '新合同',
      enterpriseIds: [ents[1]!.id],
      startDate: addDays(today(), -1),
      endDate: addDays(today(), 30),
    },
  });
  expect(contract.status).toBe(201);
  const enabled = await env.req('PATCH', `/api/v1/inspection-plans/${disabled.body.id}`, {
    token: zone.token,
    body: { version: disabled.body.version, enabled: true },
  });
  expect(enabled.status).toBe(200);
  await sql('UPDATE inspection_plans SET enabled = 0 WHERE id = ?', [disabled.body.id]);
});
