/**
 * Exports for other systems (数据报送, issue 14 §5) against the real database, Redis and file storage: profiles,
 * hostile inputs, incremental runs by (updated_at, id) watermark, the settle window (a row updated inside it waits
 * for the next run, and no row is sent twice), unique file names, a storage failure keeping the watermark, the xlsx
 * file's header row and notes sheet (zone times with the offset), job schedulers per target and a scheduled run through the job registry, zone isolation, and
 * the download by API key (scope exports.read).
 */
import ExcelJS from 'exceljs';
import { buildCreditCode } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { FileStorage } from '../../core/files/storage.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { buildJobRegistry } from '../index.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { EXPORT_RUN_JOB, exportSchedulerId, reconcileExportSchedules } from './export.jobs.ts';
import { ExportTarget } from './export.entity.ts';
import { EXPORT_SETTLE_MS, WATERMARK_ALL_ID } from './export.service.ts';

let env: TestEnv;
type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
let A: Zone;
let B: Zone;
let seq = 0;

const api = (z: Zone, method: string, path: string, body?: unknown) =>
  env.req(method, `/api/v1${path}`, { token: z.token, body });

function inZone<T>(z: Zone, fn: (em: Em) => Promise<T>): Promise<T> {
  const em = tenantEm(env.api.c.orm, z.tenant.id);
  return runInScope(
    { requestId: 'test', tenantId: z.tenant.id, em, actor: null, ip: null, userAgent: 'test', action: 'test' },
    () => fn(em),
  );
}

async function enterprise(z: Zone, name: string, address: string | null = '义乌市苏溪镇工业区'): Promise<string> {
  return inZone(z, async (em) => {
    seq++;
    const e = em.create(Enterprise, {
      creditCode: buildCreditCode('91', '330782', `EXP${String(seq).padStart(5, '0')}`),
      name,
      principalName: '李四',
      address,
    } as never);
    await em.flush();
    return (e as Enterprise).id;
  });
}

async function hazards(z: Zone, enterpriseId: string, n: number, over: Partial<Record<string, unknown>> = {}): Promise<string[]> {
  return inZone(z, async (em) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      seq++;
      const h = em.create(Hazard, {
        code: `YH-TEST-${String(seq).padStart(5, '0')}`,
        enterpriseId,
        source: 'grid_patrol',
        categoryCode: 'electrical',
        grade: 'general',
        status: 'confirmed',
        description: `配电箱线路裸露 ${seq}`,
        responsibleName: '王工',
        reportedAt: new Date('2026-11-23T17:30:00Z'),
        deadline: new Date('2026-12-01T15:59:59.999Z'),
        ...over,
      } as never);
      ids.push((h as Hazard).id);
    }
    await em.flush();
    return ids;
  });
}

async function touch(z: Zone, ids: string[], patch: Record<string, unknown>) {
  await inZone(z, async (em) => {
    for (const h of await em.find(Hazard, { id: { $in: ids } })) Object.assign(h, patch);
    await em.flush();
  });
}

/** An instant on the Shanghai wall clock, `2026-11-24 01:30:05` (Intl, independent of the code under test). */
const shanghai = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });

async function download(z: Zone | { key: string }, runId: string) {
  const headers: Record<string, string> = 'key' in z ? { 'x-api-key': z.key } : { authorization: `Bearer ${z.token}` };
  const res = await fetch(`${env.url}/api/v1/exports/runs/${runId}/file`, { headers });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  env = await createTestEnv();
  A = await zoneWithAdmin(env, 'expa');
  B = await zoneWithAdmin(env, 'expb');
  // These tests write rows and run at once; the settle window has its own test (which puts it back).
  env.api.services.exports.settleMs = 0;
}, 120_000);
afterAll(() => env?.close());

