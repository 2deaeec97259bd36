import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import {
  WEBHOOK_SUBSCRIBABLE_EVENTS,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookDeliveriesQuery,
  type WebhookDelivery as WebhookDeliveryDto,
  type WebhookDeliveryDetail,
  type WebhookEvent,
  type WebhookPayload,
  type WebhookSubscription as WebhookSubscriptionDto,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { currentScope, type Actor } from '../../core/context/request-scope.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import { checkOutboundUrl, OutboundRefused, type OutboundReach, type Resolver } from '../../core/http/outbound-guard.ts';
import { AppError, notFound, t } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.ts';

/** The delivery job (catalogued on the `notify` queue with the other deliveries to outside systems). */
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/** One public event, before it is fanned out to the subscriptions that want it. */
export interface PublicEvent {
  /** `Yuanan-Event-Id`: deterministic from the outbox event (see `publicEventId`). */
  id: string;
  type: WebhookEvent;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * The public id of an event derived from outbox event `outboxId` about `subject` (a hazard, alarm…): a UUID (version
 * 8, RFC 9562 custom) from sha256(outboxId|type|subject). Deterministic, so a fan-out run twice (the relay is at
 * least once) computes the same id and the unique key keeps one delivery; distinct for the several public events
 * one internal event can make (a hazard registered is `hazard.created` and `hazard.graded`).
 */
export function publicEventId(outboxId: string, type: string, subject: string): string {
  const h = createHash('sha256').update(`${outboxId}|${type}|${subject}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The instant encoded in a UUIDv7 (the outbox event's creation), or now for anything else. */
export function uuidv7Time(id: string): Date {
  const hex = id.replace(/-/g, '').slice(0, 12);
  const ms = /^[0-9a-f]{12}$/i.test(hex) && id[14] === '7' ? parseInt(hex, 16) : NaN;
  return Number.isFinite(ms) ? new Date(ms) : new Date();
}

/** A new signing secret: `whsec_` + 256 random bits in base64url (43 characters). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function subscriptionDto(s: WebhookSubscription): WebhookSubscriptionDto {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: s.events,
    status: s.status,
    disabledReason: s.disabledReason ?? null,
    disabledAt: iso(s.disabledAt),
    consecutiveFailures: s.consecutiveFailures,
    previousSecretUntil: s.previousSecretUntil && s.previousSecretUntil > new Date() ? s.previousSecretUntil.toISOString() : null,
    createdBy: s.createdBy ?? null,
    createdAt: isoReq(s.createdAt),
    updatedAt: isoReq(s.updatedAt),
  };
}

export function deliveryDto(d: WebhookDelivery, subscriptionName: string | null): WebhookDeliveryDto {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    subscriptionName,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastStatusCode: d.lastStatusCode ?? null,
    lastError: d.lastError ?? null,
    lastDurationMs: d.lastDurationMs ?? null,
    deliveredAt: iso(d.deliveredAt),
    replayOf: d.replayOf ?? null,
    createdAt: isoReq(d.createdAt),
  };
}

/** What a person can do about each refusal of the SSRF guard (its `reason`), zh-CN and en. */
function refusalText(e: OutboundRefused): { zh: string; en: string } {
  switch (e.reason) {
    case 'invalid_url':
      return t('不是有效的网址', 'Not a valid URL');
    case 'scheme':
      return t('只支持 http 和 https 地址', 'Only http and https addresses');
    case 'credentials':
      return t(
        '地址中不能包含用户名或密码（接收端请用签名校验来源）',
        'No user or password in the URL (verify the signature instead)',
      );
    case 'port':
      return t('端口无效', 'Invalid port');
    case 'unresolvable':
      return t('域名无法解析，请检查拼写或 DNS', 'The host name does not resolve; check the spelling or DNS');
    case 'private':
    case 'uniqueLocal':
      return t(
        '地址在内网；如确需推送到园区内网，请联系平台运营方为本园区开启',
        'The address is on a private network; ask the platform operator to allow intranet targets for this zone',
      );
    default:
      return t(
        '地址指向本机、链路本地、运营商或保留地址，不能作为接收地址',
        'The address is loopback, link-local, carrier or reserved, which is never a receiver',
      );
  }
}

const refusedProblem = (e: OutboundRefused) => {
  const why = refusalText(e);
  return new AppError(
    422,
    'webhook_url_refused',
    t(`该地址不能作为 Webhook 接收地址：${why.zh}`, `This address cannot be a webhook target: ${why.en}`),
    { errors: [{ path: 'url', code: 'webhook_url_refused', message: why }] },
  );
};

/** `at` as `YYYY-MM-DD HH:mm` in `timeZone` (ISO when the zone's name is not a time zone Intl knows). */
function localMinute(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  } catch {
    return at.toISOString();
  }
}

/**
 * 409 for a rotation with a grace while an earlier grace runs: names when it ends (in the zone's time zone) and
 * that a leaked secret is rotated with graceHours 0.
 */
function graceRunning(until: Date, timeZone: string): AppError {
  const at = localMinute(until, timeZone);
  const zh = timeZone === 'Asia/Shanghai' ? `${at}（北京时间）` : `${at}（${timeZone}）`;
  return new AppError(
    409,
    'conflict',
    t(
      `上一次轮换的旧密钥宽限期尚未结束（至 ${zh}），期间不能再带宽限期轮换，否则该旧密钥会提前失效；请在宽限期结束后再轮换。如密钥已泄露，请以 graceHours 0 轮换：所有旧密钥立即停用。`,
      `The previous rotation's grace period is still running (until ${at}, ${timeZone}); rotating again with a grace would end that old secret early, so rotate after it ends. For a leaked secret, rotate with graceHours 0: every old secret stops at once.`,
    ),
  );
}

/**
 * Webhook subscriptions and their deliveries (issue 14 §4): subscribe (the URL checked by the SSRF guard), change,
 * rotate the secret, re-enable, ping, the delivery log and replays. The fan-out of public events and the delivery
 * job live in webhook-fanout.ts and webhook-delivery.ts.
 */
export class WebhookService {
  readonly #c: Container;
  /** DNS for the SSRF guard (tests may give their own). */
  resolve: Resolver | undefined;
  constructor(c: Container) {
    this.#c = c;
  }

  /**
   * How far `tenant`'s webhooks may reach: the zone's intranet when the platform's per-zone switch (or the env switch
   * for every zone) allows it, plus loopback where WEBHOOK_ALLOW_LOOPBACK_TARGETS says the receivers share the host.
   */
  reach(tenant: TenantInfo): OutboundReach {
    const cfg = this.#c.config;
    if (!cfg.WEBHOOK_ALLOW_PRIVATE_TARGETS && tenant.settings?.allowPrivateWebhookTargets !== true) return 'public';
    return cfg.WEBHOOK_ALLOW_LOOPBACK_TARGETS ? 'intranet+loopback' : 'intranet';
  }

  /** Checks a URL for this zone; 422 `webhook_url_refused` (field `url`) when the guard refuses it. */
  async checkUrl(tenant: TenantInfo, url: string): Promise<void> {
    try {
      await checkOutboundUrl(url, { reach: this.reach(tenant), resolve: this.resolve });
    } catch (e) {
      if (e instanceof OutboundRefused) throw refusedProblem(e);
      throw e;
    }
  }

  async list(em: Em): Promise<WebhookSubscription[]> {
    return em.find(WebhookSubscription, {}, { orderBy: { createdAt: 'desc' }, limit: 500 });
  }

  async get(em: Em, id: string): Promise<WebhookSubscription> {
    const s = await em.findOne(WebhookSubscription, { id });
    if (!s) throw notFound('webhook');
    return s;
  }

  /** Subscribes; answers the secret this once. */
  async create(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    body: CreateWebhookRequest,
  ): Promise<{ sub: WebhookSubscription; secret: string }> {
    await this.checkUrl(tenant, body.url);
    const secret = newWebhookSecret();
    const sub = em.create(WebhookSubscription, {
      name: body.name,
      url: body.url,
      events: orderEvents(body.events),
      secretEnc: this.#c.cipher.seal(secret),
      status: 'active',
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      createdBy: actor.actingAs?.platformUserId ?? actor.userId,
    } as never);
    await em.flush();
    return { sub, secret };
  }

  /** Changes name, URL (checked again), events; `status` disables by hand or re-enables (counter reset). */
  async update(em: Em, tenant: TenantInfo, id: string, body: UpdateWebhookRequest): Promise<WebhookSubscription> {
    const s = await this.get(em, id);
    if (body.url !== undefined && body.url !== s.url) await this.checkUrl(tenant, body.url);
    if (body.name !== undefined) s.name = body.name;
    if (body.url !== undefined) s.url = body.url;
    if (body.events !== undefined) s.events = orderEvents(body.events);
    if (body.status === 'disabled' && s.status !== 'disabled') {
      s.status = 'disabled';
      s.disabledReason = 'manual';
      s.disabledAt = new Date();
    } else if (body.status === 'active' && s.status !== 'active') this.#enable(s);
    await em.flush();
    return s;
  }

  /** Re-enables a disabled subscription: the failure counter starts again from 0. */
  async enable(em: Em, id: string): Promise<WebhookSubscription> {
    const s = await this.get(em, id);
    if (s.status !== 'active') this.#enable(s);
    await em.flush();
    return s;
  }

  #enable(s: WebhookSubscription): void {
    s.status = 'active';
    s.disabledReason = null;
    s.disabledAt = null;
    s.consecutiveFailures = 0;
  }

  /** Removes the subscription and its delivery log; pending deliveries' jobs then find nothing to send. */
  async remove(em: Em, id: string): Promise<void> {
    const s = await this.get(em, id);
    await em.nativeDelete(WebhookDelivery, { subscriptionId: s.id });
    em.remove(s);
    await em.flush();
  }

  /**
   * A new secret, answered this once. The old one keeps signing beside it for `graceHours` (0: it stops at once),
   * so the receiver can switch without refusing deliveries. One grace at a time: while an earlier rotation's grace
   * still runs, a rotation with `graceHours` > 0 is 409 (it would drop the secret promised until then); a rotation
   * with `graceHours` 0 always works and ends every old secret at once — the one to use for a leaked secret. The
   * row is locked (SELECT … FOR UPDATE) from the check to the write: of several rotations at once one wins and the
   * others (with a grace) get the 409.
   */
  async rotateSecret(
    em: Em,
    id: string,
    graceHours: number,
    now = new Date(),
  ): Promise<{ sub: WebhookSubscription; secret: string }> {
    return em.transactional(async (tx) => {
      const s = await tx.findOne(WebhookSubscription, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!s) throw notFound('webhook');
      if (graceHours > 0 && s.previousSecretEnc && s.previousSecretUntil && s.previousSecretUntil > now)
        throw graceRunning(s.previousSecretUntil, await this.#timeZone());
      const secret = newWebhookSecret();
      s.previousSecretEnc = graceHours > 0 ? s.secretEnc : null;
      s.previousSecretUntil = graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000) : null;
      s.secretEnc = this.#c.cipher.seal(secret);
      await tx.flush();
      return { sub: s, secret };
    });
  }

  /** The current zone's time zone (for instants in messages); Asia/Shanghai when it cannot be read. */
  async #timeZone(): Promise<string> {
    const tenantId = currentScope()?.tenantId;
    const info = tenantId ? await this.#c.tenants.byId(tenantId).catch(() => null) : null;
    return info?.timeZone || 'Asia/Shanghai';
  }

  /** The secrets a delivery is signed with at `now`: the current one, and the previous one during its grace. */
  secretsOf(s: WebhookSubscription, now = new Date()): string[] {
    const current = this.#c.cipher.open(s.secretEnc);
    if (!s.previousSecretEnc || !s.previousSecretUntil || s.previousSecretUntil <= now) return [current];
    return [current, this.#c.cipher.open(s.previousSecretEnc)];
  }

  /** The test button: a `ping` event to this subscription (also when disabled? no: 409 `webhook_disabled`). */
  async ping(em: Em, tenant: TenantInfo, id: string): Promise<WebhookDelivery> {
    const s = await this.get(em, id);
    if (s.status !== 'active') throw new AppError(409, 'webhook_disabled');
    const eventId = uuidv7();
    const d = em.create(WebhookDelivery, {
      subscriptionId: s.id,
      eventId,
      eventType: 'ping',
      payload: payloadOf(tenant, {
        id: eventId,
        type: 'ping',
        occurredAt: new Date(),
        data: { subscriptionId: s.id, message: '园安 Webhook 测试消息 / Yuanan webhook test' },
      }),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(),
      replayOf: null,
      replayKey: '',
    } as never);
    await em.flush();
    await this.enqueue(d.tenantId, d.id, 1, 0);
    return d;
  }

  /** Sends a delivery's payload again as a new delivery (same event id: receivers dedupe by it). */
  async replay(em: Em, id: string): Promise<WebhookDelivery> {
    const orig = await em.findOne(WebhookDelivery, { id });
    if (!orig) throw notFound('webhook_delivery');
    const s = await em.findOne(WebhookSubscription, { id: orig.subscriptionId });
    if (!s) throw notFound('webhook');
    if (s.status !== 'active') throw new AppError(409, 'webhook_disabled');
    const rid = uuidv7();
    const d = em.create(WebhookDelivery, {
      id: rid,
      subscriptionId: orig.subscriptionId,
      eventId: orig.eventId,
      eventType: orig.eventType,
      payload: orig.payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(),
      replayOf: orig.replayOf ?? orig.id,
      replayKey: rid,
    } as never);
    await em.flush();
    await this.enqueue(d.tenantId, d.id, 1, 0);
    return d;
  }

  async deliveries(em: Em, q: WebhookDeliveriesQuery) {
    const where: Record<string, unknown> = {};
    if (q.subscriptionId) where.subscriptionId = q.subscriptionId;
    if (q.status) where.status = q.status;
    if (q.eventType) where.eventType = q.eventType;
    const [rows, total] = await em.findAndCount(WebhookDelivery, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
      exclude: ['payload'],
    } as never);
    const names = await this.#names(em, rows);
    return {
      items: rows.map((d) => deliveryDto(d, names.get(d.subscriptionId) ?? null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async delivery(em: Em, id: string): Promise<WebhookDeliveryDetail> {
    const d = await em.findOne(WebhookDelivery, { id });
    if (!d) throw notFound('webhook_delivery');
    const names = await this.#names(em, [d]);
    return { ...deliveryDto(d, names.get(d.subscriptionId) ?? null), payload: d.payload };
  }

  async #names(em: Em, rows: WebhookDelivery[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.subscriptionId))];
    if (!ids.length) return new Map();
    const subs = await em.find(WebhookSubscription, { id: { $in: ids } }, { fields: ['id', 'name'] });
    return new Map(subs.map((s) => [s.id, s.name]));
  }

  /**
   * Inserts one delivery per (event, active subscription wanting its type) — INSERT IGNORE on the unique key, so a
   * second run of the same fan-out adds nothing — then queues a job for each delivery still pending with no attempt
   * (deterministic job id: a duplicate add is ignored). Returns how many deliveries are new.
   */
  async fanOut(em: Em, tenant: TenantInfo, events: PublicEvent[]): Promise<number> {
    if (!events.length) return 0;
    const subs = await em.find(WebhookSubscription, { status: 'active' }, { fields: ['id', 'events'] });
    const rows: Array<{ id: string; subId: string; ev: PublicEvent }> = [];
    for (const ev of events)
      for (const s of subs) if ((s.events ?? []).includes(ev.type)) rows.push({ id: uuidv7(), subId: s.id, ev });
    if (!rows.length) return 0;
    const now = new Date();
    const conn = em.getConnection();
    const cols = [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'subscription_id',
      'event_id',
      'event_type',
      'payload',
      'status',
      'attempts',
      'next_attempt_at',
      'replay_key',
    ];
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const r = (await conn.execute(
      `INSERT IGNORE INTO webhook_deliveries (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
      rows.flatMap((x) => [
        x.id,
        now,
        now,
        tenant.id,
        x.subId,
        x.ev.id,
        x.ev.type,
        JSON.stringify(payloadOf(tenant, x.ev)),
        'pending',
        0,
        now,
        '',
      ]),
      'run',
    )) as { affectedRows?: number };
    // The rows of these events that still wait for their first attempt (ours, or a previous run's that queued
    // nothing) — read through the unique key (tenant, subscription, event, replay key), not the pending backlog.
    const subIds = [...new Set(rows.map((x) => x.subId))];
    const eventIds = [...new Set(rows.map((x) => x.ev.id))];
    const pending = (await conn.execute(
      `SELECT id FROM webhook_deliveries
        WHERE tenant_id = ? AND subscription_id IN (${subIds.map(() => '?').join(', ')})
          AND event_id IN (${eventIds.map(() => '?').join(', ')}) AND replay_key = '' AND status = 'pending' AND attempts = 0`,
      [tenant.id, ...subIds, ...eventIds],
      'all',
    )) as Array<{ id: string }>;
    for (const p of pending) await this.enqueue(tenant.id, p.id, 1, 0);
    return r.affectedRows ?? 0;
  }

  /** Queues attempt `attempt` of a delivery after `delayMs`; a failure to queue is left to the reconciler. */
  async enqueue(tenantId: string, deliveryId: string, attempt: number, delayMs: number): Promise<void> {
    await this.#c.queues
      .add(
        WEBHOOK_DELIVER_JOB,
        { tenantId, deliveryId, attempt },
        // The delivery's own rule (webhookRetryDelay) retries; BullMQ's attempts only cover a crashed handler.
        {
          jobId: `wh.${deliveryId}.${attempt}`,
          delay: Math.max(0, delayMs),
          attempts: 2,
          backoff: { type: 'fixed', delay: 5000 },
        },
      )
      .catch((e: unknown) => this.#c.logger.warn({ err: e, deliveryId }, 'webhook delivery queued later by the reconciler'));
  }
}

/** The catalogue's order, duplicates gone (the contract already refuses them). */
function orderEvents(events: string[]): string[] {
  const set = new Set(events);
  return WEBHOOK_SUBSCRIBABLE_EVENTS.filter((e) => set.has(e));
}

/** The JSON body of an event: `{ id, type, occurredAt, tenant: { code }, data }`. */
export function payloadOf(tenant: TenantInfo, ev: PublicEvent): WebhookPayload {
  return { id: ev.id, type: ev.type, occurredAt: ev.occurredAt.toISOString(), tenant: { code: tenant.code }, data: ev.data };
}
