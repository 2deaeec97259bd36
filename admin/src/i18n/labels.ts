import {
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  auditActionLabel,
  auditEntityLabel,
  ROLE_LABELS,
  type PersonRole,
  type Role,
} from '@yuanan/contracts';
import type { Lang } from './i18n.tsx';

/** Role names from the contracts (zh/en); a zone may rename them in its catalogue (see useRoleLabel). */
export function roleLabel(role: string | null | undefined, lang: Lang): string {
  if (!role) return '—';
  const l = (ROLE_LABELS as Record<string, { zh: string; en: string } | undefined>)[role];
  if (!l) return role;
  return lang === 'en' ? l.en : l.zh;
}
export function isRole(v: string): v is Role {
  return v in ROLE_LABELS;
}
/** A role a person holds (not `api_client`, the actor of an API key). */
export function isPersonRole(v: string): v is PersonRole {
  return isRole(v) && v !== 'api_client';
}

type Pair = { zh: string; en: string };

/**
 * Audit actions and entity types in words come from the one catalogue in the contracts (audit-labels.ts), the
 * same the api answers `actionLabel` / `entityTypeLabel` from; a test keeps it complete for every action the api
 * writes. The console renders from the catalogue itself so a language switch needs no refetch.
 */
export const AUDIT_ENTITY_TYPES = Object.keys(AUDIT_ENTITY_LABELS);
/** Actions offered in the audit filter: those that change something (reads leave no rows). */
export const AUDIT_ACTIONS = Object.entries(AUDIT_ACTION_LABELS)
  .filter(([code, l]) => !l.read && code !== 'system' && code !== 'demo.seed' && code !== 'auth' && code !== 'auth.wechat_login')
  .map(([code]) => code);

export function actionLabel(action: string, lang: Lang): string {
  return auditActionLabel(action, lang);
}
export function entityLabel(entity: string, lang: Lang): string {
  return auditEntityLabel(entity, lang);
}

/** Field names seen in audit diffs. Unknown fields show their code. */
const FIELDS: Record<string, Pair> = {
  id: { zh: '编号', en: 'Id' },
  tenantId: { zh: '所属园区或机构', en: 'Zone or bureau' },
  name: { zh: '名称', en: 'Name' },
  username: { zh: '用户名', en: 'Username' },
  role: { zh: '角色', en: 'Role' },
  status: { zh: '状态', en: 'Status' },
  code: { zh: '代码', en: 'Code' },
  enabled: { zh: '启用', en: 'Enabled' },
  enterpriseId: { zh: '企业', en: 'Enterprise' },
  phoneMasked: { zh: '手机号', en: 'Mobile' },
  phoneSealed: { zh: '手机号（加密）', en: 'Mobile (sealed)' },
  passwordHash: { zh: '密码', en: 'Password' },
  mustChangePassword: { zh: '须修改密码', en: 'Must change password' },
  mfaEnabled: { zh: '二次验证', en: '2FA' },
  expiresAt: { zh: '有效期至', en: 'Expires' },
  createdAt: { zh: '创建时间', en: 'Created' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  at: { zh: '时间', en: 'Time' },
  timeZone: { zh: '时区', en: 'Time zone' },
  settings: { zh: '设置', en: 'Settings' },
  title: { zh: '标题', en: 'Title' },
  body: { zh: '内容', en: 'Body' },
  severity: { zh: '级别', en: 'Severity' },
  readAt: { zh: '阅读时间', en: 'Read at' },
  actingPlatformUserId: { zh: '代管人', en: 'Acting operator' },
  actingReason: { zh: '代管事由', en: 'Acting reason' },
  notificationPrefs: { zh: '通知设置', en: 'Notification settings' },
  mfaLastStep: { zh: '动态码步数', en: 'TOTP step' },
  mfaSecretSealed: { zh: '二次验证密钥', en: '2FA secret' },
  createdBy: { zh: '创建人', en: 'Created by' },
  usedAt: { zh: '使用时间', en: 'Used at' },
  usedBy: { zh: '使用人', en: 'Used by' },
  revokedAt: { zh: '撤销时间', en: 'Revoked at' },
  revokeReason: { zh: '撤销原因', en: 'Revoke reason' },
  lastLoginAt: { zh: '最近登录', en: 'Last sign-in' },
  lastUsedAt: { zh: '最近活动', en: 'Last used' },
  reason: { zh: '事由', en: 'Reason' },
  zone: { zh: '园区', en: 'Zone' },
  region: { zh: '地区', en: 'Region' },
  userId: { zh: '用户', en: 'User' },
  client: { zh: '终端', en: 'Client' },
  ok: { zh: '结果', en: 'Result' },
  checked: { zh: '校验条数', en: 'Checked' },
  firstBroken: { zh: '首个断点', en: 'First broken' },
  gridIds: { zh: '网格', en: 'Grids' },
  sort: { zh: '排序', en: 'Order' },
  kind: { zh: '类别', en: 'Kind' },
  group: { zh: '分组', en: 'Group' },
  ip: { zh: 'IP 地址', en: 'IP' },
  userAgent: { zh: '浏览器', en: 'User agent' },
  queue: { zh: '队列', en: 'Queue' },
  // city supervision (issue 14): grants and bureaus in the platform's, the zone's and the bureau's trails
  bureau: { zh: '监管机构', en: 'Bureau' },
  bureauId: { zh: '监管机构', en: 'Bureau' },
  zoneId: { zh: '园区', en: 'Zone' },
  grantId: { zh: '授权', en: 'Grant' },
  validFrom: { zh: '生效时间', en: 'Valid from' },
  validUntil: { zh: '截止时间', en: 'Valid until' },
  granted: { zh: '授予', en: 'Granted' },
  revoked: { zh: '撤销', en: 'Revoked' },
  revokedBy: { zh: '撤销人', en: 'Revoked by' },
  note: { zh: '备注', en: 'Note' },
  firstUser: { zh: '首个账号', en: 'First account' },
  created: { zh: '新账号', en: 'New account' },
  // integration (issue 14): API keys, webhook subscriptions, export tasks
  url: { zh: '推送地址', en: 'URL' },
  events: { zh: '订阅事件', en: 'Events' },
  keyPrefix: { zh: '密钥前缀', en: 'Key prefix' },
  scopes: { zh: '权限范围', en: 'Scopes' },
  rateLimitPerMinute: { zh: '每分钟限额', en: 'Rate limit per minute' },
  rotatedToId: { zh: '轮换后的新密钥', en: 'Rotated to' },
  disabledReason: { zh: '停用原因', en: 'Disabled because' },
  disabledAt: { zh: '停用时间', en: 'Disabled at' },
  consecutiveFailures: { zh: '连续失败次数', en: 'Consecutive failures' },
  // secrets and sealed columns: the trail holds only that they changed
  secretEnc: { zh: '签名密钥', en: 'Signing secret' },
  previousSecretEnc: { zh: '旧签名密钥', en: 'Previous signing secret' },
  previousSecretUntil: { zh: '旧密钥有效至', en: 'Previous secret until' },
  principalPhoneSealed: { zh: '主要负责人电话', en: 'Principal’s phone' },
  safetyManagerPhoneSealed: { zh: '安全管理人员电话', en: 'Safety manager’s phone' },
};
export function fieldLabel(field: string, lang: Lang): string {
  const p = FIELDS[field];
  return p ? (lang === 'en' ? p.en : p.zh) : field;
}