test('profiles: the list, a field table, unknown and malformed ids', async () => {
  const list = await api(A, 'GET', '/exports/profiles');
  expect(list.status).toBe(200);
  expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([
    'provincial-enterprise-file',
    'provincial-hazard-ledger',
    'national-major-hazard',
  ]);
  const one = await api(A, 'GET', '/exports/profiles/provincial-hazard-ledger');
  expect(one.status).toBe(200);
  expect(one.body.fields[0]).toEqual({
    key: 'YHBH',
    label: { zh: '隐患编号', en: 'Hazard number' },
    source: 'code',
    transform: { kind: 'none', map: null, default: null },
    required: true,
  });
  expect(one.body.fields.find((f: { key: string }) => f.key === 'YHDJ').transform).toEqual({
    kind: 'map',
    map: { general: '一般', major: '重大' },
    default: null,
  });
  expect((await api(A, 'GET', '/exports/profiles/no-such-profile')).status).toBe(404);
  expect((await api(A, 'GET', '/exports/profiles/provincial-hazard-ledger?version=9')).status).toBe(404);
  const bad = await api(A, 'GET', '/exports/profiles/Bad%20Id');
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
});

test('hostile target inputs are refused with problem+json and nothing is saved', async () => {
  const base = { name: '坏目标', profileId: 'provincial-hazard-ledger', format: 'json' };
  const unknown = await api(A, 'POST', '/exports/targets', { ...base, profileId: 'no-such-profile' });
  expect(unknown.status).toBe(422);
  expect(unknown.body.code).toBe('export_profile_unknown');
  expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  const version = await api(A, 'POST', '/exports/targets', { ...base, profileVersion: 7 });
  expect(version.body.code).toBe('export_profile_unknown');
  const schedule = await api(A, 'POST', '/exports/targets', { ...base, schedule: 'hourly' });
  expect(schedule.status).toBe(400);
  expect(schedule.body.code).toBe('validation_failed');
  expect(schedule.body.errors.map((e: { path: string }) => e.path)).toContain('schedule');
  const hour = await api(A, 'POST', '/exports/targets', { ...base, schedule: 'daily', scheduleHour: 24 });
  expect(hour.status).toBe(400);
  const format = await api(A, 'POST', '/exports/targets', { ...base, format: 'csv' });
  expect(format.status).toBe(400);
  const extra = await api(A, 'POST', '/exports/targets', { ...base, tenantId: B.tenant.id });
  expect(extra.status).toBe(400);
  expect((await api(A, 'GET', '/exports/targets')).body.items.filter((t: { name: string }) => t.name === '坏目标')).toEqual([]);
  const ok = await api(A, 'POST', '/exports/targets', { ...base, name: '重名' });
  expect(ok.status).toBe(201);
  const dup = await api(A, 'POST', '/exports/targets', { ...base, name: '重名' });
  expect(dup.status).toBe(409);
  expect(dup.body.code).toBe('duplicate');
  const emptyPatch = await api(A, 'PATCH', `/exports/targets/${ok.body.id}`, {});
  expect(emptyPatch.status).toBe(400);
  expect((await api(A, 'DELETE', `/exports/targets/${ok.body.id}`)).status).toBe(204);
});

