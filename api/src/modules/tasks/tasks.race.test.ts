import { buildCreditCode } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Task } from './task.entity.ts';

// Completing and dismissing one to-do at the same moment: exactly one wins, the other hears 409, and the task
// keeps the winner's outcome and resolver.
const TRIALS = 5;

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let ent: { id: string };
let staff: { token: string; id: string };
let safety: { token: string; id: string };

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'taskrace');
  ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2K0001'), name: '待办竞态企业', principalName: '张三' },
    })
  ).body;
  staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent.id });
  safety = await userWithRole(env, zone, 'safety_officer');
});
afterAll(() => env.close());

async function openTask(i: number): Promise<string> {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const t = await runInScope(
    { requestId: `test:task${i}`, tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: 'test', action: 'test' },
    () =>
      env.api.services.tasks.raise(em, {
        kind: 'supply_expired',
        subjectType: 'supply',
        subjectId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        enterpriseId: ent.id,
        title: `应急物资已过期 ${i}`,
      }),
  );
  return t!.id;
}
const resolve = (id: string, status: 'done' | 'dismissed', token: string, lang?: string) =>
  env.req('POST', `/api/v1/tasks/${id}/resolve`, { token, body: { status }, headers: lang ? { 'accept-language': lang } : {} });

test('done and dismissed sent together: one wins, the other is told it was already handled', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await openTask(i);
    const rs = await Promise.all([resolve(id, 'done', staff.token), resolve(id, 'dismissed', safety.token)]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = rs.find((r) => r.status === 409)!;
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    expect(loser.body.code).toBe('already_decided');
    const won = rs.find((r) => r.status === 200)!;
    const t = await tenantEm(env.api.c.orm, zone.tenant.id).findOneOrFail(Task, { id });
    expect(t.status).toBe(won.body.status);
    expect(t.resolvedBy).toBe(won === rs[0] ? staff.id : safety.id);
  }
});

test('resolving a to-do someone already resolved is a 409 in the caller’s language', async () => {
  const id = await openTask(100);
  expect((await resolve(id, 'done', staff.token)).status).toBe(200);
  const zh = await resolve(id, 'dismissed', safety.token);
  expect(zh.status).toBe(409);
  expect(zh.body.title).toContain('已处理过');
  const en = await resolve(id, 'done', safety.token, 'en');
  expect(en.body).toMatchObject({ code: 'already_decided', title: expect.stringMatching(/already/i) });
});
