import { Worker } from 'bullmq';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { jobCatalog } from '../../modules/job-catalog.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { currentScope, requireTenantId, runInScope } from '../context/request-scope.ts';
import { tenantEm } from '../db/orm.ts';
import { createRedis } from '../redis/redis.ts';
import { EVENT_JOB, JobRegistry, type JobHandler } from './job-registry.ts';
import { emitEvent } from './outbox.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { processJob } from './worker-runtime.ts';

const noop: JobHandler['handle'] = async () => undefined;
// One handler per catalogued job (the event job is served by subscribers).
const allMaintenance = [
  'maintenance.chainAudit',
  ...Object.keys(jobCatalog).filter((n) => n !== EVENT_JOB && n !== 'maintenance.chainAudit'),
].map((name) => ({ name, handle: noop }));

describe('job registry', () => {
  test('refuses a catalogued job without a handler', () => {
    expect(() => new JobRegistry(jobCatalog, allMaintenance.slice(1), [], [])).toThrow(/"maintenance.chainAudit" has no handler/);
  });
  test('refuses a job with two handlers', () => {
    expect(() => new JobRegistry(jobCatalog, [...allMaintenance, allMaintenance[0]!], [], [])).toThrow(/has 2 handlers/);
  });
  test('refuses a handler that is not catalogued, and a schedule of an unknown job', () => {
    expect(() => new JobRegistry(jobCatalog, [...allMaintenance, { name: 'ghost.job', handle: noop }], [], [])).toThrow(
      /"ghost.job" is not in the job catalogue/,
    );
    expect(() => new JobRegistry(jobCatalog, allMaintenance, [], [{ id: 's', job: 'nope', every: 1000 }])).toThrow(
      /unknown job "nope"/,
    );
  });
  test('accepts a complete set', () => {
    expect(() => new JobRegistry(jobCatalog, allMaintenance, [], [])).not.toThrow();
  });
});

describe('outbox', () => {
  let env: TestEnv;
  let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
  beforeAll(async () => {
    env = await createTestEnv();
    zone = await zoneWithAdmin(env, 'outz');
  });
  afterAll(() => env.close());

  test('an event commits with its change, is relayed at least once, and its subscriber acts once, in its tenant', async () => {
    const seen: Array<{ tenant: string; marker: unknown; scopeTenant: string }> = [];
    const registry = new JobRegistry(
      jobCatalog,
      allMaintenance,
      [
        {
          event: 'test.userCreated',
          name: 'test.countUsers',
          handle: async (p) => {
            // Idempotent by the event id, as real handlers are.
            if (seen.some((s) => s.marker === p.marker)) return;
            seen.push({ tenant: String(p.tenantId), marker: p.marker, scopeTenant: requireTenantId() });
          },
        },
      ],
      [],
    );
    const c = env.api.c;
    const scope = { requestId: 'r', tenantId: zone.tenant.id, em: null, actor: null, ip: null, userAgent: null, action: 'test' };
    // A rolled-back change leaves no event.
    await runInScope(scope, async () => {
      const em = tenantEm(c.orm, zone.tenant.id);
      await em
        .transactional(async (tx) => {
          tx.create(User, { username: 'rolledback', name: '回滚', role: 'grid_worker' } as never);
          emitEvent(tx, 'test.userCreated', { marker: 'rolled-back' });
          await tx.flush();
          throw new Error('abort');
        })
        .catch(() => undefined);
      const em2 = tenantEm(c.orm, zone.tenant.id);
      em2.create(User, { username: 'committed', name: '提交', role: 'grid_worker' } as never);
      emitEvent(em2, 'test.userCreated', { marker: 'committed' });
      await em2.flush();
    });
    const relay = new OutboxRelay(c, registry);
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    // Simulate a crash after adding to Redis but before marking: relay the same row again.
    await c.orm.em.getConnection().execute('UPDATE outbox_events SET dispatched_at = NULL');
    expect(await relay.relayOnce()).toBe(1);
    const waiting = await c.queues.queue('events').getJobs(['waiting', 'delayed']);
    expect(waiting.filter((j) => j.name === EVENT_JOB)).toHaveLength(1); // deterministic job id: no duplicate
    const connection = createRedis(c.config, 'worker');
    const worker = new Worker('events', (job) => processJob(c, registry, job as never), { connection, prefix: c.queues.prefix });
    try {
      for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
      connection.disconnect();
    }
    expect(seen).toEqual([{ tenant: zone.tenant.id, marker: 'committed', scopeTenant: zone.tenant.id }]);
  });

  test('a job runs in its tenant scope, with no actor', async () => {
    const registry = new JobRegistry(
      jobCatalog,
      [
        ...allMaintenance.slice(1),
        {
          name: 'maintenance.chainAudit',
          handle: async () => ({ tenant: requireTenantId(), actor: currentScope()?.actor ?? null }),
        },
      ],
      [],
      [],
    );
    const r = await processJob(env.api.c, registry, {
      name: 'maintenance.chainAudit',
      id: 'j1',
      data: { tenantId: zone.tenant.id },
    } as never);
    expect(r).toEqual({ tenant: zone.tenant.id, actor: null });
  });
});
