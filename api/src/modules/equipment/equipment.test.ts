import { Redis } from 'ioredis';
import {
  EQUIPMENT_UNIT_DIRECT_ACTIONS,
  EQUIPMENT_UNIT_STATUSES,
  EQUIPMENT_UNIT_TRANSITIONS,
  type EquipmentUnitStatus,
} from '@yuanan/contracts';
import { createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import { addDays, localDate, localDayRange } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Notification } from '../notifications/notification.entity.ts';
import { EquipmentLoan, EquipmentNotice, EquipmentUnit } from './equipment.entity.ts';
import { sweepEquipment } from './equipment-sweep.ts';
import { unitCode } from './equipment-documents.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let keeper: U;
let keeper2: U;
let entA: string;
let entB: string;
let adminA: U;
let adminB: U;
let rescuer: U;
let modelId: string;
let otherUnitId: string;
let photo: string;
let signature: string;
let tag = 0;

const H = 3600_000;
const D = 24 * H;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });

async function upload(token: string): Promise<string> {
  const r = await env.req('POST', '/api/v1/files', {
    token,
    raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'other' }, 'image/jpeg'),
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id;
}

async function newUnit(
  status: EquipmentUnitStatus = 'available',
  z = zone,
  model = modelId,
): Promise<{ id: string; version: number }> {
  const r = await api('POST', '/equipment/units', z.token, { modelId: model, assetTag: `T-${++tag}` });
  expect(r.status).toBe(201);
  if (status !== 'available')
    await inZone(env, z.tenant.id, (em) => em.nativeUpdate(EquipmentUnit, { id: r.body.id }, { status }));
  return { id: r.body.id, version: await version(r.body.id, z) };
}

async function version(id: string, z = zone): Promise<number> {
  return inZone(env, z.tenant.id, async (em) => (await em.findOneOrFail(EquipmentUnit, { id })).version);
}

const checkOut = (unitId: string, v: number, token = keeper.token, extra: Record<string, unknown> = {}) =>
  api('POST', '/equipment/loans', token, {
    unitId,
    version: v,
    borrowerKind: 'enterprise',
    enterpriseId: entA,
    borrowerUserId: adminA.id,
    borrowerName: '甲企业 王安全',
    borrowerPhone: '13905790103',
    dueAt: at(2 * D),
    outCondition: 'good',
    outPhotoFileIds: [photo],
    signatureFileId: signature,
    ...extra,
  });

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'eqpa');
  other = await zoneWithAdmin(env, 'eqpb');
  keeper = await userWithRole(env, zone, 'equipment_keeper');
  keeper2 = await userWithRole(env, zone, 'equipment_keeper');
  entA = await createEnterprise(env, zone.token, 'MA3E0001', '器材测试甲企业');
  entB = await createEnterprise(env, zone.token, 'MA3E0002', '器材测试乙企业');
  adminA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  adminB = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entB });
  rescuer = await userWithRole(env, zone, 'rescue_member');
  const m = await api('POST', '/equipment/models', keeper.token, {
    category: 'drone',
    name: '四旋翼无人机',
    model: 'M30T',
    maintenanceRules: [{ kind: 'battery', label: '电池充放电', intervalMonths: 1 }],
  });
  expect(m.status).toBe(201);
  modelId = m.body.id;
  const om = await api('POST', '/equipment/models', other.token, { category: 'drone', name: '他园区无人机' });
  otherUnitId = (await newUnit('available', other, om.body.id)).id;
  photo = await upload(keeper.token);
  signature = await upload(keeper.token);
});
afterAll(() => env.close());

test('every direct transition of the state machine, with its permission; wrong state 409, stale version 409', async () => {
  for (const action of EQUIPMENT_UNIT_DIRECT_ACTIONS) {
    const t = EQUIPMENT_UNIT_TRANSITIONS[action];
    for (const from of t.from) {
      const u = await newUnit(from);
      const body = { version: u.version, note: '测试', incidentRef: 'JY-1' };
      // Not the keeper's role: refused whatever the state.
      const ent = await api('POST', `/equipment/units/${u.id}/actions/${action}`, adminA.token, body);
      expect([action, from, ent.status]).toEqual([action, from, 403]);
      const resc = await api('POST', `/equipment/units/${u.id}/actions/${action}`, rescuer.token, body);
      expect([action, from, resc.status]).toEqual([action, from, 403]);
      const r = await api('POST', `/equipment/units/${u.id}/actions/${action}`, keeper.token, body);
      expect([action, from, r.status]).toEqual([action, from, 200]);
      expect(t.to).toContain(r.body.status);
      expect(r.body.version).toBeGreaterThan(u.version);
      // The same version again: stale.
      const again = await api('POST', `/equipment/units/${u.id}/actions/${action}`, keeper.token, body);
      expect(again.status).toBe(409);
    }
    const wrong = EQUIPMENT_UNIT_STATUSES.find((s) => !(t.from as readonly string[]).includes(s))!;
    const w = await newUnit(wrong);
    const r = await api('POST', `/equipment/units/${w.id}/actions/${action}`, keeper.token, {
      version: w.version,
      note: 'x',
      incidentRef: 'JY-1',
    });
    expect([action, wrong, r.status, r.body.code]).toEqual([action, wrong, 409, 'invalid_transition']);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  }
  // Loan actions are refused on the actions route (they carry a borrower, photos and a signature).
  const u = await newUnit();
  const r = await api('POST', `/equipment/units/${u.id}/actions/check_out`, keeper.token, { version: u.version });
  expect(r.status).toBe(422);
  // stand_down damaged → maintenance with a job; fail_maintenance blocks lending until a pass.
  const d = await newUnit('deployed');
  const down = await api('POST', `/equipment/units/${d.id}/actions/stand_down`, keeper.token, {
    version: d.version,
    condition: 'damaged',
    note: '旋翼断裂',
  });
  expect(down.body.status).toBe('maintenance');
  const failed = await api('POST', `/equipment/units/${d.id}/actions/fail_maintenance`, keeper.token, {
    version: down.body.version,
    note: '电机烧毁',
  });
  expect(failed.body).toMatchObject({ status: 'maintenance', lendableBlockedReason: '电机烧毁' });
  const noNote = await api('POST', `/equipment/units/${d.id}/actions/fail_maintenance`, keeper.token, {
    version: failed.body.version,
  });
  expect(noNote.status).toBe(422);
});