test('incremental: run 1 sends all, a run without changes sends 0 and is recorded, run 3 sends exactly the 2 changed', async () => {
  const ent = await enterprise(A, '义乌市恒达五金有限公司');
  const ids = await hazards(A, ent, 5);
  // not in the ledger: an unconfirmed report and a dismissed one
  await hazards(A, ent, 1, { status: 'reported', grade: null });
  await hazards(A, ent, 1, { status: 'dismissed' });
  const tg = await api(A, 'POST', '/exports/targets', {
    name: '省平台隐患台账（增量）',
    profileId: 'provincial-hazard-ledger',
    format: 'json',
    incremental: true,
  });
  expect(tg.status).toBe(201);
  expect(tg.body).toMatchObject({ profileVersion: 1, incremental: true, lastWatermark: null, lastRun: null });

  const r1 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(r1.status).toBe(201);
  expect(r1.body).toMatchObject({ status: 'succeeded', trigger: 'manual', rowCount: 5, flaggedCount: 0, sinceWatermark: null });
  const f1 = await download(A, r1.body.id);
  expect(f1.status).toBe(200);
  expect(f1.headers.get('content-type')).toBe('application/json');
  expect(f1.headers.get('x-content-sha256')).toBe(r1.body.sha256);
  expect(f1.data.length).toBe(r1.body.bytes);
  const doc1 = JSON.parse(f1.data.toString('utf8'));
  expect(doc1.count).toBe(5);
  expect(doc1.records.map((r: { YHBH: string }) => r.YHBH).sort()).toEqual(
    (await inZone(A, (em) => em.find(Hazard, { id: { $in: ids } }))).map((h) => h.code).sort(),
  );
  expect(doc1.records[0]).toMatchObject({
    QYMC: '义乌市恒达五金有限公司',
    YHDJ: '一般',
    ZLZT: '未整改',
    FXRQ: '2026-11-24',
    YHLB: '电气',
  });

  const target1 = (await api(A, 'GET', `/exports/targets/${tg.body.id}`)).body;
  expect(target1.lastWatermark).toEqual(r1.body.untilWatermark);
  expect(target1.lastRun).toMatchObject({ id: r1.body.id, status: 'succeeded', rowCount: 5 });

  const r2 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(r2.body).toMatchObject({
    status: 'succeeded',
    rowCount: 0,
    sinceWatermark: r1.body.untilWatermark,
    untilWatermark: { updatedAt: r2.body.startedAt, id: WATERMARK_ALL_ID },
  });
  expect(JSON.parse((await download(A, r2.body.id)).data.toString('utf8'))).toMatchObject({ count: 0, records: [] });
  // nothing new, still read up to its bound: the next run starts there
  expect((await api(A, 'GET', `/exports/targets/${tg.body.id}`)).body.lastWatermark).toEqual(r2.body.untilWatermark);

  await touch(A, [ids[1]!, ids[3]!], { status: 'rectifying', measures: '更换箱门锁' });
  const r3 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(r3.body).toMatchObject({ status: 'succeeded', rowCount: 2 });
  const doc3 = JSON.parse((await download(A, r3.body.id)).data.toString('utf8'));
  const codes = (await inZone(A, (em) => em.find(Hazard, { id: { $in: [ids[1]!, ids[3]!] } }))).map((h) => h.code).sort();
  expect(doc3.records.map((r: { YHBH: string }) => r.YHBH).sort()).toEqual(codes);
  expect(doc3.records.every((r: { ZLZT: string }) => r.ZLZT === '整改中')).toBe(true);
  expect(doc3.since).toEqual(r2.body.untilWatermark);

  const runs = await api(A, 'GET', `/exports/runs?targetId=${tg.body.id}`);
  expect(runs.body.total).toBe(3);
  expect(runs.body.items.map((r: { rowCount: number }) => r.rowCount)).toEqual([2, 0, 5]);

  // a full (not incremental) target sends everything every time
  const full = await api(A, 'POST', '/exports/targets', { name: '全量', profileId: 'provincial-hazard-ledger', format: 'json' });
  const f = await api(A, 'POST', `/exports/targets/${full.body.id}/run`);
  const again = await api(A, 'POST', `/exports/targets/${full.body.id}/run`);
  expect([f.body.rowCount, again.body.rowCount]).toEqual([5, 5]);
  expect((await api(A, 'GET', `/exports/targets/${full.body.id}`)).body.lastWatermark).toBeNull();
}, 60_000);

