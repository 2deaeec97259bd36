/**
 * The demo's webhooks (demo-integration-webhooks.ts) on a small zone: the intranet subscription disabled after 10
 * failures, a delivery log of real hazards (successes, retried successes, a replay, 10 failures), the admin told,
 * the platform switch on for the zone; seeding again writes nothing.
 */
import { buildCreditCode } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { DEMO_WEBHOOK_NAME, seedDemoWebhooks } from './demo-integration-webhooks.ts';

let env: TestEnv;
afterAll(() => env?.close());

test('the demo subscription: disabled after failures, a lived-in delivery log, idempotent', async () => {
  env = await createTestEnv();
  const zone = await zoneWithAdmin(env, 'whdemo');
  const grid = await userWithRole(env, zone, 'grid_worker');
  const ent = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: buildCreditCode('91', '330782', 'MA2D0001'), name: '演示推送企业', principalName: '张三' },
  });
  for (let i = 0; i < 14; i++) {
    const h = await env.req('POST', '/api/v1/hazards', {
      token: grid.token,
      body: { enterpriseId: ent.body.id, source: 'grid_patrol', categoryCode: 'fire', description: `演示隐患 ${i}` },
    });
    expect(h.status).toBe(201);
  }
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const run = async () => {
    const info = (await env.api.c.tenants.byId(zone.tenant.id))!;
    return runInScope(
      { requestId: 'seed', tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' },
      () => seedDemoWebhooks(env.api.c, env.api.services, em.fork(), info),
    );
  };
  expect(await run()).toEqual({ subscriptions: 1, deliveries: 15, skipped: false });
  expect(await run()).toMatchObject({ skipped: true });
  const subs = (await env.req('GET', '/api/v1/webhooks', { token: zone.token })).body;
  expect(subs).toHaveLength(1);
  expect(subs[0]).toMatchObject({
    name: DEMO_WEBHOOK_NAME,
    status: 'disabled',
    disabledReason: 'failures',
    consecutiveFailures: 10,
  });
  const log = (await env.req('GET', '/api/v1/webhooks/deliveries?pageSize=50', { token: zone.token })).body;
  expect(log.total).toBe(15);
  const by = (f: (d: any) => boolean) => log.items.filter(f).length;
  expect(by((d) => d.status === 'failed' && d.attempts === 8)).toBe(10);
  expect(by((d) => d.status === 'succeeded' && d.attempts > 1)).toBeGreaterThan(0);
  expect(by((d) => d.replayOf)).toBe(1);
  const one = await env.req('GET', `/api/v1/webhooks/deliveries/${log.items[0].id}`, { token: zone.token });
  expect(one.body.payload).toMatchObject({ tenant: { code: 'whdemo' }, data: { enterpriseName: '演示推送企业' } });
  const notes = (await env.req('GET', '/api/v1/notifications', { token: zone.token })).body.items;
  expect(notes.filter((n: { kind: string }) => n.kind === 'webhook.disabled')).toHaveLength(1);
  expect((await env.api.c.tenants.byId(zone.tenant.id))!.settings.allowPrivateWebhookTargets).toBe(true);
});