test('check-out, declare-return and return through the loan routes; loan-state refusals', async () => {
  const u = await newUnit();
  const out = await checkOut(u.id, u.version);
  expect(out.status).toBe(201);
  expect(out.body).toMatchObject({ unitId: u.id, overdue: false, returnedAt: null });
  // The unit on loan cannot be lent again.
  const twice = await checkOut(u.id, await version(u.id));
  expect([twice.status, twice.body.code]).toEqual([409, 'invalid_transition']);
  // The borrower declares the return; another enterprise cannot see nor return it.
  expect((await api('POST', `/equipment/loans/${out.body.id}/declare-return`, adminB.token, {})).status).toBe(404);
  expect((await api('GET', `/equipment/loans/${out.body.id}`, adminB.token)).status).toBe(404);
  const listB = await api('GET', '/equipment/loans?state=current', adminB.token);
  expect(listB.body.items.map((l: { id: string }) => l.id)).not.toContain(out.body.id);
  const listA = await api('GET', '/equipment/loans?state=current', adminA.token);
  expect(listA.body.items.map((l: { id: string }) => l.id)).toContain(out.body.id);
  expect((await api('POST', `/equipment/loans/${out.body.id}/return`, adminA.token, { condition: 'good' })).status).toBe(403);
  const declared = await api('POST', `/equipment/loans/${out.body.id}/declare-return`, adminA.token, { note: '已送回' });
  expect(declared.status).toBe(200);
  expect(declared.body.returnDeclaredAt).not.toBeNull();
  // A damaged return needs a note, then raises a maintenance job.
  const bad = await api('POST', `/equipment/loans/${out.body.id}/return`, keeper.token, { condition: 'damaged' });
  expect([bad.status, bad.headers.get('content-type')]).toEqual([400, expect.stringContaining('problem+json')]);
  const back = await api('POST', `/equipment/loans/${out.body.id}/return`, keeper.token, {
    condition: 'damaged',
    damageNote: '云台松动',
    photoFileIds: [photo],
  });
  expect(back.status).toBe(200);
  const unit = await api('GET', `/equipment/units/${u.id}`, keeper.token);
  expect(unit.body.status).toBe('maintenance');
  expect(unit.body.maintenance[0]).toMatchObject({ source: 'return_damage', status: 'due' });
  // Returning a unit not on loan: refused.
  const again = await api('POST', `/equipment/loans/${out.body.id}/return`, keeper.token, { condition: 'good' });
  expect([again.status, again.body.code]).toEqual([409, 'invalid_transition']);
  // In maintenance: cannot be lent; lost: cannot be lent.
  const inMaintenance = await checkOut(u.id, await version(u.id));
  expect(inMaintenance.status).toBe(409);
  const lost = await newUnit('lost');
  expect((await checkOut(lost.id, lost.version)).status).toBe(409);
  // Pass the job: lendable again.
  const pass = await api('POST', `/equipment/maintenance/${unit.body.maintenance[0].id}/pass`, keeper.token, {});
  expect(pass.status).toBe(200);
  expect((await api('GET', `/equipment/units/${u.id}`, keeper.token)).body.status).toBe('available');
});

test('recall ends the loan, deploys the unit and tells the borrower', async () => {
  const u = await newUnit();
  const out = await checkOut(u.id, u.version);
  const r = await api('POST', `/equipment/loans/${out.body.id}/recall`, keeper.token, { reason: '园区泄漏事故救援' });
  expect(r.status).toBe(200);
  expect(r.body.recalledAt).not.toBeNull();
  expect((await api('GET', `/equipment/units/${u.id}`, keeper.token)).body.status).toBe('deployed');
  const n = await inZone(env, zone.tenant.id, (em) => em.count(Notification, { userId: adminA.id, kind: 'equipment.recall' }));
  expect(n).toBe(1);
});

