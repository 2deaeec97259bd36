/**
 * Bucketed escalation alarms (escalation/alarms.ts, escalation/sweep.ts), against real MariaDB and Redis:
 * two sweeps of one zone that overlap fire each stage once; a hazard that falls due while its bucket's sweep is
 * finishing still fires; the alarm compare-and-set loses to a change made meanwhile.
 */
import { QueueEvents } from 'bullmq';
import { buildCreditCode, endOfLocalDay, localDate } from '@yuanan/domain';
import { uuidv7 } from '../../core/db/ids.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createRedis } from '../../core/redis/redis.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { alarmRow, bucketSlot, loadAlarmRows, writeAlarms, BUCKET_JOB } from './escalation/alarms.ts';
import { sweepHooks, sweepZone, type SweepDeps } from './escalation/sweep.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
});
afterAll(async () => {
  sweepHooks.afterRead = undefined;
  sweepHooks.afterLastPass = undefined;
  await env.close();
});
/** What a test opened beside the env (closed after it, passed or failed). */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  sweepHooks.afterRead = undefined;
  sweepHooks.afterLastPass = undefined;
});

const sql = <T = Array<Record<string, unknown>>>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params) as Promise<T>;
const count = async (q: string, params: unknown[]) => Number((await sql<Array<{ n: number }>>(q, params))[0]!.n);

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

/** A zone with one enterprise, an enterprise account (the responsible level) and a safety officer. */
async function zoneWithStaff(code: string, no: number) {
  const zone = await zoneWithAdmin(env, code);
  const ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: {
        creditCode: buildCreditCode('91', '330782', `MA2K${String(no).padStart(4, '0')}`),
        name: `${code}企业`,
        principalName: '张三',
      },
    })
  ).body as { id: string };
  const staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent.id });
  const safety = await userWithRole(env, zone, 'safety_officer');
  return { zone, ent, staff, safety };
}

/** Sets the zone's policy to stages firing `seconds` from now (the deadline is the end of today in the zone). */
async function policyFiringIn(zone: { token: string }, ...seconds: number[]) {
  const deadline = endOfLocalDay(localDate(new Date(), 'Asia/Shanghai'), 'Asia/Shanghai');
  const now = Date.now();
  const stages = seconds.map((s, i) => ({
    key: `s${i + 1}`,
    offsetSeconds: Math.round((now + s * 1000 - deadline.getTime()) / 1000),
    target: 'responsible',
  }));
  const r = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zone.token,
    body: { escalationPolicy: { stages, majorStartsHigher: false } },
  });
  expect(r.status).toBe(200);
  env.api.c.tenants.invalidate();
  env.worker!.c.tenants.invalidate();
  await policyApplied();
  return { deadline, at: stages.map((s) => new Date(deadline.getTime() + s.offsetSeconds * 1000)) };
}

/**
 * Waits until the worker has applied the policy change (its outbox event relayed and the event job done): its
 * reschedule of open alarms must not land in the middle of what a test writes afterwards.
 */
