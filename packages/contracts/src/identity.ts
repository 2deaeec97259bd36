import { z } from 'zod';
import { isoDateTime, mobilePhone, ref, zId } from './common.ts';
import { PERSON_ROLES, ROLES } from './roles.ts';
import { permissionsOf, type Permission } from './permissions.ts';
import { TENANT_KINDS } from './tenants.ts';

export const username = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, {
  message: '用户名须为 3–32 位字母、数字或 _.-，以字母开头',
});
export const roleSchema = z.enum(ROLES);
/** The role of a person (a user, an invitation): never `api_client`, which only API keys act as. */
export const personRoleSchema = z.enum(PERSON_ROLES);

export const loginRequest = z
  .strictObject({
    tenant: z.string().min(1).max(32),
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(128),
  })
  .meta({ examples: [{ tenant: 'siqi', username: 'admin', password: 'Demo@Yuanan2026' }] });

export const me = z.object({
  id: zId,
  tenant: z.object({
    id: zId,
    code: z.string(),
    name: z.string(),
    kind: z.enum(TENANT_KINDS),
    /** The zone's IANA time zone: the apps show every time on the zone's clock. */
    timeZone: z.string(),
    /** The zone's four risk colours and their labels (tenant configuration). */
    palette: z.record(z.string(), z.object({ color: z.string(), label: z.string() })),
  }),
  username: z.string().nullable(),
  name: z.string(),
  role: roleSchema,
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  /** Grids a grid worker patrols. */
  gridIds: z.array(zId),
  phoneMasked: z.string().nullable(),
  mfaEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  actingAs: z.object({ platformUserId: zId, platformUserName: z.string(), reason: z.string() }).nullable(),
  /** Set when a bureau's supervisor reads inside a zone (read-only, issue 14): the banner names the bureau. */
  supervising: z.object({ bureauId: zId, bureauName: z.string(), grantId: zId }).nullable().optional(),
});
export type Me = z.infer<typeof me>;

export const tokenPair = z.object({
  status: z.literal('ok'),
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  user: me,
});
export type TokenPair = z.infer<typeof tokenPair>;

export const loginResponse = z.discriminatedUnion('status', [
  tokenPair,
  z.object({ status: z.literal('mfa_required'), mfaToken: z.string() }),
  z.object({
    status: z.literal('mfa_enrolment_required'),
    mfaToken: z.string(),
    secret: z.string(),
    otpauthUri: z.string(),
  }),
]);
export type LoginResponse = z.infer<typeof loginResponse>;

export const mfaLoginRequest = z
  .strictObject({ mfaToken: z.string().min(10).max(2000), code: z.string().regex(/^\d{6}$/) })
  .meta({ examples: [{ mfaToken: 'x'.repeat(20), code: '123456' }] });
export const refreshRequest = z
  .strictObject({ refreshToken: z.string().min(10).max(200) })
  .meta({ examples: [{ refreshToken: 'x'.repeat(43) }] });
export const logoutRequest = z.strictObject({ refreshToken: z.string().min(10).max(200).optional() }).meta({ examples: [{}] });

export const changePasswordRequest = z
  .strictObject({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) })
  .meta({ examples: [{ currentPassword: 'x', newPassword: 'y' }] });

export const totpEnrolResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpCodeRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/) }).meta({ examples: [{ code: '123456' }] });

export const session = z.object({
  id: zId,
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  client: z.enum(['console', 'miniapp']),
  current: z.boolean(),
});

export const wechatLoginRequest = z
  .strictObject({ tenant: z.string().min(1).max(32), code: z.string().min(1).max(128) })
  .meta({ examples: [{ tenant: 'siqi', code: 'wx-code' }] });
export const wechatLoginResponse = z.discriminatedUnion('status', [
  tokenPair,
  z.object({ status: z.literal('unbound'), bindToken: z.string() }),
]);
export const wechatBindRequest = z
  .strictObject({
    bindToken: z.string().min(10).max(2000),
    invitationCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{8}$/, { message: '邀请码为 8 位字母或数字' }),
    name: z.string().trim().min(1).max(32).optional(),
  })
  .meta({ examples: [{ bindToken: 'x'.repeat(20), invitationCode: 'ABCD2345' }] });

export const USER_STATUSES = ['active', 'disabled'] as const;
export const user = z.object({
  id: zId,
  username: z.string().nullable(),
  name: z.string(),
  role: roleSchema,
  enterpriseId: zId.nullable(),
  gridIds: z.array(zId),
  phone: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  mfaEnabled: z.boolean(),
  wechatBound: z.boolean(),
  lastLoginAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type User = z.infer<typeof user>;

export const createUserRequest = z
  .strictObject({
    username,
    name: z.string().trim().min(1).max(32),
    role: personRoleSchema,
    password: z.string().min(1).max(128),
    phone: mobilePhone.optional(),
    enterpriseId: ref('enterprise').optional(),
    gridIds: z.array(ref('grid')).max(50).optional(),
  })
  .meta({
    examples: [{ username: 'wangwu', name: '王五', role: 'safety_officer', password: 'Choose#A-Str0ng-One' }],
    'x-probe': {
      username: 'probeuser',
      name: '探针',
      role: 'enterprise_staff',
      password: 'Probe#Passw0rd!',
      enterpriseId: '{enterprise}',
    },
  });
export const updateUserRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(32).optional(),
    role: personRoleSchema.optional(),
    status: z.enum(USER_STATUSES).optional(),
    phone: mobilePhone.nullable().optional(),
    gridIds: z.array(ref('grid')).max(50).optional(),
    resetPassword: z.string().min(1).max(128).optional(),
  })
  .meta({ examples: [{ name: '王五' }], 'x-probe': { gridIds: ['{grid}'] } });
export const usersQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  role: roleSchema.optional(),
  status: z.enum(USER_STATUSES).optional(),
  enterpriseId: ref('enterprise').optional(),
  q: z.string().max(50).optional(),
});

export const INVITATION_STATUSES = ['pending', 'used', 'expired', 'revoked'] as const;
export const invitation = z.object({
  id: zId,
  code: z.string(),
  role: roleSchema,
  name: z.string().nullable(),
  phone: z.string().nullable(),
  enterpriseId: zId.nullable(),
  status: z.enum(INVITATION_STATUSES),
  expiresAt: isoDateTime,
  usedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export const createInvitationRequest = z
  .strictObject({
    role: personRoleSchema,
    name: z.string().trim().min(1).max(32).optional(),
    phone: mobilePhone.optional(),
    enterpriseId: ref('enterprise').optional(),
    expiresInDays: z.number().int().min(1).max(30).default(7),
  })
  .meta({
    examples: [{ role: 'grid_worker', name: '王网格', phone: '13812345678' }],
    'x-probe': { role: 'enterprise_staff', enterpriseId: '{enterprise}' },
  });
export const invitationsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(INVITATION_STATUSES).optional(),
});

export function permissionsFor(role: (typeof ROLES)[number]): Permission[] {
  return permissionsOf(role);
}
