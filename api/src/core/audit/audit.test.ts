import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'audz');
});
afterAll(() => env.close());

const sql = (q: string, args: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(`/* test */ ${q}`.replace('/* test */ ', ''), args);

test('every write leaves an audit row with actor, request id, diff — secrets never in it', async () => {
  const u = await userWithRole(env, zone, 'grid_worker', { phone: '13800138000' });
  const upd = await env.req('PATCH', `/api/v1/users/${u.id}`, {
    token: zone.token,
    body: { name: '改名后' },
    headers: { 'x-request-id': 'req-audit-123' },
  });
  expect(upd.status).toBe(200);
  await env.api.c.audit.idle();
  const list = await env.req('GET', `/api/v1/audit?entityType=User&entityId=${u.id}`, { token: zone.token });
  expect(list.status).toBe(200);
  const ops = list.body.items.map((i: { op: string }) => i.op);
  expect(ops).toEqual(expect.arrayContaining(['create', 'update']));
  const update = list.body.items.find(
    (i: { op: string; requestId: string }) => i.op === 'update' && i.requestId === 'req-audit-123',
  );
  expect(update).toMatchObject({ actorId: zone.user.id, role: 'zone_admin', action: 'users.update' });
  expect(update.diff.name).toEqual([expect.stringContaining('测试'), '改名后']);
  const create = list.body.items.find((i: { op: string }) => i.op === 'create');
  expect(create.diff.passwordHash).toBe('[secret]');
  expect(create.diff.phoneSealed).toBe('[secret]');
  expect(JSON.stringify(list.body)).not.toContain('13800138000');
  expect(JSON.stringify(list.body)).not.toContain('argon2');
});

test('the chain verifies, and a tampered row is found and named', async () => {
  await userWithRole(env, zone, 'safety_officer');
  const ok = await env.req('POST', '/api/v1/audit/verify', { token: zone.token });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ ok: true, firstBroken: null });
  expect(ok.body.checked).toBeGreaterThan(5);

  // The database refuses to change a chained row…
  await expect(sql("UPDATE audit_log SET action = 'forged' WHERE tenant_id = ? AND seq = 3", [zone.tenant.id])).rejects.toThrow(
    /append-only/,
  );
  await expect(sql('DELETE FROM audit_log WHERE tenant_id = ? AND seq = 3', [zone.tenant.id])).rejects.toThrow(/append-only/);

  // …so the attacker drops the trigger first. The chain still tells.
  await sql('DROP TRIGGER audit_log_append_only');
  try {
    await sql(`UPDATE audit_log SET diff = JSON_SET(diff, '$.name', '伪造') WHERE tenant_id = ? AND seq = 4`, [zone.tenant.id]);
    const bad = await env.req('POST', '/api/v1/audit/verify', { token: zone.token });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.firstBroken).toMatchObject({ seq: 4, reason: 'hash_mismatch' });
  } finally {
    await sql(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW
      IF OLD.hash IS NOT NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF`);
  }
});

test('a deleted row shows as a gap', async () => {
  const env2 = await createTestEnv();
  try {
    const z = await zoneWithAdmin(env2, 'gapz');
    await userWithRole(env2, z, 'grid_worker');
    await env2.api.c.audit.chain(z.tenant.id);
    const conn = env2.api.c.orm.em.getConnection();
    await conn.execute('DROP TRIGGER audit_log_no_delete');
    await conn.execute('DELETE FROM audit_log WHERE tenant_id = ? AND seq = 2', [z.tenant.id]);
    const r = await env2.req('POST', '/api/v1/audit/verify', { token: z.token });
    expect(r.body.ok).toBe(false);
    expect(r.body.firstBroken).toMatchObject({ seq: 2, reason: 'gap' });
  } finally {
    await env2.close();
  }
});

test('zone B cannot read or verify zone A trail', async () => {
  const other = await zoneWithAdmin(env, 'audz2');
  const list = await env.req('GET', '/api/v1/audit?pageSize=200', { token: other.token });
  expect(list.status).toBe(200);
  expect(JSON.stringify(list.body)).not.toContain(zone.tenant.id);
});

test('several chainers on one zone at once (api instances, the worker): no deadlock escapes, one intact chain', async () => {
  // Seen in CI: two chainers each took a shared lock on the head (INSERT IGNORE of an existing row) and then wanted
  // it exclusive (FOR UPDATE) — a deadlock. The head is now locked first, and a lost lock race runs again.
  const z = await zoneWithAdmin(env, 'racez');
  for (let round = 0; round < 5; round++) {
    await userWithRole(env, z, 'grid_worker'); // new rows; the api also schedules its own chaining of them
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => env.api.c.audit.chain(z.tenant.id)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  }
  await env.api.c.audit.idle();
  const [pending] = (await sql('SELECT COUNT(*) AS n FROM audit_log WHERE tenant_id = ? AND seq IS NULL', [
    z.tenant.id,
  ])) as Array<{ n: number }>;
  expect(Number(pending!.n)).toBe(0);
  // (verifying is itself audited: checked after the count)
  const v = await env.req('POST', '/api/v1/audit/verify', { token: z.token });
  expect(v.body).toMatchObject({ ok: true, firstBroken: null });
});
