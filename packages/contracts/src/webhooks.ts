import { z } from 'zod';
import { isoDateTime, page, pagingQuery, ref, zId } from './common.ts';
import { HAZARD_GRADES, HAZARD_STATUSES } from './hazards.ts';
import { INCIDENT_STATUSES, INCIDENT_TYPES, WARNING_LEVELS } from './incidents.ts';
import { ALARM_SEVERITIES } from './iot.ts';
import type { LocalText } from './messages.ts';

/**
 * Webhooks (issue 14 §4): a zone subscribes an https endpoint of another system to public events; each event is
 * POSTed as JSON, signed with the subscription's secret (header `Yuanan-Signature: t=<unix s>,v1=<hex HMAC-SHA256
 * (secret, "<t>.<raw body>")>`), retried with backoff until the receiver answers 2xx. Receivers dedupe by
 * `Yuanan-Event-Id` (a replay sends the same id). `verifyWebhookSignature` in @yuanan/sdk checks a request.
 */
export const WEBHOOK_EVENTS = [
  'hazard.created',
  'hazard.graded',
  'hazard.closed',
  'hazard.overdue',
  'alarm.raised',
  'alarm.cleared',
  'incident.opened',
  'incident.closed',
  'enterprise.colour_changed',
  'ping',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Events a subscription may choose (`ping` is sent only by the test button, to one subscription). */
export const WEBHOOK_SUBSCRIBABLE_EVENTS = WEBHOOK_EVENTS.filter((e) => e !== 'ping') as Exclude<WebhookEvent, 'ping'>[];

/** What each event means (zh-CN first), for the admin's event picker and the OpenAPI description. */
export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, LocalText>> = {
  'hazard.created': { zh: '隐患上报/登记', en: 'Hazard reported or registered' },
  'hazard.graded': { zh: '隐患确认定级（一般/重大）', en: 'Hazard confirmed with a grade (general/major)' },
  'hazard.closed': { zh: '隐患整改闭环', en: 'Hazard closed' },
  'hazard.overdue': { zh: '隐患逾期未整改', en: 'Hazard overdue' },
  'alarm.raised': { zh: '物联网报警产生', en: 'IoT alarm raised' },
  'alarm.cleared': { zh: '物联网报警解除', en: 'IoT alarm cleared' },
  'incident.opened': { zh: '突发事件接报', en: 'Incident opened' },
  'incident.closed': { zh: '突发事件结案/取消', en: 'Incident closed or cancelled' },
  'enterprise.colour_changed': { zh: '企业风险等级颜色变化', en: 'Enterprise risk colour changed' },
  ping: { zh: '测试消息', en: 'Test message' },
};

const RISK_COLOUR_OR_NULL = z.enum(['red', 'orange', 'yellow', 'blue']).nullable();

/** The `data` of each public event (documented in the OpenAPI description; receivers may rely on these fields). */
export const WEBHOOK_EVENT_DATA = {
  'hazard.created': z.object({
    hazardId: zId,
    code: z.string(),
    enterpriseId: zId,
    enterpriseName: z.string().nullable(),
    description: z.string(),
    categoryCode: z.string().nullable(),
    source: z.string(),
    status: z.enum(HAZARD_STATUSES),
    grade: z.enum(HAZARD_GRADES).nullable(),
    reportedAt: isoDateTime.nullable(),
  }),
  'hazard.graded': z.object({
    hazardId: zId,
    code: z.string(),
    enterpriseId: zId,
    enterpriseName: z.string().nullable(),
    grade: z.enum(HAZARD_GRADES),
    treatment: z.string().nullable(),
    /** Rectification deadline (UTC instant: the end of the deadline day in the zone's time zone). */
    deadline: isoDateTime.nullable(),
    responsibleName: z.string().nullable(),
  }),
  'hazard.closed': z.object({
    hazardId: zId,
    code: z.string(),
    enterpriseId: zId,
    enterpriseName: z.string().nullable(),
    grade: z.enum(HAZARD_GRADES).nullable(),
    deadline: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
    /** Closed by the deadline (null without a deadline). */
    onTime: z.boolean().nullable(),
  }),
  'hazard.overdue': z.object({
    hazardId: zId,
    code: z.string(),
    enterpriseId: zId,
    enterpriseName: z.string().nullable(),
    grade: z.enum(HAZARD_GRADES).nullable(),
    status: z.enum(HAZARD_STATUSES),
    deadline: isoDateTime.nullable(),
  }),
  'alarm.raised': z.object({
    alarmId: zId,
    deviceId: zId,
    deviceName: z.string().nullable(),
    enterpriseId: zId.nullable(),
    type: z.string(),
    kind: z.string(),
    quantity: z.string().nullable(),
    level: z.number().int().nullable(),
    severity: z.enum(ALARM_SEVERITIES),
    value: z.number().nullable(),
    startedAt: isoDateTime,
  }),
  'alarm.cleared': z.object({
    alarmId: zId,
    deviceId: zId,
    deviceName: z.string().nullable(),
    enterpriseId: zId.nullable(),
    type: z.string(),
    severity: z.enum(ALARM_SEVERITIES),
    peakValue: z.number().nullable(),
    startedAt: isoDateTime,
    clearedAt: isoDateTime.nullable(),
  }),
  'incident.opened': z.object({
    incidentId: zId,
    no: z.string(),
    type: z.enum(INCIDENT_TYPES),
    level: z.enum(WARNING_LEVELS),
    source: z.string(),
    isDrill: z.boolean(),
    enterpriseId: zId.nullable(),
    enterpriseName: z.string().nullable(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    learnedAt: isoDateTime,
  }),
  'incident.closed': z.object({
    incidentId: zId,
    no: z.string(),
    type: z.enum(INCIDENT_TYPES),
    /** `closed` (结案) or `cancelled` (误报/取消). */
    status: z.enum(INCIDENT_STATUSES),
    isDrill: z.boolean(),
    closedAt: isoDateTime.nullable(),
    summary: z.string().nullable(),
  }),
  'enterprise.colour_changed': z.object({
    enterpriseId: zId,
    name: z.string().nullable(),
    creditCode: z.string().nullable(),
    from: RISK_COLOUR_OR_NULL,
    to: RISK_COLOUR_OR_NULL,
    score: z.number().nullable(),
    reason: z.string().nullable(),
  }),
  ping: z.object({ subscriptionId: zId, message: z.string() }),
} as const satisfies Record<WebhookEvent, z.ZodType>;

/** The JSON body POSTed for every event: `id` = `Yuanan-Event-Id` (the same on every retry and replay). */
export const webhookPayload = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENTS),
  occurredAt: isoDateTime,
  tenant: z.object({ code: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayload>;

export const WEBHOOK_LIMITS = {
  nameMax: 60,
  urlMax: 2048,
  /** Response body bytes kept of a receiver's answer (as `lastError` text when it was not 2xx). */
  responseBytes: 4096,
  errorMax: 500,
} as const;

/** `whsec_` + 43 base64url characters (256 random bits): the HMAC key. */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9_-]{43}$/;

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];
export const WEBHOOK_STATUS_LABELS: Readonly<Record<WebhookStatus, LocalText>> = {
  active: { zh: '启用', en: 'Active' },
  disabled: { zh: '已停用', en: 'Disabled' },
};
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export const WEBHOOK_DELIVERY_STATUS_LABELS: Readonly<Record<WebhookDeliveryStatus, LocalText>> = {
  pending: { zh: '待发送', en: 'Pending' },
  sending: { zh: '发送中', en: 'Sending' },
  succeeded: { zh: '成功', en: 'Succeeded' },
  failed: { zh: '失败', en: 'Failed' },
};
/** Why a subscription is disabled: by a person, or automatically after too many failed deliveries in a row. */
export const WEBHOOK_DISABLED_REASONS = ['manual', 'failures'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];
export const WEBHOOK_DISABLED_REASON_LABELS: Readonly<Record<WebhookDisabledReason, LocalText>> = {
  manual: { zh: '手动停用', en: 'Disabled by hand' },
  failures: { zh: '连续投递失败，已自动停用', en: 'Disabled after consecutive failed deliveries' },
};

const name = z.string().trim().min(1).max(WEBHOOK_LIMITS.nameMax);
/** http(s) only; the address is checked against private ranges by the api (422 `webhook_url_refused`). */
const url = z
  .string()
  .trim()
  .max(WEBHOOK_LIMITS.urlMax)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: '只支持 http:// 或 https:// 地址' });