test('a storage failure fails the run and leaves the watermark where it was; the next run sends the change', async () => {
  const ent = await enterprise(A, '义乌市苏溪机械厂', null);
  const ids = await hazards(A, ent, 2, { grade: 'major' });
  const tg = await api(A, 'POST', '/exports/targets', {
    name: '重大隐患',
    profileId: 'national-major-hazard',
    format: 'xlsx',
    incremental: true,
  });
  const r1 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(r1.body).toMatchObject({ status: 'succeeded', rowCount: 2 });
  const mark = (await api(A, 'GET', `/exports/targets/${tg.body.id}`)).body.lastWatermark;
  expect(mark).toEqual(r1.body.untilWatermark);

  await touch(A, [ids[0]!], { supervisionLedgerNo: '义安督〔2026〕3号' });
  const storage = env.api.c.storage as FileStorage;
  const put = storage.put;
  storage.put = async () => {
    throw new Error('disk full (test)');
  };
  let failed;
  try {
    failed = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  } finally {
    storage.put = put;
  }
  expect(failed.status).toBe(201);
  expect(failed.body).toMatchObject({ status: 'failed', fileId: null, error: 'disk full (test)' });
  expect(failed.body.finishedAt).not.toBeNull();
  expect((await api(A, 'GET', `/exports/targets/${tg.body.id}`)).body.lastWatermark).toEqual(mark);
  expect((await download(A, failed.body.id)).status).toBe(404);

  const r3 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(r3.body).toMatchObject({ status: 'succeeded', rowCount: 1 });
});