async function policyApplied(): Promise<void> {
  const until = Date.now() + 20_000;
  const events = env.worker!.c.queues.queue('events');
  for (;;) {
    const pending = Number(
      ((await sql('SELECT COUNT(*) AS n FROM outbox_events WHERE dispatched_at IS NULL')) as Array<{ n: number }>)[0]!.n,
    );
    const jobs = await events.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (!pending && !Object.values(jobs).some((n) => n > 0)) return;
    if (Date.now() > until) throw new Error(`the policy change was not applied: ${pending} events, jobs ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `n` rectifying hazards inserted in bulk with their alarm set to `alarmAt` for stage `stage` (no bucket job). */
async function insertDue(tenantId: string, enterpriseId: string, n: number, deadline: Date, alarmAt: Date, stage: string) {
  const now = new Date();
  const ids: string[] = [];
  const rows: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7();
    ids.push(id);
    rows.push(
      id,
      now,
      now,
      tenantId,
      `YH-T-${id.slice(-12)}`,
      enterpriseId,
      'safety_inspection',
      'fire',
      'general',
      'deadline',
      'rectifying',
      '测试隐患',
      '[]',
      '[]',
      deadline,
      '[]',
      now,
      1,
      '张三',
      alarmAt,
      stage,
    );
  }
  await sql(
    `INSERT INTO hazards (id, created_at, updated_at, tenant_id, code, enterprise_id, source, category_code, grade, treatment, status, description, photo_ids, after_photo_ids, deadline, major_checklist_items, reported_at, version, responsible_name, next_escalation_at, next_escalation_stage) VALUES ${ids.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
    rows,
  );
  return ids;
}

const deps = (): SweepDeps => ({ c: env.api.c, notifications: env.api.services.notifications, chainAudit: () => undefined });

test('two sweeps of one zone that overlap claim, notify and record each stage once, and both leave the next alarm', async () => {
  const { zone, ent, staff } = await zoneWithStaff('bkt1', 1);
  const { deadline, at } = await policyFiringIn(zone, -30, 3600);
  const N = 300;
  const ids = await insertDue(zone.tenant.id, ent.id, N, deadline, at[0]!, 's1');
  // Both sweeps read the same due page before either fires it: a real overlap, not two sweeps in turn.
  let arrived = 0;
  let release!: () => void;
  const both = new Promise<void>((r) => (release = r));
  sweepHooks.afterRead = async (tenantId) => {
    if (tenantId !== zone.tenant.id || arrived >= 2) return;
    if (++arrived === 2) release();
    await both;
  };
  const [a, b] = await Promise.all([sweepZone(deps(), zone.tenant.id), sweepZone(deps(), zone.tenant.id)]);
  expect(arrived).toBe(2);
  expect(a.fired + b.fired).toBe(N);
  // The loser found the stages taken (it read them too): the overlap happened and was resolved by the claims.
  expect(a.alreadyFired + b.alreadyFired).toBe(N);
  const t = zone.tenant.id;
  expect(await count("SELECT COUNT(*) AS n FROM fired_effects WHERE tenant_id = ? AND `key` LIKE 'hazard:%:s1'", [t])).toBe(N);
  expect(
    await count("SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND kind = 'hazard.reminder' AND user_id = ?", [
      t,
      staff.id,
    ]),
  ).toBe(N);
  expect(await count("SELECT COUNT(*) AS n FROM hazard_events WHERE tenant_id = ? AND action = 'escalated'", [t])).toBe(N);
  const alarms = await loadAlarmRows(tenantEm(env.api.c.orm, t), t, ids);
  expect(new Set(alarms.map((r) => `${r.nextEscalationStage}@${r.nextEscalationAt?.getTime()}`))).toEqual(
    new Set([`s2@${at[1]!.getTime()}`]),
  );
  // The next instant has its bucket in Redis: one job for all N hazards.
  const timers = env.api.c.queues.queue('timers');
  const buckets = (await timers.getJobs(['delayed'])).filter((j) => j?.name === BUCKET_JOB && j.data.tenantId === t);
  expect(buckets.filter((j) => j.data.at === at[1]!.getTime())).toHaveLength(1);
  // A third sweep finds nothing due.
  expect(await sweepZone(deps(), t)).toMatchObject({ fired: 0, alreadyFired: 0 });
}, 60_000);

test('a hazard that falls due while its bucket is being swept still fires (its bucket is a new job, not the running one)', async () => {
  const { zone, ent, staff, safety } = await zoneWithStaff('bkt2', 2);
  const t = zone.tenant.id;
  // s1 a few seconds ahead: hazard A's alarm, in bucket T.
  const { at } = await policyFiringIn(zone, 4, 3600);
  const confirm = async (description: string) => {
    const r = await env.req('POST', '/api/v1/hazards', {
      token: safety.token,
      body: { enterpriseId: ent.id, source: 'safety_inspection', categoryCode: 'fire', description },
    });
    const c = await env.req('POST', `/api/v1/hazards/${r.body.id}/transitions`, {
      token: safety.token,
      body: {
        action: 'confirm',
        version: r.body.version,
        grade: 'general',
        treatment: 'deadline',
        deadline: localDate(new Date(), 'Asia/Shanghai'),
        responsibleName: '张三',
        responsibleUserId: staff.id,
      },
    });
    if (c.status !== 200) throw new Error(JSON.stringify([r.status, r.body, c.body]));
    return r.body.id as string;
  };
  const alarmOf = async (id: string) =>
    alarmRow(
      (
        await sql('SELECT id, deadline, status, grade, next_escalation_at, next_escalation_stage FROM hazards WHERE id = ?', [id])
      )[0]!,
    );
  const a = await confirm('消防通道堆放杂物 A');
  expect(
    (
      await until(
        () => alarmOf(a),
        (r) => r.nextEscalationStage === 's1',
        10_000,
      )
    ).nextEscalationAt?.getTime(),
  ).toBe(at[0]!.getTime());
  // While the sweep of bucket T is finishing (its job still active, its last read done), B is confirmed: its s1
  // (= T) is already past, so its alarm is due at once.
  let b: string | null = null;
  // Which bucket jobs of this zone get added, as BullMQ's event stream tells: a due-now bucket runs at once and is
  // removed on completion, so looking for it among the queue's jobs afterwards finds it only when it is slow.
  const added: number[] = [];
  const eventsRedis = createRedis(env.worker!.c.config, 'command', { keyPrefix: undefined, maxRetriesPerRequest: null });
  const events = new QueueEvents('timers', { connection: eventsRedis, prefix: env.worker!.c.queues.prefix });
  cleanups.push(async () => {
    await events.close();
    eventsRedis.disconnect();
  });
  await events.waitUntilReady();
  const ours = new RegExp(`^hazard-bucket\\.${t}\\.(\\d+)$`);
  events.on('added', ({ jobId }) => {
    const m = ours.exec(jobId);
    if (m) added.push(Number(m[1]));
  });
  sweepHooks.afterLastPass = async (tenantId, result) => {
    if (tenantId !== t || b || !result.fired) return;
    b = await confirm('消防通道堆放杂物 B');
    const alarm = await until(
      () => alarmOf(b!),
      (r) => r.nextEscalationStage === 's1',
      10_000,
    );
    expect(alarm.nextEscalationAt!.getTime()).toBe(at[0]!.getTime());
  };
  const notes = async () =>
    count("SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND user_id = ? AND kind = 'hazard.reminder'", [
      t,
      staff.id,
    ]);
  expect(await until(notes, (n) => n >= 2, 30_000)).toBe(2);
  expect(b).not.toBeNull();
  // The due-now alarm woke a bucket of its own, later than T (the running one could not take it). (A's next
  // bucket, at s2, and its tail are added too: B's is the one before s2.)
  const laterBuckets = await until(
    async () => added.filter((slot) => slot > at[0]!.getTime()),
    (l) => l.length > 0,
    10_000,
  );
  const newBucket = Math.min(...laterBuckets);
  expect(newBucket).toBeGreaterThan(at[0]!.getTime());
  expect(newBucket).toBeLessThan(at[1]!.getTime());
  expect(
    await count('SELECT COUNT(*) AS n FROM fired_effects WHERE tenant_id = ? AND `key` LIKE ?', [t, `hazard:${b}:%:s1`]),
  ).toBe(1);
  expect(await count("SELECT COUNT(*) AS n FROM hazard_events WHERE tenant_id = ? AND action = 'escalated'", [t])).toBe(2);
  expect((await alarmOf(b!)).nextEscalationStage).toBe('s2');
}, 60_000);

test('an alarm written from an older state loses to a change made meanwhile (compare-and-set)', async () => {
  const { zone, ent } = await zoneWithStaff('bkt3', 3);
  const t = zone.tenant.id;
  const { deadline, at } = await policyFiringIn(zone, 3600, 7200);
  const [id] = await insertDue(t, ent.id, 1, deadline, at[0]!, 's1');
  const em = tenantEm(env.api.c.orm, t);
  const [seen] = await loadAlarmRows(em, t, [id!]);
  // Meanwhile the hazard is submitted for review (the alarm no longer applies).
  await sql("UPDATE hazards SET status = 'pending_review' WHERE id = ?", [id]);
  expect(await writeAlarms(em, t, [{ seen: seen!, alarm: { at: at[1]!, stage: 's2' } }])).toBe(0);
  // From the current state it applies.
  const [now] = await loadAlarmRows(em, t, [id!]);
  expect(await writeAlarms(em, t, [{ seen: now!, alarm: null }])).toBe(1);
  expect((await loadAlarmRows(em, t, [id!]))[0]).toMatchObject({ nextEscalationAt: null, nextEscalationStage: null });
  // Another zone's row is never written, whatever the caller passes.
  const other = await zoneWithAdmin(env, 'bkt4');
  expect(await writeAlarms(tenantEm(env.api.c.orm, other.tenant.id), other.tenant.id, [{ seen: now!, alarm: null }])).toBe(0);
});

test('a due alarm goes to a bucket strictly after now; a future one to its own instant', () => {
  expect(bucketSlot(5_000, 1_000)).toBe(5_000);
  expect(bucketSlot(1_000, 1_000)).toBeGreaterThan(1_000);
  expect(bucketSlot(900, 1_050)).toBeGreaterThan(1_050);
  expect(bucketSlot(900, 1_050) - 1_050).toBeLessThanOrEqual(100);
});
