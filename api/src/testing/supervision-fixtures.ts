import { randomBytes } from 'node:crypto';
import { runInScope } from '../core/context/request-scope.ts';
import { DEMO_PW, platformOperator, type TestEnv } from './test-env.ts';

/**
 * A city supervisor reading inside `zone` (issue 14): city_supervisor lives only in a supervising bureau, so this
 * makes a bureau with its user through the platform's routes, grants it the zone for 30 days and enters it. The
 * token is the zone token a supervisor holds (read-only, every request logged in the zone's supervision_reads).
 */
export async function supervisorIn(env: TestEnv, zone: { tenant: { id: string; code: string } }) {
  const op = await platformOperator(env);
  const code = `sv${randomBytes(4).toString('hex')}`;
  const b = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: {
      code,
      name: `测试应急管理局${code}`,
      region: '浙江省',
      user: { username: 'city', name: '冯立群', password: DEMO_PW },
    },
  });
  if (b.status !== 201) throw new Error(`bureau: ${JSON.stringify(b.body)}`);
  const g = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: {
      bureauId: b.body.bureau.id,
      zoneId: zone.tenant.id,
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  if (g.status !== 201) throw new Error(`grant: ${JSON.stringify(g.body)}`);
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: code, username: 'city', password: DEMO_PW } });
  if (login.status !== 200) throw new Error(`bureau login: ${JSON.stringify(login.body)}`);
  const e = await env.req('POST', `/api/v1/supervision/zones/${zone.tenant.id}/enter`, { token: login.body.accessToken });
  if (e.status !== 200) throw new Error(`enter: ${JSON.stringify(e.body)}`);
  return {
    id: e.body.user.id as string,
    token: e.body.accessToken as string,
    bureauId: b.body.bureau.id as string,
    bureauToken: login.body.accessToken as string,
    grantId: g.body.id as string,
  };
}

/**
 * Moves a grant's window to [now − 60 days, now − 1 day): an expired grant, as an operator shortening it back then
 * would have left it (the api refuses an end in the past today: ending a grant now is revoking it). Goes through the
 * service with that earlier `now`, so the trails and the grant caches see a normal change.
 */
export async function expireGrant(env: TestEnv, grantId: string): Promise<void> {
  const day = 86_400_000;
  const now = Date.now();
  await runInScope(
    {
      requestId: 'test',
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'test',
      action: 'supervision.grants.update',
    },
    () =>
      env.api.services.supervision.updateGrant(
        grantId,
        { validFrom: new Date(now - 60 * day).toISOString(), validUntil: new Date(now - day).toISOString() },
        new Date(now - 2 * day),
      ),
  );
}