test('xlsx: exceljs reads the mapped header row, the records and the flagged rows', async () => {
  const tg = await api(A, 'POST', '/exports/targets', {
    name: '企业基础信息 xlsx',
    profileId: 'provincial-enterprise-file',
    format: 'xlsx',
  });
  const run = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(run.body.status).toBe('succeeded');
  const enterprises = await inZone(A, (em) => em.count(Enterprise, {}));
  expect(run.body.rowCount).toBe(enterprises);
  const file = await download(A, run.body.id);
  expect(file.headers.get('content-type')).toMatch(/spreadsheetml/);
  const tail = run.body.id.replace(/-/g, '').slice(-6);
  expect(run.body.fileName).toMatch(new RegExp(`^企业基础信息-\\d{8}-\\d{6}-${tail}\\.xlsx$`));
  expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain(run.body.fileName);
  // the stamp is the run's start on the zone's wall clock, seconds included
  expect(run.body.fileName.slice('企业基础信息-'.length, '企业基础信息-'.length + 15)).toBe(
    shanghai(run.body.startedAt).replace(/[-:]/g, '').replace(' ', '-'),
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.data as never);
  const ws = wb.getWorksheet('企业基础信息')!;
  const profile = (await api(A, 'GET', '/exports/profiles/provincial-enterprise-file')).body;
  expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(profile.fields.map((f: { label: { zh: string } }) => f.label.zh));
  expect(ws.rowCount).toBe(enterprises + 1);
  // a name column is wide enough to read (the profile's width), a short field fits its label
  const col = (label: string) =>
    ws.getColumn(profile.fields.findIndex((f: { label: { zh: string } }) => f.label.zh === label) + 1);
  expect(col('企业名称').width).toBe(30);
  expect(col('生产经营地址').width).toBe(36);
  const names = new Set<string>();
  ws.eachRow((row, n) => {
    if (n > 1) names.add(String(row.getCell(2).value));
  });
  expect(names.has('义乌市恒达五金有限公司')).toBe(true);
  // 苏溪机械厂 has no address (a required field): it is flagged in 数据校验
  const check = wb.getWorksheet('数据校验')!;
  expect(run.body.flaggedCount).toBeGreaterThan(0);
  expect(check.rowCount).toBe(run.body.flaggedCount + 1);
  expect(String(check.getRow(2).getCell(2).value)).toContain('生产经营地址');
  // 说明: times on the zone's wall clock with the offset stated, not UTC
  const info = wb.getWorksheet('说明')!;
  const notes = new Map<string, string>();
  info.eachRow((row) => notes.set(String(row.getCell(1).value), String(row.getCell(2).value)));
  expect(notes.get('生成时间')).toBe(`${shanghai(run.body.startedAt)} (UTC+08:00 Asia/Shanghai)`);
  expect(notes.get('截止时间')).toBe(`${shanghai(run.body.untilWatermark.updatedAt)} (UTC+08:00 Asia/Shanghai) 及之前更新的记录`);
  expect(notes.get('起始水位')).toBe('全量');
  expect([...notes.values()].join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
});

test('two runs in the same minute get different file names', async () => {
  const tg = await api(A, 'POST', '/exports/targets', { name: '同一分钟', profileId: 'national-major-hazard', format: 'json' });
  const r1 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  const r2 = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect([r1.body.status, r2.body.status]).toEqual(['succeeded', 'succeeded']);
  // the same second is likely here; the run id's tail still tells them apart
  expect(r1.body.fileName).not.toBe(r2.body.fileName);
  for (const r of [r1.body, r2.body]) expect(r.fileName).toMatch(/^重大事故隐患-\d{8}-\d{6}-[0-9a-f]{6}\.json$/);
});

test('settle window: a row updated inside it waits for the next run; nothing is sent twice', async () => {
  const D = await zoneWithAdmin(env, 'expd');
  const svc = env.api.services.exports;
  svc.settleMs = EXPORT_SETTLE_MS;
  try {
    const ent = await enterprise(D, '义乌市迟到提交厂');
    const [old, late] = await hazards(D, ent, 2);
    // `old` settled long ago; `late` was stamped a second ago — as a transaction that commits after the run has
    // begun leaves its row (its updated_at is older than the commit)
    const stamp = async (id: string, at: Date) =>
      inZone(D, (em) =>
        em.getConnection().execute('UPDATE hazards SET updated_at = ? WHERE tenant_id = ? AND id = ?', [at, D.tenant.id, id]),
      );
    const lateAt = new Date(Date.now() - 1_000);
    await stamp(old!, new Date(Date.now() - 60_000));
    await stamp(late!, lateAt);
    const codes = new Map((await inZone(D, (em) => em.find(Hazard, { id: { $in: [old!, late!] } }))).map((h) => [h.id, h.code]));
    const tg = await api(D, 'POST', '/exports/targets', {
      name: '结算窗口',
      profileId: 'provincial-hazard-ledger',
      format: 'json',
      incremental: true,
    });
    const sent = async (runId: string) =>
      JSON.parse((await download(D, runId)).data.toString('utf8')).records.map((r: { YHBH: string }) => r.YHBH) as string[];

    const r1 = await api(D, 'POST', `/exports/targets/${tg.body.id}/run`);
    expect(r1.body).toMatchObject({ status: 'succeeded', rowCount: 1 });
    // the upper bound is the start minus the window, and it is the target's next watermark
    expect(Date.parse(r1.body.startedAt) - Date.parse(r1.body.untilWatermark.updatedAt)).toBe(EXPORT_SETTLE_MS);
    expect(Date.parse(r1.body.untilWatermark.updatedAt)).toBeLessThan(lateAt.getTime());
    expect((await api(D, 'GET', `/exports/targets/${tg.body.id}`)).body.lastWatermark).toEqual(r1.body.untilWatermark);
    const first = await sent(r1.body.id);
    expect(first).toEqual([codes.get(old!)]);

    // once the window has passed over `late`, the next run sends it — and only it
    await new Promise((res) => setTimeout(res, Math.max(0, lateAt.getTime() + EXPORT_SETTLE_MS + 300 - Date.now())));
    const r2 = await api(D, 'POST', `/exports/targets/${tg.body.id}/run`);
    expect(r2.body).toMatchObject({ status: 'succeeded', rowCount: 1, sinceWatermark: r1.body.untilWatermark });
    const second = await sent(r2.body.id);
    expect(second).toEqual([codes.get(late!)]);

    const r3 = await api(D, 'POST', `/exports/targets/${tg.body.id}/run`);
    expect(r3.body).toMatchObject({ status: 'succeeded', rowCount: 0, sinceWatermark: r2.body.untilWatermark });
    const all = [...first, ...second, ...(await sent(r3.body.id))];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...codes.values()].sort());
  } finally {
    svc.settleMs = 0;
  }
}, 60_000);

