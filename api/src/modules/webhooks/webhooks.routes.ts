import { z } from 'zod';
import {
  createWebhookRequest,
  ref,
  updateWebhookRequest,
  webhookDeliveriesPage,
  webhookDeliveriesQuery,
  webhookDelivery,
  webhookDeliveryDetail,
  webhookSubscription,
  rotateWebhookSecretRequest,
  webhookWithSecret,
  zoneIntegrationSettings,
} from '@yuanan/contracts';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import type { Container } from '../../core/container.ts';
import { runInScope, currentScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TenantService } from '../tenants/tenant.service.ts';
import { deliveryDto, subscriptionDto, type WebhookService } from './webhook.service.ts';

const SIGNATURE_DOC =
  'Every POST carries `Yuanan-Event`, `Yuanan-Event-Id` (dedupe by it: a retry or replay repeats it), `Yuanan-Delivery-Id` ' +
  'and `Yuanan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Verify over the raw body ' +
  'and refuse a `t` more than 5 minutes away (`verifyWebhookSignature` in @yuanan/sdk; README "Webhooks"). Answer 2xx ' +
  'within 10 s; anything else is retried after 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h (8 attempts), then failed.';

/** Routes of the zone's webhooks (issue 14 §4) and the platform's per-zone integration switch. */
export function webhookRoutes(c: Container, svc: WebhookService, tenants: TenantService): AnyRoute[] {
  const tags = ['集成 Webhooks'];
  const id = z.strictObject({ id: ref('webhook') });
  const deliveryId = z.strictObject({ id: ref('webhook_delivery') });
  return [
    defineRoute({
      method: 'get',
      path: '/webhooks',
      operationId: 'webhooks.list',
      summary: 'Webhook subscriptions of the zone',
      tags,
      auth: 'integration.read',
      response: z.array(webhookSubscription),
      handler: async ({ ctx }) => (await svc.list(callerOf(ctx).em)).map(subscriptionDto),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks',
      operationId: 'webhooks.create',
      summary: `Subscribe a URL to events; the signing secret is answered once. ${SIGNATURE_DOC}`,
      tags,
      auth: 'integration.manage',
      body: createWebhookRequest,
      response: webhookWithSecret,
      status: 201,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const { sub, secret } = await svc.create(em, actor, tenant, body);
        return { ...subscriptionDto(sub), secret };
      },
    }),
    // Fixed paths under /webhooks/ before /webhooks/:id.
    defineRoute({
      method: 'get',
      path: '/webhooks/deliveries',
      operationId: 'webhooks.deliveries',
      summary: 'The delivery log (newest first), by subscription, status, event type',
      tags,
      auth: 'integration.read',
      query: webhookDeliveriesQuery,
      response: webhookDeliveriesPage,
      handler: ({ ctx, query }) => svc.deliveries(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'get',
      path: '/webhooks/deliveries/:id',
      operationId: 'webhooks.delivery',
      summary: 'One delivery with the payload it sends',
      tags,
      auth: 'integration.read',
      params: deliveryId,
      response: webhookDeliveryDetail,
      handler: ({ ctx, params }) => svc.delivery(callerOf(ctx).em, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/deliveries/:id/replay',
      operationId: 'webhooks.replay',
      summary: 'Send a delivery again (a new delivery, the same payload and Yuanan-Event-Id)',
      tags,
      auth: 'integration.manage',
      params: deliveryId,
      response: webhookDelivery,
      status: 201,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        const d = await svc.replay(em, params.id);
        return deliveryDto(d, (await svc.get(em, d.subscriptionId)).name);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/webhooks/:id',
      operationId: 'webhooks.get',
      summary: 'One subscription (never its secret)',
      tags,
      auth: 'integration.read',
      params: id,
      response: webhookSubscription,
      handler: async ({ ctx, params }) => subscriptionDto(await svc.get(callerOf(ctx).em, params.id)),
    }),
    defineRoute({
      method: 'patch',
      path: '/webhooks/:id',
      operationId: 'webhooks.update',
      summary: 'Change name, URL, events; status disabled pauses it, active re-enables it',
      tags,
      auth: 'integration.manage',
      params: id,
      body: updateWebhookRequest,
      response: webhookSubscription,
      handler: async ({ ctx, params, body }) => {
        const { em, tenant } = callerOf(ctx);
        return subscriptionDto(await svc.update(em, tenant, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/webhooks/:id',
      operationId: 'webhooks.delete',
      summary: 'Remove a subscription and its delivery log',
      tags,
      auth: 'integration.manage',
      params: id,
      responseType: 'empty',
      status: 204,
      handler: async ({ ctx, params }) => {
        await svc.remove(callerOf(ctx).em, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/:id/rotate-secret',
      operationId: 'webhooks.rotateSecret',
      summary:
        'A new signing secret, answered once; the old one keeps signing beside it for graceHours (default 24). 409 while an earlier grace runs; graceHours 0 (a leaked secret) always works and ends every old secret at once',
      tags,
      auth: 'integration.manage',
      params: id,
      body: rotateWebhookSecretRequest,
      response: webhookWithSecret,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { sub, secret } = await svc.rotateSecret(callerOf(ctx).em, params.id, body.graceHours);
        return { ...subscriptionDto(sub), secret };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/:id/enable',
      operationId: 'webhooks.enable',
      summary: 'Re-enable a disabled subscription (the failure counter starts from 0)',
      tags,
      auth: 'integration.manage',
      params: id,
      response: webhookSubscription,
      status: 200,
      handler: async ({ ctx, params }) => subscriptionDto(await svc.enable(callerOf(ctx).em, params.id)),
    }),
    defineRoute({
      method: 'post',
      path: '/webhooks/:id/ping',
      operationId: 'webhooks.ping',
      summary: 'Send a `ping` event to this subscription (the test button)',
      tags,
      auth: 'integration.manage',
      params: id,
      response: webhookDelivery,
      status: 201,
      handler: async ({ ctx, params }) => {
        const { em, tenant } = callerOf(ctx);
        const d = await svc.ping(em, tenant, params.id);
        return deliveryDto(d, (await svc.get(em, d.subscriptionId)).name);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/platform/zones/:id/integration',
      operationId: 'platform.zoneIntegration',
      summary: "A zone's integration switches: allow its webhooks to target private addresses (audited in both trails)",
      tags: ['平台 Platform'],
      auth: 'platform.tenants.manage',
      tenant: 'platform',
      params: z.strictObject({ id: ref('tenant') }),
      body: zoneIntegrationSettings,
      response: zoneIntegrationSettings,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em } = callerOf(ctx);
        const zone = await c.tenants.byId(params.id);
        if (!zone || zone.kind !== 'zone') throw notFound('zone');
        const before = zone.settings?.allowPrivateWebhookTargets === true;
        await tenants.updateSettings(zone.id, { allowPrivateWebhookTargets: body.allowPrivateWebhookTargets });
        const details = { zone: zone.code, allowPrivateWebhookTargets: { from: before, to: body.allowPrivateWebhookTargets } };
        recordEvent(em, { entityType: 'Tenant', entityId: zone.id, action: 'platform.zoneIntegration', details });
        await em.flush();
        // The zone's own trail says it too (the platform changed what the zone's webhooks may reach).
        const zoneEm = tenantEm(c.orm, zone.id);
        await runInScope({ ...currentScope()!, tenantId: zone.id, em: zoneEm }, async () => {
          recordEvent(zoneEm, { entityType: 'Tenant', entityId: zone.id, action: 'platform.zoneIntegration', details });
          await zoneEm.flush();
        });
        c.audit.schedule(zone.id);
        return { allowPrivateWebhookTargets: body.allowPrivateWebhookTargets };
      },
    }),
  ];
}
