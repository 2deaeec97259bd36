import { createHmac } from 'node:crypto';
import { WEBHOOK_LIMITS } from '@yuanan/contracts';
import { webhookRetryDelay } from '@yuanan/domain';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import {
  checkOutboundUrl,
  OutboundFailure,
  OutboundRefused,
  postPinned,
  type OutboundResponse,
} from '../../core/http/outbound-guard.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.ts';
import type { WebhookService } from './webhook.service.ts';

/** How long a `sending` claim holds: past it, a crashed worker's delivery may be claimed again. */
const leaseMs = (c: Container) => c.config.WEBHOOK_TIMEOUT_MS + 30_000;

/**
 * The `Yuanan-Signature` header: `t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, one `v1=` per secret (two
 * while a rotated secret is in its grace period; sdk verifyWebhookSignature accepts any).
 */
export function signatureHeader(secrets: string | readonly string[], body: string, at = new Date()): string {
  const ts = Math.floor(at.getTime() / 1000);
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${ts}`, ...list.map((k) => `v1=${createHmac('sha256', k).update(`${ts}.${body}`).digest('hex')}`)].join(',');
}

/**
 * `error` is stored in the network's own technical words (`HTTP 500: …`, `timeout: …`, `refused: …`, `ECONNREFUSED: …`,
 * `subscription disabled: …`), never in one reader's language: the console words the known prefixes for each reader.
 */
type Outcome =
  | { kind: 'succeeded'; res: OutboundResponse }
  | { kind: 'retry' | 'failed'; status: number | null; error: string; durationMs: number | null };

/**
 * Attempt `attempt` (1-based) of a delivery, as the `webhook.deliver` job runs it:
 * 1. claim by compare-and-set — pending (or `sending` past its lease) with `attempts = attempt - 1` → sending with a
 *    lease, attempts + 1; a duplicate or stale job claims nothing and returns;
 * 2. the subscription gone or disabled → failed, nothing sent;
 * 3. the URL checked again by the SSRF guard (refused → failed for good, the reason recorded);
 * 4. POST (10 s timeout by default, no redirect, ≤ 4 KiB of the answer read); 2xx → succeeded, the subscription's
 *    failure counter reset; else the next attempt after `webhookRetryDelay(attempt)` × the config's scale, or failed
 *    when none is left — a failure for good counts toward the auto-disable.
 */
export async function deliverAttempt(
  c: Container,
  svc: WebhookService,
  notifications: NotificationService,
  t: TenantInfo,
  deliveryId: string,
  attempt: number,
): Promise<{ status: string; attempt?: number }> {
  const em = tenantEm(c.orm, t.id);
  const conn = em.getConnection();
  const now = new Date();
  const claimed = (await conn.execute(
    `UPDATE webhook_deliveries SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
      WHERE id = ? AND tenant_id = ? AND attempts = ?
        AND (status = 'pending' OR (status = 'sending' AND lease_until < ?))`,
    [new Date(now.getTime() + leaseMs(c)), now, deliveryId, t.id, attempt - 1, now],
    'run',
  )) as { affectedRows?: number };
  if (!claimed.affectedRows) return { status: 'not_claimed' };
  const d = await em.findOneOrFail(WebhookDelivery, { id: deliveryId });
  const sub = await em.findOne(WebhookSubscription, { id: d.subscriptionId });
  let out: Outcome;
  if (!sub || sub.status !== 'active') {
    out = {
      kind: 'failed',
      status: null,
      error: sub ? 'subscription disabled: not sent' : 'subscription deleted: not sent',
      durationMs: null,
    };
  } else out = await send(c, svc, t, sub, d);
  await record(c, svc, notifications, em, t, d, sub, out, attempt);
  return { status: out.kind, attempt };
}

async function send(
  c: Container,
  svc: WebhookService,
  t: TenantInfo,
  sub: WebhookSubscription,
  d: WebhookDelivery,
): Promise<Outcome> {
  let target;
  try {
    target = await checkOutboundUrl(sub.url, { reach: svc.reach(t), resolve: svc.resolve });
  } catch (e) {
    if (e instanceof OutboundRefused) return { kind: 'failed', status: null, error: `refused: ${e.message}`, durationMs: null };
    throw e;
  }
  const body = JSON.stringify(d.payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Yuanan-Webhooks/1',
    'yuanan-event': d.eventType,
    'yuanan-event-id': d.eventId,
    'yuanan-delivery-id': d.id,
    'yuanan-signature': signatureHeader(svc.secretsOf(sub), body),
  };
  try {
    const res = await postPinned(target, body, headers, {
      timeoutMs: c.config.WEBHOOK_TIMEOUT_MS,
      maxBytes: WEBHOOK_LIMITS.responseBytes,
    });
    if (res.status >= 200 && res.status < 300) return { kind: 'succeeded', res };
    return {
      kind: 'retry',
      status: res.status,
      error: `HTTP ${res.status}${res.body ? `: ${res.body}` : ''}`,
      durationMs: res.durationMs,
    };
  } catch (e) {
    if (e instanceof OutboundFailure)
      return {
        kind: 'retry',
        status: null,
        error: e.kind === 'timeout' ? `timeout: ${e.message}` : e.message,
        durationMs: e.durationMs,
      };
    throw e;
  }
}

async function record(
  c: Container,
  svc: WebhookService,
  notifications: NotificationService,
  em: Em,
  t: TenantInfo,
  d: WebhookDelivery,
  sub: WebhookSubscription | null,
  out: Outcome,
  attempt: number,
): Promise<void> {
  const conn = em.getConnection();
  const now = new Date();
  if (out.kind === 'succeeded') {
    await conn.execute(
      `UPDATE webhook_deliveries SET status = 'succeeded', lease_until = NULL, next_attempt_at = NULL, delivered_at = ?,
          last_status_code = ?, last_error = NULL, last_duration_ms = ?, updated_at = ?
        WHERE id = ? AND tenant_id = ? AND status = 'sending'`,
      [now, out.res.status, out.res.durationMs, now, d.id, t.id],
      'run',
    );
    if (sub && sub.consecutiveFailures > 0)
      await conn.execute(
        'UPDATE webhook_subscriptions SET consecutive_failures = 0, updated_at = ? WHERE id = ? AND tenant_id = ?',
        [now, sub.id, t.id],
        'run',
      );
    return;
  }
  const delay = out.kind === 'retry' ? webhookRetryDelay(attempt, c.config.WEBHOOK_BACKOFF_SCALE) : null;
  const error = out.error.slice(0, WEBHOOK_LIMITS.errorMax);
  if (delay !== null) {
    const next = new Date(now.getTime() + delay);
    await conn.execute(
      `UPDATE webhook_deliveries SET status = 'pending', lease_until = NULL, next_attempt_at = ?, last_status_code = ?,
          last_error = ?, last_duration_ms = ?, updated_at = ?
        WHERE id = ? AND tenant_id = ? AND status = 'sending'`,
      [next, out.status, error, out.durationMs, now, d.id, t.id],
      'run',
    );
    await svc.enqueue(t.id, d.id, attempt + 1, delay);
    return;
  }
  await conn.execute(
    `UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL, next_attempt_at = NULL, last_status_code = ?,
        last_error = ?, last_duration_ms = ?, updated_at = ?
      WHERE id = ? AND tenant_id = ? AND status = 'sending'`,
    [out.status, error, out.durationMs, now, d.id, t.id],
    'run',
  );
  // A delivery failed for good: one more in a row for an active subscription (a disabled one's are not its fault).
  if (!sub || sub.status !== 'active') return;
  await conn.execute(
    'UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1, updated_at = ? WHERE id = ? AND tenant_id = ?',
    [now, sub.id, t.id],
    'run',
  );
  await maybeDisable(c, notifications, em, t, sub.id, error);
}

/**
 * Disables the subscription once its consecutive failures reach the configured number (compare-and-set: one
 * process does it), audits it, and tells the zone's admins (in-app notification, and their channels).
 */
async function maybeDisable(
  c: Container,
  notifications: NotificationService,
  em: Em,
  t: TenantInfo,
  subId: string,
  lastError: string,
): Promise<void> {
  const limit = c.config.WEBHOOK_DISABLE_AFTER_FAILURES;
  const now = new Date();
  const r = (await em.getConnection().execute(
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = 'failures', disabled_at = ?, updated_at = ?
        WHERE id = ? AND tenant_id = ? AND status = 'active' AND consecutive_failures >= ?`,
    [now, now, subId, t.id, limit],
    'run',
  )) as { affectedRows?: number };
  if (!r.affectedRows) return;
  const fork = em.fork({ clear: true });
  const sub = await fork.findOneOrFail(WebhookSubscription, { id: subId });
  recordEvent(fork, {
    entityType: 'WebhookSubscription',
    entityId: sub.id,
    action: 'webhooks.autoDisable',
    details: { name: sub.name, url: sub.url, consecutiveFailures: sub.consecutiveFailures, lastError },
  });
  await fork.flush();
  c.audit.schedule(t.id);
  const admins = await fork.find(User, { role: 'zone_admin', status: 'active' } as never, { fields: ['id'] });
  if (!admins.length) return;
  await notifications.notify(fork, {
    userIds: admins.map((u) => u.id),
    kind: 'webhook.disabled',
    title: `Webhook 订阅已自动停用：${sub.name}`,
    body: `连续 ${sub.consecutiveFailures} 次投递失败，最后错误：${lastError.slice(0, 200)}。请检查接收地址后重新启用。`,
    link: `/integration/webhooks?id=${sub.id}`,
    severity: 'warning',
    dedupeKey: `webhook-disabled:${sub.id}:${now.getTime()}`,
  });
}
