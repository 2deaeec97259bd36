import { z } from 'zod';
import { isoDate, isoDateTime, page, ref, zId } from './common.ts';
import { me, username } from './identity.ts';
import { localIssue } from './messages.ts';
import { tenantCode, timeZone } from './tenants.ts';

/*
 * City supervision (市/县应急管理局 over the zones granted to it, issue 14 §1). A bureau is a tenant of kind 'bureau'
 * holding only its own users (role city_supervisor); the platform operator grants it read access to zones for a
 * time. A grant is in force at t iff not revoked, valid_from <= t < valid_until, and both tenants are active.
 */

/** POST /platform/bureaus: a bureau with its first user (role city_supervisor); idempotent by code like a zone. */
export const createBureauRequest = z
  .strictObject({
    code: tenantCode,
    name: z.string().trim().min(2).max(64),
    region: z.string().trim().min(2).max(64),
    timeZone: timeZone.default('Asia/Shanghai'),
    user: z.strictObject({
      username,
      name: z.string().trim().min(1).max(32),
      /** Left out: a generated one is answered once and must be changed at first sign-in. */
      password: z.string().min(1).max(128).optional(),
    }),
  })
  .meta({
    examples: [
      {
        code: 'dongyang',
        name: '东阳市应急管理局',
        region: '浙江省金华市东阳市',
        timeZone: 'Asia/Shanghai',
        user: { username: 'city', name: '值班科长' },
      },
    ],
  });
export type CreateBureauRequest = z.infer<typeof createBureauRequest>;

/** A supervising bureau as the platform lists it. */
export const bureau = z.object({
  id: zId,
  code: z.string(),
  name: z.string(),
  region: z.string(),
  timeZone: z.string(),
  status: z.enum(['active', 'disabled']),
  /** Grants in force now (none while the bureau is disabled; a grant over a disabled zone is not counted). */
  activeGrants: z.number().int(),
  /** Users of the bureau (all statuses). */
  users: z.number().int(),
  createdAt: isoDateTime,
});
export type Bureau = z.infer<typeof bureau>;

export const createBureauResponse = z.object({
  bureau,
  user: z.object({ username: z.string(), initialPassword: z.string().optional() }),
  created: z.boolean(),
});
export type CreateBureauResponse = z.infer<typeof createBureauResponse>;

/**
 * POST /platform/bureaus/{id}/users: an account of the bureau (role city_supervisor) from the platform operator — a
 * new user (`name` required), or, for a username the bureau has, a new password (a forgotten one). Either way the
 * password is generated, answered once and must be changed at first sign-in; a reset signs the user out everywhere.
 */
export const bureauUserRequest = z
  .strictObject({ username, name: z.string().trim().min(1).max(32).optional() })
  .meta({ examples: [{ username: 'city2', name: '值班科员' }] });
export type BureauUserRequest = z.infer<typeof bureauUserRequest>;

export const bureauUserResponse = z.object({
  username: z.string(),
  name: z.string(),
  /** True: a new user; false: an existing user's password was reset. */
  created: z.boolean(),
  initialPassword: z.string(),
});
export type BureauUserResponse = z.infer<typeof bureauUserResponse>;

export const bureausQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().max(50).optional(),
});

/**
 * Where a grant stands now: not yet begun, in force, within its window but giving no access because its bureau or
 * its zone is disabled (`suspended`: it applies again once both are enabled), past its end, or revoked.
 */