test('reservations: overlap refused naming the range, adjacent allowed; reserved for someone else cannot be lent', async () => {
  const u = await newUnit();
  const base = { unitId: u.id, borrowerKind: 'person', borrowerName: '李救援' };
  const first = await api('POST', '/equipment/reservations', keeper.token, { ...base, startsAt: at(3 * D), endsAt: at(5 * D) });
  expect(first.status).toBe(201);
  const overlap = await api('POST', '/equipment/reservations', keeper.token, { ...base, startsAt: at(4 * D), endsAt: at(6 * D) });
  expect([overlap.status, overlap.body.code]).toEqual([409, 'conflict']);
  expect(overlap.body.detail).toMatch(/已有预约/);
  const adjacent = await api('POST', '/equipment/reservations', keeper.token, {
    ...base,
    startsAt: first.body.endsAt,
    endsAt: at(7 * D),
  });
  expect(adjacent.status).toBe(201);
  const before = await api('POST', '/equipment/reservations', keeper.token, {
    ...base,
    startsAt: at(2 * D),
    endsAt: first.body.startsAt,
  });
  expect(before.status).toBe(201);
  // A loan that runs into someone else's reservation is refused; one ending before it is fine.
  const into = await checkOut(u.id, await version(u.id), keeper.token, { dueAt: at(2.5 * D) });
  expect([into.status, into.body.code]).toEqual([409, 'conflict']);
  const fits = await checkOut(u.id, await version(u.id), keeper.token, { dueAt: at(1 * D) });
  expect(fits.status).toBe(201);
  // Reserved now for another borrower: lending it without picking that reservation up is refused.
  const v = await newUnit();
  const now = await api('POST', '/equipment/reservations', keeper.token, {
    unitId: v.id,
    borrowerKind: 'person',
    borrowerName: '张三',
    startsAt: at(-H),
    endsAt: at(D),
  });
  expect(now.status).toBe(201);
  expect((await api('GET', `/equipment/units/${v.id}`, keeper.token)).body.status).toBe('reserved');
  expect((await checkOut(v.id, await version(v.id), keeper.token, { dueAt: at(2 * H) })).status).toBe(409);
  const picked = await checkOut(v.id, await version(v.id), keeper.token, { dueAt: at(2 * H), reservationId: now.body.id });
  expect(picked.status).toBe(201);
  // Bad inputs: problem+json 4xx.
  const backwards = await api('POST', '/equipment/reservations', keeper.token, {
    ...base,
    startsAt: at(9 * D),
    endsAt: at(8 * D),
  });
  expect(backwards.status).toBe(400);
  const junk = await api('POST', '/equipment/reservations', keeper.token, { ...base, startsAt: 'tomorrow', endsAt: at(8 * D) });
  expect(junk.status).toBe(400);
  expect(
    (await api('POST', '/equipment/reservations', adminA.token, { ...base, startsAt: at(9 * D), endsAt: at(10 * D) })).status,
  ).toBe(403);
});

test('two keepers checking out the same unit at the same moment: exactly one wins, the other 409', async () => {
  const u = await newUnit();
  const [a, b] = await Promise.all([checkOut(u.id, u.version, keeper.token), checkOut(u.id, u.version, keeper2.token)]);
  expect([a.status, b.status].sort()).toEqual([201, 409]);
  const loans = await inZone(env, zone.tenant.id, (em) => em.count(EquipmentLoan, { unitId: u.id }));
  expect(loans).toBe(1);
});

test('a scanned QR: this zone’s opens the unit; another zone’s, tampered or made up → 404', async () => {
  const u = await newUnit();
  const qr = await api('GET', `/equipment/units/${u.id}/qr`, keeper.token);
  expect(qr.body.svg).toContain('<svg');
  const ok = await api('GET', `/equipment/units/by-code?code=${encodeURIComponent(qr.body.payload)}`, adminA.token);
  expect([ok.status, ok.body.id]).toEqual([200, u.id]);
  const foreign = unitCode(env.config.JWT_SECRET, other.tenant.id, otherUnitId);
  const r = await api('GET', `/equipment/units/by-code?code=${encodeURIComponent(foreign)}`, keeper.token);
  expect(r.status).toBe(404);
  const tampered = qr.body.payload.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'));
  expect((await api('GET', `/equipment/units/by-code?code=${encodeURIComponent(tampered)}`, keeper.token)).status).toBe(404);
  expect((await api('GET', '/equipment/units/by-code?code=hello', keeper.token)).status).toBe(404);
});