test('schedules: a scheduler per target follows the target; a scheduled run through the job registry; reconcile repairs', async () => {
  const queue = env.api.c.queues.queue('maintenance');
  const tg = await api(A, 'POST', '/exports/targets', {
    name: '每周台账',
    profileId: 'provincial-hazard-ledger',
    format: 'json',
    schedule: 'weekly',
    scheduleHour: 3,
    scheduleWeekday: 7,
    incremental: true,
  });
  expect(tg.status).toBe(201);
  const sid = exportSchedulerId(tg.body.id);
  const s1 = await queue.getJobScheduler(sid);
  expect(s1).toMatchObject({ pattern: '0 3 * * 0', tz: 'Asia/Shanghai', name: EXPORT_RUN_JOB });
  expect(s1!.template?.data).toEqual({ tenantId: A.tenant.id, targetId: tg.body.id });

  await api(A, 'PATCH', `/exports/targets/${tg.body.id}`, { schedule: 'daily', scheduleHour: 5 });
  expect((await queue.getJobScheduler(sid))?.pattern).toBe('0 5 * * *');
  await api(A, 'PATCH', `/exports/targets/${tg.body.id}`, { enabled: false });
  expect(await queue.getJobScheduler(sid)).toBeUndefined();
  await api(A, 'PATCH', `/exports/targets/${tg.body.id}`, { enabled: true });
  expect(await queue.getJobScheduler(sid)).toBeDefined();

  // the scheduled job, driven through the registry as the worker would
  const registry = buildJobRegistry(env.api.c, env.api.services);
  const handler = registry.handler(EXPORT_RUN_JOB)!;
  const out = (await handler.handle({ tenantId: A.tenant.id, targetId: tg.body.id }, { c: env.api.c, job: {} as never })) as {
    runId: string;
    status: string;
  };
  expect(out.status).toBe('succeeded');
  const run = await api(A, 'GET', `/exports/runs/${out.runId}`);
  expect(run.body).toMatchObject({ trigger: 'schedule', status: 'succeeded', targetId: tg.body.id, createdBy: null });
  expect(run.body.rowCount).toBeGreaterThan(0);

  // Redis lost the scheduler: the reconciler (worker start, maintenance) puts it back; a stray one of a gone target goes
  await queue.removeJobScheduler(sid);
  await queue.upsertJobScheduler(
    'export:00000000-0000-7000-8000-000000000000',
    { pattern: '0 1 * * *' },
    {
      name: EXPORT_RUN_JOB,
      data: { tenantId: A.tenant.id, targetId: '00000000-0000-7000-8000-000000000000' },
    },
  );
  const tenant = (await env.api.c.tenants.byId(A.tenant.id))!;
  await inZone(A, (em) => reconcileExportSchedules(env.api.c, em, tenant));
  expect(await queue.getJobScheduler(sid)).toBeDefined();
  expect(await queue.getJobScheduler('export:00000000-0000-7000-8000-000000000000')).toBeUndefined();

  // a job of a target that is gone does nothing and drops its scheduler
  expect((await api(A, 'DELETE', `/exports/targets/${tg.body.id}`)).status).toBe(204);
  expect(await queue.getJobScheduler(sid)).toBeUndefined();
  expect(await handler.handle({ tenantId: A.tenant.id, targetId: tg.body.id }, { c: env.api.c, job: {} as never })).toEqual({
    skipped: 'target_gone',
  });
  // the run history stays under the target's name
  expect((await api(A, 'GET', `/exports/runs/${out.runId}`)).body.targetName).toBe('每周台账');
  expect(await inZone(A, (em) => em.count(ExportTarget, { id: tg.body.id }))).toBe(0);
});

test("zone B sees none of zone A's targets, runs or files (404)", async () => {
  const tg = await api(A, 'POST', '/exports/targets', { name: '隔离', profileId: 'provincial-hazard-ledger', format: 'json' });
  const run = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  expect(run.body.status).toBe('succeeded');
  for (const [method, path, body] of [
    ['GET', `/exports/targets/${tg.body.id}`],
    ['PATCH', `/exports/targets/${tg.body.id}`, { name: '偷改' }],
    ['POST', `/exports/targets/${tg.body.id}/run`],
    ['DELETE', `/exports/targets/${tg.body.id}`],
    ['GET', `/exports/runs/${run.body.id}`],
  ] as const) {
    const r = await api(B, method, path, body);
    expect([method, path, r.status]).toEqual([method, path, 404]);
  }
  expect((await download(B, run.body.id)).status).toBe(404);
  expect((await api(B, 'GET', '/exports/targets')).body.items).toEqual([]);
  expect((await api(B, 'GET', `/exports/runs?targetId=${tg.body.id}`)).body).toMatchObject({ items: [], total: 0 });
  expect((await api(B, 'GET', '/exports/runs')).body.total).toBe(0);
  // still there for A
  expect((await api(A, 'GET', `/exports/targets/${tg.body.id}`)).body.name).toBe('隔离');
});

