import { z } from 'zod';
import { actAsRequest, me } from '@yuanan/contracts';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import type { Container } from '../../core/container.ts';
import { runInScope, currentScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { QUEUE_NAMES } from '../../core/queue/job-registry.ts';
import type { AuthService } from '../identity/auth.service.ts';

const JOB_STATES = ['failed', 'delayed', 'waiting', 'active', 'completed'] as const;

export function platformRoutes(c: Container, auth: AuthService): AnyRoute[] {
  const tags = ['平台 Platform'];
  const queueName = z.enum(QUEUE_NAMES);
  return [
    defineRoute({
      method: 'post',
      path: '/platform/act-as',
      operationId: 'platform.actAs',
      summary: 'Act inside a zone (audited in both trails, 15 minutes)',
      tags,
      auth: 'platform.actAs',
      tenant: 'platform',
      body: actAsRequest,
      response: z.object({ accessToken: z.string(), expiresIn: z.number().int(), user: me }),
      status: 200,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant: platform } = callerOf(ctx);
        const zone = await c.tenants.byId(body.tenantId);
        if (!zone || zone.kind !== 'zone') throw notFound('zone');
        if (zone.status !== 'active') throw new AppError(403, 'tenant_disabled');
        const actingAs = { platformUserId: actor.userId, platformUserName: actor.name, reason: body.reason };
        recordEvent(em, {
          entityType: 'Tenant',
          entityId: zone.id,
          action: 'platform.actAs',
          details: { zone: zone.code, reason: body.reason },
        });
        await em.flush();
        const zoneEm = tenantEm(c.orm, zone.id);
        const s = currentScope()!;
        await runInScope(
          { ...s, tenantId: zone.id, em: zoneEm, actor: { ...actor, role: 'platform_admin', actingAs } },
          async () => {
            recordEvent(zoneEm, {
              entityType: 'Tenant',
              entityId: zone.id,
              action: 'platform.actAs',
              details: { reason: body.reason },
            });
            await zoneEm.flush();
          },
        );
        const accessToken = await c.tokens.signAccess({
          sub: actor.userId,
          tid: zone.id,
          role: 'platform_admin',
          eid: null,
          sid: actor.sessionId!,
          act: { uid: actor.userId, name: actor.name, reason: body.reason, stid: platform.id },
          name: actor.name,
        });
        const user = await auth.me(zoneEm, { userId: actor.userId, actingAs }, zone);
        return { accessToken, expiresIn: c.tokens.accessTtl, user };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/platform/queues',
      operationId: 'platform.queues',
      summary: 'Job queues and their counts',
      tags,
      auth: 'platform.queues.view',
      tenant: 'platform',
      response: z.array(z.object({ name: z.string(), counts: z.record(z.string(), z.number()), paused: z.boolean() })),
      handler: async () =>
        Promise.all(
          c.queues.all().map(async (q) => ({
            name: q.name,
            counts: await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
            paused: await q.isPaused(),
          })),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/platform/queues/:name/jobs',
      operationId: 'platform.queueJobs',
      summary: 'Jobs of a queue by state',
      tags,
      auth: 'platform.queues.view',
      tenant: 'platform',
      params: z.strictObject({ name: queueName }),
      query: z.strictObject({
        state: z.enum(JOB_STATES).default('failed'),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            tenantId: z.string().nullable(),
            attemptsMade: z.number().int(),
            failedReason: z.string().nullable(),
            createdAt: z.string(),
            runAt: z.string().nullable(),
            finishedAt: z.string().nullable(),
          }),
        ),
      }),
      handler: async ({ params, query }) => {
        const q = c.queues.queue(params.name);
        const start = (query.page - 1) * query.pageSize;
        const [jobs, counts] = await Promise.all([
          q.getJobs([query.state], start, start + query.pageSize - 1),
          q.getJobCounts(query.state),
        ]);
        return {
          total: counts[query.state] ?? 0,
          items: jobs.filter(Boolean).map((j) => ({
            id: String(j.id),
            name: j.name,
            tenantId: (j.data as { tenantId?: string | null }).tenantId ?? null,
            attemptsMade: j.attemptsMade,
            failedReason: j.failedReason ?? null,
            createdAt: new Date(j.timestamp).toISOString(),
            runAt: j.delay ? new Date(j.timestamp + j.delay).toISOString() : null,
            finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/platform/queues/:name/jobs/:jobId/retry',
      operationId: 'platform.retryJob',
      summary: 'Retry a failed job',
      tags,
      auth: 'platform.queues.view',
      tenant: 'platform',
      params: z.strictObject({
        name: queueName,
        jobId: z
          .string()
          .min(1)
          .max(200)
          .meta({ examples: ['probe-job'] }),
      }),
      responseType: 'empty',
      handler: async ({ params, ctx }) => {
        const { em } = callerOf(ctx);
        const job = await c.queues.queue(params.name).getJob(params.jobId);
        if (!job) throw notFound('job');
        if (!(await job.isFailed())) throw new AppError(409, 'conflict', 'only failed jobs can be retried');
        await job.retry();
        recordEvent(em, {
          entityType: 'Job',
          entityId: params.jobId,
          action: 'platform.retryJob',
          details: { queue: params.name },
        });
        await em.flush();
      },
    }),
  ];
}