test('requests: an enterprise asks, the keeper approves with units (reservations), checks out; B sees none of it', async () => {
  const u1 = await newUnit();
  const req = await api('POST', '/equipment/requests', adminA.token, {
    items: [{ modelId, quantity: 1 }],
    startsAt: at(10 * D),
    endsAt: at(12 * D),
    purpose: '有限空间作业应急备用',
  });
  expect(req.status).toBe(201);
  expect(req.body).toMatchObject({ enterpriseId: entA, status: 'submitted' });
  expect((await api('GET', `/equipment/requests/${req.body.id}`, adminB.token)).status).toBe(404);
  expect((await api('POST', `/equipment/requests/${req.body.id}/cancel`, adminB.token)).status).toBe(404);
  // Wrong quantity: 422; approve with one unit: reservations made.
  const u2 = await newUnit();
  const many = await api('POST', `/equipment/requests/${req.body.id}/approve`, keeper.token, {
    items: [{ modelId, unitIds: [u1.id, u2.id] }],
  });
  expect(many.status).toBe(422);
  const ok = await api('POST', `/equipment/requests/${req.body.id}/approve`, keeper.token, {
    items: [{ modelId, unitIds: [u1.id] }],
  });
  expect(ok.status).toBe(200);
  expect(ok.body.status).toBe('approved');
  expect(ok.body.reservations).toHaveLength(1);
  const twice = await api('POST', `/equipment/requests/${req.body.id}/reject`, keeper.token, { reason: '重复操作' });
  expect([twice.status, twice.body.code]).toEqual([409, 'already_decided']);
  // Availability counts for the enterprise: the reserved unit is not free on those days; no per-unit detail.
  const day = new Date(Date.now() + 11 * D).toISOString().slice(0, 10);
  const av = await api('GET', `/equipment/availability?modelId=${modelId}&from=${day}&to=${day}`, adminA.token);
  expect(av.status).toBe(200);
  expect(av.body.units).toEqual([]);
  const keeperAv = await api('GET', `/equipment/availability?modelId=${modelId}&from=${day}&to=${day}`, keeper.token);
  expect(av.body.models[0].days[0].free).toBe(keeperAv.body.models[0].days[0].free);
  expect(keeperAv.body.units.find((x: { unitId: string }) => x.unitId === u1.id).free.length).toBeLessThan(1 + 1);
  const tooLong = await api('GET', `/equipment/availability?from=2027-01-01&to=2027-06-01`, keeper.token);
  expect(tooLong.status).toBe(422);
  // Only its own requests for the enterprise list.
  const mine = await api('GET', '/equipment/requests', adminB.token);
  expect(mine.body.items.map((r: { id: string }) => r.id)).not.toContain(req.body.id);
});

