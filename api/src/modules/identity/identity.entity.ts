import { defineEntity, p } from '@mikro-orm/core';
import type { NotificationPreferences, Role } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  uniques: [{ properties: ['tenantId', 'username'] }],
  indexes: [{ properties: ['tenantId', 'role'] }, { properties: ['tenantId', 'enterpriseId'] }],
  properties: {
    ...tenantProperties,
    username: p.string().length(32).nullable(),
    name: p.string().length(32),
    role: p.string().length(32).$type<Role>(),
    enterpriseId: p.string().length(36).nullable(),
    gridIds: p.json<string[]>().onCreate(() => []),
    passwordHash: p.string().length(200).nullable().hidden(),
    mustChangePassword: p.boolean().default(false),
    /** Phone sealed with the field key; the masked form is what most roles see. */
    phoneSealed: p.string().length(200).nullable().hidden(),
    phoneMasked: p.string().length(20).nullable(),
    status: p.enum(['active', 'disabled'] as const).default('active'),
    mfaSecretSealed: p.string().length(200).nullable().hidden(),
    mfaEnabled: p.boolean().default(false),
    /** Last TOTP time step accepted: a code is never accepted twice. */
    mfaLastStep: p.bigint('number').nullable(),
    lastLoginAt: p.datetime(3).nullable(),
    notificationPrefs: p.json<NotificationPreferences>().nullable(),
  },
});
export class User extends UserSchema.class {}
UserSchema.setClass(User);

/** A refresh-token family: one per login, rotated on every refresh, revoked as a whole. */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...tenantProperties,
    userId: p.string().length(36),
    client: p.enum(['console', 'miniapp'] as const),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
    lastUsedAt: p.datetime(3),
    expiresAt: p.datetime(3),
    revokedAt: p.datetime(3).nullable(),
    revokeReason: p.string().length(40).nullable(),
    /** Platform operator acting inside this zone (audited). */
    actingPlatformUserId: p.string().length(36).nullable(),
    actingReason: p.string().length(200).nullable(),
  },
});
export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);

export const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  indexes: [{ properties: ['tenantId', 'sessionId'] }],
  properties: {
    ...tenantProperties,
    sessionId: p.string().length(36),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(3),
    usedAt: p.datetime(3).nullable(),
  },
});
export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);

export const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  uniques: [{ properties: ['tenantId', 'code'] }],
  properties: {
    ...tenantProperties,
    code: p.string().length(8),
    role: p.string().length(32).$type<Role>(),
    name: p.string().length(32).nullable(),
    phoneSealed: p.string().length(200).nullable().hidden(),
    phoneMasked: p.string().length(20).nullable(),
    enterpriseId: p.string().length(36).nullable(),
    createdBy: p.string().length(36).nullable(),
    expiresAt: p.datetime(3),
    usedAt: p.datetime(3).nullable(),
    usedBy: p.string().length(36).nullable(),
    revokedAt: p.datetime(3).nullable(),
  },
});
export class Invitation extends InvitationSchema.class {}
InvitationSchema.setClass(Invitation);

export const WechatBindingSchema = defineEntity({
  name: 'WechatBinding',
  tableName: 'wechat_bindings',
  uniques: [{ properties: ['tenantId', 'openid'] }],
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...tenantProperties,
    openid: p.string().length(64),
    unionid: p.string().length(64).nullable(),
    userId: p.string().length(36),
  },
});
export class WechatBinding extends WechatBindingSchema.class {}
WechatBindingSchema.setClass(WechatBinding);
