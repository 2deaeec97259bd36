import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { InspectionTask } from './inspection.entity.ts';
import { mkEnterprise, mkTask, mkTemplate, north, PLANT, readTask } from './perform-fixtures.ts';

/**
 * 签到: inside the geofence, outside it (recorded and flagged, never refused), by the gate QR code; a forged code,
 * another enterprise's or another zone's is a 422 that saves nothing.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: string;
let entB: string;
let entNoPlace: string;
let foreignEnt: string;
let template: string;
let safety: { token: string; id: string };
let grid: { token: string; id: string };
let staffA: { token: string; id: string };

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'ckin');
  other = await zoneWithAdmin(env, 'ckinb');
  entA = await mkEnterprise(env, zone.tenant.id, '签到测试企业甲');
  entB = await mkEnterprise(env, zone.tenant.id, '签到测试企业乙');
  entNoPlace = await mkEnterprise(env, zone.tenant.id, '未标注位置的企业', null);
  foreignEnt = await mkEnterprise(env, other.tenant.id, '别的园区企业');
  template = await mkTemplate(env, zone.tenant.id);
  safety = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
});
afterAll(() => env.close());

const checkIn = (token: string, id: string, body: Record<string, unknown>) =>
  env.req('POST', `/api/v1/inspection-tasks/${id}/check-in`, { token, body: { at: new Date().toISOString(), ...body } });
const gateQr = async (token: string, enterpriseId: string) => {
  const r = await env.req('GET', `/api/v1/enterprises/${enterpriseId}/gate-qr`, { token });
  expect(r.status).toBe(200);
  return r.body.payload as string;
};

test('GPS inside the geofence: the task starts, the check-in is recorded unflagged', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const r = await checkIn(grid.token, id, { method: 'gps', ...north(120), accuracyM: 15 });
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('in_progress');
  expect(r.body.startedAt).not.toBeNull();
  expect(r.body.checkIn).toMatchObject({ method: 'gps', inside: true, flagged: false, reason: null, accuracyM: 15 });
  expect(r.body.checkIn.distanceM).toBeGreaterThanOrEqual(119);
  expect(r.body.checkIn.distanceM).toBeLessThanOrEqual(121);
  expect(r.body.canPerform).toBe(true);
  expect(r.body.template.sections).toHaveLength(2);
  const row = await readTask(env, zone.tenant.id, id);
  expect(row.status).toBe('in_progress');
  expect(row.checkIn).toMatchObject({ inside: true, flagged: false });
});

test('GPS outside the geofence is recorded and flagged, never refused; the enterprise’s own radius counts', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const far = await checkIn(grid.token, id, { method: 'gps', ...north(1000) });
  expect(far.status).toBe(200);
  expect(far.body.status).toBe('in_progress');
  expect(far.body.checkIn).toMatchObject({ inside: false, flagged: true });
  expect(far.body.checkIn.reason).toMatch(/电子围栏外 \d+ 米/);
  expect(far.body.checkIn.distanceM).toBeGreaterThan(990);

  // checking in again once there appends an attempt: the flagged first check-in stays on record, the task flagged
  const near = await checkIn(grid.token, id, { method: 'gps', ...north(50) });
  expect(near.status).toBe(200);
  expect(near.body.checkIn).toMatchObject({ inside: false, flagged: true, reason: far.body.checkIn.reason });
  expect(near.body.checkIn.distanceM).toBeGreaterThan(990);
  expect(near.body.checkIn.attempts).toHaveLength(1);
  expect(near.body.checkIn.attempts[0]).toMatchObject({ inside: true, flagged: false, by: { userId: grid.id } });
  const again = await checkIn(grid.token, id, { method: 'gps', ...north(20) });
  expect(again.body.checkIn.attempts).toHaveLength(2);
  const stored = await readTask(env, zone.tenant.id, id);
  expect(stored.checkIn).toMatchObject({ inside: false, flagged: true, attempts: [{ inside: true }, { inside: true }] });

  // 400 m is outside the zone's 300 m, inside an enterprise's own 500 m
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const e = await em.findOneOrFail(Enterprise, { id: entB });
  e.geofence = { radiusM: 500 };
  await em.flush();
  const idB = await mkTask(env, zone.tenant.id, { enterpriseId: entB, templateId: template, assigneeUserId: grid.id });
  expect((await checkIn(grid.token, idB, { method: 'gps', ...north(400) })).body.checkIn.inside).toBe(true);
  const idA = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  expect((await checkIn(grid.token, idA, { method: 'gps', ...north(400) })).body.checkIn.inside).toBe(false);
});

test('an enterprise without a location cannot be verified: recorded and flagged', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entNoPlace, templateId: template, assigneeUserId: grid.id });
  const r = await checkIn(grid.token, id, { method: 'gps', ...PLANT });
  expect(r.status).toBe(200);
  expect(r.body.checkIn).toMatchObject({ inside: false, flagged: true, distanceM: null });
  expect(r.body.checkIn.reason).toContain('无法核验');
});

test('QR check-in with the enterprise’s gate code; the code is printed by the office or the enterprise only', async () => {
  const code = await gateQr(safety.token, entA);
  expect(code).toMatch(new RegExp(`^YA1\\.${zone.tenant.id}\\.${entA}\\.[0-9a-f]{16}$`));
  expect(await gateQr(staffA.token, entA)).toBe(code);
  const svg = await env.req('GET', `/api/v1/enterprises/${entA}/gate-qr`, { token: safety.token });
  expect(svg.body.svg).toMatch(/^<svg/);
  // a grid worker holding the code could check in from anywhere; another enterprise's staff do not see it
  expect((await env.req('GET', `/api/v1/enterprises/${entA}/gate-qr`, { token: grid.token })).status).toBe(403);
  expect((await env.req('GET', `/api/v1/enterprises/${entB}/gate-qr`, { token: staffA.token })).status).toBe(404);
  expect((await env.req('GET', `/api/v1/enterprises/${foreignEnt}/gate-qr`, { token: safety.token })).status).toBe(404);

  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const r = await checkIn(grid.token, id, { method: 'qr', code });
  expect(r.status).toBe(200);
  expect(r.body.checkIn).toMatchObject({ method: 'qr', inside: true, flagged: false, lat: null });
  // a scan far from the gate (a photo of the code?) is flagged
  const id2 = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const far = await checkIn(grid.token, id2, { method: 'qr', code, ...north(2000) });
  expect(far.body.checkIn).toMatchObject({ method: 'qr', inside: false, flagged: true });
});

test('a forged QR code, another enterprise’s or another zone’s: 422, and nothing is saved', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const codeA = await gateQr(safety.token, entA);
  const codeB = await gateQr(safety.token, entB);
  const foreign = await gateQr(other.token, foreignEnt);
  const forged = codeA.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  // the right enterprise id but another zone's id with A's mac
  const swapped = codeA.replace(zone.tenant.id, other.tenant.id);
  for (const [what, code] of [
    ['forged', forged],
    ['another enterprise', codeB],
    ['another zone', foreign],
    ['zone swapped', swapped],
    ['not ours', 'https://example.com/qr?id=1'],
  ] as const) {
    const r = await checkIn(grid.token, id, { method: 'qr', code });
    expect([what, r.status, r.headers.get('content-type')]).toEqual([what, 422, expect.stringContaining('problem+json')]);
    expect(r.body.errors?.[0]).toMatchObject({ path: 'code', code: 'invalid_qr' });
  }
  const row = await readTask(env, zone.tenant.id, id);
  expect([row.status, row.checkIn, row.startedAt]).toEqual(['open', null, null]);
});

test('who may check in: scope 404, not mine 403, not yet started or already missed 409', async () => {
  const foreignTemplate = await mkTemplate(env, other.tenant.id);
  const foreignTask = await mkTask(env, other.tenant.id, { enterpriseId: foreignEnt, templateId: foreignTemplate });
  expect((await checkIn(safety.token, foreignTask, { method: 'gps', ...PLANT })).status).toBe(404);

  // enterprise staff: only their own enterprise's self-inspection
  const routineA = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  expect((await checkIn(staffA.token, routineA, { method: 'gps', ...PLANT })).status).toBe(403);
  const selfB = await mkTask(env, zone.tenant.id, { enterpriseId: entB, templateId: template, kind: 'self_check' });
  expect((await checkIn(staffA.token, selfB, { method: 'gps', ...PLANT })).status).toBe(404);
  const selfA = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, kind: 'self_check' });
  expect((await checkIn(staffA.token, selfA, { method: 'gps', ...PLANT })).status).toBe(200);

  // a grid worker's task assigned to another person
  const grid2 = await userWithRole(env, zone, 'grid_worker');
  const notMine = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid2.id });
  expect((await checkIn(grid.token, notMine, { method: 'gps', ...PLANT })).status).toBe(404);

  const scheduled = await mkTask(env, zone.tenant.id, {
    enterpriseId: entA,
    templateId: template,
    assigneeUserId: grid.id,
    status: 'scheduled',
  });
  expect((await checkIn(grid.token, scheduled, { method: 'gps', ...PLANT })).status).toBe(409);
  const missed = await mkTask(env, zone.tenant.id, {
    enterpriseId: entA,
    templateId: template,
    assigneeUserId: grid.id,
    status: 'missed',
  });
  const m = await checkIn(grid.token, missed, { method: 'gps', ...PLANT });
  expect([m.status, m.body.code]).toEqual([409, 'invalid_transition']);
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  expect((await em.findOneOrFail(InspectionTask, { id: missed })).checkIn).toBeNull();
});

test('the check-in records who and the server’s receipt time; a device time ahead, before the start or >72 h old is flagged', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const before = Date.now();
  const ok = await checkIn(grid.token, id, { method: 'gps', ...north(20) });
  expect(ok.body.checkIn).toMatchObject({ flagged: false, by: { userId: grid.id } });
  expect(typeof ok.body.checkIn.by.name).toBe('string');
  expect(new Date(ok.body.checkIn.receivedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

  const ahead = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const r2030 = await checkIn(grid.token, ahead, { method: 'gps', ...north(20), at: '2030-01-01T00:00:00.000Z' });
  expect(r2030.status).toBe(200);
  expect(r2030.body.checkIn.flagged).toBe(true);
  expect(r2030.body.checkIn.reason).toContain('晚于服务器时间');

  // the task started a day ago (mkTask): a device time two days back is before it
  const early = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const r2020 = await checkIn(grid.token, early, {
    method: 'gps',
    ...north(20),
    at: new Date(Date.now() - 2 * 86400_000).toISOString(),
  });
  expect(r2020.status).toBe(200);
  expect(r2020.body.checkIn).toMatchObject({ flagged: true, inside: true });
  expect(r2020.body.checkIn.reason).toContain('早于任务开始时间');

  // a task that started ten days ago, checked in with a device time four days old: a stale offline sync
  const old = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const row = await em.findOneOrFail(InspectionTask, { id: old });
  row.startAt = new Date(Date.now() - 10 * 86400_000);
  await em.flush();
  const stale = await checkIn(grid.token, old, {
    method: 'gps',
    ...north(20),
    at: new Date(Date.now() - 4 * 86400_000).toISOString(),
  });
  expect(stale.status).toBe(200);
  expect(stale.body.checkIn.flagged).toBe(true);
  expect(stale.body.checkIn.reason).toContain('72 小时');
  // 48 h old is a legitimate offline sync
  const recent = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  const row2 = await em.findOneOrFail(InspectionTask, { id: recent });
  row2.startAt = new Date(Date.now() - 10 * 86400_000);
  await em.flush();
  const synced = await checkIn(grid.token, recent, {
    method: 'gps',
    ...north(20),
    at: new Date(Date.now() - 2 * 86400_000).toISOString(),
  });
  expect(synced.body.checkIn.flagged).toBe(false);
});