export const GRANT_STATES = ['scheduled', 'active', 'suspended', 'expired', 'revoked'] as const;
export type GrantState = (typeof GRANT_STATES)[number];
export const GRANT_STATE_LABELS: Record<GrantState, { zh: string; en: string }> = {
  scheduled: { zh: '未生效', en: 'Not yet valid' },
  active: { zh: '生效中', en: 'In force' },
  suspended: { zh: '已暂停', en: 'Suspended' },
  expired: { zh: '已到期', en: 'Expired' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};

/** A bureau's read access to one zone for a time (UTC instants; valid_until exclusive). */
export const supervisionGrant = z.object({
  id: zId,
  bureauId: zId,
  bureauCode: z.string(),
  bureauName: z.string(),
  zoneId: zId,
  zoneCode: z.string(),
  zoneName: z.string(),
  validFrom: isoDateTime,
  validUntil: isoDateTime,
  revokedAt: isoDateTime.nullable(),
  revokedBy: z.string().nullable(),
  createdBy: z.string(),
  note: z.string().nullable(),
  state: z.enum(GRANT_STATES),
  /** Why a grant within its window gives no access (state `suspended`): which tenant is disabled; else null. */
  suspendedBy: z.enum(['bureau', 'zone', 'both']).nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type SupervisionGrant = z.infer<typeof supervisionGrant>;

export const supervisionGrantsQuery = z.strictObject({
  bureauId: ref('tenant').optional(),
  zoneId: ref('tenant').optional(),
  state: z.enum(GRANT_STATES).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const note = z.string().trim().max(200);
/** Grants end at most ten years ahead (a grant needs an end: fail closed). */
const MAX_GRANT_MS = 10 * 366 * 86_400_000;

export const createSupervisionGrantRequest = z
  .strictObject({
    bureauId: ref('tenant'),
    zoneId: ref('tenant'),
    /** Default: now. */
    validFrom: isoDateTime.optional(),
    validUntil: isoDateTime,
    note: note.optional(),
  })
  .superRefine((v, ctx) => {
    const from = v.validFrom ? Date.parse(v.validFrom) : Date.now();
    const until = Date.parse(v.validUntil);
    if (until <= from)
      ctx.addIssue(localIssue({ zh: '截止时间须晚于开始时间', en: 'The end must be after the start' }, ['validUntil']));
    else if (until - from > MAX_GRANT_MS)
      ctx.addIssue(localIssue({ zh: '授权期限最长十年', en: 'A grant lasts at most ten years' }, ['validUntil']));
  })
  .meta({
    examples: [
      {
        bureauId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        zoneId: '01a20af3-8b8f-7678-bd46-168eeefdc51b',
        validUntil: '2027-12-31T16:00:00.000Z',
        note: '年度监管授权',
      },
    ],
    'x-probe': { bureauId: '{tenant}', zoneId: '{tenant}', validUntil: '2099-01-01T00:00:00.000Z' },
  });
export type CreateSupervisionGrantRequest = z.infer<typeof createSupervisionGrantRequest>;

/** PATCH: validity and note; the resulting range is checked against the stored one (400 on validUntil). */
export const updateSupervisionGrantRequest = z
  .strictObject({
    validFrom: isoDateTime.optional(),
    validUntil: isoDateTime.optional(),
    note: note.nullable().optional(),
  })
  .meta({ examples: [{ validUntil: '2028-12-31T16:00:00.000Z' }] });
export type UpdateSupervisionGrantRequest = z.infer<typeof updateSupervisionGrantRequest>;

export const revokeSupervisionGrantRequest = z
  .strictObject({ reason: z.string().trim().max(200).optional() })
  .meta({ examples: [{ reason: '授权调整' }] });

/** A zone the bureau may read now (GET /supervision/zones). */
export const grantedZone = z.object({
  grantId: zId,
  zoneId: zId,
  code: z.string(),
  name: z.string(),
  region: z.string(),
  timeZone: z.string(),
  validUntil: isoDateTime,
});
export type GrantedZoneDto = z.infer<typeof grantedZone>;

/**
 * One of my bureau's grants as the bureau sees it (GET /supervision/grants): the zone's name and the window, no zone
 * ids. Tells a bureau with no zone to read why (its grants ended, were revoked, or have not begun).
 */
export const bureauGrant = z.object({
  id: zId,
  zoneName: z.string(),
  validFrom: isoDateTime,
  validUntil: isoDateTime,
  revokedAt: isoDateTime.nullable(),
  state: z.enum(GRANT_STATES),
});
export type BureauGrant = z.infer<typeof bureauGrant>;

/** POST /supervision/zones/:zoneId/enter: a read-only zone token, like the platform's act-as. */
export const enterZoneResponse = z.object({ accessToken: z.string(), expiresIn: z.number().int(), user: me });
export type EnterZoneResponse = z.infer<typeof enterZoneResponse>;

/** One request a supervisor made with a zone token (or one zone covered by a city view). */
export const supervisionRead = z.object({
  id: zId,
  zoneId: zId,
  zoneName: z.string().nullable(),
  bureauId: zId,
  bureauName: z.string(),
  grantId: zId.nullable(),
  userId: zId,
  userName: z.string(),
  operationId: z.string(),
  /** The operation's words in the caller's language. */
  operationLabel: z.string(),
  method: z.string(),
  path: z.string(),
  resourceId: z.string().nullable(),
  /** What the record read is called (a hazard's code, an enterprise's name), when it is one of the zone's. */
  resourceName: z.string().nullable(),
  status: z.number().int(),
  at: isoDateTime,
});
export type SupervisionRead = z.infer<typeof supervisionRead>;

/** One day (in the zone's / bureau's time zone) of reads. */
export const supervisionReadDay = z.object({
  date: isoDate,
  /** Bureau (zone side) or zone (bureau side) the count is about. */
  id: zId,
  name: z.string(),
  reads: z.number().int(),
  users: z.number().int(),
});
export type SupervisionReadDay = z.infer<typeof supervisionReadDay>;

export const supervisionReadsPage = page(supervisionRead).extend({ days: z.array(supervisionReadDay) });
export type SupervisionReadsPage = z.infer<typeof supervisionReadsPage>;

const readsRange = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
/** Zone side (GET /supervision-reads): dates in the zone's time zone, `to` inclusive; default the last 30 days. */
export const zoneSupervisionReadsQuery = z.strictObject({ ...readsRange, bureauId: ref('tenant').optional() });
/** Bureau side (GET /supervision/reads). */
export const bureauSupervisionReadsQuery = z.strictObject({ ...readsRange, zoneId: ref('tenant').optional() });