test('bundled overdue reminders: one message per borrower per day, not again the same day nor after a Redis flush', async () => {
  // Three overdue units for enterprise A (its admin is the borrower named), one for a rescue member.
  const units = [await newUnit(), await newUnit(), await newUnit(), await newUnit()];
  const loanIds: string[] = [];
  for (const [i, u] of units.entries()) {
    const r =
      i < 3
        ? await checkOut(u.id, u.version, keeper.token, { dueAt: at(H) })
        : await checkOut(u.id, u.version, keeper.token, {
            dueAt: at(H),
            borrowerKind: 'person',
            enterpriseId: undefined,
            borrowerUserId: rescuer.id,
            borrowerName: '救援队员',
          });
    expect(r.status).toBe(201);
    loanIds.push(r.body.id);
  }
  const tz = zone.tenant.timeZone ?? 'Asia/Shanghai';
  const tenant = { id: zone.tenant.id, timeZone: tz, settings: { equipmentOverdueEscalationDays: 3 } } as never;
  const notifications = env.api.services.notifications;
  const later = new Date(Date.now() + 2 * H);
  const count = (kind: string) =>
    inZone(env, zone.tenant.id, (em) => em.count(Notification, { kind, userId: { $in: [adminA.id, rescuer.id] } }));
  const before = await count('equipment.overdue');
  const first = await inZone(env, zone.tenant.id, (em) => sweepEquipment(em, tenant, notifications, later));
  expect(first.reminded).toBeGreaterThanOrEqual(2);
  const after = await count('equipment.overdue');
  expect(after - before).toBe(2);
  const msg = await inZone(env, zone.tenant.id, (em) =>
    em.findOneOrFail(Notification, { kind: 'equipment.overdue', userId: adminA.id }, { orderBy: { createdAt: 'desc' } }),
  );
  for (const u of units.slice(0, 3)) {
    const tagOf = await inZone(env, zone.tenant.id, async (em) => (await em.findOneOrFail(EquipmentUnit, { id: u.id })).assetTag);
    expect(msg.body).toContain(tagOf);
  }
  // Again the same day: nothing.
  const second = await inZone(env, zone.tenant.id, (em) =>
    sweepEquipment(em, tenant, notifications, new Date(later.getTime() + 60_000)),
  );
  expect(second.reminded).toBe(0);
  expect(await count('equipment.overdue')).toBe(after);
  // A Redis flush (the queue and every cache gone): the ledger is in the database, nothing is sent again.
  const redis = new Redis(env.config.REDIS_URL);
  const keys = await redis.keys(`${env.config.REDIS_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const third = await inZone(env, zone.tenant.id, (em) =>
    sweepEquipment(em, tenant, notifications, new Date(later.getTime() + 120_000)),
  );
  expect(third.reminded).toBe(0);
  expect(await count('equipment.overdue')).toBe(after);
  // The next day: one message per borrower again; after 3 days the office is told once per loan.
  const nextDay = await inZone(env, zone.tenant.id, (em) =>
    sweepEquipment(em, tenant, notifications, new Date(later.getTime() + D)),
  );
  expect(nextDay.reminded).toBeGreaterThanOrEqual(2);
  expect(await count('equipment.overdue')).toBe(after + 2);
  const late = await inZone(env, zone.tenant.id, (em) =>
    sweepEquipment(em, tenant, notifications, new Date(later.getTime() + 4 * D)),
  );
  expect(late.escalated).toBeGreaterThanOrEqual(4);
  const again = await inZone(env, zone.tenant.id, (em) =>
    sweepEquipment(em, tenant, notifications, new Date(later.getTime() + 4 * D + H)),
  );
  expect(again.escalated).toBe(0);
  const ledger = await inZone(env, zone.tenant.id, (em) => em.count(EquipmentNotice, { kind: 'escalation' }));
  expect(ledger).toBeGreaterThanOrEqual(4);
  // A manual nudge sends now, whatever the ledger.
  const n = await api('POST', `/equipment/loans/${loanIds[0]}/nudge`, keeper.token);
  expect(n.body).toEqual({ sent: true, alreadySent: false, loans: 1 });
});

test('bad inputs are problem+json 4xx, never 500; nothing half-saved', async () => {
  const cases: Array<[string, string, unknown]> = [
    ['POST', '/equipment/models', { category: 'spaceship', name: 'x' }],
    ['POST', '/equipment/units', { modelId: 'not-a-uuid', assetTag: 'A' }],
    ['POST', '/equipment/units', { modelId, assetTag: '中文编号' }],
    ['POST', '/equipment/loans', { unitId: modelId, version: 0 }],
    ['POST', '/equipment/requests', { items: [], startsAt: at(D), endsAt: at(2 * D), purpose: 'x' }],
    ['GET', '/equipment/units?status=flying', undefined],
    ['GET', '/equipment/labels.pdf', undefined],
    // Year 9999 ("until further notice") and a booking of decades: refused, nothing saved (tester finding 1, 2).
    ['POST', '/equipment/units', { modelId, assetTag: 'T-DATE', purchasedOn: '9999-12-31' }],
    ['POST', '/equipment/reservations', { unitId: modelId, startsAt: '9999-01-01T00:00:00Z', endsAt: '9999-01-02T00:00:00Z' }],
    [
      'POST',
      '/equipment/requests',
      { items: [{ modelId, quantity: 1 }], startsAt: at(D), endsAt: '2099-12-01T00:00:00Z', purpose: '长期借用' },
    ],
  ];
  for (const [m, p, b] of cases) {
    const r = await api(m, p, keeper.token, b);
    expect([p, r.status >= 400 && r.status < 500]).toEqual([p, true]);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  }
  expect((await api('GET', '/equipment/units?q=T-DATE', keeper.token)).body.total).toBe(0);
  // A duplicate asset tag: 409, and the first unit unchanged.
  const u = await api('POST', '/equipment/units', keeper.token, { modelId, assetTag: 'DUP-1' });
  expect(u.status).toBe(201);
  expect((await api('POST', '/equipment/units', keeper.token, { modelId, assetTag: 'DUP-1' })).status).toBe(409);
  // A check-out with another zone's file: 404 and no loan, the unit still available.
  const v = await newUnit();
  const foreignFile = await upload(other.token);
  const r = await checkOut(v.id, v.version, keeper.token, { signatureFileId: foreignFile });
  expect(r.status).toBe(404);
  expect((await api('GET', `/equipment/units/${v.id}`, keeper.token)).body.status).toBe('available');
  // A due date beyond the zone's longest loan.
  expect((await checkOut(v.id, v.version, keeper.token, { dueAt: at(400 * D) })).status).toBe(422);
});

test('labels PDF and ledger export', async () => {
  const u = await newUnit();
  const pdf = await env.req('GET', `/api/v1/equipment/labels.pdf?ids=${u.id}`, { token: keeper.token });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const xlsx = await env.req('GET', '/api/v1/equipment/units.xlsx', { token: keeper.token });
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  expect((await env.req('GET', '/api/v1/equipment/units.xlsx', { token: adminA.token })).status).toBe(403);
});

test('the sweep: a reservation starting holds the unit, one not picked up lapses and releases it; maintenance falls due', async () => {
  const u = await newUnit();
  const r = await api('POST', '/equipment/reservations', keeper.token, {
    unitId: u.id,
    borrowerKind: 'person',
    borrowerName: '李救援',
    startsAt: at(H),
    endsAt: at(3 * D),
  });
  expect(r.status).toBe(201);
  const tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  const notifications = env.api.services.notifications;
  const sweep = (ms: number) =>
    inZone(env, zone.tenant.id, (em) => sweepEquipment(em, tenant, notifications, new Date(Date.now() + ms)));
  expect((await sweep(2 * H)).reserved).toBeGreaterThanOrEqual(1);
  expect((await api('GET', `/equipment/units/${u.id}`, keeper.token)).body.status).toBe('reserved');
  // Not picked up within its first day: lapses, the unit is free again.
  expect((await sweep(H + D + H)).lapsed).toBeGreaterThanOrEqual(1);
  const after = await api('GET', `/equipment/units/${u.id}`, keeper.token);
  expect(after.body.status).toBe('available');
  expect(after.body.reservations[0].status).toBe('cancelled');
  // The model's monthly battery rule: a unit bought two months ago gets its job, once.
  const old = await api('POST', '/equipment/units', keeper.token, {
    modelId,
    assetTag: `OLD-${++tag}`,
    purchasedOn: new Date(Date.now() - 60 * D).toISOString().slice(0, 10),
  });
  await sweep(0);
  await sweep(60_000);
  const jobs = await api('GET', `/equipment/maintenance?unitId=${old.body.id}&status=due`, keeper.token);
  expect(jobs.body.items.map((j: { kind: string; source: string }) => [j.kind, j.source])).toEqual([['battery', 'schedule']]);
});

test('Excel import: a dry run reports each row; a commit with a bad row writes nothing; a clean one creates the units', async () => {
  const { default: ExcelJS } = await import('exceljs');
  const book = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('器材');
    ws.addRow(['资产编号', '器材名称', '型号', '序列号', '存放位置', '购置日期', '保修截止', '状况']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const send = async (file: Buffer, commit: boolean) =>
    env.req('POST', '/api/v1/equipment/units/import', {
      token: keeper.token,
      raw: multipart(
        file,
        'units.xlsx',
        { commit: String(commit) },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    });
  const good = ['IMP-001', '四旋翼无人机', 'M30T', 'SN1', 'A 架', '2026-01-05', '2029-01-05', '完好'];
  const bad = ['IMP-002', '不存在的器材', '', '', '', '2026/13/40', '', '很好'];
  const dry = await send(await book([good, bad]), false);
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, total: 2, valid: 1, created: 0 });
  expect(dry.body.rows[1].errors.map((e: { field: string }) => e.field).sort()).toEqual(['器材名称', '状况', '购置日期'].sort());
  const refused = await send(await book([good, bad]), true);
  expect([refused.status, refused.body.code]).toEqual([422, 'import_invalid']);
  expect((await api('GET', '/equipment/units?q=IMP-001', keeper.token)).body.total).toBe(0);
  const ok = await send(await book([good]), true);
  expect(ok.body).toMatchObject({ dryRun: false, created: 1 });
  expect((await api('GET', '/equipment/units?q=IMP-001', keeper.token)).body.items[0]).toMatchObject({
    assetTag: 'IMP-001',
    purchasedOn: '2026-01-05',
  });
  // Again: the asset tag exists now, so the row updates that unit.
  expect((await send(await book([good]), false)).body).toMatchObject({ valid: 1, toCreate: 0, toUpdate: 1 });
  // Not a workbook: 415.
  expect((await send(Buffer.from('hello'), false)).status).toBe(415);
});

test('workbench: the keeper’s cards count the zone’s work; an enterprise sees its own loans only', async () => {
  const wb = async (token: string) =>
    (await api('GET', '/workbench?limit=5', token)).body.cards as Array<{ key: string; count: number }>;
  const k = await wb(keeper.token);
  expect(k.map((c) => c.key)).toEqual(
    expect.arrayContaining(['equipment.requests', 'equipment.handout', 'equipment.overdue', 'equipment.maintenance']),
  );
  expect(k.some((c) => c.key.endsWith('.coming'))).toBe(false);
  const mineA = (await wb(adminA.token)).find((c) => c.key === 'equipment.mine')!;
  const listA = await api('GET', '/equipment/loans?state=current', adminA.token);
  expect(mineA.count).toBe(listA.body.total);
  expect(mineA.count).toBeGreaterThan(0);
  const mineB = (await wb(adminB.token)).find((c) => c.key === 'equipment.mine')!;
  expect(mineB.count).toBe(0);
});

test('a rescue member asks for the team: a person borrower, seen by them and the keeper, not by enterprises', async () => {
  const u = await newUnit();
  const req = await api('POST', '/equipment/requests', rescuer.token, {
    items: [{ modelId, quantity: 1 }],
    startsAt: at(20 * D),
    endsAt: at(21 * D),
    purpose: '水域救援训练',
  });
  expect(req.status).toBe(201);
  expect(req.body.enterpriseId).toBeNull();
  expect((await api('GET', `/equipment/requests/${req.body.id}`, adminA.token)).status).toBe(404);
  expect(
    (await api('GET', '/equipment/requests?mine=true', rescuer.token)).body.items.map((r: { id: string }) => r.id),
  ).toContain(req.body.id);
  const ok = await api('POST', `/equipment/requests/${req.body.id}/approve`, keeper.token, {
    items: [{ modelId, unitIds: [u.id] }],
  });
  expect(ok.status).toBe(200);
  const res = await api('GET', `/equipment/reservations?unitId=${u.id}`, keeper.token);
  expect(res.body.items[0]).toMatchObject({ borrowerKind: 'person', borrowerUserId: rescuer.id, requestId: req.body.id });
  // The requester withdraws it: the reservation is cancelled.
  const cancel = await api('POST', `/equipment/requests/${req.body.id}/cancel`, rescuer.token);
  expect(cancel.body.status).toBe('cancelled');
  expect((await api('GET', `/equipment/reservations?unitId=${u.id}`, keeper.token)).body.items[0].status).toBe('cancelled');
});

// ---- tester findings of 2026-11-30 (器材室) ----

test('a closed loan: recall and nudge say the loan is returned (not the unit state); a return declared twice → 409', async () => {
  const u = await newUnit();
  const out = await checkOut(u.id, u.version);
  expect(out.status).toBe(201);
  const first = await api('POST', `/equipment/loans/${out.body.id}/declare-return`, adminA.token, { note: '已送回' });
  expect(first.status).toBe(200);
  const again = await api('POST', `/equipment/loans/${out.body.id}/declare-return`, adminA.token, { note: '再次' });
  expect([again.status, again.body.code]).toEqual([409, 'already_decided']);
  expect(again.body.detail).toMatch(/已于 .* 申报归还/);
  // The first note is kept.
  expect((await api('GET', `/equipment/loans/${out.body.id}`, adminA.token)).body.returnDeclaredAt).toBe(
    first.body.returnDeclaredAt,
  );
  expect((await api('POST', `/equipment/loans/${out.body.id}/return`, keeper.token, { condition: 'good' })).status).toBe(200);
  for (const [path, body] of [
    ['recall', { reason: '园区泄漏事故救援' }],
    ['nudge', undefined],
    ['declare-return', {}],
  ] as const) {
    const r = await api(
      'POST',
      `/equipment/loans/${out.body.id}/${path}`,
      path === 'declare-return' ? adminA.token : keeper.token,
      body,
    );
    expect([path, r.status]).toEqual([path, 409]);
    expect(r.body.detail).toContain('该借用已归还');
    expect(r.body.detail).not.toMatch(/器材当前状态|available|maintenance/);
  }
  // A recalled loan: recalling again says it was recalled.
  const v = await newUnit();
  const loan = await checkOut(v.id, v.version);
  expect((await api('POST', `/equipment/loans/${loan.body.id}/recall`, keeper.token, { reason: '事故救援' })).status).toBe(200);
  const twice = await api('POST', `/equipment/loans/${loan.body.id}/recall`, keeper.token, { reason: '事故救援' });
  expect([twice.status, twice.body.detail]).toEqual([409, expect.stringContaining('已被紧急召回')]);
});

test('催还 twice the same day: one message, the second answers alreadySent', async () => {
  const u = await newUnit();
  const out = await checkOut(u.id, u.version);
  const count = () =>
    inZone(env, zone.tenant.id, (em) =>
      em.count(Notification, { kind: 'equipment.nudge', link: `/equipment/loans?id=${out.body.id}` }),
    );
  const a = await api('POST', `/equipment/loans/${out.body.id}/nudge`, keeper.token);
  expect(a.body).toEqual({ sent: true, alreadySent: false, loans: 1 });
  const b = await api('POST', `/equipment/loans/${out.body.id}/nudge`, keeper.token);
  expect(b.body).toEqual({ sent: false, alreadySent: true, loans: 1 });
  expect(await count()).toBe(1);
});

test('two sweeps at the same moment (the 15-minute job and the reconciler): one reminder per borrower, no error', async () => {
  const borrower = await userWithRole(env, zone, 'rescue_member');
  const units = [await newUnit(), await newUnit()];
  for (const u of units) {
    const r = await checkOut(u.id, u.version, keeper.token, {
      dueAt: at(H),
      borrowerKind: 'person',
      enterpriseId: undefined,
      borrowerUserId: borrower.id,
      borrowerName: '并发测试队员',
    });
    expect(r.status).toBe(201);
  }
  const tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  const notifications = env.api.services.notifications;
  const when = new Date(Date.now() + 20 * D);
  const runs = await Promise.allSettled(
    [0, 1, 2].map(() => inZone(env, zone.tenant.id, (em) => sweepEquipment(em, tenant, notifications, when))),
  );
  expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  const messages = await inZone(env, zone.tenant.id, (em) =>
    em.count(Notification, { kind: 'equipment.overdue', userId: borrower.id }),
  );
  expect(messages).toBe(1);
  const ledger = await inZone(env, zone.tenant.id, (em) =>
    em.count(EquipmentNotice, { kind: 'overdue', borrowerKey: `user:${borrower.id}` }),
  );
  expect(ledger).toBe(1);
});

test('a request for more units than the zone has: 422 naming how many; the keeper may approve part of one', async () => {
  const m = await api('POST', '/equipment/models', keeper.token, { category: 'boat', name: `冲锋舟-${++tag}` });
  const units = [];
  for (let i = 0; i < 3; i++) {
    const r = await api('POST', '/equipment/units', keeper.token, { modelId: m.body.id, assetTag: `Q-${tag}-${i}` });
    units.push(r.body.id as string);
  }
  const ask = (quantity: number) =>
    api('POST', '/equipment/requests', adminA.token, {
      items: [{ modelId: m.body.id, quantity }],
      startsAt: at(30 * D),
      endsAt: at(31 * D),
      purpose: '防汛演练',
    });
  const tooMany = await ask(50);
  expect([tooMany.status, tooMany.body.errors?.[0]?.path]).toEqual([422, 'items.0.quantity']);
  expect(tooMany.body.detail).toContain('共 3 件');
  const req = await ask(3);
  expect(req.status).toBe(201);
  // None assigned: refused (reject instead); two of three: approved in part, the requester told so.
  const none = await api('POST', `/equipment/requests/${req.body.id}/approve`, keeper.token, { items: [] });
  expect([400, 422]).toContain(none.status);
  const part = await api('POST', `/equipment/requests/${req.body.id}/approve`, keeper.token, {
    items: [{ modelId: m.body.id, unitIds: units.slice(0, 2) }],
  });
  expect([part.status, part.body.status, part.body.reservations.length]).toEqual([200, 'approved', 2]);
  const told = await inZone(env, zone.tenant.id, (em) =>
    em.findOneOrFail(Notification, { userId: adminA.id, link: `/equipment/requests?id=${req.body.id}` }),
  );
  expect(told.title).toContain('部分批准');
  expect(told.body).toContain('2/3');
});

test('enterprise B does not learn that enterprise A’s loan is overdue (unit detail, unit list)', async () => {
  const u = await newUnit();
  const out = await checkOut(u.id, u.version, keeper.token, { dueAt: at(H) });
  await inZone(env, zone.tenant.id, (em) =>
    em.nativeUpdate(EquipmentLoan, { id: out.body.id }, { dueAt: new Date(Date.now() - D) }),
  );
  const a = await api('GET', `/equipment/units/${u.id}`, adminA.token);
  expect(a.body.currentLoan).toMatchObject({ id: out.body.id, overdue: true });
  const b = await api('GET', `/equipment/units/${u.id}`, adminB.token);
  expect(b.status).toBe(200);
  expect(b.body.status).toBe('on_loan');
  expect(b.body.currentLoan).toBeNull();
  expect(JSON.stringify(b.body)).not.toContain(out.body.id);
  const list = await api('GET', `/equipment/units?pageSize=200`, adminB.token);
  expect(list.body.items.find((x: { id: string }) => x.id === u.id).currentLoan).toBeNull();
  const overdue = await api('GET', `/equipment/units?overdue=true&pageSize=200`, adminB.token);
  expect(overdue.body.items.map((x: { id: string }) => x.id)).not.toContain(u.id);
  // The keeper still sees it all.
  expect((await api('GET', `/equipment/units/${u.id}`, keeper.token)).body.currentLoan.overdue).toBe(true);
});

test('workbench 待出借 opens the 待出借 tab and counts exactly what the tab lists', async () => {
  const tz = zone.tenant.timeZone ?? 'Asia/Shanghai';
  const today = localDate(new Date(), tz);
  const tomorrowNoon = new Date(localDayRange(addDays(today, 1), tz).start.getTime() + 12 * H);
  const u = await newUnit();
  const r = await api('POST', '/equipment/reservations', keeper.token, {
    unitId: u.id,
    borrowerKind: 'person',
    borrowerName: '明天领取',
    startsAt: tomorrowNoon.toISOString(),
    endsAt: new Date(tomorrowNoon.getTime() + 4 * H).toISOString(),
  });
  expect(r.status).toBe(201);
  const card = (
    (await api('GET', '/workbench?limit=5', keeper.token)).body.cards as Array<{
      key: string;
      count: number;
      link: string;
    }>
  ).find((c) => c.key === 'equipment.handout')!;
  expect(card.link).toBe('/equipment/loans?state=pickup');
  // The tab's query (loans-page PickupList): active, from now to the start of the day after tomorrow.
  const to = localDayRange(addDays(today, 1), tz).end.toISOString();
  const tab = await api(
    'GET',
    `/equipment/reservations?status=active&from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(to)}&pageSize=100`,
    keeper.token,
  );
  expect(tab.body.items.map((x: { id: string }) => x.id)).toContain(r.body.id);
  expect(card.count).toBe(tab.body.total);
});

test('the ledger export is in words and imports again: existing asset tags are updated, the report says so', async () => {
  const { default: ExcelJS } = await import('exceljs');
  const u = await api('POST', '/equipment/units', keeper.token, { modelId, assetTag: `EXP-${++tag}`, location: 'A 架' });
  const xlsx = await fetch(`${env.url}/api/v1/equipment/units.xlsx`, { headers: { authorization: `Bearer ${keeper.token}` } });
  expect(xlsx.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).map(String);
  const col = (h: string) => header.indexOf(h);
  const cells: string[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) cells.push(String(row.getCell(col('类别')).value ?? ''));
  });
  expect(cells.length).toBeGreaterThan(0);
  expect(cells).toContain('无人机');
  expect(cells.filter((c) => /^[a-z_]+$/.test(c))).toEqual([]);
  // Edit one location, import the whole ledger back.
  ws.eachRow((row) => {
    if (row.getCell(col('资产编号')).value === u.body.assetTag) row.getCell(col('存放位置')).value = 'C 架 3 层';
  });
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const send = (commit: boolean) =>
    env.req('POST', '/api/v1/equipment/units/import', {
      token: keeper.token,
      raw: multipart(
        file,
        'units.xlsx',
        { commit: String(commit) },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    });
  const dry = await send(false);
  expect(dry.status).toBe(200);
  expect(dry.body.rows.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
  expect(dry.body).toMatchObject({ dryRun: true, total: cells.length, valid: cells.length, toCreate: 0, toUpdate: cells.length });
  const done = await send(true);
  expect(done.body).toMatchObject({ dryRun: false, created: 0, updated: cells.length });
  expect((await api('GET', `/equipment/units/${u.body.id}`, keeper.token)).body.location).toBe('C 架 3 层');
});
