import { buildCreditCode } from '@yuanan/domain';
import { runInScope, type Actor } from '../core/context/request-scope.ts';
import { tenantEm, type Em } from '../core/db/orm.ts';
import type { TestEnv } from './test-env.ts';

/** Test helpers for scope tests that read the zone's rows as a given actor, outside a request. */

/** Runs `fn` with an entity manager of the zone, inside a request scope of no caller (as a job would). */
export function inZone<T>(env: TestEnv, tenantId: string, fn: (em: Em) => Promise<T>): Promise<T> {
  return runInScope({ requestId: 'test', tenantId, em: null, actor: null, ip: null, userAgent: null, action: 'test' }, () =>
    fn(tenantEm(env.api.c.orm, tenantId)),
  );
}

/** The actor of a user in a role, as a scope function sees it. */
export const actorOf = (u: { id: string }, role: Actor['role'], enterpriseId: string | null = null): Actor => ({
  userId: u.id,
  name: 'x',
  role,
  enterpriseId,
  sessionId: null,
  actingAs: null,
});

/** An enterprise made through the api (`orgCode`: the 8 characters of its credit code after the region), its id. */
export async function createEnterprise(
  env: TestEnv,
  token: string,
  orgCode: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await env.req('POST', '/api/v1/enterprises', {
    token,
    body: { creditCode: buildCreditCode('91', '330782', orgCode), name, principalName: '张三', ...extra },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id;
}
