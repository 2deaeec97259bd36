import { z } from 'zod';
import { isoDateTime, pagingQuery, page, zId } from './common.ts';

/**
 * API keys (issue 14 §3): another system (a provincial platform, an IoT gateway) calls the zone's api with a key
 * `yak_<prefix>_<secret>` instead of a person's token. A key may call only the routes that declare one of its
 * scopes (`apiKeyScope` on the route); everything else is 403 `api_key_scope`.
 */
export const API_KEY_SCOPES = [
  'enterprises.read',
  'hazards.read',
  'inspections.read',
  'iot.read',
  'iot.readings.write',
  'incidents.read',
  'exports.read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What each scope lets a key do (zh-CN first), for the admin's scope picker and the OpenAPI scope table. */
export const API_KEY_SCOPE_LABELS: Readonly<Record<ApiKeyScope, { zh: string; en: string }>> = {
  'enterprises.read': { zh: '读取企业档案（列表、详情、导出）', en: 'Read enterprise files (list, detail, export)' },
  'hazards.read': { zh: '读取隐患（列表、详情、台账导出）', en: 'Read hazards (list, detail, ledger export)' },
  'inspections.read': { zh: '读取检查任务与检查记录', en: 'Read inspection tasks and records' },
  'iot.read': { zh: '读取物联网设备与报警', en: 'Read IoT devices and alarms' },
  'iot.readings.write': { zh: '上报物联网监测数据（POST /iot/ingest）', en: 'Send IoT readings (POST /iot/ingest)' },
  'incidents.read': { zh: '读取突发事件（列表、详情）', en: 'Read incidents (list, detail)' },
  'exports.read': { zh: '下载数据报送文件', en: 'Download export files' },
};

/** Limits of a key: requests per minute (default 120) and the longest validity (2 years). */
export const API_KEY_LIMITS = {
  rateLimitMin: 1,
  rateLimitMax: 6000,
  rateLimitDefault: 120,
  /** Longest validity from now, in days (2 years). */
  maxValidityDays: 731,
  nameMax: 60,
  graceHoursMax: 168,
  graceHoursDefault: 24,
} as const;

/** `yak_` + 12 base62 characters (the lookup prefix) + `_` + 43 base64url characters (256 random bits). */
export const API_KEY_PATTERN = /^yak_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

const scopeList = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .max(API_KEY_SCOPES.length)
  .refine((s) => new Set(s).size === s.length, { message: '权限范围不能重复' });
const rateLimit = z.number().int().min(API_KEY_LIMITS.rateLimitMin).max(API_KEY_LIMITS.rateLimitMax);
const keyName = z.string().trim().min(1).max(API_KEY_LIMITS.nameMax);

/** A key as the zone's office sees it: never the key itself, only its prefix. */
export const apiKey = z.object({
  id: zId,
  name: z.string(),
  /** The 12 characters after `yak_`: how people tell keys apart (the key text starts `yak_<prefix>_`). */
  keyPrefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  rateLimitPerMinute: z.number().int(),
  expiresAt: isoDateTime,
  /** `revoked` (revokedAt set), `expired` (expiresAt passed, a rotated key after its grace too), else `active`. */
  status: z.enum(API_KEY_STATUSES),
  lastUsedAt: isoDateTime.nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: isoDateTime.nullable(),
  /** The key that replaced this one (rotate). */
  rotatedToId: zId.nullable(),
  createdBy: zId.nullable(),
  /** The creator's name (a zone user); null when made by a platform operator acting in the zone. */
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ApiKey = z.infer<typeof apiKey>;

/** The answer of create and rotate: the key text, shown this once (only its sha256 is stored). */
export const apiKeyCreated = z.object({
  apiKey,
  /** `yak_<prefix>_<secret>`: give it to the other system now; it cannot be shown again. */
  key: z.string(),
});
export type ApiKeyCreated = z.infer<typeof apiKeyCreated>;

export const apiKeyRotated = apiKeyCreated.extend({
  /** The old key: it keeps working until `previous.expiresAt` (now + graceHours). */
  previous: apiKey,
});
export type ApiKeyRotated = z.infer<typeof apiKeyRotated>;

export const apiKeysQuery = pagingQuery.extend({ status: z.enum(API_KEY_STATUSES).optional() });
export const apiKeyPage = page(apiKey);

/** `expiresAt`: in the future and at most 2 years ahead (checked by the api: 400 on `expiresAt`). */
export const createApiKeyRequest = z
  .strictObject({
    name: keyName,
    scopes: scopeList,
    rateLimitPerMinute: rateLimit.default(API_KEY_LIMITS.rateLimitDefault),
    expiresAt: isoDateTime,
  })
  .meta({
    examples: [
      {
        name: '省平台数据对接',
        scopes: ['hazards.read', 'enterprises.read'],
        rateLimitPerMinute: 120,
        expiresAt: '2027-12-31T16:00:00Z',
      },
    ],
  });
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequest>;

export const updateApiKeyRequest = z
  .strictObject({ name: keyName.optional(), scopes: scopeList.optional(), rateLimitPerMinute: rateLimit.optional() })
  .meta({ examples: [{ rateLimitPerMinute: 300 }] });
export type UpdateApiKeyRequest = z.input<typeof updateApiKeyRequest>;

/** Rotate: a new key with the same name, scopes and limit; the old one expires after `graceHours` (0 = now). */
export const rotateApiKeyRequest = z
  .strictObject({
    graceHours: z.number().int().min(0).max(API_KEY_LIMITS.graceHoursMax).default(API_KEY_LIMITS.graceHoursDefault),
    /** The new key's expiry (default: the old key's). Same limits as on create. */
    expiresAt: isoDateTime.optional(),
  })
  .meta({ examples: [{ graceHours: 24 }] });
export type RotateApiKeyRequest = z.input<typeof rotateApiKeyRequest>;