test('an API key with exports.read downloads a run file; one without the scope is refused', async () => {
  const tg = await api(A, 'POST', '/exports/targets', { name: '拉取', profileId: 'national-major-hazard', format: 'json' });
  const run = await api(A, 'POST', `/exports/targets/${tg.body.id}/run`);
  const expiresAt = new Date(Date.now() + 30 * 86400_000).toISOString();
  const reader = await api(A, 'POST', '/api-keys', { name: '省平台拉取', scopes: ['exports.read'], expiresAt });
  expect(reader.status).toBe(201);
  const other = await api(A, 'POST', '/api-keys', { name: '只读隐患', scopes: ['hazards.read'], expiresAt });
  const ok = await download({ key: reader.body.key }, run.body.id);
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.data.toString('utf8')).profile.id).toBe('national-major-hazard');
  const list = await env.req('GET', '/api/v1/exports/runs', { headers: { 'x-api-key': reader.body.key } });
  expect(list.status).toBe(200);
  expect(list.body.items.map((r: { id: string }) => r.id)).toContain(run.body.id);
  expect((await download({ key: other.body.key }, run.body.id)).status).toBe(403);
  // the key cannot run or change targets
  const refused = await env.req('POST', `/api/v1/exports/targets/${tg.body.id}/run`, {
    headers: { 'x-api-key': reader.body.key },
  });
  expect(refused.status).toBe(403);
  // zone B's key does not reach zone A's run
  const bKey = await api(B, 'POST', '/api-keys', { name: 'B', scopes: ['exports.read'], expiresAt });
  expect((await download({ key: bKey.body.key }, run.body.id)).status).toBe(404);
});

test('the demo seed makes two targets with seven real runs and files, once', async () => {
  const { seedDemoExports } = await import('../../cli/demo/demo-integration-exports.ts');
  const tenant = (await env.api.c.tenants.byId(A.tenant.id))!;
  // a hazard changed last month shows up in the first weekly run only
  const ent = await enterprise(A, '义乌市演示企业');
  const [old] = await hazards(A, ent, 1);
  await inZone(A, (em) =>
    em
      .getConnection()
      .execute('UPDATE hazards SET updated_at = ? WHERE tenant_id = ? AND id = ?', [
        new Date(Date.now() - 40 * 86_400_000),
        A.tenant.id,
        old,
      ]),
  );
  const first = await inZone(A, (em) => seedDemoExports(env.api.c, env.api.services, em, tenant));
  expect(first).toEqual({ targets: 2, runs: 7, skipped: false });
  const targets = (await api(A, 'GET', '/exports/targets')).body.items.filter((t: { name: string }) =>
    ['省平台隐患台账', '企业基础信息'].includes(t.name),
  );
  expect(targets).toHaveLength(2);
  const ledger = targets.find((t: { name: string }) => t.name === '省平台隐患台账');
  expect(ledger).toMatchObject({ schedule: 'weekly', incremental: true, format: 'xlsx' });
  const runs = (await api(A, 'GET', `/exports/runs?targetId=${ledger.id}`)).body.items;
  expect(runs).toHaveLength(6);
  expect(runs.every((r: { status: string; fileId: string | null }) => r.status === 'succeeded' && r.fileId)).toBe(true);
  // weekly, newest first, a week apart
  const starts = runs.map((r: { startedAt: string }) => Date.parse(r.startedAt));
  for (let i = 1; i < starts.length; i++) expect(starts[i - 1] - starts[i]).toBe(7 * 86_400_000);
  // the oldest run sent the old hazard (first run: everything up to then)
  expect(runs.at(-1).rowCount).toBeGreaterThanOrEqual(1);
  expect((await download(A, runs.at(-1).id)).status).toBe(200);
  expect(await env.api.c.queues.queue('maintenance').getJobScheduler(exportSchedulerId(ledger.id))).toBeDefined();
  expect(await inZone(A, (em) => seedDemoExports(env.api.c, env.api.services, em, tenant))).toMatchObject({ skipped: true });
});