const events = z
  .array(z.enum(WEBHOOK_SUBSCRIBABLE_EVENTS as [string, ...string[]]))
  .min(1)
  .max(WEBHOOK_SUBSCRIBABLE_EVENTS.length)
  .refine((s) => new Set(s).size === s.length, { message: '事件不能重复' });

/** A subscription as the zone's office sees it: never the secret. */
export const webhookSubscription = z.object({
  id: zId,
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  status: z.enum(WEBHOOK_STATUSES),
  disabledReason: z.enum(WEBHOOK_DISABLED_REASONS).nullable(),
  disabledAt: isoDateTime.nullable(),
  consecutiveFailures: z.number().int(),
  /** After a rotation: until when the previous secret still signs beside the new one (null: it does not). */
  previousSecretUntil: isoDateTime.nullable(),
  createdBy: zId.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type WebhookSubscription = z.infer<typeof webhookSubscription>;

/** The answer of create and rotate-secret: the secret, shown this once (stored encrypted, never shown again). */
export const webhookWithSecret = webhookSubscription.extend({ secret: z.string() });
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;

/** Rotating the secret: how long the old one keeps signing beside the new (0 = stops at once, for a leaked one). */
export const rotateWebhookSecretRequest = z
  .strictObject({ graceHours: z.number().int().min(0).max(168).default(24) })
  .meta({ examples: [{ graceHours: 24 }] });
export type RotateWebhookSecretRequest = z.input<typeof rotateWebhookSecretRequest>;

export const createWebhookRequest = z.strictObject({ name, url, events }).meta({
  examples: [{ name: '省平台隐患推送', url: 'https://hooks.example.com/yuanan', events: ['hazard.created', 'hazard.closed'] }],
});
export type CreateWebhookRequest = z.infer<typeof createWebhookRequest>;
export const updateWebhookRequest = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    events: events.optional(),
    /** `disabled` pauses the subscription (reason `manual`); `active` re-enables it like POST …/enable. */
    status: z.enum(WEBHOOK_STATUSES).optional(),
  })
  .meta({ examples: [{ events: ['hazard.created', 'hazard.overdue'] }] });
