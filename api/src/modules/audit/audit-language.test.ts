import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '@yuanan/contracts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'audlang');
});
afterAll(() => env.close());

test('the audit list names actions and entity types in the caller’s language', async () => {
  const u = await userWithRole(env, zone, 'grid_worker');
  expect((await env.req('PATCH', `/api/v1/users/${u.id}`, { token: zone.token, body: { name: '改名' } })).status).toBe(200);
  await env.api.c.audit.idle();
  const path = `/api/v1/audit?entityType=User&entityId=${u.id}&action=users.update`;

  const zh = await env.req('GET', path, { token: zone.token });
  expect(zh.status).toBe(200);
  expect(zh.body.items[0]).toMatchObject({
    action: 'users.update',
    actionLabel: '修改用户',
    entityType: 'User',
    entityTypeLabel: '用户',
  });

  const en = await env.req('GET', path, { token: zone.token, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  expect(en.status).toBe(200);
  expect(en.body.items[0]).toMatchObject({ action: 'users.update', actionLabel: 'Edit user', entityTypeLabel: 'User' });

  // Every row the zone has so far is in the catalogue's words, in both languages.
  for (const lang of ['zh-CN', 'en'] as const) {
    const all = await env.req('GET', '/api/v1/audit?pageSize=200', { token: zone.token, headers: { 'accept-language': lang } });
    expect(all.body.items.length).toBeGreaterThan(5);
    const pick = (l: { zh: string; en: string } | undefined) => (l ? (lang === 'en' ? l.en : l.zh) : undefined);
    const wrong = all.body.items.filter(
      (i: { action: string; actionLabel: string; entityType: string; entityTypeLabel: string }) =>
        i.actionLabel !== pick(AUDIT_ACTION_LABELS[i.action]) || i.entityTypeLabel !== pick(AUDIT_ENTITY_LABELS[i.entityType]),
    );
    expect(wrong).toEqual([]);
  }
});

test('the audit list names each entity (a person by name, a session after its person), only from the caller’s zone', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  expect((await env.req('PATCH', `/api/v1/users/${u.id}`, { token: zone.token, body: { name: '审计对象甲' } })).status).toBe(200);
  // userWithRole signed them in: that Session row is named after the person (as they are called now).
  await env.api.c.audit.idle();

  const user = await env.req('GET', `/api/v1/audit?entityType=User&entityId=${u.id}&action=users.update`, { token: zone.token });
  expect(user.body.items[0]).toMatchObject({ entityType: 'User', entityId: u.id, entityName: '审计对象甲' });
  const sessions = await env.req('GET', '/api/v1/audit?entityType=Session&pageSize=200', { token: zone.token });
  expect(sessions.body.items.map((i: { entityName: string | null }) => i.entityName)).toContain('审计对象甲');

  // Another zone sees none of this zone's names (its list is its own rows, named from its own entities).
  const other = await zoneWithAdmin(env, 'audlang2');
  const theirs = await env.req('GET', '/api/v1/audit?pageSize=200', { token: other.token });
  expect(theirs.status).toBe(200);
  expect(JSON.stringify(theirs.body.items)).not.toContain('审计对象甲');
  // Every named row of the zone's trail names something of this zone: no row is named from elsewhere.
  const mine = await env.req('GET', '/api/v1/audit?pageSize=200', { token: zone.token });
  const named = mine.body.items.filter((i: { entityName: string | null }) => i.entityName);
  expect(named.length).toBeGreaterThan(2);
});