test('the receiving side reads words, not our codes; the national list holds confirmed major hazards only', async () => {
  const C = await zoneWithAdmin(env, 'expc');
  const ent = await enterprise(C, '义乌市粉尘加工厂');
  await inZone(C, async (em) => {
    const e = await em.findOneOrFail(Enterprise, { id: ent });
    e.keyPlaceTags = ['combustible_dust', 'confined_space', 'no_such_tag'];
    await em.flush();
  });
  const [confirmed] = await hazards(C, ent, 1, { grade: 'major', majorChecklistItems: ['3-1'] });
  await hazards(C, ent, 1, { grade: 'major', status: 'reported' });
  await hazards(C, ent, 1, { grade: 'major', status: 'dismissed' });
  const national = await api(C, 'POST', '/exports/targets', { name: '重大', profileId: 'national-major-hazard', format: 'json' });
  const run = await api(C, 'POST', `/exports/targets/${national.body.id}/run`);
  expect(run.body).toMatchObject({ status: 'succeeded', rowCount: 1 });
  const doc = JSON.parse((await download(C, run.body.id)).data.toString('utf8'));
  const code = (await inZone(C, (em) => em.findOneOrFail(Hazard, { id: confirmed! }))).code;
  expect(doc.records).toEqual([
    expect.objectContaining({ YHBH: code, PDYJ: expect.stringMatching(/^第三条第（一）项 未对承包单位/) }),
  ]);

  const file = await api(C, 'POST', '/exports/targets', {
    name: '企业',
    profileId: 'provincial-enterprise-file',
    format: 'json',
  });
  const fr = await api(C, 'POST', `/exports/targets/${file.body.id}/run`);
  const records = JSON.parse((await download(C, fr.body.id)).data.toString('utf8')).records;
  // the zone's catalogue words; a tag the catalogue lacks is kept as it is rather than dropped
  expect(records.find((r: { QYMC: string }) => r.QYMC === '义乌市粉尘加工厂').ZDCS).toBe(
    '可燃爆粉尘作业场所、有限空间作业场所、no_such_tag',
  );

  // An incremental enterprise file sends a colour change (the recompute writes the colour with raw SQL).
  const inc = await api(C, 'POST', '/exports/targets', {
    name: '企业增量',
    profileId: 'provincial-enterprise-file',
    format: 'json',
    incremental: true,
  });
  await api(C, 'POST', `/exports/targets/${inc.body.id}/run`);
  expect((await api(C, 'POST', `/exports/targets/${inc.body.id}/run`)).body.rowCount).toBe(0);
  await inZone(C, (em) =>
    em
      .getConnection()
      .execute("UPDATE enterprises SET risk_colour = 'blue', updated_at = ? WHERE tenant_id = ? AND id = ?", [
        new Date(Date.now() - 86_400_000),
        C.tenant.id,
        ent,
      ]),
  );
  const tenant = (await env.api.c.tenants.byId(C.tenant.id))!;
  await inZone(C, (em) => env.api.services.risk.recompute(em, tenant, [ent], 'test'));
  const colour = (await inZone(C, (em) => em.findOneOrFail(Enterprise, { id: ent }, { refresh: true }))).riskColour;
  expect(colour).not.toBe('blue');
  const after = await api(C, 'POST', `/exports/targets/${inc.body.id}/run`);
  expect(after.body.rowCount).toBe(1);
  const sent = JSON.parse((await download(C, after.body.id)).data.toString('utf8')).records[0];
  expect(sent).toMatchObject({
    QYMC: '义乌市粉尘加工厂',
    FXDJ: ({ red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' } as const)[colour!],
  });
});