export type UpdateWebhookRequest = z.infer<typeof updateWebhookRequest>;

export const webhookDelivery = z.object({
  id: zId,
  subscriptionId: zId,
  subscriptionName: z.string().nullable(),
  /** `Yuanan-Event-Id`: the same for a replay of the same event. */
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  deliveredAt: isoDateTime.nullable(),
  /** The delivery this one replays (null for the original). */
  replayOf: zId.nullable(),
  createdAt: isoDateTime,
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export const webhookDeliveryDetail = webhookDelivery.extend({ payload: webhookPayload });
export type WebhookDeliveryDetail = z.infer<typeof webhookDeliveryDetail>;

export const webhookDeliveriesQuery = pagingQuery.extend({
  subscriptionId: ref('webhook').optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  eventType: z.enum(WEBHOOK_EVENTS).optional(),
});
export type WebhookDeliveriesQuery = z.infer<typeof webhookDeliveriesQuery>;
export const webhookDeliveriesPage = page(webhookDelivery);
export type WebhookDeliveriesPage = z.infer<typeof webhookDeliveriesPage>;

/** The platform operator's integration switches of a zone (PUT /platform/zones/:id/integration). */
export const zoneIntegrationSettings = z
  .strictObject({
    /** Lets the zone's webhooks target private/loopback addresses (an on-premises receiver). Default off. */
    allowPrivateWebhookTargets: z.boolean(),
  })
  .meta({ examples: [{ allowPrivateWebhookTargets: false }] });
export type ZoneIntegrationSettings = z.infer<typeof zoneIntegrationSettings>;
